#include "common/metrics/exposition.h"

#include <charconv>
#include <cmath>
#include <cstdint>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace interplan::metrics {
namespace {

bool IsNameChar(char c, bool label, bool first) {
  if (absl::ascii_isalpha(static_cast<unsigned char>(c)) || c == '_') return true;
  if (c == ':') return !label;
  if (absl::ascii_isdigit(static_cast<unsigned char>(c))) return !first;
  return false;
}

bool IsValidName(absl::string_view name, bool label) {
  if (name.empty()) return false;
  for (size_t i = 0; i < name.size(); ++i) {
    if (!IsNameChar(name[i], label, i == 0)) return false;
  }
  return true;
}

void AppendEscaped(absl::string_view text, bool quote, std::string* out) {
  for (char c : text) {
    switch (c) {
      case '\\':
        out->append("\\\\");
        break;
      case '\n':
        out->append("\\n");
        break;
      case '"':
        if (quote) {
          out->append("\\\"");
        } else {
          out->push_back(c);
        }
        break;
      default:
        out->push_back(c);
    }
  }
}

}  // namespace

bool IsValidMetricName(absl::string_view name) { return IsValidName(name, false); }

bool IsValidLabelName(absl::string_view name) { return IsValidName(name, true); }

std::string SanitizeName(absl::string_view name, bool label) {
  std::string result;
  if (name.empty() || absl::ascii_isdigit(static_cast<unsigned char>(name[0]))) {
    result.push_back('_');
  }
  for (char c : name) result.push_back(IsNameChar(c, label, false) ? c : '_');
  return result;
}

std::string EscapeHelp(absl::string_view help) {
  std::string out;
  AppendEscaped(help, false, &out);
  return out;
}

std::string EscapeLabelValue(absl::string_view value) {
  std::string out;
  AppendEscaped(value, true, &out);
  return out;
}

std::string FormatValue(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  // Whole numbers in full ("500000", not the shorter "5e+05").
  if (std::fabs(value) < 1e15 && value == std::trunc(value)) {
    return absl::StrCat(static_cast<int64_t>(value));
  }
  // Plain decimals from 1e-4 ("0.0005" rather than the shorter "5e-04",
  // as other Prometheus clients write bucket bounds), else the shortest.
  const double magnitude = std::fabs(value);
  const bool plain = magnitude >= 1e-4 && magnitude < 1e15;
  char buffer[32];
  const std::to_chars_result result =
      plain ? std::to_chars(buffer, buffer + sizeof(buffer), value, std::chars_format::fixed)
            : std::to_chars(buffer, buffer + sizeof(buffer), value);
  return std::string(buffer, result.ptr);
}

std::string FormatLabels(const Labels& labels, absl::string_view extra_name,
                         absl::string_view extra_value) {
  if (labels.empty() && extra_name.empty()) return "";
  std::string out = "{";
  bool first = true;
  auto add = [&](absl::string_view name, absl::string_view value) {
    if (!first) out.push_back(',');
    first = false;
    absl::StrAppend(&out, name, "=\"");
    AppendEscaped(value, true, &out);
    out.push_back('"');
  };
  for (const auto& [name, value] : labels) add(name, value);
  if (!extra_name.empty()) add(extra_name, extra_value);
  out.push_back('}');
  return out;
}

}  // namespace interplan::metrics
