#include "services/plans/indicator_catalogue.h"

#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "google/protobuf/util/json_util.h"
#include "interplan/reporting/v1/indicator.pb.h"

namespace interplan::plans {

absl::StatusOr<std::set<std::string>> LoadIndicatorNames(const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot open ", path));
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::set<std::string> names;
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
    names.insert(absl::StrCat("indicators/", indicator.code()));
  }
  return names;
}

}  // namespace interplan::plans
