#include "common/text/unicode_properties.h"

#include <algorithm>
#include <cstdint>
#include <iterator>

#include "absl/strings/string_view.h"

namespace interplan::text {
namespace {

struct CodePointRange {
  char32_t first;
  char32_t last;
};

struct CombiningClassRange {
  char32_t first;
  char32_t last;
  uint8_t combining_class;
};

struct Decomposition {
  char32_t code_point;
  char32_t first;
  char32_t second;  // 0 for a singleton mapping
};

struct Composition {
  char32_t first;
  char32_t second;
  char32_t composite;
};

struct LowercaseMapping {
  char32_t code_point;
  char32_t lowercase;
};

#include "common/text/unicode_tables.inc"

// Hangul syllable arithmetic (The Unicode Standard, section 3.12).
constexpr char32_t kHangulSyllableBase = 0xAC00;
constexpr char32_t kHangulLeadingBase = 0x1100;
constexpr char32_t kHangulVowelBase = 0x1161;
constexpr char32_t kHangulTrailingBase = 0x11A7;  // one before the first T
constexpr char32_t kHangulLeadingCount = 19;
constexpr char32_t kHangulVowelCount = 21;
constexpr char32_t kHangulTrailingCount = 28;  // including "no trailing"
constexpr char32_t kHangulPerLeading = kHangulVowelCount * kHangulTrailingCount;
constexpr char32_t kHangulSyllableCount = kHangulLeadingCount * kHangulPerLeading;

bool IsHangulSyllable(char32_t code_point) {
  return code_point >= kHangulSyllableBase &&
         code_point < kHangulSyllableBase + kHangulSyllableCount;
}

// The range of `ranges` (sorted, disjoint) that contains `code_point`.
template <typename Range, size_t N>
const Range* FindRange(const Range (&ranges)[N], char32_t code_point) {
  const Range* it =
      std::upper_bound(std::begin(ranges), std::end(ranges), code_point,
                       [](char32_t c, const Range& range) { return c < range.first; });
  if (it == std::begin(ranges)) return nullptr;
  --it;
  return code_point <= it->last ? it : nullptr;
}

const Decomposition* FindDecomposition(char32_t code_point) {
  if (code_point < kDecompositions[0].code_point) return nullptr;  // ASCII...
  const Decomposition* it =
      std::lower_bound(std::begin(kDecompositions), std::end(kDecompositions), code_point,
                       [](const Decomposition& entry, char32_t c) { return entry.code_point < c; });
  if (it == std::end(kDecompositions) || it->code_point != code_point) {
    return nullptr;
  }
  return it;
}

}  // namespace

absl::string_view UnicodeVersion() { return kUnicodeTablesVersion; }

int CanonicalCombiningClass(char32_t code_point) {
  if (code_point < kCombiningClassRanges[0].first) return 0;
  const CombiningClassRange* range = FindRange(kCombiningClassRanges, code_point);
  return range == nullptr ? 0 : range->combining_class;
}

void AppendCanonicalDecomposition(char32_t code_point, std::u32string& out) {
  if (IsHangulSyllable(code_point)) {
    const char32_t index = code_point - kHangulSyllableBase;
    out.push_back(kHangulLeadingBase + index / kHangulPerLeading);
    out.push_back(kHangulVowelBase + (index % kHangulPerLeading) / kHangulTrailingCount);
    if (index % kHangulTrailingCount != 0) {
      out.push_back(kHangulTrailingBase + index % kHangulTrailingCount);
    }
    return;
  }
  const Decomposition* mapping = FindDecomposition(code_point);
  if (mapping == nullptr) {
    out.push_back(code_point);
    return;
  }
  AppendCanonicalDecomposition(mapping->first, out);
  if (mapping->second != 0) AppendCanonicalDecomposition(mapping->second, out);
}

std::optional<char32_t> ComposePair(char32_t first, char32_t second) {
  // Hangul <L, V> and <LV, T>.
  if (first >= kHangulLeadingBase && first < kHangulLeadingBase + kHangulLeadingCount &&
      second >= kHangulVowelBase && second < kHangulVowelBase + kHangulVowelCount) {
    return kHangulSyllableBase +
           ((first - kHangulLeadingBase) * kHangulVowelCount + (second - kHangulVowelBase)) *
               kHangulTrailingCount;
  }
  if (IsHangulSyllable(first) && (first - kHangulSyllableBase) % kHangulTrailingCount == 0 &&
      second > kHangulTrailingBase && second < kHangulTrailingBase + kHangulTrailingCount) {
    return first + (second - kHangulTrailingBase);
  }

  const Composition* it = std::lower_bound(
      std::begin(kCompositions), std::end(kCompositions), Composition{first, second, 0},
      [](const Composition& a, const Composition& b) {
        return a.first != b.first ? a.first < b.first : a.second < b.second;
      });
  if (it == std::end(kCompositions) || it->first != first || it->second != second) {
    return std::nullopt;
  }
  return it->composite;
}

bool IsNonspacingMark(char32_t code_point) {
  return FindRange(kNonspacingMarkRanges, code_point) != nullptr;
}

bool IsWordCharacter(char32_t code_point) {
  return FindRange(kWordCharacterRanges, code_point) != nullptr;
}

char32_t SimpleLowercase(char32_t code_point) {
  if (code_point < 0x80) {
    return code_point >= 'A' && code_point <= 'Z' ? code_point + ('a' - 'A') : code_point;
  }
  const LowercaseMapping* it = std::lower_bound(
      std::begin(kLowercaseMappings), std::end(kLowercaseMappings), code_point,
      [](const LowercaseMapping& entry, char32_t c) { return entry.code_point < c; });
  if (it == std::end(kLowercaseMappings) || it->code_point != code_point) {
    return code_point;
  }
  return it->lowercase;
}

}  // namespace interplan::text
