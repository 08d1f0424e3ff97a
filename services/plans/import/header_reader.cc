#include "services/plans/import/header_reader.h"

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_join.h"
#include "re2/re2.h"
#include "services/plans/import/document_outline.h"
#include "services/plans/import/document_references.h"
#include "services/plans/import/folded_text.h"
#include "services/plans/import/vietnamese_dates.h"

namespace interplan::plans::import {
namespace {

bool HasLowerAscii(absl::string_view s) {
  for (char c : s) {
    if (c >= 'a' && c <= 'z') return true;
  }
  return false;
}

bool IsMotto(absl::string_view folded) {
  return absl::StrContains(folded, "cong hoa xa hoi chu nghia") ||
         absl::StrContains(folded, "doc lap") || absl::StrContains(folded, "hanh phuc");
}

// Paragraphs that open the preamble rather than continue the title.
bool OpensPreamble(absl::string_view folded) {
  static const LazyRE2 kOpeners = {
      R"(^(?:can cu|thuc hien|tren co so|theo|de |nham|xet|nhan thuc|qua|tiep tuc|tu nam)\b.*)"};
  return RE2::FullMatch(re2::StringPiece(folded.data(), folded.size()), *kOpeners);
}

void ReadNumberAndDate(const std::vector<std::string>& paragraphs, int begin, int end,
                       DocumentHeader* header) {
  static const LazyRE2 kNumberLine = {R"(^(?:.*\s)?so\s*:.*)"};
  static const LazyRE2 kPlace = {R"(^(?:.*so\s*:\s*\S+\s+)?([^,:]{2,40}),\s*ngay)"};
  for (int i = begin; i < end; ++i) {
    FoldedText text(paragraphs[i]);
    const std::string& f = text.folded();
    if (header->number_paragraph < 0 && RE2::FullMatch(f, *kNumberLine)) {
      size_t at = f.find("so");
      while (at != std::string::npos && at > 0 && std::isalpha(f[at - 1]))
        at = f.find("so", at + 1);
      std::string number = DocumentNumberAt(text, at == std::string::npos ? 0 : at);
      if (!number.empty()) {
        header->number = number;
        header->number_paragraph = i;
      }
    }
    if (header->date_paragraph >= 0) continue;
    // A date line split after "ngày": read it with the next line.
    std::string joined = paragraphs[i];
    if (i + 1 < end && absl::StrContains(f, "ngay") && !absl::StrContains(f, "nam")) {
      joined += " " + paragraphs[i + 1];
    }
    FoldedText date_text(joined);
    std::optional<FoundDate> date = FindDate(date_text.folded());
    if (!date.has_value() || !absl::StrContains(date_text.folded(), "ngay")) continue;
    header->issue_date = date->date;
    header->date_paragraph = i;
    re2::StringPiece place;
    if (RE2::PartialMatch(date_text.folded(), *kPlace, &place)) {
      size_t b = place.data() - date_text.folded().data();
      header->place = TrimPunct(date_text.Original(b, b + place.size()));
    }
  }
}

void ReadIssuer(const std::vector<std::string>& paragraphs, int begin, int end,
                DocumentHeader* header) {
  std::vector<std::string> lines;
  for (int i = begin; i < end; ++i) {
    if (i == header->number_paragraph || i == header->date_paragraph) continue;
    // A Word table's header row may come as one line: the body's name, then
    // the national motto beside it.
    FoldedText text(paragraphs[i]);
    size_t motto = text.folded().find("cong hoa xa hoi");
    std::string line = motto == std::string::npos ? paragraphs[i] : text.Original(0, motto);
    if (line.empty() || HasLowerAscii(line) || line.size() > 200) continue;
    std::string f = Fold(line);
    if (IsMotto(f) || absl::StrContains(f, "so:")) continue;
    lines.push_back(TrimPunct(line));
    header->issuer_paragraph = i;
  }
  header->issuer_words = absl::StrJoin(lines, "\n");
}

void ReadTitle(const std::vector<std::string>& paragraphs, int end, DocumentHeader* header) {
  std::vector<std::string> lines;
  int i = header->kind_paragraph + 1;
  // "KẾ HOẠCH Triển khai ..." on one line.
  FoldedText kind_line(paragraphs[header->kind_paragraph]);
  size_t kind_length = absl::StartsWith(kind_line.folded(), "ke hoach") ? 8 : 10;
  size_t rest = kind_line.folded().find_first_not_of(" :", kind_length);
  if (rest != std::string::npos && rest < kind_line.folded().size() &&
      (absl::StartsWith(kind_line.folded(), "ke hoach ") ||
       absl::StartsWith(kind_line.folded(), "quyet dinh "))) {
    lines.push_back(kind_line.Original(rest, kind_line.folded().size()));
    header->title_paragraph = header->kind_paragraph;
  }
  for (; i < end && lines.size() < 4; ++i) {
    std::string f = Fold(paragraphs[i]);
    // The line under the kind is the title, whatever its first word, unless
    // it is plainly the preamble ("Căn cứ ...") or a part.
    bool first = lines.empty();
    if ((first ? absl::StartsWith(f, "can cu") : OpensPreamble(f)) ||
        ReadMarker(paragraphs[i]).kind != MarkerKind::kNone) {
      break;
    }
    if (absl::StartsWith(f, "(")) {
      if (absl::StrContains(f, "kem theo")) header->attached_to = TrimPunct(paragraphs[i]);
      ++i;
      break;
    }
    if (!lines.empty() && paragraphs[i].size() > 250) break;
    if (f.find("_") == 0 || f.find("---") == 0) {
      ++i;
      break;
    }
    if (header->title_paragraph < 0) header->title_paragraph = i;
    lines.push_back(paragraphs[i]);
  }
  // A "(Ban hành kèm theo ...)" line right after the title.
  if (i < end && header->attached_to.empty()) {
    std::string f = Fold(paragraphs[i]);
    if (absl::StartsWith(f, "(") && absl::StrContains(f, "kem theo")) {
      header->attached_to = TrimPunct(paragraphs[i]);
      ++i;
    }
  }
  header->title = TrimPunct(absl::StrJoin(lines, " "));
  header->body_begin = i;
}

}  // namespace

int FindKindLine(const std::vector<std::string>& paragraphs, int begin, int end,
                 v1::DocumentKind* kind) {
  static const LazyRE2 kKind = {R"(^(ke hoach|quyet dinh)\s*:?(?:\s.*)?$)"};
  for (int i = begin; i < end && i < static_cast<int>(paragraphs.size()); ++i) {
    const std::string& p = paragraphs[i];
    if (p.size() < 8) continue;
    // The kind is printed in capitals: "KẾ HOẠCH", not "Kế hoạch số ...".
    if (HasLowerAscii(p.substr(0, 10))) continue;
    std::string word;
    if (!RE2::FullMatch(Fold(p), *kKind, &word)) continue;
    if (Fold(p).size() > 260) continue;
    if (kind != nullptr)
      *kind = word == "ke hoach" ? v1::DOCUMENT_KIND_PLAN : v1::DOCUMENT_KIND_DECISION;
    return i;
  }
  return -1;
}

int FindFirstPart(const std::vector<std::string>& paragraphs, int begin, int end) {
  int first_arabic = -1;
  for (int i = begin; i < end; ++i) {
    Marker marker = ReadMarker(paragraphs[i]);
    if (marker.kind == MarkerKind::kRoman) return i;
    if (first_arabic < 0 && marker.kind == MarkerKind::kArabic) first_arabic = i;
  }
  return first_arabic;
}

DocumentHeader ReadHeader(const std::vector<std::string>& paragraphs, int begin, int window) {
  DocumentHeader header;
  int n = static_cast<int>(paragraphs.size());
  header.kind_paragraph =
      FindKindLine(paragraphs, begin, std::min(n, begin + window), &header.kind);
  int head_end = header.kind_paragraph >= 0 ? header.kind_paragraph : std::min(n, begin + 6);
  ReadNumberAndDate(paragraphs, begin, head_end, &header);
  ReadIssuer(paragraphs, begin, head_end, &header);
  if (header.kind_paragraph >= 0) {
    ReadTitle(paragraphs, n, &header);
  } else {
    header.body_begin = head_end;
  }
  return header;
}

}  // namespace interplan::plans::import
