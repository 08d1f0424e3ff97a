// Where compliance counts each unit version in the hierarchy of a day,
// remembered across calls. An obligation names one version of its unit
// (code and first day); its path in the hierarchy of a day depends only on
// what interplan-agencies says of that version and its successors, which
// RememberingAgenciesClient asks once per process. So a path found once
// answers every later call for the same day, instead of a national count
// looking 3,355 units up again. Only paths found from interplan-agencies'
// answers are remembered, never the fallback used while it could not
// answer. The hierarchies of the last kDaysKept days asked are kept.
// Thread-safe: readers take a snapshot and never wait on a writer.
#ifndef INTERPLAN_SERVICES_REPORTING_UNIT_PATH_MEMO_H_
#define INTERPLAN_SERVICES_REPORTING_UNIT_PATH_MEMO_H_

#include <deque>
#include <memory>
#include <mutex>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"

namespace interplan::reporting {

class UnitPathMemo {
 public:
  // Unit version key (VersionKey) -> path in one day's hierarchy.
  using Paths = absl::flat_hash_map<std::string, std::string>;

  static constexpr size_t kDaysKept = 16;

  // Appends the key of an obligation's unit version as recorded to `key`.
  static void AppendVersionKey(const std::string& unit_code, const std::string& unit_valid_from,
                               const std::string& recorded_path, std::string* key);

  // What is remembered for the hierarchy `day_key` (era and day); never null.
  std::shared_ptr<const Paths> Snapshot(const std::string& day_key) const;

  // Adds `found` to what `day_key` remembers.
  void Remember(const std::string& day_key, const Paths& found);

 private:
  mutable std::mutex mu_;
  absl::flat_hash_map<std::string, std::shared_ptr<const Paths>> by_day_ ABSL_GUARDED_BY(mu_);
  std::deque<std::string> days_in_order_ ABSL_GUARDED_BY(mu_);  // oldest first
};

}  // namespace interplan::reporting

#endif  // INTERPLAN_SERVICES_REPORTING_UNIT_PATH_MEMO_H_
