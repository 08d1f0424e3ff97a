#include "services/plans/plan_duties.h"

#include <set>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/api/enum_names.h"
#include "common/model/plan_model.h"

namespace interplan::plans {

std::vector<Duty> DutiesOf(const v1::Plan& plan) {
  std::vector<Duty> duties;
  ForEachTask(plan, [&](const v1::Task& task) {
    if (!task.lead().empty())
      duties.push_back({IdOf(task.lead()), v1::ASSIGNMENT_KIND_LEADS, task.code()});
    for (const std::string& a : task.coordinating()) {
      duties.push_back({IdOf(a), v1::ASSIGNMENT_KIND_COORDINATES, task.code()});
    }
    for (const std::string& a : task.requested()) {
      duties.push_back({IdOf(a), v1::ASSIGNMENT_KIND_REQUESTED_FOR, task.code()});
    }
    for (const std::string& id : MemberIds(task.coordinating_groups())) {
      duties.push_back({id, v1::ASSIGNMENT_KIND_COORDINATES, task.code()});
    }
  });
  ForEachTarget(plan, [&](const v1::Target& target) {
    if (!target.lead().empty()) {
      duties.push_back({IdOf(target.lead()), v1::ASSIGNMENT_KIND_TARGET_LEAD, target.code()});
    }
    for (const std::string& a : target.coordinating()) {
      duties.push_back({IdOf(a), v1::ASSIGNMENT_KIND_TARGET_COORDINATES, target.code()});
    }
  });
  for (const v1::Assignment& assignment : plan.assignments()) {
    std::set<std::string> addressed = MemberIds(assignment.addressee_groups());
    if (!assignment.agency().empty()) addressed.insert(IdOf(assignment.agency()));
    for (const std::string& id : addressed) {
      duties.push_back({id, v1::ASSIGNMENT_KIND_IMPLEMENTATION_DUTY, assignment.code()});
    }
  }
  const std::set<std::string> assigned = AssignedAgencyIds(plan);
  for (int i = 0; i < plan.reporting_size(); ++i) {
    const v1::ReportingRequirement& report = plan.reporting(i);
    std::set<std::string> reporters;
    for (const std::string& a : report.reporting_agencies()) reporters.insert(IdOf(a));
    const std::set<std::string> members = MemberIds(report.reporter_groups());
    reporters.insert(members.begin(), members.end());
    if (report.all_assigned_agencies()) reporters.insert(assigned.begin(), assigned.end());
    if (!report.recipient().empty()) reporters.erase(IdOf(report.recipient()));
    for (const std::string& agency : reporters) {
      duties.push_back({agency, v1::ASSIGNMENT_KIND_REPORTS, absl::StrCat("reporting[", i, "]")});
    }
  }
  return duties;
}

v1::PlanContent KnownContent(const v1::Plan& plan) {
  return plan.content() == v1::PLAN_CONTENT_HEADER_ONLY ? v1::PLAN_CONTENT_HEADER_ONLY
                                                        : v1::PLAN_CONTENT_FULL;
}

v1::PlanDigest DigestOf(const v1::Plan& plan, const std::string& unit_path) {
  v1::PlanDigest digest;
  digest.set_name(plan.name());
  digest.set_unit(plan.unit());
  digest.set_unit_path(unit_path);
  *digest.mutable_reference_date() = plan.reference_date();
  *digest.mutable_issue_date() = plan.issue_date();
  digest.set_status(plan.status());
  digest.set_period(plan.period());
  digest.set_revision(plan.revision());
  digest.set_content(KnownContent(plan));
  int tasks = 0;
  ForEachTask(plan, [&](const v1::Task&) { ++tasks; });
  digest.set_tasks(tasks);
  std::set<std::string> agencies;
  for (const Duty& duty : DutiesOf(plan)) agencies.insert(duty.agency_id);
  for (const std::string& agency : agencies) digest.add_agencies(agency);
  return digest;
}

std::vector<std::string> ReadersOf(const v1::Plan& plan) {
  std::set<std::string> ids;
  for (const Duty& duty : DutiesOf(plan)) ids.insert(duty.agency_id);
  return {ids.begin(), ids.end()};
}

void DescribeDuty(const v1::Plan& plan, const Duty& duty, v1::AgencyAssignment* out) {
  out->set_kind(duty.kind);
  out->set_code(duty.code);
  switch (duty.kind) {
    case v1::ASSIGNMENT_KIND_LEADS:
    case v1::ASSIGNMENT_KIND_COORDINATES:
    case v1::ASSIGNMENT_KIND_REQUESTED_FOR:
      if (const v1::Task* task = FindTask(plan, duty.code)) {
        out->set_title(task->title());
        out->set_content(task->content());
        *out->mutable_start_date() = task->start_date();
        *out->mutable_end_date() = task->end_date();
        out->set_timing(task->timing());
      }
      break;
    case v1::ASSIGNMENT_KIND_TARGET_LEAD:
    case v1::ASSIGNMENT_KIND_TARGET_COORDINATES:
      if (const v1::Target* target = FindTarget(plan, duty.code)) {
        out->set_title(target->description());
        out->set_content(target->text());
        *out->mutable_due_date() = target->due_date();
      }
      break;
    case v1::ASSIGNMENT_KIND_IMPLEMENTATION_DUTY:
      for (const v1::Assignment& assignment : plan.assignments()) {
        if (assignment.code() == duty.code &&
            (assignment.agency() == absl::StrCat("agencies/", duty.agency_id) ||
             MemberIds(assignment.addressee_groups()).count(duty.agency_id) > 0)) {
          out->set_content(assignment.duties());
          break;
        }
      }
      break;
    case v1::ASSIGNMENT_KIND_REPORTS: {
      int index = -1;
      if (absl::SimpleAtoi(duty.code.substr(10, duty.code.size() - 11), &index) && index >= 0 &&
          index < plan.reporting_size()) {
        const v1::ReportingRequirement& report = plan.reporting(index);
        out->set_title(
            absl::StrCat(api::ShortEnumName(report.kind()), " report ", report.period()));
        out->set_content(report.description());
        *out->mutable_due_date() = report.due_date();
        out->set_timing(report.due_text());
      }
      break;
    }
    default:
      break;
  }
}

}  // namespace interplan::plans
