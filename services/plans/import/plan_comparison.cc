#include "services/plans/import/plan_comparison.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/text/search_fold.h"

namespace interplan::plans::import {
namespace {

using WordSet = std::set<std::string>;

WordSet Words(absl::string_view text) {
  WordSet words;
  std::string folded = text::FoldForSearch(text);
  size_t start = 0;
  while (start < folded.size()) {
    size_t end = folded.find(' ', start);
    if (end == std::string::npos) end = folded.size();
    if (end > start) words.insert(folded.substr(start, end - start));
    start = end + 1;
  }
  return words;
}

double Dice(const WordSet& a, const WordSet& b) {
  if (a.empty() && b.empty()) return 1.0;
  int common = 0;
  for (const std::string& w : a) common += b.count(w);
  return 2.0 * common / (a.size() + b.size());
}

// One field: filled in the draft, in the fixture, and equal.
void Count(GroupScore* score, bool drafted, bool expected, bool equal) {
  if (drafted) ++score->drafted;
  if (expected) ++score->expected;
  if (drafted && expected && equal) ++score->matched;
}

void CountText(GroupScore* score, absl::string_view drafted, absl::string_view expected) {
  std::string d = text::FoldForSearch(drafted);
  std::string e = text::FoldForSearch(expected);
  Count(score, !d.empty(), !e.empty(), d == e);
}

void CountName(GroupScore* score, const std::string& drafted, const std::string& expected) {
  Count(score, !drafted.empty(), !expected.empty(), drafted == expected);
}

bool DateSet(const google::type::Date& d) { return d.year() || d.month() || d.day(); }

bool SameDate(const google::type::Date& a, const google::type::Date& b) {
  return a.year() == b.year() && a.month() == b.month() && a.day() == b.day();
}

// Items of one kind, in document order, with their codes folded.
template <typename T>
struct Items {
  std::vector<const T*> items;
  std::vector<std::string> codes;
};

// Pairs draft items with fixture items one to one: best score first; ties
// go to equal codes, then to the pair closest in (relative) document order.
// `score` is nullopt when two items cannot be the same.
template <typename T>
std::vector<int> PairItems(const Items<T>& draft, const Items<T>& fixture,
                           const std::function<std::optional<double>(const T&, const T&)>& score) {
  struct Candidate {
    double score;
    bool same_code;
    double distance;
    int i, j;
  };
  const int n = draft.items.size(), m = fixture.items.size();
  std::vector<Candidate> candidates;
  for (int i = 0; i < n; ++i) {
    for (int j = 0; j < m; ++j) {
      std::optional<double> s = score(*draft.items[i], *fixture.items[j]);
      if (!s.has_value()) continue;
      bool same_code = !draft.codes[i].empty() && draft.codes[i] == fixture.codes[j];
      double distance = std::fabs((i + 0.5) / n - (j + 0.5) / m);
      candidates.push_back({*s, same_code, distance, i, j});
    }
  }
  std::sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
    return std::make_tuple(-a.score, !a.same_code, a.distance, a.i, a.j) <
           std::make_tuple(-b.score, !b.same_code, b.distance, b.i, b.j);
  });
  std::vector<int> pair(n, -1);
  std::vector<bool> taken(m, false);
  for (const Candidate& c : candidates) {
    if (pair[c.i] != -1 || taken[c.j]) continue;
    pair[c.i] = c.j;
    taken[c.j] = true;
  }
  return pair;
}

// Counts `fields(draft, fixture)` over every pair, and each unpaired item's
// fields against nothing.
template <typename T>
GroupScore ScorePairs(const Items<T>& draft, const Items<T>& fixture, const std::vector<int>& pair,
                      const std::function<GroupScore(const T*, const T*)>& fields) {
  GroupScore total;
  std::vector<bool> paired(fixture.items.size(), false);
  for (size_t i = 0; i < draft.items.size(); ++i) {
    const T* other = pair[i] == -1 ? nullptr : fixture.items[pair[i]];
    if (pair[i] != -1) paired[pair[i]] = true;
    total.Add(fields(draft.items[i], other));
  }
  for (size_t j = 0; j < fixture.items.size(); ++j) {
    if (!paired[j]) total.Add(fields(nullptr, fixture.items[j]));
  }
  return total;
}

