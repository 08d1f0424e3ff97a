// Imports official lists of administrative units: validates every snapshot
// (codes, names, types, parents, validity that may not overlap another
// version of a code) and stores it in one transaction, then resolves the
// commune succession mappings and derives province and district
// successions from them. Rows of the mapping that do not resolve are kept
// out and reported with counts; the rest goes in.
#ifndef INTERPLAN_SERVICES_AGENCIES_UNIT_IMPORTER_H_
#define INTERPLAN_SERVICES_AGENCIES_UNIT_IMPORTER_H_

#include "absl/status/statusor.h"
#include "common/storage/database.h"
#include "interplan/agencies/v1/units.pb.h"
#include "services/agencies/unit_store.h"

namespace interplan::agencies {

class UnitImporter {
 public:
  explicit UnitImporter(storage::Database& db) : db_(db) {}

  // Idempotent: a snapshot already stored with the same content, and links
  // already stored, are left as they are. Invalid snapshots are
  // INVALID_ARGUMENT naming each field (at most 100), and nothing is written.
  absl::StatusOr<v1::ImportUnitsResponse> Import(const v1::ImportUnitsRequest& request);

 private:
  storage::Database& db_;
  UnitStore store_;
};

}  // namespace interplan::agencies

#endif  // INTERPLAN_SERVICES_AGENCIES_UNIT_IMPORTER_H_
