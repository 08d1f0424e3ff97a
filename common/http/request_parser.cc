#include "common/http/request_parser.h"

#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/http/query_string.h"

namespace interplan::http {
namespace {

// RFC 9110 tchar: the characters of methods and header names.
bool IsTokenChar(char c) {
  if (absl::ascii_isalnum(static_cast<unsigned char>(c))) return true;
  switch (c) {
    case '!':
    case '#':
    case '$':
    case '%':
    case '&':
    case '\'':
    case '*':
    case '+':
    case '-':
    case '.':
    case '^':
    case '_':
    case '`':
    case '|':
    case '~':
      return true;
    default:
      return false;
  }
}

bool IsToken(absl::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!IsTokenChar(c)) return false;
  }
  return true;
}

// A request target byte: visible ASCII except '#' (a fragment is never sent).
bool IsTargetChar(char c) { return c > 0x20 && c < 0x7f && c != '#'; }

// A field-value byte: visible ASCII, space, tab, or obs-text (0x80-0xff).
bool IsFieldValueChar(char c) {
  const unsigned char u = static_cast<unsigned char>(c);
  return u == '\t' || (u >= 0x20 && u != 0x7f);
}

absl::string_view TrimOptionalWhitespace(absl::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Content-Length is 1*DIGIT; false for anything else or more than 2^63.
bool ParseContentLength(absl::string_view text, size_t* length) {
  if (text.empty() || text.size() > 18) return false;
  size_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
    value = value * 10 + static_cast<size_t>(c - '0');
  }
  *length = value;
  return true;
}

// Whether the comma-separated list `value` holds `token`, ignoring case.
bool ListHasToken(absl::string_view value, absl::string_view token) {
  for (absl::string_view item : absl::StrSplit(value, ',')) {
    if (absl::EqualsIgnoreCase(TrimOptionalWhitespace(item), token)) return true;
  }
  return false;
}

}  // namespace

void RequestParser::Reset() {
  result_ = Result::kNeedMore;
  leading_ = 0;
  scan_from_ = 0;
  saw_first_line_ = false;
  head_done_ = false;
  head_end_ = 0;
  body_length_ = 0;
  header_count_ = 0;
  expects_continue_ = false;
  keep_alive_ = false;
  http10_ = false;
  request_ = HttpRequest();
  consumed_ = 0;
  error_status_ = 0;
  error_message_.clear();
}

RequestParser::Result RequestParser::Fail(int status, std::string message) {
  error_status_ = status;
  error_message_ = std::move(message);
  result_ = Result::kError;
  return result_;
}

RequestParser::Result RequestParser::Parse(absl::string_view input) {
  if (result_ != Result::kNeedMore) return result_;
  if (!head_done_) {
    // Skip empty lines before the request line.
    if (scan_from_ == leading_) {
      while (leading_ + 2 <= input.size() && input[leading_] == '\r' &&
             input[leading_ + 1] == '\n') {
        leading_ += 2;
      }
      if (leading_ > limits_.max_header_bytes) {
        return Fail(400, "too many empty lines before the request line");
      }
      scan_from_ = leading_;
      // Wait until the next byte shows whether a CR starts another empty line.
      if (input.size() == leading_ || (input.size() == leading_ + 1 && input[leading_] == '\r')) {
        return Result::kNeedMore;
      }
    }
    // Scan for the blank line ending the head, refusing bare CR and LF.
    size_t head_end = 0;
    size_t i = scan_from_;
    for (; i < input.size(); ++i) {
      const char c = input[i];
      const bool after_cr = i > leading_ && input[i - 1] == '\r';
      if (c == '\n') {
        if (!after_cr) return Fail(400, "a line ends with LF but not CRLF");
        saw_first_line_ = true;
        if (i >= leading_ + 3 && input[i - 2] == '\n') {
          head_end = i + 1;
          break;
        }
      } else if (after_cr) {
        return Fail(400, "a CR not followed by LF");
      }
      if (i + 1 > limits_.max_header_bytes) break;
    }
    scan_from_ = i;
    if (head_end == 0) {
      if (input.size() > limits_.max_header_bytes) {
        if (!saw_first_line_) {
          return Fail(414, "the request line is longer than the header limit");
        }
        return Fail(431, "the request head is longer than the header limit");
      }
      return Result::kNeedMore;
    }
    if (head_end > limits_.max_header_bytes) {
      return Fail(431, "the request head is longer than the header limit");
    }
    head_end_ = head_end;
    // The head without its final blank line's CRLF pair.
    Result head = ParseHead(input.substr(leading_, head_end - leading_ - 4));
    if (head != Result::kNeedMore) return head;
    head_done_ = true;
  }
  if (input.size() - head_end_ < body_length_) return Result::kNeedMore;
  request_.body.assign(input.data() + head_end_, body_length_);
  consumed_ = head_end_ + body_length_;
  expects_continue_ = false;
  result_ = Result::kDone;
  return result_;
}