template <typename T>
GroupScore Compare(const Items<T>& draft, const Items<T>& fixture,
                   const std::function<std::optional<double>(const T&, const T&)>& score,
                   const std::function<GroupScore(const T*, const T*)>& fields) {
  return ScorePairs(draft, fixture, PairItems(draft, fixture, score), fields);
}

// An empty message for a missing side, so that field code reads one way.
template <typename T>
const T& Or(const T* item) {
  return item != nullptr ? *item : T::default_instance();
}

// ----- header

GroupScore HeaderScore(const v1::Plan& d, const v1::Plan& f) {
  GroupScore s;
  std::string dn = NormalisedDocumentNumber(d.document_number());
  std::string fn = NormalisedDocumentNumber(f.document_number());
  Count(&s, !dn.empty(), !fn.empty(), dn == fn);
  Count(&s, DateSet(d.issue_date()), DateSet(f.issue_date()),
        SameDate(d.issue_date(), f.issue_date()));
  CountText(&s, d.place(), f.place());
  CountName(&s, d.issuer(), f.issuer());
  CountText(&s, d.title(), f.title());
  CountText(&s, d.period(), f.period());
  CountName(&s, d.unit(), f.unit());
  return s;
}

// ----- legal bases

std::string ReferenceKey(const v1::DocumentReference& r) {
  std::string number = NormalisedDocumentNumber(r.number());
  if (!number.empty()) return absl::StrCat("number ", number);
  std::string title = text::FoldForSearch(r.title());
  return title.empty() ? "" : absl::StrCat("title ", title);
}

GroupScore LegalBasesScore(const v1::Plan& d, const v1::Plan& f) {
  Items<v1::DocumentReference> draft, fixture;
  for (const auto& r : d.legal_bases()) draft.items.push_back(&r), draft.codes.push_back("");
  for (const auto& r : f.legal_bases()) fixture.items.push_back(&r), fixture.codes.push_back("");
  std::function<std::optional<double>(const v1::DocumentReference&, const v1::DocumentReference&)>
      score = [](const auto& a, const auto& b) -> std::optional<double> {
    std::string key = ReferenceKey(a);
    if (key.empty() || key != ReferenceKey(b)) return std::nullopt;
    return SameDate(a.date(), b.date()) ? 2.0 : 1.0;
  };
  std::function<GroupScore(const v1::DocumentReference*, const v1::DocumentReference*)> fields =
      [](const auto* a, const auto* b) {
        GroupScore s;
        bool equal =
            a && b && ReferenceKey(*a) == ReferenceKey(*b) && SameDate(a->date(), b->date());
        Count(&s, a != nullptr, b != nullptr, equal);
        return s;
      };
  return Compare(draft, fixture, score, fields);
}

// ----- sections, tasks and targets (all levels, in document order)

struct Outline {
  Items<v1::Section> sections;
  Items<v1::Task> tasks;
  Items<v1::Target> targets;
};

std::string FoldedCode(absl::string_view code) { return text::FoldForSearch(code); }

void Flatten(const google::protobuf::RepeatedPtrField<v1::Section>& sections, Outline* out) {
  for (const v1::Section& s : sections) {
    out->sections.items.push_back(&s);
    out->sections.codes.push_back(FoldedCode(s.code()));
    for (const v1::Task& t : s.tasks()) {
      out->tasks.items.push_back(&t);
      out->tasks.codes.push_back(FoldedCode(t.code()));
    }
    for (const v1::Target& t : s.targets()) {
      out->targets.items.push_back(&t);
      out->targets.codes.push_back(FoldedCode(t.code()));
    }
    Flatten(s.sections(), out);
  }
}

