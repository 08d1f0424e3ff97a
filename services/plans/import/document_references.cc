#include "services/plans/import/document_references.h"

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "re2/re2.h"
#include "services/plans/import/vietnamese_dates.h"

namespace interplan::plans::import {
namespace {

namespace v1 = ::interplan::plans::v1;

constexpr char kKinds[] =
    "cong van|quyet dinh|ke hoach|nghi quyet|chi thi|nghi dinh|thong tu|ket luan|to trinh|"
    "huong dan|thong bao|luat|chuong trinh|chien luoc|van ban";

// A number: digits, then parts joined by "/", "-" or "." ("356/ldtbxh-bdg",
// "70/2008/nd-cp", "21-ct/tw"), possibly with one space inside a sign
// ("458/ldt bxh-bdg").
constexpr char kNumber[] = R"((\d+(?:\s?[/\-.]\s?[a-z0-9]+)+(?:\s[a-z]{2,6}-[a-z0-9]+)?))";

// Where the issuer's words end.
size_t IssuerEnd(absl::string_view folded, size_t begin) {
  static const LazyRE2 kEnd = {
      R"(\s(?:ve viec|v/v|ve|ban hanh|phe duyet|quy dinh|huong dan|tai)\s|[;,.(:]|$)"};
  re2::StringPiece input(folded.data() + begin, folded.size() - begin);
  re2::StringPiece m;
  if (!kEnd->Match(input, 0, input.size(), RE2::UNANCHORED, &m, 1)) return folded.size();
  return m.data() - folded.data();
}

// Where a title ends: a ";", a sentence's end, or the next reference.
size_t TitleEnd(absl::string_view folded, size_t begin, size_t next_reference) {
  static const LazyRE2 kEnd = {
      R"(;|\.\s|\.$|,\s(?:[a-z]+\s){0,8}(?:ban hanh|xay dung) ke hoach|\s\(goi tat|$)"};
  re2::StringPiece input(folded.data() + begin, next_reference - begin);
  re2::StringPiece m;
  if (!kEnd->Match(input, 0, input.size(), RE2::UNANCHORED, &m, 1)) return next_reference;
  return m.data() - folded.data();
}

}  // namespace

v1::DocumentKind KindOfWords(absl::string_view w) {
  if (absl::StartsWith(w, "cong van")) return v1::DOCUMENT_KIND_OFFICIAL_LETTER;
  if (absl::StartsWith(w, "quyet dinh")) return v1::DOCUMENT_KIND_DECISION;
  if (absl::StartsWith(w, "ke hoach")) return v1::DOCUMENT_KIND_PLAN;
  if (absl::StartsWith(w, "nghi quyet")) return v1::DOCUMENT_KIND_RESOLUTION;
  if (absl::StartsWith(w, "chi thi")) return v1::DOCUMENT_KIND_DIRECTIVE;
  if (absl::StartsWith(w, "luat")) return v1::DOCUMENT_KIND_LAW;
  if (absl::StartsWith(w, "nghi dinh")) return v1::DOCUMENT_KIND_DECREE;
  if (absl::StartsWith(w, "thong tu")) return v1::DOCUMENT_KIND_CIRCULAR;
  if (absl::StartsWith(w, "chuong trinh")) return v1::DOCUMENT_KIND_PROGRAMME;
  if (absl::StartsWith(w, "chien luoc")) return v1::DOCUMENT_KIND_STRATEGY;
  if (absl::StartsWith(w, "ket luan")) return v1::DOCUMENT_KIND_CONCLUSION;
  return v1::DOCUMENT_KIND_OTHER;
}

std::vector<FoundReference> FindDocumentReferences(const FoldedText& text) {
  static const RE2* const kReference =
      new RE2(std::string("(?:^|[^a-z])(") + kKinds + R"()\s+(?:so\s*)?:?\s*)" + kNumber);
  const std::string& f = text.folded();
  std::vector<FoundReference> found;
  size_t pos = 0;
  while (pos < f.size() && found.size() < 200) {
    re2::StringPiece input(f.data() + pos, f.size() - pos);
    re2::StringPiece m[3];
    if (!kReference->Match(input, 0, input.size(), RE2::UNANCHORED, m, 3)) break;
    FoundReference ref;
    ref.begin = m[1].data() - f.data();
    size_t number_begin = m[2].data() - f.data();
    ref.end = number_begin + m[2].size();
    pos = ref.end;
    ref.reference.set_kind(KindOfWords(std::string(m[1].data(), m[1].size())));
    ref.reference.set_number(TrimPunct(text.Original(number_begin, ref.end)));
    found.push_back(std::move(ref));
  }
  for (size_t i = 0; i < found.size(); ++i) {
    FoundReference& ref = found[i];
    size_t limit = i + 1 < found.size() ? found[i + 1].begin : f.size();
    size_t at = ref.end;
    std::optional<FoundDate> date = FindDate(absl::string_view(f.data(), limit), at);
    // The date follows the number: "số 1415/KH-UBND ngày 25/5/2021", also
    // with a comma between them.
    static const LazyRE2 kBeforeDate = {R"([\s,]*(?:ngay)?[\s,]*)"};
    if (date.has_value() && date->begin >= at &&
        RE2::FullMatch(re2::StringPiece(f.data() + at, date->begin - at), *kBeforeDate)) {
      *ref.reference.mutable_date() = date->date;
      at = date->end;
    }
    static const LazyRE2 kOf = {R"(^[\s,]*cua\s+)"};
    re2::StringPiece rest(f.data() + at, limit - at);
    if (RE2::Consume(&rest, *kOf)) {
      size_t issuer_begin = rest.data() - f.data();
      size_t issuer_end =
          std::min(IssuerEnd(absl::string_view(f.data(), limit), issuer_begin), limit);
      ref.reference.set_issuer(TrimPunct(text.Original(issuer_begin, issuer_end)));
      at = issuer_end;
    }
    static const LazyRE2 kAbout = {R"(^[\s,]*(?:ve viec|v/v|ve)\s+)"};
    rest = re2::StringPiece(f.data() + at, limit - at);
    if (RE2::Consume(&rest, *kAbout)) {
      size_t title_begin = rest.data() - f.data();
      size_t title_end = TitleEnd(f, title_begin, limit);
      ref.reference.set_title(TrimPunct(text.Original(title_begin, title_end)));
      at = title_end;
    }
    ref.end = at;
  }
  return found;
}

std::string DocumentNumberAt(const FoldedText& text, size_t from) {
  static const LazyRE2 kNumberLine = {
      R"(so\s*:?\s*((?:\d+\s*)?[./…\s]*/\s*[a-z0-9]+(?:-[a-z0-9]+)*))"};
  const std::string& f = text.folded();
  if (from >= f.size()) return "";
  re2::StringPiece input(f.data() + from, f.size() - from);
  re2::StringPiece m[2];
  if (!kNumberLine->Match(input, 0, input.size(), RE2::UNANCHORED, m, 2)) return "";
  size_t begin = m[1].data() - f.data();
  std::string number = TrimPunct(text.Original(begin, begin + m[1].size()));
  // "01 /KH-BVSTBPN": spaces before the slash are layout, not the number.
  std::string compact;
  for (size_t i = 0; i < number.size(); ++i) {
    if (number[i] == ' ' && i + 1 < number.size() && number[i + 1] == '/') continue;
    compact.push_back(number[i]);
  }
  // A blank number printed with dots or an ellipsis: "…/KH-UBND".
  size_t slash = compact.find('/');
  if (slash != std::string::npos) {
    std::string before = compact.substr(0, slash);
    bool digits = !before.empty();
    for (char c : before) digits = digits && std::isdigit(static_cast<unsigned char>(c));
    if (!digits) compact = compact.substr(slash);
  }
  return compact;
}

}  // namespace interplan::plans::import
