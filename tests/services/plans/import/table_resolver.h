// A ReferenceResolver answering from a small table, for the parser's
// tests on short snippets: an agency or unit whose name holds every word
// asked (accent-insensitive, as the registry's search), the closest name
// winning; an indicator sharing most words.
#ifndef INTERPLAN_TESTS_SERVICES_PLANS_IMPORT_TABLE_RESOLVER_H_
#define INTERPLAN_TESTS_SERVICES_PLANS_IMPORT_TABLE_RESOLVER_H_

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_split.h"
#include "common/text/search_fold.h"
#include "services/plans/import/reference_resolver.h"

namespace interplan::plans::import::testing {

class TableResolver : public ReferenceResolver {
 public:
  // name ("agencies/x"), display name.
  void AddAgency(std::string name, std::string display) {
    agencies_.emplace_back(std::move(name), std::move(display));
  }
  void AddUnit(std::string name, std::string display) {
    units_.emplace_back(std::move(name), std::move(display));
  }
  void AddIndicator(std::string name, std::string display) {
    indicators_.emplace_back(std::move(name), std::move(display));
  }

  std::optional<Resolution> ResolveAgency(absl::string_view words, absl::string_view,
                                          const google::type::Date&) override {
    ++agency_calls;
    return Closest(agencies_, words);
  }
  std::optional<Resolution> ResolveUnit(absl::string_view words,
                                        const google::type::Date&) override {
    return Closest(units_, words);
  }
  std::optional<Resolution> ResolveIndicator(absl::string_view words) override {
    std::string asked = text::FoldForSearch(words);
    for (const auto& [name, display] : indicators_) {
      if (text::MatchesFoldedQuery(asked, text::FoldForSearch(display))) {
        return Resolution{name, display, 0.9, ""};
      }
    }
    return std::nullopt;
  }

  int agency_calls = 0;

 private:
  static std::optional<Resolution> Closest(
      const std::vector<std::pair<std::string, std::string>>& table, absl::string_view words) {
    std::string asked = text::FoldForSearch(words);
    if (asked.empty()) return std::nullopt;
    std::optional<Resolution> best;
    size_t best_size = 0;
    for (const auto& [name, display] : table) {
      std::string folded = text::FoldForSearch(display);
      if (!text::MatchesFoldedQuery(folded, asked)) continue;
      if (!best.has_value() || folded.size() < best_size) {
        best = Resolution{name, display, 0.9, ""};
        best_size = folded.size();
      }
    }
    return best;
  }

  std::vector<std::pair<std::string, std::string>> agencies_, units_, indicators_;
};

}  // namespace interplan::plans::import::testing

#endif  // INTERPLAN_TESTS_SERVICES_PLANS_IMPORT_TABLE_RESOLVER_H_
