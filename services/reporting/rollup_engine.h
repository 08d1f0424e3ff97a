// Indicator roll-ups maintained as reports are accepted, never recomputed
// by scanning values at query time. Every accepted value is added to the
// running sums of its unit and each ancestor up to the nation, in the
// hierarchy of its own time and, when its unit has ceased, in the later
// hierarchy through its successor (or, for a unit the later list maps to
// nothing, through its nearest ancestor's: unit_succession.h): so a roll-up
// as of a date before 2025-07-01 shows the old units, and as of a later
// date the new ones, with old values under their successors. Inside its
// own era a value also goes to the unit an operator linked its ceased
// unit to (AddUnitSuccession: Phường 08 of Quận 3 -> Phường Võ Thị Sáu)
// and that unit's ancestors, each shared ancestor once; a ceased unit
// without a link counts in its ancestors only, the nearest continuing one
// included. An era has one node per path for all its days, so the taker's
// node holds the value on days before the merger too; and where a value
// goes is fixed when it is accepted: a link added later moves nothing
// already summed. A figure of a
// national body (an agency with no unit) goes to the nation of the
// hierarchy in force at the end of its period and of every later one up to
// the day it is accepted. A query is one indexed lookup.
//
// What a node holds depends on the indicator's rule:
//   SUM              the sum of the values in its subtree.
//   RATIO_OF_SUMS    the sums of numerators and of denominators in its
//                    subtree; the value is their ratio, never an average.
//   LATEST_VALUE     the value (with its numerator and denominator) of the
//                    report accepted last in its subtree: a later figure
//                    replaces an earlier one, as for a stock ("shelters in
//                    operation"); values are never added up.
//   NOT_AGGREGATABLE only the node of the unit where the value was measured,
//                    in the hierarchy of that unit's time, holding the
//                    latest value accepted for it (a unit's own figure, e.g.
//                    its care-time ratio). Nothing is computed above one
//                    unit: a district or the nation shows no value, and its
//                    by_child view lists its units' own values side by
//                    side; a merged unit does not inherit its
//                    predecessors' values, which would mix several units.
// Every rule counts the values that went in (RollupValue.count), and
// data_as_of is the newest acceptance, by the registry's clock.
#ifndef INTERPLAN_SERVICES_REPORTING_ROLLUP_ENGINE_H_
#define INTERPLAN_SERVICES_REPORTING_ROLLUP_ENGINE_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/clients/remembering_agencies_client.h"
#include "common/storage/database.h"
#include "interplan/reporting/v1/reporting.pb.h"
#include "services/reporting/indicator_catalogue.h"
#include "services/reporting/obligation_store.h"
#include "services/reporting/rollup_store.h"

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
  // LATEST_VALUE and NOT_AGGREGATABLE: the value replaces what a node
  // holds instead of being added to it.
  bool replaces = false;
  std::vector<RollupNode> nodes;
};

class RollupEngine {
 public:
  RollupEngine(storage::Database& db, IndicatorCatalogue& catalogue,
               RememberingAgenciesClient& registry)
      : db_(db), catalogue_(catalogue), registry_(registry) {}

  // Works out, outside any transaction (it may ask interplan-agencies),
  // which nodes each value of `report` feeds. `today` bounds the
  // hierarchies a national body's figure goes to.
  absl::StatusOr<std::vector<PlannedValue>> Plan(const v1::Report& report,
                                                 const ObligationRow& obligation,
                                                 absl::CivilDay today, absl::Time deadline);

  // Takes back `take_back` (the values of the version accepted before;
  // none for a first acceptance) and adds `add`, in `txn`, as accepted at
  // `now` (the data time of the nodes they change). A value that replaces
  // is only uncounted when taken back: the figure it replaced is not kept.
  // Every node row the acceptance changes goes into one set of changes,
  // written in key order (RollupStore::Upsert): concurrent acceptances
  // under READ COMMITTED lock the rows they share in one order. Sums go
  // to the rows of shard `shard` (RollupShardOf the report), so that
  // acceptances of reports in other shards do not wait for this one.
  absl::Status Apply(storage::Transaction& txn, const std::vector<PlannedValue>& take_back,
                     const std::vector<PlannedValue>& add, absl::Time now, int shard);

  absl::StatusOr<v1::Rollup> GetRollup(const v1::GetRollupRequest& request, absl::CivilDay today,
                                       absl::Time deadline);

  // The value a row stands for under the indicator's rule: the ratio of
  // the sums for RATIO_OF_SUMS, else the value held (a sum or the latest).
  static double ValueOf(const v1::Indicator& indicator, double sum_value, double numerator,
                        double denominator);

  // "sex=female;age_group=15-24", dimensions in enum order; "" for none.
  static std::string CategoryKey(const google::protobuf::RepeatedPtrField<v1::Category>& c);
  static void CategoriesOf(const std::string& key,
                           google::protobuf::RepeatedPtrField<v1::Category>* out);

  // The era (first day of the unit list in force) on `day`.
  absl::StatusOr<std::string> EraAt(absl::CivilDay day, absl::Time deadline);

  // The eras in force from `first` to `last`: those of both days and every
  // era seen in between.
  absl::StatusOr<std::vector<std::string>> ErasBetween(absl::CivilDay first, absl::CivilDay last,
                                                       absl::Time deadline);

 private:
  // A GetRollup request, checked.
  struct RollupQuery {
    v1::Indicator indicator;
    std::string period;
    std::string unit_code;  // "" for the nation
    std::optional<absl::CivilDay> as_of;
  };
  // The node a roll-up reads on a day.
  struct NodeOnDay {
    std::string era;
    std::string path;  // "" for the nation
    std::string display_name;
  };

  // INVALID_ARGUMENT with one field violation per problem.
  absl::StatusOr<RollupQuery> CheckRollupRequest(const v1::GetRollupRequest& request) const;
  // The node of `unit_code` ("" for the nation) on `day`; NOT_FOUND
  // naming `unit_name` when there is no such unit then.
  absl::StatusOr<NodeOnDay> NodeAt(const std::string& unit_code, const std::string& unit_name,
                                   absl::CivilDay day, absl::Time deadline);
  // The nodes a value measured at unit `code` ("" for a national body) on
  // `on` feeds, each once: its unit's (and, when it `aggregates`, the
  // ancestors', those of the units an operator linked it to in its era,
  // and its successor's in a later one); a national body's goes to the
  // nation of every hierarchy from `period_last` to `today`.
  absl::StatusOr<std::vector<RollupNode>> NodesOf(const std::string& code, bool aggregates,
                                                  absl::CivilDay on, absl::CivilDay period_last,
                                                  absl::CivilDay today, absl::Time deadline);
  // `row` as a value of `indicator`; `newest` keeps the latest update.
  static void SetValue(const v1::Indicator& indicator, const RollupRow& row, v1::RollupValue* value,
                       int64_t& newest);
  // The children's rows (counted ones only) as the roll-up's children.
  void AddChildren(const v1::Indicator& indicator, const std::vector<RollupRow>& rows,
                   absl::CivilDay day, absl::Time deadline, v1::Rollup& rollup, int64_t& newest);

  storage::Database& db_;
  IndicatorCatalogue& catalogue_;
  RememberingAgenciesClient& registry_;
  RollupStore store_;
};

}  // namespace interplan::reporting

#endif  // INTERPLAN_SERVICES_REPORTING_ROLLUP_ENGINE_H_
