#include "services/plans/import/agency_mentions.h"

#include <cctype>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/string_view.h"
#include "common/text/search_fold.h"
#include "re2/re2.h"

namespace interplan::plans::import {
namespace {

constexpr size_t kMaxNameWords = 16;

// Words that start an agency's name, folded.
constexpr const char* kHeads[] = {
    "so",         "phong",     "uy ban",    "ubnd",     "ubmttq",    "mttq",       "ban",
    "hoi",        "cong an",   "lien doan", "doan",     "quan doan", "huyen doan", "tinh doan",
    "thanh doan", "dai",       "bao",       "bo",       "cuc",       "chi cuc",    "ngan hang",
    "trung tam",  "van phong", "toa an",    "vien",     "mat tran",  "thanh tra",  "kho bac",
    "bao hiem",   "truong",    "hdnd",      "hoi dong", "tinh uy",   "quan uy",    "huyen uy",
    "thanh uy",   "chi nhanh", "cn",        "ldld",     "ub"};

// Words that follow a group's name and start what it must do.
constexpr const char* kVerbs[] = {"to chuc",  "thuc hien", "trien khai", "xay dung",     "tham muu",
                                  "chi dao",  "huong dan", "kiem tra",   "tuyen truyen", "lam ",
                                  "trong ",   "de ",       "nham ",      "theo ",        "chu tri",
                                  "phoi hop", "can cu",    "tiep tuc",   "bao cao",      "bo tri",
                                  "quan tam", "chu dong",  "day manh",   "tang cuong"};

bool IsWordChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '&'; }

bool IsHardStop(char c) { return c == ';' || c == '.' || c == ':' || c == '(' || c == ')'; }

// The original starts with a capital at folded offset `pos`.
bool CapitalAt(const FoldedText& text, size_t pos) {
  size_t at = text.OriginalOffset(pos);
  return StartsWithCapital(absl::string_view(text.original()).substr(at));
}

bool WordAt(absl::string_view f, size_t pos, absl::string_view word) {
  if (f.substr(pos, word.size()) != word) return false;
  size_t after = pos + word.size();
  return after >= f.size() || !IsWordChar(f[after]);
}

size_t SkipSeparators(absl::string_view f, size_t pos, size_t limit) {
  while (pos < limit) {
    if (f[pos] == ' ' || f[pos] == ',' || f[pos] == '-' || f[pos] == '&') {
      ++pos;
    } else if (WordAt(f, pos, "va")) {
      pos += 2;
    } else if (WordAt(f, pos, "voi")) {
      pos += 3;
    } else if (WordAt(f, pos, "cung")) {
      pos += 4;
    } else {
      break;
    }
  }
  return pos;
}

// The ends of the next words from `pos`, stopping at a hard stop.
std::vector<size_t> WordEnds(absl::string_view f, size_t pos, size_t limit, size_t max_words) {
  std::vector<size_t> ends;
  while (pos < limit && ends.size() < max_words) {
    while (pos < limit && !IsWordChar(f[pos])) {
      if (IsHardStop(f[pos])) return ends;
      ++pos;
    }
    if (pos >= limit) break;
    while (pos < limit && IsWordChar(f[pos])) ++pos;
    ends.push_back(pos);
  }
  return ends;
}

bool IsConnector(absl::string_view word) {
  return word == "va" || word == "voi" || word == "cac" || word == "cua" || word == "cung" ||
         word == "tai" || word == "trong";
}

// The end of a group's words from `begin`: before a verb, a hard stop, a
// capitalised name after a comma, or after ten words.
size_t GroupEnd(const FoldedText& text, size_t begin, size_t limit) {
  const std::string& f = text.folded();
  size_t pos = begin;
  int words = 0;
  while (pos < limit && words < 12) {
    while (pos < limit && !IsWordChar(f[pos])) {
      if (IsHardStop(f[pos])) return pos;
      ++pos;
    }
    if (pos >= limit) break;
    // The word after "các" is the group's noun ("các tổ chức"), not a verb.
    if (pos > begin && words >= 2) {
      for (const char* verb : kVerbs) {
        if (absl::string_view(f).substr(pos, strlen(verb)) == verb) return pos;
      }
      if (WordAt(f, pos, "lien") && WordAt(f, pos + 5, "quan")) return pos + 9;
      if (f[pos - 1] == ' ' && pos >= 2 && f[pos - 2] == ',' && StartsAgencyName(text, pos)) {
        return pos;
      }
    }
    while (pos < limit && IsWordChar(f[pos])) ++pos;
    ++words;
  }
  return pos;
}

}  // namespace

