#include "services/plans/import/budget_reader.h"

#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_replace.h"
#include "re2/re2.h"
#include "services/plans/import/folded_text.h"

namespace interplan::plans::import {
namespace {

namespace v1 = ::interplan::plans::v1;

v1::BudgetSource SourceOf(absl::string_view f) {
  if (absl::StrContains(f, "muc tieu quoc gia") || absl::StrContains(f, "mtqg") ||
      absl::StrContains(f, "chuong trinh, de an")) {
    return v1::BUDGET_SOURCE_NATIONAL_TARGET_PROGRAMME;
  }
  if (absl::StrContains(f, "tai tro") || absl::StrContains(f, "vien tro"))
    return v1::BUDGET_SOURCE_DONOR;
  if (absl::StrContains(f, "hop phap") || absl::StrContains(f, "xa hoi hoa") ||
      absl::StrContains(f, "huy dong") || absl::StrContains(f, "van dong")) {
    return v1::BUDGET_SOURCE_OTHER_LAWFUL;
  }
  if ((absl::StrContains(f, "cua cac so") || absl::StrContains(f, "cua tung") ||
       absl::StrContains(f, "thuong xuyen cua")) &&
      absl::StrContains(f, "du toan")) {
    return v1::BUDGET_SOURCE_AGENCY_OWN_BUDGET;
  }
  if (absl::StrContains(f, "ngan sach") || absl::StrContains(f, "kinh phi")) {
    return v1::BUDGET_SOURCE_STATE_BUDGET;
  }
  return v1::BUDGET_SOURCE_UNSPECIFIED;
}

v1::BudgetLevel LevelOf(absl::string_view f, int unit_level) {
  if (absl::StrContains(f, "trung uong")) return v1::BUDGET_LEVEL_CENTRAL;
  if (absl::StrContains(f, "cap tinh") || absl::StrContains(f, "ngan sach tinh")) {
    return v1::BUDGET_LEVEL_PROVINCIAL;
  }
  if (absl::StrContains(f, "cap huyen") || absl::StrContains(f, "cua quan") ||
      absl::StrContains(f, "cua huyen")) {
    return v1::BUDGET_LEVEL_DISTRICT;
  }
  if (absl::StrContains(f, "cap xa")) return v1::BUDGET_LEVEL_COMMUNE;
  if (absl::StrContains(f, "dia phuong") || absl::StrContains(f, "ngan sach nha nuoc")) {
    switch (unit_level) {
      case 1:
        return v1::BUDGET_LEVEL_PROVINCIAL;
      case 2:
        return v1::BUDGET_LEVEL_DISTRICT;
      case 3:
        return v1::BUDGET_LEVEL_COMMUNE;
      default:
        break;
    }
  }
  return v1::BUDGET_LEVEL_UNSPECIFIED;
}

}  // namespace

std::vector<v1::BudgetLine> BudgetLinesOf(const std::string& paragraph, int unit_level) {
  static const LazyRE2 kAmount = {R"((\d[\d.,]*)\s*(trieu|ty)\s*dong)"};
  FoldedText text(paragraph);
  const std::string& f = text.folded();
  // Clauses: split at ";" and at " hoặc " / ", " when each side names a source.
  std::vector<std::pair<size_t, size_t>> clauses;
  size_t begin = 0;
  size_t i = 0;
  while (i < f.size()) {
    size_t skip = 0;
    if (f[i] == ';') {
      skip = 1;
    } else if (f.compare(i, 6, " hoac ") == 0) {
      skip = 6;
    } else if (f.compare(i, 2, ", ") == 0) {
      skip = 2;
    } else if (f.compare(i, 4, " va ") == 0) {
      skip = 4;
    }
    if (skip == 0) {
      ++i;
      continue;
    }
    clauses.emplace_back(begin, i);
    begin = i + skip;
    i = begin;
  }
  clauses.emplace_back(begin, f.size());
  std::vector<v1::BudgetLine> lines;
  size_t open = 0;  // the first clause of the line being read
  for (size_t c = 0; c < clauses.size() && lines.size() < 20; ++c) {
    absl::string_view clause(f.data() + clauses[c].first, clauses[c].second - clauses[c].first);
    v1::BudgetSource source = SourceOf(clause);
    if (source == v1::BUDGET_SOURCE_UNSPECIFIED) {
      if (!lines.empty()) {
        lines.back().set_description(
            TrimPunct(text.Original(clauses[open].first, clauses[c].second)));
      }
      continue;
    }
    if (!lines.empty() && lines.back().source() == source) {
      lines.back().set_description(
          TrimPunct(text.Original(clauses[open].first, clauses[c].second)));
      continue;
    }
    open = c;
    v1::BudgetLine line;
    line.set_source(source);
    line.set_level(source == v1::BUDGET_SOURCE_STATE_BUDGET ? LevelOf(f, unit_level)
                                                            : v1::BUDGET_LEVEL_UNSPECIFIED);
    line.set_description(TrimPunct(text.Original(clauses[c].first, clauses[c].second)));
    bool committed =
        absl::StrContains(clause, "da giao") || absl::StrContains(clause, "da bo tri") ||
        absl::StrContains(clause, "da duoc bo tri") || absl::StrContains(clause, "da duoc giao");
    line.set_status(committed ? v1::BUDGET_STATUS_COMMITTED : v1::BUDGET_STATUS_INDICATIVE);
    std::string digits, scale;
    if (RE2::PartialMatch(re2::StringPiece(clause.data(), clause.size()), *kAmount, &digits,
                          &scale)) {
      std::string plain = absl::StrReplaceAll(digits, {{".", ""}, {",", "."}});
      double amount = 0;
      if (absl::SimpleAtod(plain, &amount) && amount < 1e7) {
        line.set_amount_vnd(static_cast<int64_t>(amount * (scale == "ty" ? 1e9 : 1e6)));
      }
    }
    lines.push_back(std::move(line));
  }
  return lines;
}

}  // namespace interplan::plans::import
