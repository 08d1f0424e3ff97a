// A service's memory of what interplan-agencies said: agencies, units as of
// a day, unit lists and eras, asked through an AgenciesClient and remembered
// in the service's own database (tables of kAgenciesMemorySchema) and for
// the life of the process, so what was learnt keeps answering while
// agencies is down. Reporting and campaigns ask agencies through it.
#ifndef INTERPLAN_COMMON_CLIENTS_REMEMBERING_AGENCIES_CLIENT_H_
#define INTERPLAN_COMMON_CLIENTS_REMEMBERING_AGENCIES_CLIENT_H_

#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/clients/agencies_client.h"
#include "common/clients/unit_lookup.h"
#include "common/storage/database.h"

namespace interplan {

// The tables RememberingAgenciesClient remembers answers in; a service
// using it creates them in a migration.
inline constexpr absl::string_view kAgenciesMemorySchema =
    "CREATE TABLE known_units ("
    " code TEXT NOT NULL,"
    " valid_from TEXT NOT NULL,"
    " valid_to TEXT NOT NULL,"
    " data BYTEA NOT NULL,"
    " PRIMARY KEY (code, valid_from));"
    "CREATE TABLE known_agencies ("
    " id TEXT PRIMARY KEY,"
    " data BYTEA NOT NULL,"
    " fetch_time_micros BIGINT NOT NULL)";

class RememberingAgenciesClient : public UnitLookup {
 public:
  // Neither is owned; both outlive this.
  RememberingAgenciesClient(storage::Database& db, AgenciesClient& agencies);

  // The agencies named by id ("dong-nai-ubnd"); unknown ones are left out.
  // Asks interplan-agencies (and remembers the answer, writing only the
  // records that changed since this process last wrote or read them); when
  // it cannot be reached, answers from memory if every id is remembered.
  absl::StatusOr<std::map<std::string, agencies::v1::Agency>> Agencies(
      const std::set<std::string>& ids, absl::Time deadline);

  // The version of unit `code` in force on `day` (with its predecessors
  // and successors); nullopt when there is none.
  absl::StatusOr<std::optional<agencies::v1::Unit>> UnitAt(const std::string& code,
                                                           absl::CivilDay day,
                                                           absl::Time deadline) override;

  // The display name of the version of unit `code` in force on `day`, ""
  // when there is none: UnitAt without copying the unit, for a roll-up or
  // a count that names each of its children (34 provinces for the nation).
  absl::StatusOr<std::string> DisplayNameAt(const std::string& code, absl::CivilDay day,
                                            absl::Time deadline);

  // As UnitAt, but the first time in this process for (code, day) asks
  // interplan-agencies before memory: a version's links grow after it
  // ends (an operator's AddUnitSuccession), which a remembered copy would
  // never learn. As UnitAt (memory first) when interplan-agencies fails.
  absl::StatusOr<std::optional<agencies::v1::Unit>> FreshUnitAt(const std::string& code,
                                                                absl::CivilDay day,
                                                                absl::Time deadline);

  // The era (common/time/unit_era.h) of the units in force on `day`, in
  // stored form: which hierarchy a roll-up as of that day uses.
  absl::StatusOr<std::string> EraAt(absl::CivilDay day, absl::Time deadline);

  // Every era this service has seen units of (stored form), oldest first.
  absl::StatusOr<std::vector<std::string>> Eras();

  // The children of unit `code` on `day` ("" for the provinces), asked of
  // interplan-agencies and remembered for the life of the process.
  absl::StatusOr<std::vector<agencies::v1::Unit>> Children(const std::string& code,
                                                           absl::CivilDay day, absl::Time deadline);

 private:
  // Writes the agencies whose stored copy differs from `response`'s.
  absl::Status RememberAgencies(const agencies::v1::BatchGetAgenciesResponse& response);
  // Every agency of `ids` from known_agencies; `unreachable` when one is
  // not remembered.
  absl::StatusOr<std::map<std::string, agencies::v1::Agency>> RememberedAgencies(
      const std::set<std::string>& ids, const absl::Status& unreachable);
  // interplan-agencies' answer for (code, day), memory aside.
  absl::StatusOr<agencies::v1::Unit> AskUnit(const std::string& code, absl::CivilDay day,
                                             absl::Time deadline);
  absl::StatusOr<std::optional<agencies::v1::Unit>> RememberedUnit(const std::string& code,
                                                                   absl::CivilDay day);
  absl::Status RememberUnit(const std::string& code, const agencies::v1::Unit& unit);

  storage::Database& db_;
  AgenciesClient& agencies_;
  std::mutex mu_;
  // Answers given in this process, by "code@day" (units, children) or day.
  std::map<std::string, std::optional<agencies::v1::Unit>> unit_memo_ ABSL_GUARDED_BY(mu_);
  // The "code@day" keys FreshUnitAt has asked interplan-agencies about.
  std::set<std::string> refreshed_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, std::string> era_memo_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, std::vector<agencies::v1::Unit>> children_memo_ ABSL_GUARDED_BY(mu_);
  // Agencies as last stored in known_agencies, serialized, by id.
  std::map<std::string, std::string> stored_agencies_ ABSL_GUARDED_BY(mu_);
};

}  // namespace interplan

#endif  // INTERPLAN_COMMON_CLIENTS_REMEMBERING_AGENCIES_CLIENT_H_