bool StartsAgencyName(const FoldedText& text, size_t pos) {
  const std::string& f = text.folded();
  if (pos >= f.size() || (pos > 0 && IsWordChar(f[pos - 1]))) return false;
  if (!CapitalAt(text, pos)) return false;
  for (const char* head : kHeads) {
    if (WordAt(f, pos, head)) return true;
  }
  return false;
}

namespace {

// The `k`th word (folded) of the words ending at `ends`.
absl::string_view WordOf(absl::string_view f, const std::vector<size_t>& ends, size_t k) {
  size_t word_begin = ends[k] - 1;
  while (word_begin > 0 && IsWordChar(f[word_begin - 1])) --word_begin;
  return f.substr(word_begin, ends[k] - word_begin);
}

// "UBND các huyện, thị xã, thành phố", "Ủy ban nhân dân các xã": a group
// under a head word, when "các" comes before any comma or connector.
std::optional<AgencyMention> GroupUnderHead(const FoldedText& text, size_t begin,
                                            const std::vector<size_t>& ends, size_t limit) {
  const std::string& f = text.folded();
  for (size_t k = 1; k < ends.size() && k <= 5; ++k) {
    absl::string_view word = WordOf(f, ends, k);
    size_t word_begin = word.data() - f.data();
    absl::string_view gap(f.data() + ends[k - 1], word_begin - ends[k - 1]);
    if (absl::StrContains(gap, ",") || (IsConnector(word) && word != "cac")) break;
    if (word == "cac" || word == "nhung") {
      AgencyMention group;
      group.begin = begin;
      group.collective = true;
      group.end = GroupEnd(text, word_begin, limit);
      group.words = TrimPunct(text.Original(begin, group.end));
      return group;
    }
  }
  return std::nullopt;
}

// How many of the words the registry still knows as one name (0: none; a
// head word alone only when it is an acronym such as "UBND").
size_t LongestKnown(const FoldedText& text, size_t begin, const std::vector<size_t>& ends,
                    const ResolveContext& context) {
  if (context.resolver == nullptr) return 0;
  size_t best = 0;
  for (size_t k = 0; k < ends.size(); ++k) {
    std::optional<Resolution> found =
        context.resolver->ResolveAgency(text.Original(begin, ends[k]), context.unit, context.as_of);
    if (found.has_value()) {
      best = k + 1;
    } else if (k >= 1 && best > 0) {
      break;
    }
  }
  if (best == 1) {
    std::string head = text.Original(begin, ends[0]);
    bool acronym = head.size() >= 2;
    for (char c : head) acronym = acronym && !(c >= 'a' && c <= 'z');
    if (!acronym) best = 0;
  }
  return best;
}

// How many words run capitalised (or as connectors and numbers) from the
// first: a name as written when the registry knows none.
size_t CapitalisedRun(const FoldedText& text, const std::vector<size_t>& ends) {
  const std::string& f = text.folded();
  size_t run = 1;
  for (size_t k = 1; k < ends.size(); ++k) {
    absl::string_view word = WordOf(f, ends, k);
    size_t word_begin = word.data() - f.data();
    if (!CapitalAt(text, word_begin) && !IsConnector(word) &&
        !std::isdigit(static_cast<unsigned char>(word[0]))) {
      break;
    }
    run = k + 1;
  }
  return run;
}

}  // namespace

