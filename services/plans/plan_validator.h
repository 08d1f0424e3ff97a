// The rules a plan must meet before it is stored, in two steps:
//   CheckPlanContent: everything decidable from the message alone (required
//     fields, codes unique, values in range, dates inside the period, size,
//     a target's comparison against its words), after cleaning every text
//     field to NFC and filling each target's comparison from its words
//     (common/model/target_comparison.h) in place; it also lists the
//     agencies, units and indicators the plan references, with their paths.
//   CheckPlanReferences: those references against what interplan-agencies
//     and the indicator catalogue say, as of the plan's reference date (a
//     target's unit must fit what its indicator measures).
// Each problem is one field violation naming the field (and the task).
#ifndef INTERPLAN_SERVICES_PLANS_PLAN_VALIDATOR_H_
#define INTERPLAN_SERVICES_PLANS_PLAN_VALIDATOR_H_

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "common/errors/errors.h"
#include "common/time/period.h"
#include "interplan/agencies/v1/agencies.pb.h"
#include "interplan/agencies/v1/units.pb.h"
#include "interplan/plans/v1/plans.pb.h"
#include "services/plans/indicator_catalogue.h"

namespace interplan::plans {

// The largest plan accepted, serialized.
inline constexpr size_t kMaxPlanBytes = 4 << 20;

// How a plan uses an agency, which decides what the agency must be.
enum class AgencyUse {
  kIssuer,
  kLead,  // must be assignable, unless the lead is only requested
  kRequestedLead,
  kCoordinating,
  kRequested,
  kAssigned,  // "Tổ chức thực hiện", role ASSIGNED: must be assignable
  kRequestedDuty,
  kReporting,
  kRecipient,
  kDocumentIssuer,  // a cited document's issuer: may be long retired
  kAddressee,       // a "Nơi nhận" line: must exist on the reference date
};

struct AgencyReference {
  std::string name;   // "agencies/..."
  std::string field;  // "plan.sections[1].tasks[0].lead"
  std::string owner;  // "task II.1.a", for messages
  AgencyUse use;
};

struct UnitReference {
  std::string name;
  std::string field;
  std::string owner;
};

// A target's indicator, with the unit the target states, so that the unit
// can be checked against what the catalogue says the indicator measures.
struct IndicatorReference {
  std::string name;
  std::string field;
  std::string owner;
  plans::v1::TargetUnit unit = plans::v1::TARGET_UNIT_UNSPECIFIED;
  std::string unit_field;  // "plan.sections[1].targets[0].unit"
  // A share of the baseline: a percentage whatever the indicator measures.
  bool share = false;
};

struct PlanReferences {
  std::vector<AgencyReference> agencies;
  std::vector<UnitReference> units;
  // The `within` of each AgencyGroup (also in units): inside the plan's unit.
  std::vector<UnitReference> group_units;
  std::vector<IndicatorReference> indicators;
  // The plan's own unit ("units/51"), when well formed.
  std::string unit;
  std::string implements_plan;
  // The date references are checked on: the issue date (its last possible
  // day when partial), else the promulgating decision's, or the period's
  // first day when neither prints a date.
  std::optional<absl::CivilDay> reference_date;
  std::optional<time::Period> period;

  std::set<std::string> AgencyNames() const;
  std::set<std::string> UnitNames() const;
  // The units of the reporting agencies among `agencies` (resolved), for
  // CheckPlanReferences to place them.
  std::set<std::string> UnitsOfReporters(
      const std::map<std::string, agencies::v1::Agency>& agencies) const;
};

// Cleans `plan`'s text in place and checks its content. `path` prefixes
// field paths ("plan"). Fields the document leaves blank, which are not
// errors, go to `missing`.
PlanReferences CheckPlanContent(plans::v1::Plan* plan, const std::string& path,
                                FieldViolations& violations,
                                std::vector<std::string>* missing = nullptr);

// What interplan-agencies and the catalogue know.
struct ResolvedReferences {
  std::map<std::string, agencies::v1::Agency> agencies;
  std::set<std::string> missing_agencies;
  std::map<std::string, agencies::v1::Unit> units;  // as of the reference date
  std::set<std::string> missing_units;
  IndicatorMeasures indicators;  // known "indicators/..." names
};

// Also: each agency a reporting line names lies inside the plan's unit
// (on the reference date), or is a national body, so that a plan makes
// reports owed only inside its own unit; `resolved.units` then holds the
// units of UnitsOfReporters too.
void CheckPlanReferences(const PlanReferences& references, const ResolvedReferences& resolved,
                         FieldViolations& violations);

}  // namespace interplan::plans

#endif  // INTERPLAN_SERVICES_PLANS_PLAN_VALIDATOR_H_
