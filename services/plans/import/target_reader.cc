#include "services/plans/import/target_reader.h"

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "common/model/target_comparison.h"
#include "re2/re2.h"
#include "services/plans/import/folded_text.h"

namespace interplan::plans::import {
namespace {

namespace v1 = ::interplan::plans::v1;

struct Piece {
  double value = 0;
  std::string comparison_words;
  std::string rest;  // what follows the number, to the piece's end
};

// The comparison words right before folded offset `at`.
std::string ComparisonBefore(const FoldedText& text, size_t at) {
  static const LazyRE2 kWords = {
      R"(((?:phan dau\s+)?(?:dat\s+)?(?:it nhat|toi thieu|toi da|khong qua|xuong duoi|duoi|tren|khoang|xap xi|tang them|tang|giam xuong|giam|dat|phan dau))\s*$)"};
  size_t from = at > 60 ? at - 60 : 0;
  std::string before = text.folded().substr(from, at - from);
  re2::StringPiece m;
  if (!kWords->Match(before, 0, before.size(), RE2::UNANCHORED, &m, 1)) return "";
  size_t b = from + (m.data() - before.data());
  return text.Original(b, b + m.size());
}

}  // namespace

std::vector<v1::Target> TargetsOfSentence(const std::string& sentence) {
  static const LazyRE2 kPercent = {R"((\d{1,3}(?:[.,]\d+)?)\s*%)"};
  static const LazyRE2 kYear = {R"((?:den|vao|trong|cuoi)\s+(?:cuoi\s+)?nam\s+(\d{4}))"};
  FoldedText text(sentence);
  const std::string& f = text.folded();
  std::vector<Piece> pieces;
  std::vector<size_t> ends;
  size_t pos = 0;
  re2::StringPiece m[2];
  while (pos < f.size() && pieces.size() < 20 &&
         kPercent->Match(f, pos, f.size(), RE2::UNANCHORED, m, 2)) {
    Piece piece;
    std::string number = absl::StrReplaceAll(std::string(m[1].data(), m[1].size()), {{",", "."}});
    if (!absl::SimpleAtod(number, &piece.value)) break;
    size_t begin = m[0].data() - f.data();
    piece.comparison_words = ComparisonBefore(text, begin);
    size_t end = begin + m[0].size();
    size_t stop = f.find_first_of(";.", end);
    while (stop != std::string::npos && f[stop] == '.' && stop + 1 < f.size() &&
           std::isdigit(static_cast<unsigned char>(f[stop + 1]))) {
      stop = f.find_first_of(";.", stop + 1);
    }
    if (stop == std::string::npos) stop = f.size();
    piece.rest = TrimPunct(text.Original(end, stop));
    pieces.push_back(piece);
    pos = end;
  }
  if (pieces.empty()) return {};
  // "70% X; 50% Y được ...": the last piece's predicate is shared.
  std::string predicate;
  size_t duoc = Fold(pieces.back().rest).find(" duoc ");
  if (duoc != std::string::npos) {
    FoldedText last(pieces.back().rest);
    predicate = last.Original(duoc, last.folded().size());
  }
  int year = 0;
  std::string digits;
  if (RE2::PartialMatch(f, *kYear, &digits)) (void)absl::SimpleAtoi(digits, &year);
  // "đạt 70% X; 50% Y": a figure without words of its own compares as the
  // one before it.
  for (size_t i = 1; i < pieces.size(); ++i) {
    if (pieces[i].comparison_words.empty()) {
      pieces[i].comparison_words = pieces[i - 1].comparison_words;
    }
  }
  std::vector<v1::Target> targets;
  for (const Piece& piece : pieces) {
    v1::Target target;
    target.set_value(piece.value);
    target.set_unit(v1::TARGET_UNIT_PERCENT);
    std::string rest = piece.rest;
    FoldedText folded_rest(rest);
    size_t own_duoc = folded_rest.folded().find(" duoc ");
    std::string population =
        own_duoc == std::string::npos ? rest : folded_rest.Original(0, own_duoc);
    if (own_duoc == std::string::npos && !predicate.empty()) rest += " " + predicate;
    target.set_population(TrimPunct(population));
    target.set_description(TrimPunct("Tỷ lệ " + rest));
    target.set_text(sentence);
    if (!piece.comparison_words.empty()) {
      target.set_comparison_words(piece.comparison_words);
      FillComparisonFromWords(&target);
    }
    if (year > 0) {
      target.mutable_due_date()->set_year(year);
      target.mutable_due_date()->set_month(12);
      target.mutable_due_date()->set_day(31);
    }
    targets.push_back(std::move(target));
  }
  return targets;
}

void ReadTargets(const std::vector<int>& paragraphs, const std::string& code,
                 const std::string& field, v1::Section* section, ParseContext& context) {
  section->set_title("Mục tiêu");
  for (int p : paragraphs) {
    std::string sentence = (*context.paragraphs)[p];
    size_t colon = sentence.find(':');
    if (colon != std::string::npos && colon < 40) sentence = TrimPunct(sentence.substr(colon + 1));
    for (v1::Target& target : TargetsOfSentence(sentence)) {
      if (section->targets_size() >= 26) return;
      std::string target_field = absl::StrCat(field, ".targets[", section->targets_size(), "]");
      target.set_code(absl::StrCat(code, "-", std::string(1, 'a' + section->targets_size())));
      std::optional<Resolution> indicator =
          context.resolve.resolver->ResolveIndicator(target.description());
      if (!indicator.has_value()) {
        context.Add(Finding::Kind::kUnresolved, target_field + ".indicator", target.description(),
                    p, 0, "no catalogue indicator fits this wording; the description keeps it");
      } else {
        target.set_indicator(indicator->name);
        bool sure = indicator->confidence >= kConfident;
        context.Add(sure ? Finding::Kind::kRecognised : Finding::Kind::kGuessed,
                    target_field + ".indicator", target.description(), p, indicator->confidence,
                    sure ? indicator->display_name
                         : "check the indicator: closest is " + indicator->display_name);
      }
      if (target.comparison_words().empty()) {
        context.Add(Finding::Kind::kMissing, target_field + ".comparison", "", p, 0,
                    "the text does not say how the value compares (at least, at most, about)");
      }
      *section->add_targets() = std::move(target);
    }
  }
}

}  // namespace interplan::plans::import