GroupScore SectionsScore(const Outline& d, const Outline& f) {
  std::function<std::optional<double>(const v1::Section&, const v1::Section&)> score =
      [](const auto& a, const auto& b) -> std::optional<double> {
    bool same_code = !a.code().empty() && FoldedCode(a.code()) == FoldedCode(b.code());
    double title = WordSimilarity(a.title(), b.title());
    if (!same_code && title < kTaskSimilarity) return std::nullopt;
    return (same_code ? 1.0 : 0.0) + title;
  };
  std::function<GroupScore(const v1::Section*, const v1::Section*)> fields = [](const auto* a,
                                                                                const auto* b) {
    GroupScore s;
    const v1::Section& x = Or(a);
    const v1::Section& y = Or(b);
    std::string xc = FoldedCode(x.code()), yc = FoldedCode(y.code());
    Count(&s, !xc.empty(), !yc.empty(), xc == yc);
    Count(&s, !Words(x.title()).empty(), !Words(y.title()).empty(),
          WordSimilarity(x.title(), y.title()) >= kTaskSimilarity);
    return s;
  };
  return Compare(d.sections, f.sections, score, fields);
}

std::string TaskWords(const v1::Task& t) { return absl::StrCat(t.title(), " ", t.content()); }

std::optional<double> TaskScore(const v1::Task& a, const v1::Task& b) {
  double similarity = WordSimilarity(TaskWords(a), TaskWords(b));
  if (similarity < kTaskSimilarity) return std::nullopt;
  return similarity;
}

std::set<std::string> NameSet(const google::protobuf::RepeatedPtrField<std::string>& names) {
  std::set<std::string> set;
  for (const std::string& n : names) {
    if (!n.empty()) set.insert(n);
  }
  return set;
}

void CountSets(GroupScore* s, const std::set<std::string>& drafted,
               const std::set<std::string>& expected) {
  s->drafted += drafted.size();
  s->expected += expected.size();
  for (const std::string& n : drafted) s->matched += expected.count(n);
}

GroupScore TaskAgencies(const v1::Task* a, const v1::Task* b) {
  GroupScore s;
  const v1::Task& x = Or(a);
  const v1::Task& y = Or(b);
  CountName(&s, x.lead(), y.lead());
  CountSets(&s, NameSet(x.coordinating()), NameSet(y.coordinating()));
  CountSets(&s, NameSet(x.requested()), NameSet(y.requested()));
  return s;
}

void TasksScore(const Outline& d, const Outline& f, PlanComparison* out) {
  std::vector<int> pair = PairItems<v1::Task>(d.tasks, f.tasks, TaskScore);
  (*out)[FieldGroup::kTasks] =
      ScorePairs<v1::Task>(d.tasks, f.tasks, pair, [](const v1::Task* a, const v1::Task* b) {
        GroupScore s;
        Count(&s, a != nullptr, b != nullptr, a != nullptr && b != nullptr);
        return s;
      });
  (*out)[FieldGroup::kTaskAgencies] = ScorePairs<v1::Task>(d.tasks, f.tasks, pair, TaskAgencies);
}

std::string TargetWords(const v1::Target& t) {
  return absl::StrCat(t.description(), " ", t.text());
}

std::optional<double> TargetScore(const v1::Target& a, const v1::Target& b) {
  bool same_indicator = !a.indicator().empty() && a.indicator() == b.indicator();
  double similarity = WordSimilarity(TargetWords(a), TargetWords(b));
  if (!same_indicator && similarity < kTaskSimilarity) return std::nullopt;
  bool same_value = a.has_value() && b.has_value() && a.value() == b.value();
  return (same_indicator ? 1.0 : 0.0) + (same_value ? 0.5 : 0.0) + similarity;
}

