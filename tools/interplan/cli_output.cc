#include "tools/interplan/cli_output.h"

#include <algorithm>
#include <cstdio>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/text/utf8.h"
#include "google/protobuf/util/json_util.h"

namespace interplan::cli {

void Table::Print() const {
  std::vector<size_t> widths(headers_.size(), 0);
  auto measure = [&widths](const std::vector<std::string>& cells) {
    for (size_t i = 0; i < cells.size() && i < widths.size(); ++i) {
      widths[i] = std::max(widths[i], text::CodePointCount(cells[i]));
    }
  };
  measure(headers_);
  for (const auto& row : rows_) measure(row);
  auto print = [&widths](const std::vector<std::string>& cells) {
    std::string line;
    for (size_t i = 0; i < cells.size() && i < widths.size(); ++i) {
      line += cells[i];
      if (i + 1 < cells.size()) {
        line.append(widths[i] - text::CodePointCount(cells[i]) + 2, ' ');
      }
    }
    std::printf("%s\n", line.c_str());
  };
  print(headers_);
  for (const auto& row : rows_) print(row);
}

void PrintJson(const google::protobuf::Message& message) {
  std::string json;
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = false;
  google::protobuf::util::MessageToJsonString(message, &json, options);
  std::printf("%s\n", json.c_str());
}

std::string FormatDate(const google::type::Date& date) {
  if (date.year() == 0) return "";
  if (date.month() == 0) return absl::StrCat(date.year());
  if (date.day() == 0) return absl::StrFormat("%04d-%02d", date.year(), date.month());
  return absl::StrFormat("%04d-%02d-%02d", date.year(), date.month(), date.day());
}

std::string FormatValidity(const google::type::Date& from, const google::type::Date& to) {
  if (from.year() == 0 && to.year() == 0) return "";
  return absl::StrCat(FormatDate(from), "..", FormatDate(to));
}

}  // namespace interplan::cli
