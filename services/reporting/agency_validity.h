// Whether an obligation is still owed is judged when it is read, against
// the agencies as interplan-agencies describes them then: an agency retired
// after its plan was followed (RetireAgency) owes nothing due after its
// last day, and an agency no longer known owes nothing. What the plan feed
// stores with an obligation is only the part that does not depend on the
// agency's record: its unit ceased before the due date.
//
// "Then" has a freshness bound: reads that judge thousands of obligations
// (a national GetCompliance names about 3,400 agencies) may use agency
// records learnt at most `max_age` ago (AgencyCache), so a retirement is
// honoured at most `max_age` after RetireAgency answers.
#ifndef INTERPLAN_SERVICES_REPORTING_AGENCY_VALIDITY_H_
#define INTERPLAN_SERVICES_REPORTING_AGENCY_VALIDITY_H_

#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/clients/remembering_agencies_client.h"
#include "interplan/agencies/v1/agencies.pb.h"
#include "services/reporting/obligation_store.h"

namespace interplan::reporting {

// Whether `agency` had ceased before `day`.
bool AgencyCeasedBefore(const agencies::v1::Agency& agency, absl::CivilDay day);

// An agency record as learnt from interplan-agencies, shared rather than
// copied, with its last day in force as "YYYY-MM-DD" ("" while in force):
// a due date after it (compared as text) is not owed.
struct KnownAgency {
  agencies::v1::Agency agency;
  std::string last_day;
};
using KnownAgencies = std::map<std::string, std::shared_ptr<const KnownAgency>>;

// Agency records as interplan-agencies gave them, kept in memory with the
// time they were asked for, so that reads within a freshness bound do not
// ask again. Thread-safe.
class AgencyCache {
 public:
  using Clock = std::function<absl::Time()>;

  // `now` measures the age of records (absl::Now when null).
  explicit AgencyCache(RememberingAgenciesClient& registry, Clock now = nullptr);
  // Stops the refresher, if one runs.
  ~AgencyCache();

  // Asks interplan-agencies again, every `every`, for every record held,
  // on a thread of its own: with `every` under the readers' max_age, reads
  // find their records fresh and no read waits for a refresh (a national
  // GetCompliance would otherwise ask for 3,400 agencies once per
  // max_age, in its own time). A refresh that fails is tried again at the
  // next tick; reads then ask themselves, as without a refresher.
  void StartRefreshing(absl::Duration every);

  // Something that changes whenever interplan-agencies' data may have (its
  // version counter, read from Redis). At each tick the refresher reads it
  // first; unchanged since the last full refresh, the records held are
  // still what interplan-agencies would answer, and are stamped with the
  // time of that read instead of asked for again. Any error means a full
  // refresh.
  void SetChangeProbe(std::function<absl::StatusOr<std::string>()> probe);

  // The agencies named by id; unknown ones are left out. Records asked for
  // less than `max_age` ago are answered from memory (a zero `max_age`
  // always asks); the rest are asked of `registry`, at most 1000 per call
  // (interplan-agencies' limit). Unknown ids are asked every time.
  absl::StatusOr<KnownAgencies> Get(const std::set<std::string>& ids, absl::Duration max_age,
                                    absl::Time deadline);

  // The record of `id` if one asked for less than `max_age` before `now`
  // is in memory, else null. Never asks interplan-agencies.
  std::shared_ptr<const KnownAgency> Fresh(absl::string_view id, absl::Duration max_age,
                                           absl::Time now);
  absl::Time Now() const { return now_(); }

 private:
  struct Entry {
    std::shared_ptr<const KnownAgency> agency;
    absl::Time asked;  // when the request that returned it was sent
  };

  // Asks for `ids` and stores the answers; returns them.
  absl::StatusOr<KnownAgencies> Ask(const std::set<std::string>& ids, absl::Time deadline);
  void RefreshLoop(absl::Duration every);

  RememberingAgenciesClient& registry_;
  Clock now_;
  // A std::mutex for the condition variable; the annotations document
  // what it guards.
  std::mutex mu_;
  absl::flat_hash_map<std::string, Entry> entries_ ABSL_GUARDED_BY(mu_);
  // The refresher.
  std::condition_variable stop_cv_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::function<absl::StatusOr<std::string>()> probe_ ABSL_GUARDED_BY(mu_);
  std::string refreshed_at_token_ ABSL_GUARDED_BY(mu_);
  std::thread refresher_;
};

// Marks the rows whose agency has ceased before their due date, or is
// unknown, as ceased (not expected). Asks `cache` with `max_age` (see
// AgencyCache::Get); the registry answers from what it remembers when
// interplan-agencies cannot be reached; when it cannot answer at all the
// rows are left as stored and the error is returned. The agencies learnt go
// to `found` when it is not null.
absl::Status ApplyAgencyValidity(AgencyCache& cache, absl::Duration max_age, absl::Time deadline,
                                 std::vector<ObligationRow>& rows, KnownAgencies* found = nullptr);

}  // namespace interplan::reporting

#endif  // INTERPLAN_SERVICES_REPORTING_AGENCY_VALIDITY_H_
