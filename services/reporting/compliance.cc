// ReportRegistry::GetCompliance: reporting rates for a unit subtree, a
// plan or all plans, and a period, by agency and by child unit. An
// obligation whose agency or unit ceased before its due date is neither
// expected nor counted, so no rate exceeds 100%; the agency's validity is
// the one interplan-agencies gives now (or at most agency_max_age ago:
// agency_validity.h), so a retirement after the plan was followed counts.
// omit_agencies leaves out the by-agency groups, not that check. Units
// are those of the as_of date's hierarchy: an obligation of a unit that
// ceased counts under its successor, or under the successor of its nearest
// ancestor that has one (unit_succession.h). A caller who does not read
// everything (report_access.h) names a unit in its scope, or none and gets
// its own subtree (units/<its root>); with no subtree as of that day, only
// the obligations its own agency owes.
#include <map>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/api/resource_name.h"
#include "common/errors/errors.h"
#include "common/logging/log.h"
#include "common/time/date.h"
#include "common/time/period.h"
#include "common/time/validity.h"
#include "services/reporting/agency_validity.h"
#include "services/reporting/report_registry.h"
#include "services/reporting/unit_succession.h"

namespace interplan::reporting {
namespace {

namespace av1 = ::interplan::agencies::v1;

void Count(const ObligationRow& o, const std::string& day, v1::ComplianceCounts* counts) {
  if (o.ceased) {
    counts->set_not_expected(counts->not_expected() + 1);
    return;
  }
  counts->set_expected(counts->expected() + 1);
  const bool submitted = !o.first_submit_date.empty() && o.first_submit_date <= day;
  if (submitted) {
    counts->set_submitted(counts->submitted() + 1);
    if (o.first_submit_date <= o.due_date) {
      counts->set_on_time(counts->on_time() + 1);
    } else {
      counts->set_late(counts->late() + 1);
    }
    if (o.report_status == v1::ACCEPTED_REPORT) counts->set_accepted(counts->accepted() + 1);
    if (o.report_status == v1::RETURNED_REPORT) counts->set_returned(counts->returned() + 1);
  } else if (o.due_date < day) {
    counts->set_missing(counts->missing() + 1);
  } else {
    counts->set_pending(counts->pending() + 1);
  }
}

void Rates(v1::ComplianceCounts* counts) {
  if (counts->expected() == 0) return;
  counts->set_submission_rate(100.0 * counts->submitted() / counts->expected());
  counts->set_on_time_rate(100.0 * counts->on_time() / counts->expected());
}

}  // namespace

absl::StatusOr<v1::Compliance> ReportRegistry::GetCompliance(
    const v1::GetComplianceRequest& request, const CallContext& call) {
  FieldViolations violations;
  std::string unit_code, plan_id;
  const absl::StatusOr<std::optional<absl::CivilDay>> as_of =
      time::OptionalDayFromProto(request.as_of(), "as_of");
  violations.AddFrom("", as_of.status());
  // What the caller may read as of the day asked about.
  const absl::CivilDay day = as_of.ok() ? as_of->value_or(Today()) : Today();
  absl::StatusOr<access::ReadScope> scope = access_.ScopeOf(call, day);
  if (!scope.ok()) return scope.status();
  absl::StatusOr<std::string> unit_name = access_.UnitToRead(call, *scope, request.unit(), day);
  if (!unit_name.ok()) return unit_name.status();
  if (!unit_name->empty()) {
    absl::StatusOr<std::string> code = ParseResourceName(*unit_name, "units", "unit");
    violations.AddFrom("", code.status());
    if (code.ok()) unit_code = *code;
  }
  if (!request.plan().empty()) {
    absl::StatusOr<std::string> id = ParseResourceName(request.plan(), "plans", "plan");
    violations.AddFrom("", id.status());
    if (id.ok()) plan_id = *id;
  }
  absl::StatusOr<time::Period> period = time::Period::Parse(request.period());
  if (!period.ok()) violations.Add("period", std::string(period.status().message()));
  if (!violations.empty()) return violations.ToStatus();
  SyncQuietly(call);
  const std::string day_text = time::FormatDate(day);

  // The subtree: a unit's path in the as_of hierarchy, or the nation.
  std::string era, root;
  if (unit_code.empty()) {
    absl::StatusOr<std::string> found = registry_.EraAt(day, call.deadline);
    if (!found.ok()) return found.status();
    era = *found;
  } else {
    absl::StatusOr<std::optional<av1::Unit>> unit = registry_.UnitAt(unit_code, day, call.deadline);
    if (!unit.ok()) return unit.status();
    if (!unit->has_value()) {
      return ResourceNotFoundError("interplan.agencies.v1.Unit", *unit_name,
                                   absl::StrCat("no unit with this code on ", day_text));
    }
    era = EraOf((*unit)->valid_from());
    root = (*unit)->path();
  }

  std::vector<ObligationRow> rows;
  absl::Status status = db_.Read([&](storage::Transaction& txn) -> absl::Status {
    ObligationFilter filter;
    filter.plan_id = plan_id;
    if (request.exact_period()) {
      filter.period = period->ToString();
    } else {
      filter.within_first = time::FormatDate(period->FirstDay());
      filter.within_last = time::FormatDate(period->LastDay());
    }
    filter.limit = 1000000;
    absl::StatusOr<std::vector<ObligationRow>> found = obligations_.ListForCount(txn, filter);
    if (!found.ok()) return found.status();
    rows = std::move(*found);
    return absl::OkStatus();
  });
  if (!status.ok()) return status;

  // Each obligation's unit path in the as_of hierarchy. The obligation
  // names one version of its unit (code and first day), so the answer is
  // the same for every obligation of that version, whatever its due date.
  std::map<std::string, std::string> path_in_era;  // "code@valid_from" -> path
  auto path_of = [&](const ObligationRow& o) -> absl::StatusOr<std::string> {
    if (o.unit_code.empty()) return std::string();  // a national body
    if (o.unit_valid_from == era) return o.unit_path;
    const std::string key = absl::StrCat(o.unit_code, "@", o.unit_valid_from);
    auto it = path_in_era.find(key);
    if (it != path_in_era.end()) return it->second;
    std::string path = "?";  // in no unit of this hierarchy
    // The version's first day ("0001-01-01" for an open start) is inside
    // it, unlike a due date after the unit ceased.
    absl::StatusOr<absl::CivilDay> first_day = time::ParseDate(o.unit_valid_from);
    if (first_day.ok()) {
      absl::StatusOr<std::optional<av1::Unit>> unit =
          registry_.UnitAt(o.unit_code, *first_day, call.deadline);
      if (!unit.ok()) return unit.status();
      if (unit->has_value() && EraOf((*unit)->valid_from()) == era) {
        path = (*unit)->path();
      } else if (unit->has_value()) {
        absl::StatusOr<std::optional<av1::UnitRef>> successor =
            SuccessorOf(registry_, **unit, era, call.deadline);
        if (!successor.ok()) return successor.status();
        if (successor->has_value()) path = (*successor)->path();
      }
    }
    path_in_era[key] = path;
    return path;
  };

  // The obligations inside the subtree, with their paths.
  std::vector<ObligationRow> inside;
  std::vector<std::string> paths;
  for (ObligationRow& o : rows) {
    absl::StatusOr<std::string> path = path_of(o);
    if (!path.ok()) return path.status();
    const bool in =
        root.empty() ? *path != "?" : (*path == root || absl::StartsWith(*path, root + "/"));
    if (!in) continue;
    // The obligation's recipient is not among the columns a count reads:
    // a caller with no subtree counts what its own agency owes.
    if (!scope->everything) {
      access::Target target;
      target.agency = o.agency_id;
      target.unit_path = *path;
      if (!scope->Allows(target)) continue;
    }
    inside.push_back(std::move(o));
    paths.push_back(std::move(*path));
  }
  // Whether each is still owed, by its agency as interplan-agencies knows
  // it now (records at most agency_max_age_ old).
  KnownAgencies agencies;
  absl::Status known =
      ApplyAgencyValidity(agencies_, agency_max_age_, call.deadline, inside, &agencies);
  if (!known.ok()) {
    LogWarning("compliance without the agencies' current validity", {{"error", known.ToString()}});
  }

  v1::Compliance compliance;
  compliance.set_unit(*unit_name);
  compliance.set_period(period->ToString());
  time::DayToProto(day, compliance.mutable_as_of());
  std::map<std::string, v1::ComplianceCounts> by_agency, by_child;
  for (size_t i = 0; i < inside.size(); ++i) {
    const ObligationRow& o = inside[i];
    const std::string& path = paths[i];
    Count(o, day_text, compliance.mutable_total());
    if (!request.omit_agencies()) Count(o, day_text, &by_agency[o.agency_id]);
    // The child of the root the obligation falls under (or the root itself).
    std::string child = unit_code.empty() ? "" : unit_code;
    const std::string rest = root.empty() ? path : path == root ? "" : path.substr(root.size() + 1);
    if (!rest.empty()) child = rest.substr(0, rest.find('/'));
    Count(o, day_text, &by_child[child]);
  }
  Rates(compliance.mutable_total());
  for (auto& [id, counts] : by_agency) {
    v1::Compliance::Group* group = compliance.add_by_agency();
    group->set_key(absl::StrCat("agencies/", id));
    if (auto it = agencies.find(id); it != agencies.end()) {
      group->set_display_name(it->second->agency.display_name());
    }
    Rates(&counts);
    *group->mutable_counts() = counts;
  }
  for (auto& [code, counts] : by_child) {
    v1::Compliance::Group* group = compliance.add_by_child_unit();
    group->set_key(code.empty() ? "" : absl::StrCat("units/", code));
    if (!code.empty()) {
      absl::StatusOr<std::optional<av1::Unit>> unit = registry_.UnitAt(code, day, call.deadline);
      if (unit.ok() && unit->has_value()) group->set_display_name((*unit)->display_name());
    } else {
      group->set_display_name("national bodies");
    }
    Rates(&counts);
    *group->mutable_counts() = counts;
  }
  return compliance;
}

}  // namespace interplan::reporting
