// Walking a plan document: its tasks and targets wherever they sit in the
// section tree, and the agencies it gives state duties to. Shared by the
// plans service and the services that read plans (reporting).
#ifndef INTERPLAN_COMMON_MODEL_PLAN_MODEL_H_
#define INTERPLAN_COMMON_MODEL_PLAN_MODEL_H_

#include <functional>
#include <set>
#include <string>

#include "interplan/plans/v1/plans.pb.h"

namespace interplan::plans {

void ForEachTask(const v1::Plan& plan, const std::function<void(const v1::Task&)>& visit);
void ForEachTarget(const v1::Plan& plan, const std::function<void(const v1::Target&)>& visit);

const v1::Task* FindTask(const v1::Plan& plan, const std::string& code);
const v1::Target* FindTarget(const v1::Plan& plan, const std::string& code);
std::set<std::string> TaskCodes(const v1::Plan& plan);

// Every collective reference of a plan: the tasks' coordinating groups, the
// reporting lines' reporter groups, the assignments' addressee groups; with
// each one's field path under `path` ("plan.reporting[0].reporter_groups[1]").
void ForEachAgencyGroup(
    v1::Plan* plan, const std::string& path,
    const std::function<void(v1::AgencyGroup&, const std::string& field)>& visit);

// The ids ("ubnd-26881") of the members of `groups`.
std::set<std::string> MemberIds(const google::protobuf::RepeatedPtrField<v1::AgencyGroup>& groups);

// The agency ids ("dong-nai-ubnd") a plan gives state duties to: task leads
// not merely requested, and "Tổ chức thực hiện" paragraphs with role
// ASSIGNED (their agency and their addressee groups' members). Who "all
// assigned agencies" means in a reporting schedule.
std::set<std::string> AssignedAgencyIds(const v1::Plan& plan);

// "agencies/dong-nai-ubnd" -> "dong-nai-ubnd".
std::string IdOf(const std::string& name);

}  // namespace interplan::plans

#endif  // INTERPLAN_COMMON_MODEL_PLAN_MODEL_H_
