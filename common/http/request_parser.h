// Reads HTTP/1.1 requests (RFC 9112) out of the bytes a connection has
// received, strictly: anything malformed, oversized or unsupported becomes
// the error status to answer with, never a guess at what the client meant.
//
// What is accepted: an origin-form request line ("GET /path?query HTTP/1.1")
// with single spaces, lines ended by CRLF only (a bare LF or CR is an error),
// header names that are RFC 9110 tokens directly followed by ':', values of
// visible characters, spaces and tabs, and bodies framed by Content-Length.
// Empty lines before a request line are skipped (RFC 9112 section 2.2).
//
// What is refused: obsolete line folding, a repeated Host or Content-Length,
// an HTTP/1.1 request without Host (400); Transfer-Encoding, chunked
// included (501); an Expect other than 100-continue (417); a request line
// longer than the header limit (414); a longer head or too many headers
// (431); a declared body over the body limit (413); a version other than
// HTTP/1.0 and HTTP/1.1 (505).
#ifndef INTERPLAN_COMMON_HTTP_REQUEST_PARSER_H_
#define INTERPLAN_COMMON_HTTP_REQUEST_PARSER_H_

#include <cstddef>
#include <string>

#include "absl/strings/string_view.h"
#include "common/http/http_message.h"

namespace interplan::http {

struct RequestLimits {
  size_t max_header_bytes = 64 << 10;  // request line, headers, blank line
  size_t max_header_count = 100;
  size_t max_body_bytes = 1 << 20;
};

// One parser per connection, reused for each request on it. Parsing is
// incremental: bytes already scanned are not scanned again, so a client
// sending one byte at a time costs linear, not quadratic, work.
class RequestParser {
 public:
  enum class Result {
    kNeedMore,  // not a whole request yet: read more bytes and call again
    kDone,      // request() is whole and used the first consumed() bytes
    kError,     // answer error_status() and close the connection
  };

  explicit RequestParser(const RequestLimits& limits) : limits_(limits) {}

  // `input` holds every byte received since the previous request ended;
  // between calls it may only grow. After kDone or kError the same result
  // is returned until Reset().
  Result Parse(absl::string_view input);

  // After kNeedMore: the head is read, the request has a body and asked
  // "Expect: 100-continue", so the client waits for "100 Continue".
  bool expects_continue() const { return expects_continue_; }

  // After kDone.
  HttpRequest& request() { return request_; }
  size_t consumed() const { return consumed_; }
  // Whether the connection may carry another request after this one.
  bool keep_alive() const { return keep_alive_; }
  // Whether the request line said HTTP/1.0 (whose keep-alive is opt-in and
  // must be confirmed with "Connection: keep-alive").
  bool http10() const { return http10_; }

  // After kError: the status to answer (400, 413, 414, 417, 431, 501, 505)
  // and what was wrong, for people.
  int error_status() const { return error_status_; }
  const std::string& error_message() const { return error_message_; }

  // Forgets the request, ready for the next one on the same connection.
  void Reset();

 private:
  Result Fail(int status, std::string message);
  // Parses the head (request line and headers, without the blank line).
  Result ParseHead(absl::string_view head);
  Result ParseRequestLine(absl::string_view line, bool* http11);
  Result ParseHeaderLine(absl::string_view line);

  const RequestLimits limits_;
  Result result_ = Result::kNeedMore;
  // Scanning for the end of the head.
  size_t leading_ = 0;    // empty lines skipped before the request line
  size_t scan_from_ = 0;  // next byte to scan
  bool saw_first_line_ = false;
  // After the head.
  bool head_done_ = false;
  size_t head_end_ = 0;  // offset of the body in the input
  size_t body_length_ = 0;
  size_t header_count_ = 0;
  bool expects_continue_ = false;
  bool keep_alive_ = false;
  bool http10_ = false;
  HttpRequest request_;
  size_t consumed_ = 0;
  int error_status_ = 0;
  std::string error_message_;
};

}  // namespace interplan::http

#endif  // INTERPLAN_COMMON_HTTP_REQUEST_PARSER_H_
