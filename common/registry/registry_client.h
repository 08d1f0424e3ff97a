// A service's view of interplan-agencies: agencies and units as of a day,
// asked over gRPC and remembered in the service's own database (tables of
// kRegistryCacheSchema), so what was learnt keeps answering while agencies
// is down.
#ifndef INTERPLAN_COMMON_REGISTRY_REGISTRY_CLIENT_H_
#define INTERPLAN_COMMON_REGISTRY_REGISTRY_CLIENT_H_

#include <grpcpp/channel.h>

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/registry/unit_lookup.h"
#include "common/storage/database.h"
#include "interplan/agencies/v1/agencies.grpc.pb.h"
#include "interplan/agencies/v1/units.grpc.pb.h"

namespace interplan {

// The tables RegistryClient remembers answers in; a service using it
// creates them in a migration.
inline constexpr absl::string_view kRegistryCacheSchema =
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

class RegistryClient : public UnitLookup {
 public:
  RegistryClient(storage::Database& db, std::shared_ptr<grpc::Channel> channel);

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

  // The first day of the unit list in force on `day` (stored form): which
  // hierarchy a roll-up as of that day uses.
  absl::StatusOr<std::string> EraAt(absl::CivilDay day, absl::Time deadline);

  // Every era this service has seen units of (stored form), oldest first.
  absl::StatusOr<std::vector<std::string>> Eras();

  // The children of unit `code` on `day` ("" for the provinces), asked of
  // interplan-agencies and remembered for the life of the process.
  absl::StatusOr<std::vector<agencies::v1::Unit>> Children(const std::string& code,
                                                           absl::CivilDay day, absl::Time deadline);

 private:
  absl::StatusOr<std::optional<agencies::v1::Unit>> RememberedUnit(const std::string& code,
                                                                   absl::CivilDay day);

  storage::Database& db_;
  std::unique_ptr<agencies::v1::AgencyService::Stub> agencies_;
  std::unique_ptr<agencies::v1::UnitService::Stub> units_;
  // Units asked for in this process, by "code@day".
  std::mutex mu_;
  std::map<std::string, std::optional<agencies::v1::Unit>> unit_memo_;
  std::map<std::string, std::string> era_memo_;
  std::map<std::string, std::vector<agencies::v1::Unit>> children_memo_;
  // Agencies as last stored in known_agencies, serialized, by id.
  std::map<std::string, std::string> stored_agencies_;
};

}  // namespace interplan

#endif  // INTERPLAN_COMMON_REGISTRY_REGISTRY_CLIENT_H_
