#include "services/plans/import/registry_resolver.h"

#include <algorithm>
#include <set>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/text/search_fold.h"
#include "common/text/utf8.h"

namespace interplan::plans::import {
namespace {

namespace av1 = ::interplan::agencies::v1;

std::string DateKey(const google::type::Date& d) {
  return absl::StrCat(d.year(), "-", d.month(), "-", d.day());
}

bool HasDate(const google::type::Date& d) { return d.year() > 0; }

// A search's as_of: a date with a blank day or month is read as its first.
google::type::Date SearchDate(const google::type::Date& d) {
  google::type::Date date = d;
  if (date.year() > 0 && date.month() == 0) date.set_month(1);
  if (date.year() > 0 && date.day() == 0) date.set_day(1);
  return date;
}

size_t WordCount(absl::string_view folded) {
  return std::vector<absl::string_view>(absl::StrSplit(folded, ' ', absl::SkipEmpty())).size();
}

// Every word of `folded` starts a word of `name`, in the order asked
// ("van phong quan uy" is not "Phòng Văn hóa ... quận").
bool MatchesInOrder(absl::string_view name, absl::string_view folded) {
  std::vector<absl::string_view> asked = absl::StrSplit(folded, ' ', absl::SkipEmpty());
  std::vector<absl::string_view> words = absl::StrSplit(name, ' ', absl::SkipEmpty());
  size_t at = 0;
  for (absl::string_view want : asked) {
    while (at < words.size() && !absl::StartsWith(words[at], want)) ++at;
    if (at == words.size()) return false;
    ++at;
  }
  return true;
}

bool IsPrefixQuery(absl::string_view shorter, absl::string_view longer) {
  std::vector<absl::string_view> a = absl::StrSplit(shorter, ' ', absl::SkipEmpty());
  std::vector<absl::string_view> b = absl::StrSplit(longer, ' ', absl::SkipEmpty());
  if (a.size() > b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    // A shorter query's last word may be a prefix of the longer's.
    if (i + 1 == a.size() ? !absl::StartsWith(b[i], a[i]) : a[i] != b[i]) return false;
  }
  return true;
}

// How many words of the closest of `names` go beyond the query's.
size_t ExtraWords(const std::vector<std::string>& names, absl::string_view folded) {
  size_t query = WordCount(folded);
  size_t best = 1000;
  for (const std::string& name : names) {
    if (!MatchesInOrder(name, folded)) continue;
    size_t words = WordCount(name);
    best = std::min(best, words > query ? words - query : 0);
  }
  return best;
}

}  // namespace

RegistryResolver::RegistryResolver(AgenciesClient& agencies,
                                   std::vector<reporting::v1::Indicator> indicators,
                                   absl::Duration per_call)
    : agencies_(agencies), indicators_(std::move(indicators)), per_call_(per_call) {}

void RegistryResolver::Failed(const absl::Status& status) {
  if (registry_status_.ok()) registry_status_ = status;
}

std::vector<std::string> RegistryResolver::UnitChain(const std::string& unit,
                                                     const google::type::Date& as_of) {
  std::string key = absl::StrCat(unit, "|", DateKey(as_of));
  auto cached = chains_.find(key);
  if (cached != chains_.end()) return cached->second;
  std::vector<std::string> chain;
  std::string at = unit;
  while (!at.empty() && chain.size() < 6 && registry_status_.ok()) {
    chain.push_back(at);
    av1::GetUnitRequest request;
    request.set_name(at);
    if (HasDate(as_of)) *request.mutable_as_of() = SearchDate(as_of);
    ++registry_calls_;
    absl::StatusOr<av1::Unit> got = agencies_.GetUnit(request, absl::Now() + per_call_);
    if (!got.ok()) {
      if (got.status().code() != absl::StatusCode::kNotFound) Failed(got.status());
      break;
    }
    at = got->parent();
  }
  chains_[key] = chain;
  return chain;
}

// An agency with its names folded for matching: current and earlier.
RegistryResolver::Candidate RegistryResolver::CandidateOf(const av1::Agency& agency) {
  Candidate c;
  c.name = agency.name();
  c.display_name = agency.display_name();
  c.unit = agency.unit();
  c.folded_names.push_back(text::FoldForSearch(agency.display_name()));
  c.folded_names.push_back(text::FoldForSearch(agency.short_name()));
  for (const auto& earlier : agency.names()) {
    c.folded_names.push_back(text::FoldForSearch(earlier.display_name()));
    c.folded_names.push_back(text::FoldForSearch(earlier.short_name()));
  }
  return c;
}

RegistryResolver::Search RegistryResolver::Fetch(const std::string& query, const std::string& scope,
                                                 const google::type::Date& as_of) {
  Search search;
  av1::ListAgenciesRequest request;
  request.set_query(query);
  if (!scope.empty()) request.set_unit(scope);
  request.set_national_only(scope.empty());
  if (HasDate(as_of)) *request.mutable_as_of() = SearchDate(as_of);
  request.set_page_size(1000);
  // Pages of 1000 up to kMaxPlaceAgencies; past that the search is partial.
  for (int page = 0; registry_status_.ok() && page * 1000 < kMaxPlaceAgencies; ++page) {
    ++registry_calls_;
    absl::StatusOr<av1::ListAgenciesResponse> listed =
        agencies_.ListAgencies(request, absl::Now() + per_call_);
    if (!listed.ok()) {
      if (listed.status().code() != absl::StatusCode::kInvalidArgument &&
          listed.status().code() != absl::StatusCode::kNotFound) {
        Failed(listed.status());
      }
      return search;
    }
    for (const av1::Agency& agency : listed->agencies()) {
      if (scope.empty() && !agency.unit().empty()) continue;  // national bodies only
      search.candidates.push_back(CandidateOf(agency));
    }
    if (listed->next_page_token().empty()) {
      search.complete = true;
      return search;
    }
    request.set_page_token(listed->next_page_token());
  }
  return search;
}

std::vector<RegistryResolver::Candidate> RegistryResolver::Agencies(
    const std::string& folded, const std::string& original, const std::string& scope,
    const google::type::Date& as_of) {
  std::map<std::string, Search>& place = searches_[absl::StrCat(scope, "|", DateKey(as_of))];
  auto match_from = [&](const Search& search) {
    std::vector<Candidate> matching;
    for (const Candidate& c : search.candidates) {
      for (const std::string& name : c.folded_names) {
        if (MatchesInOrder(name, folded)) {
          matching.push_back(c);
          break;
        }
      }
    }
    return matching;
  };
  auto exact = place.find(folded);
  if (exact != place.end()) return match_from(exact->second);
  for (const auto& [query, search] : place) {
    if (search.complete && IsPrefixQuery(query, folded)) return match_from(search);
  }
  // A place's agencies are read once, whole (a province's are a few
  // thousand at most, the national bodies a few dozen): every later search
  // there is answered from memory.
  const bool whole_place = place.find("") == place.end();
  Search search = Fetch(whole_place ? "" : original, scope, as_of);
  if (whole_place) {
    place[""] = search;
    if (search.complete) return match_from(search);
    search = Fetch(original, scope, as_of);
  }
  place[folded] = search;
  return match_from(search);
}

std::optional<Resolution> RegistryResolver::ResolveAgency(absl::string_view words,
                                                          absl::string_view unit,
                                                          const google::type::Date& as_of) {
  if (!text::IsValidUtf8(words)) return std::nullopt;
  std::string folded = text::FoldForSearch(words);
  if (folded.empty() || folded.size() > 300) return std::nullopt;
  std::string key = absl::StrCat(unit, "|", DateKey(as_of), "|", folded);
  auto answered = agency_answers_.find(key);
  if (answered != agency_answers_.end()) return answered->second;
  std::vector<std::string> scopes = UnitChain(std::string(unit), as_of);
  scopes.push_back("");
  std::optional<Resolution> answer;
  for (size_t level = 0; level < scopes.size() && !answer.has_value(); ++level) {
    std::vector<Candidate> found = Agencies(folded, std::string(words), scopes[level], as_of);
    if (found.empty()) continue;
    // The place's own agencies before those of units inside it.
    std::vector<Candidate> own;
    for (const Candidate& c : found) {
      if (c.unit == scopes[level]) own.push_back(c);
    }
    std::vector<Candidate>& pool = own.empty() ? found : own;
    size_t best_extra = 1000;
    int at_best = 0;
    const Candidate* best = nullptr;
    for (const Candidate& c : pool) {
      size_t extra = ExtraWords(c.folded_names, folded);
      if (extra < best_extra) {
        best_extra = extra;
        best = &c;
        at_best = 1;
      } else if (extra == best_extra) {
        ++at_best;
      }
    }
    if (best == nullptr) continue;
    Resolution r;
    r.name = best->name;
    r.display_name = best->display_name;
    r.confidence = at_best > 1 ? 0.4 : (pool.size() == 1 ? 0.95 : 0.8);
    if (level > 0 && level + 1 < scopes.size()) r.confidence *= 0.95;
    answer = r;
  }
  agency_answers_[key] = answer;
  return answer;
}

std::optional<Resolution> RegistryResolver::ResolveUnit(absl::string_view words,
                                                        const google::type::Date& as_of) {
  if (!text::IsValidUtf8(words)) return std::nullopt;
  std::string folded = text::FoldForSearch(words);
  if (folded.empty() || !registry_status_.ok()) return std::nullopt;
  av1::ListUnitsRequest request;
  request.set_query(std::string(words));
  if (HasDate(as_of)) *request.mutable_as_of() = SearchDate(as_of);
  request.set_page_size(100);
  ++registry_calls_;
  absl::StatusOr<av1::ListUnitsResponse> listed =
      agencies_.ListUnits(request, absl::Now() + per_call_);
  if (!listed.ok()) {
    if (listed.status().code() != absl::StatusCode::kInvalidArgument) Failed(listed.status());
    return std::nullopt;
  }
  const av1::Unit* best = nullptr;
  size_t best_extra = 1000;
  int at_best = 0;
  for (const av1::Unit& unit : listed->units()) {
    std::string name = text::FoldForSearch(unit.display_name());
    size_t words_in = WordCount(name), asked = WordCount(folded);
    size_t extra = words_in > asked ? words_in - asked : 0;
    // A higher level wins a tie ("tỉnh Quảng Ngãi" over a ward of that name).
    if (best == nullptr || extra < best_extra ||
        (extra == best_extra && unit.level() < best->level())) {
      at_best = (best != nullptr && extra == best_extra) ? at_best + 1 : 1;
      best_extra = extra;
      best = &unit;
    }
  }
  if (best == nullptr) return std::nullopt;
  Resolution r;
  r.name = best->name();
  r.display_name = best->display_name();
  r.parent = best->parent();
  r.confidence = best_extra == 0 ? (at_best > 1 ? 0.8 : 0.95) : 0.6;
  return r;
}

std::optional<Resolution> RegistryResolver::ResolveIndicator(absl::string_view words) {
  static const std::set<std::string> kStop = {"cac", "cua", "va", "trong", "tren", "duoc", "co",
                                              "la",  "cho", "ve", "voi",   "nam",  "dat"};
  auto word_set = [](absl::string_view folded) {
    std::set<std::string> set;
    for (absl::string_view w : absl::StrSplit(folded, ' ', absl::SkipEmpty())) {
      std::string word(w);
      if (kStop.count(word) == 0 && !std::isdigit(static_cast<unsigned char>(word[0]))) {
        set.insert(word);
      }
    }
    return set;
  };
  std::set<std::string> asked = word_set(text::FoldForSearch(words));
  if (asked.empty()) return std::nullopt;
  const reporting::v1::Indicator* best = nullptr;
  double best_score = 0;
  for (const reporting::v1::Indicator& indicator : indicators_) {
    std::set<std::string> name = word_set(text::FoldForSearch(indicator.display_name_vi()));
    if (name.empty()) continue;
    size_t shared = 0;
    for (const std::string& w : name) shared += asked.count(w);
    // Most of the indicator's words, in few more words than it has.
    double score = static_cast<double>(shared) / name.size() *
                   std::min(1.0, 2.0 * name.size() / (asked.size() + name.size()));
    if (score > best_score) {
      best_score = score;
      best = &indicator;
    }
  }
  if (best == nullptr || best_score < 0.45) return std::nullopt;
  Resolution r;
  r.name = best->name().empty() ? absl::StrCat("indicators/", best->code()) : best->name();
  r.display_name = best->display_name_vi();
  r.confidence = std::min(0.95, best_score);
  return r;
}

}  // namespace interplan::plans::import