RequestParser::Result RequestParser::ParseHead(absl::string_view head) {
  std::vector<absl::string_view> lines = absl::StrSplit(head, "\r\n");
  bool http11 = false;
  Result line = ParseRequestLine(lines[0], &http11);
  if (line != Result::kNeedMore) return line;
  for (size_t i = 1; i < lines.size(); ++i) {
    Result header = ParseHeaderLine(lines[i]);
    if (header != Result::kNeedMore) return header;
  }

  const auto& headers = request_.headers;
  if (http11 && headers.find("host") == headers.end()) {
    return Fail(400, "an HTTP/1.1 request must have a Host header");
  }
  if (headers.find("transfer-encoding") != headers.end()) {
    return Fail(501, "Transfer-Encoding is not supported; send Content-Length");
  }
  if (auto it = headers.find("content-length"); it != headers.end()) {
    if (!ParseContentLength(it->second, &body_length_)) {
      return Fail(400, absl::StrCat("bad Content-Length \"", it->second, "\""));
    }
    if (body_length_ > limits_.max_body_bytes) {
      return Fail(413, absl::StrCat("the body of ", body_length_, " bytes is over the limit of ",
                                    limits_.max_body_bytes));
    }
  }
  if (auto it = headers.find("expect"); it != headers.end()) {
    if (!absl::EqualsIgnoreCase(it->second, "100-continue")) {
      return Fail(417, absl::StrCat("cannot meet Expect: ", it->second));
    }
    expects_continue_ = http11 && body_length_ > 0;
  }
  http10_ = !http11;
  keep_alive_ = http11;
  if (auto it = headers.find("connection"); it != headers.end()) {
    if (ListHasToken(it->second, "close")) {
      keep_alive_ = false;
    } else if (!http11 && ListHasToken(it->second, "keep-alive")) {
      keep_alive_ = true;
    }
  }
  return Result::kNeedMore;
}

RequestParser::Result RequestParser::ParseRequestLine(absl::string_view line, bool* http11) {
  const size_t first_space = line.find(' ');
  const size_t second_space = first_space == absl::string_view::npos
                                  ? absl::string_view::npos
                                  : line.find(' ', first_space + 1);
  if (second_space == absl::string_view::npos) {
    return Fail(400, "the request line is not \"METHOD TARGET VERSION\"");
  }
  absl::string_view method = line.substr(0, first_space);
  absl::string_view target = line.substr(first_space + 1, second_space - first_space - 1);
  absl::string_view version = line.substr(second_space + 1);
  if (!IsToken(method)) return Fail(400, "bad method in the request line");
  if (target.empty() || target.front() != '/') {
    return Fail(400, "the request target must be a path starting with '/'");
  }
  for (char c : target) {
    if (!IsTargetChar(c)) return Fail(400, "bad character in the request target");
  }
  if (version == "HTTP/1.1") {
    *http11 = true;
  } else if (version == "HTTP/1.0") {
    *http11 = false;
  } else if (version.size() == 8 && absl::StartsWith(version, "HTTP/") &&
             absl::ascii_isdigit(version[5]) && version[6] == '.' &&
             absl::ascii_isdigit(version[7])) {
    return Fail(505, absl::StrCat(version, " is not supported"));
  } else {
    return Fail(400, "bad HTTP version in the request line");
  }

  request_.method = std::string(method);
  const size_t question = target.find('?');
  request_.path = std::string(target.substr(0, question));
  if (question != absl::string_view::npos) {
    absl::StatusOr<std::map<std::string, std::string>> query =
        ParseQueryString(target.substr(question + 1));
    if (!query.ok()) return Fail(400, std::string(query.status().message()));
    request_.query = *std::move(query);
  }
  return Result::kNeedMore;
}

RequestParser::Result RequestParser::ParseHeaderLine(absl::string_view line) {
  if (line.front() == ' ' || line.front() == '\t') {
    return Fail(400, "obsolete line folding in the headers");
  }
  if (++header_count_ > limits_.max_header_count) {
    return Fail(431, absl::StrCat("more than ", limits_.max_header_count, " headers"));
  }
  const size_t colon = line.find(':');
  if (colon == absl::string_view::npos) {
    return Fail(400, "a header line without ':'");
  }
  absl::string_view name = line.substr(0, colon);
  if (!IsToken(name)) return Fail(400, "bad header name");
  absl::string_view value = TrimOptionalWhitespace(line.substr(colon + 1));
  for (char c : value) {
    if (!IsFieldValueChar(c)) {
      return Fail(400, absl::StrCat("bad character in the ", name, " header"));
    }
  }
  std::string key = absl::AsciiStrToLower(name);
  auto [it, inserted] = request_.headers.emplace(key, std::string(value));
  if (!inserted) {
    if (key == "host" || key == "content-length") {
      return Fail(400, absl::StrCat("more than one ", name, " header"));
    }
    absl::StrAppend(&it->second, ", ", value);
  }
  return Result::kNeedMore;
}

}  // namespace interplan::http
