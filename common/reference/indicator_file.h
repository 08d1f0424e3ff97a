// Reads the shipped indicator catalogue (data/reference/indicators.jsonl):
// one interplan.reporting.v1.Indicator in protobuf JSON per line.
#ifndef INTERPLAN_COMMON_REFERENCE_INDICATOR_FILE_H_
#define INTERPLAN_COMMON_REFERENCE_INDICATOR_FILE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "interplan/reporting/v1/indicator.pb.h"

namespace interplan {

absl::StatusOr<std::vector<reporting::v1::Indicator>> ReadIndicatorFile(const std::string& path);

// <ReferenceDir()>/indicators.jsonl
std::string DefaultIndicatorFile();

}  // namespace interplan

#endif  // INTERPLAN_COMMON_REFERENCE_INDICATOR_FILE_H_
