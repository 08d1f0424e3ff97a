#include "common/api/json_syntax.h"

#include <cstring>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace interplan {
namespace {

// Deeper nesting than this is refused, as protobuf's parser refuses it.
constexpr int kMaxDepth = 100;

// A recursive-descent reader that only checks: it stops at the first error
// and remembers where.
class Checker {
 public:
  explicit Checker(absl::string_view text) : text_(text) {}

  std::optional<JsonSyntaxError> Run() {
    SkipSpace();
    if (!Value(0)) return error_;
    SkipSpace();
    if (pos_ < text_.size()) {
      Fail("unexpected text after the JSON value");
      return error_;
    }
    return std::nullopt;
  }

 private:
  bool AtEnd() const { return pos_ >= text_.size(); }
  char Peek() const { return AtEnd() ? '\0' : text_[pos_]; }

  void SkipSpace() {
    while (!AtEnd() && std::strchr(" \t\r\n", text_[pos_]) != nullptr) ++pos_;
  }

  bool Fail(const std::string& message) {
    JsonSyntaxError error;
    for (size_t i = 0; i < pos_ && i < text_.size(); ++i) {
      const unsigned char c = text_[i];
      if (c == '\n') {
        ++error.line;
        error.column = 1;
      } else if ((c & 0xC0) != 0x80) {  // not a UTF-8 continuation byte
        ++error.column;
      }
    }
    error.message = AtEnd() ? absl::StrCat(message, " (the text ends here)") : message;
    error_ = std::move(error);
    return false;
  }

  bool Literal(absl::string_view word) {
    if (text_.substr(pos_, word.size()) != word) return Fail("expected a value");
    pos_ += word.size();
    return true;
  }

  bool Digits() {
    if (!absl::ascii_isdigit(Peek())) return Fail("expected a digit");
    while (absl::ascii_isdigit(Peek())) ++pos_;
    return true;
  }

  bool Number() {
    if (Peek() == '-') ++pos_;
    if (Peek() == '0') {
      ++pos_;
    } else if (!Digits()) {
      return false;
    }
    if (Peek() == '.') {
      ++pos_;
      if (!Digits()) return false;
    }
    if (Peek() == 'e' || Peek() == 'E') {
      ++pos_;
      if (Peek() == '+' || Peek() == '-') ++pos_;
      if (!Digits()) return false;
    }
    return true;
  }

  bool String() {
    ++pos_;  // the opening quote
    while (!AtEnd()) {
      const char c = text_[pos_];
      if (c == '"') {
        ++pos_;
        return true;
      }
      if (static_cast<unsigned char>(c) < 0x20) {
        return Fail("a control character (a line break?) inside a string");
      }
      if (c == '\\') {
        ++pos_;
        if (AtEnd() || std::strchr("\"\\/bfnrtu", text_[pos_]) == nullptr) {
          return Fail("an unknown escape in a string");
        }
      }
      ++pos_;
    }
    return Fail("a string is not closed (missing '\"')");
  }

  // Members (`close` '}') or elements (']') after the opening bracket.
  bool Container(char close, int depth) {
    const bool object = close == '}';
    ++pos_;
    SkipSpace();
    if (Peek() == close) {
      ++pos_;
      return true;
    }
    while (true) {
      if (object) {
        if (Peek() != '"') return Fail("expected a member name in double quotes");
        if (!String()) return false;
        SkipSpace();
        if (Peek() != ':') return Fail("expected ':' after a member name");
        ++pos_;
        SkipSpace();
      }
      if (!Value(depth + 1)) return false;
      SkipSpace();
      if (Peek() == close) {
        ++pos_;
        return true;
      }
      if (Peek() != ',') {
        return Fail(object ? "expected ',' or '}' after an object member"
                           : "expected ',' or ']' after an array element");
      }
      ++pos_;
      SkipSpace();
      if (Peek() == close) return Fail("a trailing comma (JSON allows none)");
    }
  }

  bool Value(int depth) {
    if (depth > kMaxDepth) return Fail("nested too deeply");
    switch (Peek()) {
      case '{':
        return Container('}', depth);
      case '[':
        return Container(']', depth);
      case '"':
        return String();
      case 't':
        return Literal("true");
      case 'f':
        return Literal("false");
      case 'n':
        return Literal("null");
      default:
        if (Peek() == '-' || absl::ascii_isdigit(Peek())) return Number();
        if (Peek() == '\'') return Fail("a string in single quotes (JSON wants double quotes)");
        return Fail("expected a value");
    }
  }

  absl::string_view text_;
  size_t pos_ = 0;
  std::optional<JsonSyntaxError> error_;
};

}  // namespace

std::optional<JsonSyntaxError> FindJsonSyntaxError(absl::string_view text) {
  // A UTF-8 byte order mark, as editors on Windows write it, is not an error.
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  return Checker(text).Run();
}

}  // namespace interplan
