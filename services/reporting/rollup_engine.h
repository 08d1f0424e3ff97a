// Indicator roll-ups maintained as reports are accepted, never recomputed
// by scanning values at query time. Every accepted value is added to the
// running sums of its unit and each ancestor up to the nation, in the
// hierarchy of its own time and, when its unit has ceased, in the later
// hierarchy through its successor: so a roll-up as of a date before
// 2025-07-01 shows the old units, and as of a later date the new ones,
// with old values under their successors. A query is one indexed lookup.
#ifndef INTERPLAN_SERVICES_REPORTING_ROLLUP_ENGINE_H_
#define INTERPLAN_SERVICES_REPORTING_ROLLUP_ENGINE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/storage/database.h"
#include "interplan/reporting/v1/reporting.pb.h"
#include "services/reporting/indicator_catalogue.h"
#include "services/reporting/obligation_store.h"
#include "common/registry/registry_client.h"

namespace interplan::reporting {

// Where one value goes: the nodes (era, path) whose sums it changes.
struct RollupNode {
  std::string era;          // first day of the unit list, stored form
  std::string node_path;    // "79/764/26882"; "" is the nation
  std::string parent_path;  // "" for a province; "-" for the nation
};

struct PlannedValue {
  std::string indicator;  // code
  std::string period;
  std::string category_key;  // "sex=female"; "" for the total
  double value = 0;
  double numerator = 0;
  double denominator = 0;
  std::vector<RollupNode> nodes;
};

class RollupEngine {
 public:
  RollupEngine(storage::Database& db, IndicatorCatalogue& catalogue, RegistryClient& registry)
      : db_(db), catalogue_(catalogue), registry_(registry) {}

  // Works out, outside any transaction (it may ask interplan-agencies),
  // which nodes each value of `report` feeds.
  absl::StatusOr<std::vector<PlannedValue>> Plan(const v1::Report& report,
                                                 const ObligationRow& obligation,
                                                 absl::Time deadline);

  // Adds (sign +1) or takes back (sign -1) planned values, in `txn`.
  absl::Status Apply(storage::Transaction& txn, const std::vector<PlannedValue>& values,
                     int sign);

  absl::StatusOr<v1::Rollup> GetRollup(const v1::GetRollupRequest& request, absl::CivilDay today,
                                       absl::Time deadline);

  // The value a row of sums stands for under the indicator's rule.
  static double ValueOf(const v1::Indicator& indicator, double sum_value, double numerator,
                        double denominator);

  // "sex=female;age_group=15-24", dimensions in enum order; "" for none.
  static std::string CategoryKey(const google::protobuf::RepeatedPtrField<v1::Category>& c);
  static void CategoriesOf(const std::string& key,
                           google::protobuf::RepeatedPtrField<v1::Category>* out);

  // The era (first day of the unit list in force) on `day`.
  absl::StatusOr<std::string> EraAt(absl::CivilDay day, absl::Time deadline);

 private:
  storage::Database& db_;
  IndicatorCatalogue& catalogue_;
  RegistryClient& registry_;
};

}  // namespace interplan::reporting

#endif  // INTERPLAN_SERVICES_REPORTING_ROLLUP_ENGINE_H_
