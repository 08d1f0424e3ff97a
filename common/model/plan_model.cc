#include "common/model/plan_model.h"

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
    if (!assignment.agency().empty() && assignment.role() == v1::ASSIGNED) {
      agencies.insert(IdOf(assignment.agency()));
    }
  }
  return agencies;
}

}  // namespace interplan::plans