std::optional<AgencyMention> ReadAgencyAt(const FoldedText& text, size_t begin, size_t limit,
                                          const ResolveContext& context) {
  const std::string& f = text.folded();
  limit = std::min(limit, f.size());
  while (begin < limit && f[begin] == ' ') ++begin;
  if (!StartsAgencyName(text, begin)) return std::nullopt;
  std::vector<size_t> ends = WordEnds(f, begin, limit, kMaxNameWords);
  if (ends.empty()) return std::nullopt;
  std::optional<AgencyMention> group = GroupUnderHead(text, begin, ends, limit);
  if (group.has_value()) return group;
  size_t best = LongestKnown(text, begin, ends, context);
  bool known = best > 0;
  if (!known) best = CapitalisedRun(text, ends);
  // Trailing connectors belong to the sentence, not the name.
  while (best > 1 && IsConnector(WordOf(f, ends, best - 1))) --best;
  AgencyMention mention;
  mention.begin = begin;
  // "Ủy ban nhân dân 16 phường": a count of units is a group, not "Phường 16".
  static const LazyRE2 kCount = {
      R"((?:^|\s)\d+\s+(?:phuong|xa|huyen|quan|thi tran|khu pho|ap)(?:\s|$))"};
  size_t look_to = best < ends.size() ? ends[best] : ends[best - 1];
  if (RE2::PartialMatch(Fold(text.Original(begin, look_to)), *kCount)) {
    mention.end = look_to;
    mention.words = TrimPunct(text.Original(begin, look_to));
    mention.collective = true;
    return mention;
  }
  mention.end = ends[best - 1];
  mention.words = TrimPunct(text.Original(begin, mention.end));
  if (known) {
    mention.resolution =
        context.resolver->ResolveAgency(mention.words, context.unit, context.as_of);
  }
  return mention;
}

namespace {

// A name of two or more capitalised words that the registry knows, at
// `begin`; nullopt otherwise.
std::optional<AgencyMention> ReadNamedAt(const FoldedText& text, size_t begin, size_t limit,
                                         const ResolveContext& context) {
  const std::string& f = text.folded();
  std::vector<size_t> ends = WordEnds(f, begin, std::min(limit, f.size()), kMaxNameWords);
  if (ends.size() < 2 || context.resolver == nullptr) return std::nullopt;
  std::optional<AgencyMention> best;
  for (size_t k = 1; k < ends.size(); ++k) {
    std::string words = TrimPunct(text.Original(begin, ends[k]));
    std::optional<Resolution> found =
        context.resolver->ResolveAgency(words, context.unit, context.as_of);
    if (!found.has_value()) break;
    AgencyMention mention;
    mention.begin = begin;
    mention.end = ends[k];
    mention.words = words;
    mention.resolution = std::move(found);
    best = std::move(mention);
  }
  return best;
}

}  // namespace

std::vector<AgencyMention> ReadAgencyList(const FoldedText& text, size_t begin, size_t limit,
                                          const ResolveContext& context) {
  const std::string& f = text.folded();
  limit = std::min(limit, f.size());
  std::vector<AgencyMention> list;
  size_t pos = begin;
  while (pos < limit && list.size() < 30) {
    pos = SkipSeparators(f, pos, limit);
    if (pos >= limit || IsHardStop(f[pos])) break;
    if (WordAt(f, pos, "cac") || WordAt(f, pos, "don vi") || WordAt(f, pos, "dia phuong") ||
        WordAt(f, pos, "co quan")) {
      AgencyMention group;
      group.collective = true;
      group.begin = pos;
      group.end = GroupEnd(text, pos, limit);
      group.words = TrimPunct(text.Original(pos, group.end));
      if (group.end <= pos) break;
      pos = group.end;
      list.push_back(std::move(group));
      continue;
    }
    std::optional<AgencyMention> mention = ReadAgencyAt(text, pos, limit, context);
    if (!mention.has_value() && CapitalAt(text, pos) && !list.empty()) {
      // In a list, a capitalised name the head words do not know ("Trang
      // Thông tin điện tử ...") counts when the registry knows it.
      mention = ReadNamedAt(text, pos, limit, context);
    }
    if (!mention.has_value() || mention->end <= pos) break;
    pos = mention->end;
    list.push_back(std::move(*mention));
  }
  return list;
}

namespace {

// The committees after the first of a lead list that starts with a
// People's Committee; empty when the list names anything else.
std::vector<AgencyMention> CommitteeCoLeads(const std::vector<AgencyMention>& list) {
  if (list.size() < 2 || !list.front().resolution.has_value()) return {};
  const std::string& first = list.front().words;
  std::string folded = text::FoldForSearch(first);
  if (!absl::StartsWith(folded, "uy ban nhan dan") && !absl::StartsWith(folded, "ubnd")) return {};
  std::vector<AgencyMention> co_leads;
  for (size_t i = 1; i < list.size(); ++i) {
    if (list[i].collective || !list[i].resolution.has_value()) return {};
    if (list[i].resolution->name == list.front().resolution->name) continue;
    co_leads.push_back(list[i]);
  }
  return co_leads;
}

}  // namespace