GroupScore TargetFields(const v1::Target* a, const v1::Target* b) {
  GroupScore s;
  const v1::Target& x = Or(a);
  const v1::Target& y = Or(b);
  CountName(&s, x.indicator(), y.indicator());
  Count(&s, x.has_value(), y.has_value(), std::fabs(x.value() - y.value()) < 1e-9);
  Count(&s, x.comparison() != 0, y.comparison() != 0, x.comparison() == y.comparison());
  Count(&s, x.unit() != 0, y.unit() != 0, x.unit() == y.unit());
  return s;
}

// ----- budget, reporting, assignments

template <typename T>
Items<T> ItemsOf(const google::protobuf::RepeatedPtrField<T>& list) {
  Items<T> items;
  for (const T& x : list) {
    items.items.push_back(&x);
    items.codes.push_back("");
  }
  return items;
}

std::optional<double> BudgetScore(const v1::BudgetLine& a, const v1::BudgetLine& b) {
  double similarity = WordSimilarity(a.description(), b.description());
  bool same_source = a.source() != 0 && a.source() == b.source();
  if (!same_source && similarity < kTaskSimilarity) return std::nullopt;
  bool same_amount = a.has_amount_vnd() && b.has_amount_vnd() && a.amount_vnd() == b.amount_vnd();
  return (same_source ? 1.0 : 0.0) + (a.level() == b.level() ? 1.0 : 0.0) +
         (same_amount ? 1.0 : 0.0) + similarity;
}

GroupScore BudgetFields(const v1::BudgetLine* a, const v1::BudgetLine* b) {
  GroupScore s;
  const v1::BudgetLine& x = Or(a);
  const v1::BudgetLine& y = Or(b);
  Count(&s, x.source() != 0, y.source() != 0, x.source() == y.source());
  Count(&s, x.level() != 0, y.level() != 0, x.level() == y.level());
  Count(&s, x.has_amount_vnd(), y.has_amount_vnd(), x.amount_vnd() == y.amount_vnd());
  return s;
}

bool PeriodSet(const v1::ReportingRequirement& r) {
  return !text::FoldForSearch(r.period()).empty() || r.recurrence() != 0;
}
bool SamePeriod(const v1::ReportingRequirement& a, const v1::ReportingRequirement& b) {
  return text::FoldForSearch(a.period()) == text::FoldForSearch(b.period()) &&
         a.recurrence() == b.recurrence();
}
bool DueSet(const v1::ReportingRequirement& r) {
  return DateSet(r.due_date()) || r.annual_due().month() != 0 || r.annual_due().day() != 0;
}
bool SameDue(const v1::ReportingRequirement& a, const v1::ReportingRequirement& b) {
  return SameDate(a.due_date(), b.due_date()) && a.annual_due().month() == b.annual_due().month() &&
         a.annual_due().day() == b.annual_due().day();
}

// The reporting agencies, and "every assigned agency" as one more.
std::set<std::string> Reporters(const v1::ReportingRequirement& r) {
  std::set<std::string> set = NameSet(r.reporting_agencies());
  if (r.all_assigned_agencies()) set.insert("(every assigned agency)");
  return set;
}

GroupScore ReportingFields(const v1::ReportingRequirement* a, const v1::ReportingRequirement* b) {
  GroupScore s;
  const v1::ReportingRequirement& x = Or(a);
  const v1::ReportingRequirement& y = Or(b);
  Count(&s, x.kind() != 0, y.kind() != 0, x.kind() == y.kind());
  Count(&s, PeriodSet(x), PeriodSet(y), SamePeriod(x, y));
  Count(&s, DueSet(x), DueSet(y), SameDue(x, y));
  CountSets(&s, Reporters(x), Reporters(y));
  CountName(&s, x.recipient(), y.recipient());
  return s;
}

