#include "services/plans/import/reporting_reader.h"

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "re2/re2.h"
#include "services/plans/import/vietnamese_dates.h"

namespace interplan::plans::import {
namespace {

namespace v1 = ::interplan::plans::v1;

bool Yearly(absl::string_view f) {
  return absl::StrContains(f, "hang nam") || absl::StrContains(f, "hằng năm") ||
         absl::StrContains(f, "moi nam");
}

// The kind the words between `floor` (the previous due) and `at` give.
v1::ReportKind KindBefore(absl::string_view f, size_t floor, size_t at) {
  size_t from = std::max(floor, at > 50 ? at - 50 : 0);
  absl::string_view before = f.substr(from, at - from);
  if (absl::StrContains(before, "6 thang") || absl::StrContains(before, "sau thang")) {
    return v1::REPORT_KIND_SEMI_ANNUAL;
  }
  if (absl::StrContains(before, "so ket") || absl::StrContains(before, "tong ket giai doan")) {
    return v1::REPORT_KIND_REVIEW;
  }
  return v1::REPORT_KIND_ANNUAL;
}

// The agency reports go to: the first name after "gửi", "về" or "báo cáo".
std::string Recipient(const FoldedText& text, ParseContext& context, const std::string& field,
                      int paragraph) {
  static const LazyRE2 kTo = {R"((?:gui(?: ve)?|ve|bao cao|qua)\s+)"};
  const std::string& f = text.folded();
  size_t pos = 0;
  re2::StringPiece m;
  while (pos < f.size() && kTo->Match(f, pos, f.size(), RE2::UNANCHORED, &m, 1)) {
    size_t after = m.data() - f.data() + m.size();
    std::optional<AgencyMention> mention = ReadAgencyAt(text, after, f.size(), context.resolve);
    if (mention.has_value() && !mention->collective && mention->resolution.has_value()) {
      return context.Agency(*mention, field + ".recipient", paragraph);
    }
    pos = after;
  }
  return "";
}

// "X tổng hợp(,) báo cáo Y, Z theo quy định": X forwards the reports to Y
// and Z, one line per recipient and per kind of the reports it forwards.
void AddForwarded(const FoldedText& text, const std::string& forwarder,
                  const std::vector<v1::ReportKind>& kinds, const PlanYears& years,
                  ParseContext& context, int paragraph,
                  std::vector<v1::ReportingRequirement>* found) {
  static const LazyRE2 kForward = {R"(tong hop,?\s*(?:va\s+)?bao cao\s+)"};
  const std::string& f = text.folded();
  re2::StringPiece m;
  if (forwarder.empty() || !kForward->Match(f, 0, f.size(), RE2::UNANCHORED, &m, 1)) return;
  size_t after = m.data() - f.data() + m.size();
  std::vector<AgencyMention> list = ReadAgencyList(text, after, f.size(), context.resolve);
  bool as_required = absl::StrContains(f.substr(after), "theo quy dinh");
  for (const AgencyMention& mention : list) {
    if (mention.collective || !mention.resolution.has_value()) continue;
    std::string recipient = context.Agency(mention, "plan.reporting.recipient", paragraph);
    if (recipient.empty() || recipient == forwarder) continue;
    for (v1::ReportKind kind : kinds) {
      v1::ReportingRequirement r;
      r.set_kind(kind);
      r.add_reporting_agencies(forwarder);
      r.set_recipient(recipient);
      if (as_required) r.set_due_text("theo quy định");
      if (years.first > 0 && years.first == years.last) {
        r.set_period(kind == v1::REPORT_KIND_SEMI_ANNUAL ? absl::StrCat(years.first, "-H1")
                                                         : absl::StrCat(years.first));
      }
      r.set_description(text.original());
      found->push_back(std::move(r));
    }
  }
}

}  // namespace

namespace {

// Sets `r`'s due from a "trước ngày D/M(/Y)" date: a day of every year of
// a multi-year plan when the text says "hằng năm", else once.
void SetDue(google::type::Date due, bool yearly, const PlanYears& years,
            v1::ReportingRequirement* r) {
  if (yearly && due.year() == 0 && years.last > years.first) {
    r->set_recurrence(v1::REPORT_RECURRENCE_EVERY_YEAR);
    r->mutable_annual_due()->set_month(due.month());
    r->mutable_annual_due()->set_day(due.day());
    return;
  }
  if (due.year() == 0) due.set_year(years.first);
  *r->mutable_due_date() = due;
  if (due.year() > 0) {
    r->set_period(r->kind() == v1::REPORT_KIND_SEMI_ANNUAL
                      ? absl::StrCat(due.year(), due.month() <= 8 ? "-H1" : "-H2")
                      : absl::StrCat(due.year()));
  }
}

// One requirement per "trước ngày ..." in the sentence, each copied from
// `base`.
std::vector<v1::ReportingRequirement> DatedRequirements(const FoldedText& text,
                                                        const v1::ReportingRequirement& base,
                                                        const PlanYears& years) {
  static const LazyRE2 kBefore = {R"(truoc ngay\s*)"};
  const std::string& f = text.folded();
  std::vector<v1::ReportingRequirement> found;
  size_t pos = 0;
  size_t previous_due = 0;
  re2::StringPiece m;
  while (pos < f.size() && found.size() < 12 &&
         kBefore->Match(f, pos, f.size(), RE2::UNANCHORED, &m, 1)) {
    size_t at = m.data() - f.data();
    size_t after = at + m.size();
    pos = after;
    std::optional<FoundDate> full = FindDate(f, after);
    std::optional<FoundDate> day = FindDayOfYear(f, after);
    std::optional<FoundDate> due;
    if (full.has_value() && full->begin <= after + 1) {
      due = full;
    } else if (day.has_value() && day->begin <= after + 1) {
      due = day;
    } else {
      continue;
    }
    v1::ReportingRequirement r = base;
    r.set_kind(KindBefore(f, previous_due, at));
    // "trước ngày 05 tháng 11 hằng năm": the recurrence is part of the due.
    static const LazyRE2 kEveryYear = {R"(^\s*,?\s*(?:hang|moi) nam)"};
    re2::StringPiece after_due(f.data() + due->end, f.size() - due->end);
    if (RE2::Consume(&after_due, *kEveryYear)) due->end = after_due.data() - f.data();
    r.set_due_text(TrimPunct(text.Original(at, due->end)));
    previous_due = due->end;
    SetDue(due->date, Yearly(f), years, &r);
    found.push_back(std::move(r));
  }
  return found;
}

}  // namespace

std::vector<v1::ReportingRequirement> ReportingOfSentence(const std::string& sentence,
                                                          const std::string& reporter,
                                                          const std::string& reporter_words,
                                                          const PlanYears& years,
                                                          ParseContext& context, int paragraph) {
  FoldedText text(sentence);
  const std::string& f = text.folded();
  if (!absl::StrContains(f, "bao cao")) return {};
  v1::ReportingRequirement base;
  if (!reporter.empty()) base.add_reporting_agencies(reporter);
  if (reporter.empty() && !reporter_words.empty()) {
    base.set_reporters(reporter_words);
    std::optional<v1::AgencyGroup> group =
        context.Group(reporter_words, "plan.reporting.reporter_groups", paragraph);
    if (group.has_value()) *base.add_reporter_groups() = *std::move(group);
  }
  base.set_description(sentence);
  base.set_recipient(Recipient(text, context, "plan.reporting", paragraph));
  std::vector<v1::ReportingRequirement> found = DatedRequirements(text, base, years);
  if (!found.empty()) {
    std::vector<v1::ReportKind> kinds;
    for (const v1::ReportingRequirement& r : found) {
      if (std::find(kinds.begin(), kinds.end(), r.kind()) == kinds.end()) kinds.push_back(r.kind());
    }
    AddForwarded(text, base.recipient(), kinds, years, context, paragraph, &found);
    return found;
  }
  v1::ReportingRequirement r = base;
  static const LazyRE2 kPeriodic = {R"((theo dinh ky|dinh ky(?: theo quy dinh)?|theo quy dinh))"};
  re2::StringPiece words;
  if (absl::StrContains(f, "dot xuat") && !absl::StrContains(f, "dinh ky")) {
    r.set_kind(v1::REPORT_KIND_AD_HOC);
    r.set_due_text("đột xuất");
    found.push_back(std::move(r));
    return found;
  }
  if (!kPeriodic->Match(f, 0, f.size(), RE2::UNANCHORED, &words, 1)) return found;
  size_t b = words.data() - f.data();
  r.set_due_text(text.Original(b, b + words.size()));
  r.set_kind(v1::REPORT_KIND_PERIODIC);
  found.push_back(std::move(r));
  // Forwarded as the yearly (and half-yearly) reports are.
  std::vector<v1::ReportKind> kinds;
  if (absl::StrContains(f, "6 thang")) kinds.push_back(v1::REPORT_KIND_SEMI_ANNUAL);
  kinds.push_back(v1::REPORT_KIND_ANNUAL);
  AddForwarded(text, base.recipient().empty() ? reporter : base.recipient(), kinds, years, context,
               paragraph, &found);
  return found;
}

}  // namespace interplan::plans::import
