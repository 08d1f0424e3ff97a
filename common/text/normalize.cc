#include "common/text/normalize.h"

#include <algorithm>
#include <optional>

#include "absl/strings/string_view.h"
#include "common/text/unicode_properties.h"
#include "common/text/utf8.h"

namespace interplan::text {
namespace {

// Sorts every run of non-starters by combining class, keeping the order of
// marks with equal classes (the Canonical Ordering Algorithm).
void PutInCanonicalOrder(std::u32string& code_points) {
  auto by_class = [](char32_t a, char32_t b) {
    return CanonicalCombiningClass(a) < CanonicalCombiningClass(b);
  };
  auto it = code_points.begin();
  while (it != code_points.end()) {
    if (CanonicalCombiningClass(*it) == 0) {
      ++it;
      continue;
    }
    auto run_end = std::find_if(it, code_points.end(),
                                [](char32_t c) { return CanonicalCombiningClass(c) == 0; });
    if (run_end - it > 1) std::stable_sort(it, run_end, by_class);
    it = run_end;
  }
}

// The Canonical Composition Algorithm, in place, on NFD input.
void ComposeCanonically(std::u32string& code_points) {
  size_t out = 0;                 // code_points[0, out) is the composed result so far
  std::optional<size_t> starter;  // index in the result of the last starter
  int last_class = 0;             // class of the last code point kept after it
  for (char32_t c : code_points) {
    const int combining_class = CanonicalCombiningClass(c);
    // `c` can join the starter unless a kept code point in between blocks it:
    // nothing was kept after the starter (last_class == 0), or everything kept
    // has a lower class than `c`.
    if (starter.has_value() && (last_class == 0 || last_class < combining_class)) {
      if (std::optional<char32_t> composite = ComposePair(code_points[*starter], c)) {
        code_points[*starter] = *composite;
        continue;
      }
    }
    if (combining_class == 0) starter = out;
    last_class = combining_class;
    code_points[out++] = c;
  }
  code_points.resize(out);
}

}  // namespace

std::u32string ToNfd(std::u32string_view code_points) {
  std::u32string decomposed;
  decomposed.reserve(code_points.size());
  for (char32_t c : code_points) AppendCanonicalDecomposition(c, decomposed);
  PutInCanonicalOrder(decomposed);
  return decomposed;
}

std::u32string ToNfc(std::u32string_view code_points) {
  std::u32string composed = ToNfd(code_points);
  ComposeCanonically(composed);
  return composed;
}

std::string ToNfd(absl::string_view valid_utf8) {
  if (IsAscii(valid_utf8)) return std::string(valid_utf8);
  return EncodeUtf8(ToNfd(DecodeUtf8(valid_utf8)));
}

std::string ToNfc(absl::string_view valid_utf8) {
  if (IsAscii(valid_utf8)) return std::string(valid_utf8);
  return EncodeUtf8(ToNfc(DecodeUtf8(valid_utf8)));
}

}  // namespace interplan::text
