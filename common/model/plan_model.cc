#include "common/model/plan_model.h"

#include "absl/strings/str_cat.h"

namespace interplan::plans {
namespace {

void VisitTasks(const v1::Section& section, const std::function<void(const v1::Task&)>& visit) {
  for (const v1::Task& task : section.tasks()) visit(task);
  for (const v1::Section& sub : section.sections()) VisitTasks(sub, visit);
}

void VisitTargets(const v1::Section& section, const std::function<void(const v1::Target&)>& visit) {
  for (const v1::Target& target : section.targets()) visit(target);
  for (const v1::Section& sub : section.sections()) VisitTargets(sub, visit);
}

}  // namespace

void ForEachTask(const v1::Plan& plan, const std::function<void(const v1::Task&)>& visit) {
  for (const v1::Section& section : plan.sections()) VisitTasks(section, visit);
}

void ForEachTarget(const v1::Plan& plan, const std::function<void(const v1::Target&)>& visit) {
  for (const v1::Section& section : plan.sections()) VisitTargets(section, visit);
}

const v1::Task* FindTask(const v1::Plan& plan, const std::string& code) {
  const v1::Task* found = nullptr;
  ForEachTask(plan, [&](const v1::Task& task) {
    if (found == nullptr && task.code() == code) found = &task;
  });
  return found;
}

const v1::Target* FindTarget(const v1::Plan& plan, const std::string& code) {
  const v1::Target* found = nullptr;
  ForEachTarget(plan, [&](const v1::Target& target) {
    if (found == nullptr && target.code() == code) found = &target;
  });
  return found;
}

std::set<std::string> TaskCodes(const v1::Plan& plan) {
  std::set<std::string> codes;
  ForEachTask(plan, [&](const v1::Task& task) { codes.insert(task.code()); });
  return codes;
}

std::string IdOf(const std::string& name) { return name.substr(name.find('/') + 1); }

std::set<std::string> AssignedAgencyIds(const v1::Plan& plan) {
  std::set<std::string> agencies;
  ForEachTask(plan, [&](const v1::Task& task) {
    if (!task.lead().empty() && !task.lead_requested()) agencies.insert(IdOf(task.lead()));
  });
  for (const v1::Assignment& assignment : plan.assignments()) {
    if (assignment.role() != v1::ASSIGNMENT_ROLE_ASSIGNED) continue;
    if (!assignment.agency().empty()) agencies.insert(IdOf(assignment.agency()));
    const std::set<std::string> members = MemberIds(assignment.addressee_groups());
    agencies.insert(members.begin(), members.end());
  }
  return agencies;
}

void ForEachAgencyGroup(
    v1::Plan* plan, const std::string& path,
    const std::function<void(v1::AgencyGroup&, const std::string& field)>& visit) {
  auto visit_all = [&](google::protobuf::RepeatedPtrField<v1::AgencyGroup>* groups,
                       const std::string& field) {
    for (int i = 0; i < groups->size(); ++i) {
      visit(*groups->Mutable(i), absl::StrCat(field, "[", i, "]"));
    }
  };
  std::function<void(v1::Section&, const std::string&)> visit_section = [&](v1::Section& section,
                                                                            const std::string& at) {
    for (int i = 0; i < section.tasks_size(); ++i) {
      visit_all(section.mutable_tasks(i)->mutable_coordinating_groups(),
                absl::StrCat(at, ".tasks[", i, "].coordinating_groups"));
    }
    for (int i = 0; i < section.sections_size(); ++i) {
      visit_section(*section.mutable_sections(i), absl::StrCat(at, ".sections[", i, "]"));
    }
  };
  for (int i = 0; i < plan->sections_size(); ++i) {
    visit_section(*plan->mutable_sections(i), absl::StrCat(path, ".sections[", i, "]"));
  }
  for (int i = 0; i < plan->reporting_size(); ++i) {
    visit_all(plan->mutable_reporting(i)->mutable_reporter_groups(),
              absl::StrCat(path, ".reporting[", i, "].reporter_groups"));
  }
  for (int i = 0; i < plan->assignments_size(); ++i) {
    visit_all(plan->mutable_assignments(i)->mutable_addressee_groups(),
              absl::StrCat(path, ".assignments[", i, "].addressee_groups"));
  }
}

std::set<std::string> MemberIds(const google::protobuf::RepeatedPtrField<v1::AgencyGroup>& groups) {
  std::set<std::string> ids;
  for (const v1::AgencyGroup& group : groups) {
    for (const std::string& member : group.members()) ids.insert(IdOf(member));
  }
  return ids;
}

}  // namespace interplan::plans
