// Imports official lists of administrative units: validates every snapshot
// (codes, names, types, parents, validity that may not overlap another
// version of a code) and stores it in one transaction (a list that
// continues the one before carries its unchanged units' versions on), then
// resolves the commune succession mappings and derives province and
// district successions from them. Rows of the mapping that do not resolve are kept
// out and reported with counts; the rest goes in.
#ifndef INTERPLAN_SERVICES_AGENCIES_UNIT_IMPORTER_H_
#define INTERPLAN_SERVICES_AGENCIES_UNIT_IMPORTER_H_

#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "common/call/call_context.h"
#include "common/storage/database.h"
#include "interplan/agencies/v1/units.pb.h"
#include "services/agencies/unit_store.h"
#include "services/agencies/unit_validator.h"

namespace interplan::agencies {

class UnitImporter {
 public:
  explicit UnitImporter(storage::Database& db) : db_(db) {}

  // Idempotent: a snapshot already stored with the same content, and links
  // already stored, are left as they are. Invalid snapshots are
  // INVALID_ARGUMENT naming each field (at most 100), and nothing is written.
  // Access check (the OPERATOR's), validation (unit_validator.h), then
  // one transaction: conflicts with what is stored, the snapshots, the
  // successions.
  absl::StatusOr<v1::ImportUnitsResponse> Import(const v1::ImportUnitsRequest& request,
                                                 const CallContext& call = CallContext());

 private:
  // The same snapshot stored with other content, or another version of a
  // code overlapping in time, is INVALID_ARGUMENT; marks the snapshots
  // already stored.
  absl::Status CheckAgainstStored(storage::Transaction& txn,
                                  std::vector<CheckedSnapshot>& snapshots);
  absl::Status StoreSnapshots(storage::Transaction& txn,
                              const std::vector<CheckedSnapshot>& snapshots,
                              v1::ImportUnitsResponse* response);
  // One snapshot's versions: new ones inserted; with continues_previous,
  // unchanged ones extended and changed codes linked to their old version.
  absl::Status StoreVersions(storage::Transaction& txn, const CheckedSnapshot& snapshot,
                             v1::ImportUnitsResponse::SnapshotCounts* counts);
  // Resolves the commune mappings effective on `effective`, derives the
  // province and district links, stores them and reports the counts.
  absl::Status StoreSuccessions(
      storage::Transaction& txn,
      const google::protobuf::RepeatedPtrField<v1::SuccessionMapping>& mappings,
      absl::CivilDay effective, v1::ImportUnitsResponse* response);

  storage::Database& db_;
  UnitStore store_;
};

}  // namespace interplan::agencies

#endif  // INTERPLAN_SERVICES_AGENCIES_UNIT_IMPORTER_H_
