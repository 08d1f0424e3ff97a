// Reads the shipped reference data (data/reference/) into API requests:
// the dated unit lists of 2019–2025 (history/), the 2025-03 list and the
// 2025-07 list with its commune mapping into ImportUnitsRequests, and the
// reference agencies into CreateAgencyRequests.
// The client's `reference import` and `make run` load them through the API.
#ifndef INTERPLAN_COMMON_REFERENCE_REFERENCE_DATA_H_
#define INTERPLAN_COMMON_REFERENCE_REFERENCE_DATA_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "interplan/agencies/v1/agencies.pb.h"
#include "interplan/agencies/v1/units.pb.h"

namespace interplan::agencies {

enum class ReferenceFileKind {
  kUnitsBeforeMerger,  // dvhcvn JSON: 63 provinces, three levels
  kUnitsAfterMerger,   // address database JSON: 34 provinces, wards, mappings
  kUnitHistory,        // JSON lines of one dated list (unit_history.h)
  kAgencies,           // JSON lines of CreateAgencyRequest
};

// Tells a file's kind from its content.
absl::StatusOr<ReferenceFileKind> DetectReferenceFile(absl::string_view content);

// The 2025-03 list: the units of 2025-03-01, valid until 2025-06-30 (from
// an open start when no earlier list is imported with it).
absl::StatusOr<v1::UnitSnapshot> ParseUnitsBeforeMerger(absl::string_view json);

// The 2025-07 list, valid from 2025-07-01, and its old -> new commune rows.
struct UnitsAfterMerger {
  v1::UnitSnapshot snapshot;
  std::vector<v1::SuccessionMapping> mappings;
};
absl::StatusOr<UnitsAfterMerger> ParseUnitsAfterMerger(absl::string_view json);

// One CreateAgencyRequest per non-empty line.
absl::StatusOr<std::vector<v1::CreateAgencyRequest>> ParseAgencies(absl::string_view jsonl);

// The effective date of the 2025 reform (Resolution 202/2025/QH15).
inline constexpr int kMergerYear = 2025, kMergerMonth = 7, kMergerDay = 1;

// The day the 2025-03 list shows (the same units as history/units-2025-03-01).
inline constexpr int kBeforeMergerListYear = 2025, kBeforeMergerListMonth = 3;

// Reads files of any kind into import requests and the agencies to create.
// The lists before the reform are laid end to end (ChainSnapshots): each
// runs from its date to the day before the next list, the last one to
// 2025-06-30, the first from an open start.
struct ReferenceData {
  // To import in this order: one request per list before the reform,
  // oldest first (each stays well under the services' message limit, and
  // a unit unchanged from one list to the next continues its version),
  // then the 2025-07 list with its mappings (effective 2025-07-01).
  std::vector<v1::ImportUnitsRequest> unit_imports;
  std::vector<v1::CreateAgencyRequest> agencies;
};
absl::StatusOr<ReferenceData> LoadReferenceFiles(const std::vector<std::string>& paths);

// Adds the answer to one of ReferenceData::unit_imports to `all`, so the
// requests read as one import: every list's counts, in order, and the
// mapping counts of the request that carried the mappings.
void AddImportResponse(const v1::ImportUnitsRequest& request, v1::ImportUnitsResponse response,
                       v1::ImportUnitsResponse* all);

// `agencies` in order, in calls of at most 1000 (what BatchCreateAgencies
// takes at once).
std::vector<v1::BatchCreateAgenciesRequest> AgencyBatches(
    const std::vector<v1::CreateAgencyRequest>& agencies);

// The project's own copy in ReferenceDir() (common/config/reference_dir.h):
// the two lists, the dated lists in history/, the agencies.
std::vector<std::string> DefaultReferenceFiles();

}  // namespace interplan::agencies

#endif  // INTERPLAN_COMMON_REFERENCE_REFERENCE_DATA_H_
