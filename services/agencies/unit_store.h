// SQL access to unit versions, their succession links and the imported
// snapshots. Every call runs inside the caller's transaction.
#ifndef INTERPLAN_SERVICES_AGENCIES_UNIT_STORE_H_
#define INTERPLAN_SERVICES_AGENCIES_UNIT_STORE_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "common/storage/database.h"
#include "services/agencies/unit_record.h"

namespace interplan::agencies {

// Which units a listing returns.
struct UnitQuery {
  absl::CivilDay as_of;
  // Direct children of this code ("" for the provinces) ...
  std::optional<std::string> parent_code;
  // ... or every descendant of the unit with this path.
  std::optional<std::string> descendants_of_path;
  v1::UnitLevel level = v1::UNIT_LEVEL_UNSPECIFIED;
  // Accent-folded words, each a prefix of some word of the name.
  std::vector<std::string> words;
  // Keyset pagination: codes after this one, at most `limit` rows.
  std::string after_code;
  int limit = 100;
};

struct UnitLink {
  std::string old_code;
  std::string old_valid_from;  // stored form
  std::string new_code;
  std::string new_valid_from;
  int kind;                // one of the k* below
  LegalBasisRecord basis;  // for kOperator
  static constexpr int kCommuneMapping = 1;
  static constexpr int kDerived = 2;
  // The same code continued with another name, type or parent in the next
  // official list (769 Quận 2 -> Thành phố Thủ Đức).
  static constexpr int kSameCode = 3;
  // Added by an operator, with its legal basis.
  static constexpr int kOperator = 4;
};

// A unit version at the other end of a link, and how the link came to be.
struct LinkedUnit {
  UnitRecord unit;
  int kind = 0;
  LegalBasisRecord basis;

  void ToRef(v1::UnitRef* ref) const;
};

struct SnapshotRecord {
  std::string snapshot_id;
  time::Validity validity;
  std::string fingerprint;
  int64_t unit_count = 0;
};

class UnitStore {
 public:
  absl::StatusOr<std::optional<UnitRecord>> FindAt(storage::Transaction& txn,
                                                   absl::string_view code, absl::CivilDay day);
  // Every version of a code, oldest first.
  absl::StatusOr<std::vector<UnitRecord>> FindVersions(storage::Transaction& txn,
                                                       absl::string_view code);
  absl::StatusOr<std::vector<UnitRecord>> List(storage::Transaction& txn, const UnitQuery& query);
  absl::StatusOr<int64_t> Count(storage::Transaction& txn, const UnitQuery& query);
  // Every version valid on `day`.
  absl::StatusOr<std::vector<UnitRecord>> AllAt(storage::Transaction& txn, absl::CivilDay day);
  // Every version whose validity ends on `day`.
  absl::StatusOr<std::vector<UnitRecord>> EndingOn(storage::Transaction& txn, absl::CivilDay day);
  // Stored versions overlapping `validity` outside snapshot `exclude_snapshot`.
  absl::StatusOr<std::vector<UnitRecord>> Overlapping(storage::Transaction& txn,
                                                      const time::Validity& validity,
                                                      absl::string_view exclude_snapshot);

  absl::StatusOr<std::vector<LinkedUnit>> Successors(storage::Transaction& txn,
                                                     const UnitRecord& unit);
  absl::StatusOr<std::vector<LinkedUnit>> Predecessors(storage::Transaction& txn,
                                                       const UnitRecord& unit);

  absl::Status InsertUnits(storage::Transaction& txn, const std::vector<UnitRecord>& units);
  // Moves the end of the versions of `codes` that end on `old_end` to
  // `new_end` (a later list shows them unchanged).
  absl::Status ExtendVersions(storage::Transaction& txn, const std::vector<std::string>& codes,
                              absl::CivilDay old_end, const time::Validity& new_end);
  // Moves the first day of the version (code, from) to `new_from` with its
  // legal basis, in the version itself and in the links naming it, and
  // ends the code's version that ended the day before `from` on the day
  // before `new_from`.
  absl::Status MoveVersionStart(storage::Transaction& txn, const UnitRecord& version,
                                absl::CivilDay new_from, const LegalBasisRecord& basis);
  // Links already stored are left as they are; returns how many were new.
  absl::StatusOr<int64_t> InsertLinks(storage::Transaction& txn,
                                      const std::vector<UnitLink>& links);

  absl::StatusOr<std::optional<SnapshotRecord>> FindSnapshot(storage::Transaction& txn,
                                                             absl::string_view snapshot_id);
  absl::Status InsertSnapshot(storage::Transaction& txn, const SnapshotRecord& snapshot);
};

}  // namespace interplan::agencies

#endif  // INTERPLAN_SERVICES_AGENCIES_UNIT_STORE_H_
