#include "tests/common/metrics/scrape.h"

#include <cmath>
#include <limits>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace interplan::testing {
namespace {

absl::StatusOr<double> ParseValue(absl::string_view text) {
  if (text == "+Inf") return std::numeric_limits<double>::infinity();
  if (text == "-Inf") return -std::numeric_limits<double>::infinity();
  if (text == "NaN") return std::nan("");
  double value = 0;
  if (!absl::SimpleAtod(text, &value)) return absl::InvalidArgumentError("not a number");
  return value;
}

// `a="x",b="y\"z"}` (after the '{') into `labels`; the rest after '}'.
absl::StatusOr<absl::string_view> ParseLabels(absl::string_view text, metrics::Labels* labels) {
  while (!text.empty() && text.front() != '}') {
    const size_t equals = text.find("=\"");
    if (equals == absl::string_view::npos) return absl::InvalidArgumentError("no =\"");
    std::string name(text.substr(0, equals));
    text.remove_prefix(equals + 2);
    std::string value;
    while (!text.empty() && text.front() != '"') {
      if (text.front() == '\\' && text.size() > 1) {
        text.remove_prefix(1);
        value.push_back(text.front() == 'n' ? '\n' : text.front());
      } else {
        value.push_back(text.front());
      }
      text.remove_prefix(1);
    }
    if (text.empty()) return absl::InvalidArgumentError("unterminated label value");
    text.remove_prefix(1);
    absl::ConsumePrefix(&text, ",");
    labels->emplace(std::move(name), std::move(value));
  }
  if (text.empty()) return absl::InvalidArgumentError("no }");
  text.remove_prefix(1);
  return text;
}

absl::StatusOr<Sample> ParseSample(absl::string_view line) {
  Sample sample;
  const size_t end = line.find_first_of("{ ");
  if (end == absl::string_view::npos) return absl::InvalidArgumentError("no value");
  sample.name = std::string(line.substr(0, end));
  absl::string_view rest = line.substr(end);
  if (absl::ConsumePrefix(&rest, "{")) {
    absl::StatusOr<absl::string_view> after = ParseLabels(rest, &sample.labels);
    if (!after.ok()) return after.status();
    rest = *after;
  }
  absl::StatusOr<double> value = ParseValue(absl::StripAsciiWhitespace(rest));
  if (!value.ok()) return value.status();
  sample.value = *value;
  return sample;
}

}  // namespace

absl::StatusOr<Scrape> Scrape::Parse(absl::string_view text) {
  Scrape scrape;
  for (absl::string_view line : absl::StrSplit(text, '\n', absl::SkipEmpty())) {
    if (absl::ConsumePrefix(&line, "# TYPE ")) {
      std::vector<std::string> words = absl::StrSplit(line, ' ');
      if (words.size() != 2) return absl::InvalidArgumentError(absl::StrCat("bad TYPE: ", line));
      scrape.types_[words[0]] = words[1];
      continue;
    }
    if (absl::StartsWith(line, "#")) continue;
    absl::StatusOr<Sample> sample = ParseSample(line);
    if (!sample.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("line \"", line, "\": ", sample.status().message()));
    }
    scrape.samples_.push_back(*std::move(sample));
  }
  return scrape;
}

std::optional<double> Scrape::Value(absl::string_view name, const metrics::Labels& labels) const {
  for (const Sample& sample : samples_) {
    if (sample.name == name && sample.labels == labels) return sample.value;
  }
  return std::nullopt;
}

std::vector<Sample> Scrape::All(absl::string_view name) const {
  std::vector<Sample> found;
  for (const Sample& sample : samples_) {
    if (sample.name == name) found.push_back(sample);
  }
  return found;
}

std::string Scrape::TypeOf(absl::string_view name) const {
  auto it = types_.find(std::string(name));
  return it == types_.end() ? "" : it->second;
}

}  // namespace interplan::testing
