// Reads the shipped reference data (data/reference/) into API requests:
// the two official unit lists and their commune mapping into one
// ImportUnitsRequest, and the reference agencies into CreateAgencyRequests.
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
  kAgencies,           // JSON lines of CreateAgencyRequest
};

// Tells a file's kind from its content.
absl::StatusOr<ReferenceFileKind> DetectReferenceFile(absl::string_view content);

// The 2025-03 list, valid until 2025-06-30 from an open start.
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

// Reads files of any kind into one import request (mappings effective
// 2025-07-01) and the agencies to create.
struct ReferenceData {
  v1::ImportUnitsRequest units;
  std::vector<v1::CreateAgencyRequest> agencies;
};
absl::StatusOr<ReferenceData> LoadReferenceFiles(const std::vector<std::string>& paths);

// The project's own copy: the three files in ReferenceDir()
// (common/config/reference_dir.h).
std::vector<std::string> DefaultReferenceFiles();

}  // namespace interplan::agencies

#endif  // INTERPLAN_COMMON_REFERENCE_REFERENCE_DATA_H_