// Eligible when at least two things agree (kind, period, due date,
// recipient, a reporter, the description's words).
std::optional<double> ReportingScore(const v1::ReportingRequirement& a,
                                     const v1::ReportingRequirement& b) {
  GroupScore fields = ReportingFields(&a, &b);
  bool similar = WordSimilarity(a.description(), b.description()) >= kTaskSimilarity;
  std::set<std::string> ra = Reporters(a), rb = Reporters(b);
  int agreeing = (a.kind() != 0 && a.kind() == b.kind()) + (PeriodSet(a) && SamePeriod(a, b)) +
                 (DueSet(a) && SameDue(a, b)) +
                 (!a.recipient().empty() && a.recipient() == b.recipient()) + similar;
  for (const std::string& r : ra) {
    if (rb.count(r)) {
      ++agreeing;
      break;
    }
  }
  if (agreeing < 2) return std::nullopt;
  double overlap = fields.drafted + fields.expected == 0
                       ? 0
                       : 2.0 * fields.matched / (fields.drafted + fields.expected);
  return agreeing + overlap + WordSimilarity(a.description(), b.description());
}

std::optional<double> AssignmentScore(const v1::Assignment& a, const v1::Assignment& b) {
  if (a.agency().empty() || a.agency() != b.agency()) return std::nullopt;
  return 1.0 + (a.role() == b.role() ? 1.0 : 0.0) + WordSimilarity(a.duties(), b.duties());
}

GroupScore AssignmentFields(const v1::Assignment* a, const v1::Assignment* b) {
  GroupScore s;
  bool equal = a && b && a->agency() == b->agency() && a->role() == b->role();
  Count(&s, a != nullptr && !a->agency().empty(), b != nullptr && !b->agency().empty(), equal);
  return s;
}

}  // namespace

absl::string_view FieldGroupName(FieldGroup group) {
  switch (group) {
    case FieldGroup::kHeader:
      return "header";
    case FieldGroup::kLegalBases:
      return "legal bases";
    case FieldGroup::kSections:
      return "sections";
    case FieldGroup::kTasks:
      return "tasks";
    case FieldGroup::kTaskAgencies:
      return "task agencies";
    case FieldGroup::kTargets:
      return "targets";
    case FieldGroup::kBudget:
      return "budget";
    case FieldGroup::kReporting:
      return "reporting";
    case FieldGroup::kAssignments:
      return "assignments";
  }
  return "?";
}

double WordSimilarity(absl::string_view a, absl::string_view b) { return Dice(Words(a), Words(b)); }

std::string NormalisedDocumentNumber(absl::string_view number) {
  std::string folded = text::FoldForSearch(number);
  if (folded == "so") return "";
  if (absl::StartsWith(folded, "so ")) folded.erase(0, 3);
  return folded;
}

PlanComparison ComparePlans(const v1::Plan& draft, const v1::Plan& fixture) {
  PlanComparison out;
  out[FieldGroup::kHeader] = HeaderScore(draft, fixture);
  out[FieldGroup::kLegalBases] = LegalBasesScore(draft, fixture);
  Outline d, f;
  Flatten(draft.sections(), &d);
  Flatten(fixture.sections(), &f);
  out[FieldGroup::kSections] = SectionsScore(d, f);
  TasksScore(d, f, &out);
  out[FieldGroup::kTargets] = Compare<v1::Target>(d.targets, f.targets, TargetScore, TargetFields);
  out[FieldGroup::kBudget] = Compare<v1::BudgetLine>(
      ItemsOf(draft.budget()), ItemsOf(fixture.budget()), BudgetScore, BudgetFields);
  out[FieldGroup::kReporting] = Compare<v1::ReportingRequirement>(
      ItemsOf(draft.reporting()), ItemsOf(fixture.reporting()), ReportingScore, ReportingFields);
  out[FieldGroup::kAssignments] =
      Compare<v1::Assignment>(ItemsOf(draft.assignments()), ItemsOf(fixture.assignments()),
                              AssignmentScore, AssignmentFields);
  return out;
}

}  // namespace interplan::plans::import
