#include "services/plans/import/group_wording.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "common/text/search_fold.h"

namespace interplan::plans::import {
namespace {

namespace av1 = ::interplan::agencies::v1;

// The unit words of a list, accent-folded, two-word ones first.
const std::pair<absl::string_view, av1::UnitLevel> kUnitWords[] = {
    {"thi tran", av1::UNIT_LEVEL_COMMUNE},   {"thi xa", av1::UNIT_LEVEL_DISTRICT},
    {"thanh pho", av1::UNIT_LEVEL_DISTRICT}, {"huyen", av1::UNIT_LEVEL_DISTRICT},
    {"quan", av1::UNIT_LEVEL_DISTRICT},      {"xa", av1::UNIT_LEVEL_COMMUNE},
    {"phuong", av1::UNIT_LEVEL_COMMUNE},
};

// What follows the committee's name: "cac huyen thi xa thanh pho", "16
// phuong"; empty when the words do not start with it.
std::string AfterCommittee(const std::string& folded) {
  for (absl::string_view head : {"uy ban nhan dan ", "ubnd "}) {
    if (absl::StartsWith(folded, head)) return folded.substr(head.size());
  }
  return "";
}

}  // namespace

std::optional<v1::AgencyGroup> PeoplesCommitteeGroup(absl::string_view words) {
  std::string rest = AfterCommittee(text::FoldForSearch(words));
  std::vector<absl::string_view> tokens = absl::StrSplit(rest, ' ', absl::SkipEmpty());
  size_t at = 0;
  // "các", or a count ("16 phường").
  if (at < tokens.size() && (tokens[at] == "cac" || absl::ascii_isdigit(tokens[at][0]))) {
    ++at;
  } else {
    return std::nullopt;
  }
  av1::UnitLevel level = av1::UNIT_LEVEL_UNSPECIFIED;
  while (at < tokens.size()) {
    if (tokens[at] == "va" || tokens[at] == "cac") {
      ++at;
      continue;
    }
    bool matched = false;
    for (const auto& [unit_words, unit_level] : kUnitWords) {
      std::vector<absl::string_view> parts = absl::StrSplit(unit_words, ' ');
      if (at + parts.size() > tokens.size()) continue;
      bool all = true;
      for (size_t i = 0; i < parts.size(); ++i) all = all && tokens[at + i] == parts[i];
      if (!all) continue;
      if (level != av1::UNIT_LEVEL_UNSPECIFIED && level != unit_level) return std::nullopt;
      level = unit_level;
      at += parts.size();
      matched = true;
      break;
    }
    if (!matched) break;  // "tren dia ban", a name: the list has ended
  }
  if (level == av1::UNIT_LEVEL_UNSPECIFIED) return std::nullopt;
  v1::AgencyGroup group;
  group.set_text(std::string(words));
  group.set_kind(av1::AGENCY_KIND_PEOPLES_COMMITTEE);
  group.set_level(level);
  return group;
}

}  // namespace interplan::plans::import
