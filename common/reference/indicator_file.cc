#include "common/reference/indicator_file.h"

#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/config/reference_dir.h"
#include "google/protobuf/util/json_util.h"

namespace interplan {

std::string DefaultIndicatorFile() { return absl::StrCat(ReferenceDir(), "/indicators.jsonl"); }

absl::StatusOr<std::vector<reporting::v1::Indicator>> ReadIndicatorFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot open ", path));
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::vector<reporting::v1::Indicator> indicators;
  int line_number = 0;
  for (absl::string_view line : absl::StrSplit(buffer.str(), '\n')) {
    ++line_number;
    line = absl::StripAsciiWhitespace(line);
    if (line.empty()) continue;
    reporting::v1::Indicator indicator;
    auto status = google::protobuf::util::JsonStringToMessage(
        google::protobuf::StringPiece(line.data(), line.size()), &indicator);
    if (!status.ok() || indicator.code().empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat(path, " line ", line_number, ": not an indicator"));
    }
    indicators.push_back(std::move(indicator));
  }
  return indicators;
}

}  // namespace interplan