TaskAgencies ReadTaskAgencies(const FoldedText& text, const ResolveContext& context) {
  static const LazyRE2 kLeadAfter = {
      R"((?:^|[^a-z])(?:chu tri|co quan chu tri|don vi chu tri)\s*:\s*)"};
  static const LazyRE2 kLeadBefore = {R"([^a-z]chu tri(?:[^a-z]|$))"};
  static const LazyRE2 kCarrier = {
      R"((?:^|[^a-z])(?:giao|co quan thuc hien|don vi thuc hien|co quan thuc hien chinh)\s*:?\s*)"};
  static const LazyRE2 kCoordinate = {R"((?:^|[^a-z])phoi hop(?:\s+chat che)?(?:\s+voi)?\s*:?\s*)"};
  static const LazyRE2 kRequest = {R"((?:^|[^a-z])de nghi\s*:?\s*)"};
  const std::string& f = text.folded();
  TaskAgencies found;
  auto add_list = [&](std::vector<AgencyMention> list, std::vector<AgencyMention>* into) {
    for (AgencyMention& m : list) {
      if (m.collective || !m.resolution.has_value()) {
        found.others.push_back(m.words);
      } else {
        into->push_back(std::move(m));
      }
    }
  };
  re2::StringPiece input(f), m;
  // "Chủ trì: X".
  if (kLeadAfter->Match(input, 0, input.size(), RE2::UNANCHORED, &m, 1)) {
    std::vector<AgencyMention> list =
        ReadAgencyList(text, m.data() - f.data() + m.size(), f.size(), context);
    if (!list.empty()) found.lead = list.front();
  }
  // "X chủ trì": the clause before it names the lead.
  if (!found.lead.has_value() &&
      kLeadBefore->Match(input, 0, input.size(), RE2::UNANCHORED, &m, 1)) {
    size_t at = m.data() - f.data() + 1;
    size_t clause = at;
    while (clause > 0 && !IsHardStop(f[clause - 1])) --clause;
    static const LazyRE2 kOpener = {R"((?:giao|de nghi|thuc hien)\s+)"};
    re2::StringPiece head(f.data() + clause, at - clause), opener;
    if (kOpener->Match(head, 0, head.size(), RE2::UNANCHORED, &opener, 1)) {
      found.lead_requested =
          absl::StartsWith(absl::string_view(opener.data(), opener.size()), "de nghi");
      clause = opener.data() - f.data() + opener.size();
    }
    std::vector<AgencyMention> list = ReadAgencyList(text, clause, at, context);
    if (!list.empty()) found.lead = list.front();
    found.co_leads = CommitteeCoLeads(list);
  }
  // "Giao X ...", "Cơ quan thực hiện: X".
  if (!found.lead.has_value() && kCarrier->Match(input, 0, input.size(), RE2::UNANCHORED, &m, 1)) {
    std::vector<AgencyMention> list =
        ReadAgencyList(text, m.data() - f.data() + m.size(), f.size(), context);
    if (!list.empty()) found.lead = list.front();
  }
  size_t pos = 0;
  while (pos < f.size()) {
    re2::StringPiece rest(f.data() + pos, f.size() - pos);
    if (!kCoordinate->Match(rest, 0, rest.size(), RE2::UNANCHORED, &m, 1)) break;
    size_t after = m.data() - f.data() + m.size();
    add_list(ReadAgencyList(text, after, f.size(), context), &found.coordinating);
    pos = std::max(after, pos + 1);
  }
  pos = 0;
  while (pos < f.size()) {
    re2::StringPiece rest(f.data() + pos, f.size() - pos);
    if (!kRequest->Match(rest, 0, rest.size(), RE2::UNANCHORED, &m, 1)) break;
    size_t after = m.data() - f.data() + m.size();
    std::vector<AgencyMention> list = ReadAgencyList(text, after, f.size(), context);
    if (!(found.lead.has_value() && !list.empty() && list.front().begin == found.lead->begin)) {
      add_list(std::move(list), &found.requested);
    }
    pos = std::max(after, pos + 1);
  }
  if (found.lead.has_value() && (found.lead->collective || !found.lead->resolution.has_value())) {
    found.others.insert(found.others.begin(), found.lead->words);
  }
  return found;
}

}  // namespace interplan::plans::import
