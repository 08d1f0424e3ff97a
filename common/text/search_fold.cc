#include "common/text/search_fold.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/string_view.h"
#include "common/text/normalize.h"
#include "common/text/unicode_properties.h"
#include "common/text/utf8.h"

namespace interplan::text {
namespace {

// Letters that canonical decomposition leaves whole but a reader of Latin
// text treats as a plain letter, with their ASCII spelling.
struct LetterSpelling {
  char32_t letter;
  absl::string_view ascii;
};

constexpr LetterSpelling kLetterSpellings[] = {
    {0x00C6, "ae"},  // Æ
    {0x00D0, "d"},   // Ð, Icelandic eth, often typed for the Vietnamese Đ
    {0x00D8, "o"},   // Ø
    {0x00DF, "ss"},  // ß
    {0x00E6, "ae"},  // æ
    {0x00F0, "d"},   // ð
    {0x00F8, "o"},   // ø
    {0x0110, "d"},   // Đ
    {0x0111, "d"},   // đ
    {0x0141, "l"},   // Ł
    {0x0142, "l"},   // ł
    {0x0152, "oe"},  // Œ
    {0x0153, "oe"},  // œ
    {0x1E9E, "ss"},  // ẞ
};

absl::string_view AsciiSpelling(char32_t letter) {
  for (const LetterSpelling& spelling : kLetterSpellings) {
    if (spelling.letter == letter) return spelling.ascii;
  }
  return {};
}

// Builds a folded key one code point at a time: words are appended as they
// come, and a run of separators becomes one space, written only once the
// next word starts (so there is none at either end).
class FoldedKeyBuilder {
 public:
  void AddWordCharacter(char32_t c) {
    StartWordIfNeeded();
    AppendUtf8(c, key_);
  }
  void AddWordText(absl::string_view ascii) {
    StartWordIfNeeded();
    key_.append(ascii.data(), ascii.size());
  }
  void AddSeparator() { separator_pending_ = !key_.empty(); }

  std::string Finish() && { return std::move(key_); }

 private:
  void StartWordIfNeeded() {
    if (separator_pending_) key_.push_back(' ');
    separator_pending_ = false;
  }

  std::string key_;
  bool separator_pending_ = false;
};

std::string FoldAscii(absl::string_view ascii) {
  FoldedKeyBuilder builder;
  for (char c : ascii) {
    if (absl::ascii_isalnum(static_cast<unsigned char>(c))) {
      builder.AddWordCharacter(static_cast<char32_t>(absl::ascii_tolower(c)));
    } else {
      builder.AddSeparator();
    }
  }
  return std::move(builder).Finish();
}

// The space-separated words of a folded key (absl::StrSplit would need
// absl::string_view, which this Abseil build does not alias to std's).
std::vector<absl::string_view> SplitWords(absl::string_view folded) {
  std::vector<absl::string_view> words;
  size_t pos = 0;
  while (pos < folded.size()) {
    size_t end = folded.find(' ', pos);
    if (end == absl::string_view::npos) end = folded.size();
    if (end > pos) words.push_back(folded.substr(pos, end - pos));
    pos = end + 1;
  }
  return words;
}

}  // namespace

std::string FoldForSearch(absl::string_view valid_utf8) {
  if (IsAscii(valid_utf8)) return FoldAscii(valid_utf8);

  FoldedKeyBuilder builder;
  for (char32_t c : ToNfd(DecodeUtf8(valid_utf8))) {
    if (IsNonspacingMark(c)) continue;
    if (absl::string_view ascii = AsciiSpelling(c); !ascii.empty()) {
      builder.AddWordText(ascii);
    } else if (IsWordCharacter(c)) {
      builder.AddWordCharacter(SimpleLowercase(c));
    } else {
      builder.AddSeparator();
    }
  }
  return std::move(builder).Finish();
}

bool MatchesFoldedQuery(absl::string_view folded_text, absl::string_view folded_query) {
  const std::vector<absl::string_view> text_words = SplitWords(folded_text);
  for (absl::string_view query_word : SplitWords(folded_query)) {
    bool found = false;
    for (absl::string_view text_word : text_words) {
      if (absl::StartsWith(text_word, query_word)) {
        found = true;
        break;
      }
    }
    if (!found) return false;
  }
  return true;
}

bool MatchesQuery(absl::string_view text, absl::string_view query) {
  return MatchesFoldedQuery(FoldForSearch(text), FoldForSearch(query));
}

}  // namespace interplan::text
