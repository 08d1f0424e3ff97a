#include "common/http/connection.h"

#include <algorithm>
#include <boost/asio/buffer.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/beast/http/write.hpp>
#include <chrono>
#include <exception>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/logging/log.h"

namespace interplan::http {
namespace {

namespace asio = boost::asio;
namespace beast_http = boost::beast::http;
using boost::system::error_code;

// The most read from the socket at once.
constexpr size_t kReadChunk = 16 << 10;
// How long a connection closed after an error keeps dropping what the
// client still sends, so the client sees the error, not a reset.
constexpr absl::Duration kLingerTime = absl::Seconds(1);
// The most a lingering connection drops before it closes anyway: enough for
// a client that is finishing a modest body, too little for a flood of large
// refused bodies to keep the I/O thread from real requests.
constexpr size_t kLingerBytes = 64 << 10;
constexpr absl::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
// The first byte of a TLS connection: a handshake record (the ClientHello).
constexpr unsigned char kTlsHandshakeRecord = 0x16;

// `d` on the steady clock, clamped to [0, a year].
std::chrono::steady_clock::duration ToSteady(absl::Duration d) {
  d = std::clamp(d, absl::ZeroDuration(), absl::Hours(24 * 365));
  return std::chrono::duration_cast<std::chrono::steady_clock::duration>(
      absl::ToChronoNanoseconds(d));
}

// A request-target byte: visible ASCII except '#' (a fragment is never sent).
bool IsTargetChar(char c) { return c > 0x20 && c < 0x7f && c != '#'; }

// The status to answer for a parse error.
int StatusOfParseError(const error_code& error) {
  if (error == beast_http::error::header_limit) return 431;
  if (error == beast_http::error::body_limit) return 413;
  return 400;
}

// The answer to a request no handler takes: 404, or 405 with Allow.
HttpResponse Unrouted(const Router::Match& match, absl::string_view path) {
  if (match.allow.empty()) {
    return ErrorResponse(match.status, absl::StrCat("no such path: ", path));
  }
  HttpResponse refused =
      ErrorResponse(match.status, absl::StrCat(path, " answers only ", match.allow));
  refused.headers.emplace_back("Allow", match.allow);
  return refused;
}

}  // namespace

Connection::Connection(ServerCore& core, uint64_t id, asio::ip::tcp::socket socket)
    : core_(core),
      id_(id),
      stream_(std::move(socket)),
      timer_(core.io()),
      buffer_(core.options().max_header_bytes + kReadChunk) {}

void Connection::Start() {
  error_code ignored;
  stream_.socket().set_option(asio::ip::tcp::no_delay(true), ignored);
  if (core_.tls() != nullptr) return AwaitTlsClientHello();
  WaitForRequest();
}

void Connection::AwaitTlsClientHello() {
  phase_ = Phase::kReading;
  SetDeadline(core_.options().header_timeout);
  core_.table().MarkIdle(id_);  // not a byte yet
  stream_.socket().async_wait(asio::ip::tcp::socket::wait_read,
                              [self = shared_from_this()](error_code error) {
                                if (self->phase_ != Phase::kReading) return;
                                if (error) return self->Close();
                                self->OnFirstByte();
                              });
}

void Connection::OnFirstByte() {
  unsigned char first = 0;
  error_code error;
  const size_t peeked =
      stream_.socket().receive(asio::buffer(&first, 1), asio::socket_base::message_peek, error);
  if (error || peeked == 0) return Close();  // reset, or closed without a word
  core_.table().MarkBusy(id_);
  if (first != kTlsHandshakeRecord) {
    return Fail(400, "this port speaks HTTPS only; a plain HTTP request is refused");
  }
  stream_.StartTls(*core_.tls());
  stream_.async_handshake(
      [self = shared_from_this()](error_code error) { self->OnHandshake(error); });
}

void Connection::OnHandshake(error_code error) {
  if (phase_ != Phase::kReading) return;
  if (error) return Close();  // not our client, or the deadline passed
  WaitForRequest();
}

void Connection::WaitForRequest() {
  phase_ = Phase::kReading;
  SetDeadline(core_.options().header_timeout);
  if (buffer_.size() == 0) {
    buffer_.shrink_to_fit();
    Recharge();
    core_.table().MarkIdle(id_);
  }
  Parse();
}

void Connection::NewParser() {
  parser_.emplace();
  parser_->header_limit(
      static_cast<uint32_t>(std::min<size_t>(core_.options().max_header_bytes, UINT32_MAX)));
  parser_->body_limit(core_.options().max_request_bytes);
  parser_->eager(false);  // stop after the head, to check it before the body
  head_checked_ = false;
  head_ = false;
  core_.table().MarkBusy(id_);
}

void Connection::Parse() {
  while (true) {
    if (!parser_) {
      if (buffer_.size() == 0) {
        if (read_closed_) return Close();
        return ReadMore();
      }
      NewParser();
    }
    error_code error;
    size_t used = 0;
    if (buffer_.size() > 0) {
      used = parser_->put(buffer_.data(), error);
      buffer_.consume(used);
    }
    if (error && error != beast_http::error::need_more) {
      return Fail(StatusOfParseError(error), error.message());
    }
    if (parser_->is_header_done() && !head_checked_) {
      head_checked_ = true;
      if (!CheckHead()) return;
      continue;
    }
    if (parser_->is_done()) return Dispatch();
    if (used > 0 && buffer_.size() > 0) continue;
    if (read_closed_) return Close();  // the client left no whole request
    return ReadMore();
  }
}

bool Connection::CheckHead() {
  const BeastRequest& request = parser_->get();
  head_ = request.method() == beast_http::verb::head;
  if (request.version() != 10 && request.version() != 11) {
    Fail(505, "only HTTP/1.0 and HTTP/1.1 are spoken here");
    return false;
  }
  const boost::beast::string_view target = request.target();
  if (target.empty() || target.front() != '/' ||
      !std::all_of(target.begin(), target.end(), IsTargetChar)) {
    Fail(400, "the request target must be a path starting with '/'");
    return false;
  }
  const size_t hosts = request.count(beast_http::field::host);
  if (hosts > 1 || (hosts == 0 && request.version() == 11)) {
    Fail(400, "an HTTP/1.1 request must have exactly one Host header");
    return false;
  }
  if (request.count(beast_http::field::transfer_encoding) > 0) {
    Fail(501, "Transfer-Encoding is not supported; send Content-Length");
    return false;
  }
  const uint64_t body = parser_->content_length().value_or(0);
  if (body > 0 &&
      (request.method() == beast_http::verb::get || request.method() == beast_http::verb::head)) {
    Fail(413, "a GET request takes no body");
    return false;
  }
  const boost::beast::string_view path = target.substr(0, target.find('?'));
  match_ = core_.router().Find({request.method_string().data(), request.method_string().size()},
                               {path.data(), path.size()});
  if (match_.handler == nullptr && body > 0) {
    // Not worth reading: answer at once and close.
    Write(Unrouted(match_, {path.data(), path.size()}), ConnectionAfter::kClose);
    return false;
  }
  bool expects_continue = false;
  if (auto expect = request.find(beast_http::field::expect); expect != request.end()) {
    if (!boost::beast::iequals(expect->value(), "100-continue")) {
      Fail(417, "only Expect: 100-continue is understood");
      return false;
    }
    expects_continue = request.version() == 11 && body > 0;
  }
  if (body > 0) {
    body_reserved_ = body;
    if (!Recharge()) {
      Fail(503, "the server holds too many request bytes; try again later");
      return false;
    }
    SetDeadline(core_.options().body_timeout);
    if (expects_continue && buffer_.size() < body) {
      SendContinue();
      return false;  // parsing resumes once it is sent
    }
  }
  parser_->eager(true);
  return true;
}

void Connection::SendContinue() {
  continue_in_flight_ = true;
  parser_->eager(true);
  asio::async_write(stream_, asio::buffer(kContinue.data(), kContinue.size()),
                    [self = shared_from_this()](error_code error, size_t) {
                      self->continue_in_flight_ = false;
                      if (self->phase_ != Phase::kReading) return;
                      if (error) return self->Close();
                      self->Parse();
                    });
}

void Connection::ReadMore() {
  if (!parser_ && !stream_.tls()) {
    // Nothing of a request yet: wait for bytes without holding a buffer.
    // (Not over TLS: it may hold bytes already taken from the socket.)
    stream_.socket().async_wait(asio::ip::tcp::socket::wait_read,
                                [self = shared_from_this()](error_code error) {
                                  if (self->phase_ != Phase::kReading) return;
                                  if (error) return self->Close();
                                  self->OnRead({}, 0);
                                });
    return;
  }
  const size_t room = std::min(kReadChunk, buffer_.max_size() - buffer_.size());
  if (room == 0) return Fail(431, "the request head is longer than the header limit");
  const auto space = buffer_.prepare(room);
  if (!Recharge()) {
    return Fail(503, "the server holds too many request bytes; try again later");
  }
  stream_.async_read_some(space, [self = shared_from_this()](error_code error, size_t bytes) {
    if (self->phase_ != Phase::kReading) return;
    self->OnRead(error, bytes);
  });
}

void Connection::OnRead(error_code error, size_t bytes) {
  // A TLS client that ends TCP without close_notify has still ended.
  if (error == asio::error::eof || error == asio::ssl::error::stream_truncated) {
    read_closed_ = true;
  } else if (error) {
    return Close();  // reset by the peer, or worse
  }
  if (bytes == 0 && !read_closed_ && !parser_) {
    // Readable after the wait: read into a buffer now.
    NewParser();
    return ReadMore();
  }
  buffer_.commit(bytes);
  Parse();
}

void Connection::Dispatch() {
  phase_ = Phase::kHandling;
  timer_.cancel();
  BeastRequest& request = parser_->get();
  ConnectionAfter after = ConnectionAfter::kClose;
  if (parser_->keep_alive()) {
    after =
        request.version() == 10 ? ConnectionAfter::kKeepAliveExplicit : ConnectionAfter::kKeepAlive;
  }
  absl::StatusOr<HttpRequest> converted = ToHttpRequest(request);
  parser_.reset();
  if (!converted.ok()) return Write(ErrorResponse(400, converted.status().message()), after);
  if (match_.handler == nullptr) return Write(Unrouted(match_, converted->path), after);
  after_ = after;
  asio::post(core_.workers(),
             [self = shared_from_this(), handler = match_.handler,
              work = asio::make_work_guard(core_.io()), request = *std::move(converted)]() mutable {
               HttpResponse response;
               try {
                 response = (*handler)(request);
               } catch (const std::exception& e) {
                 LogError("http handler threw", {{"path", request.path}, {"what", e.what()}});
                 response = ErrorResponse(500);
               }
               asio::post(self->core_.io(), [self, response = std::move(response)]() mutable {
                 self->OnHandled(std::move(response));
               });
             });
}

void Connection::OnHandled(HttpResponse response) {
  if (phase_ != Phase::kHandling) return;
  if (core_.grace_over()) return Close();
  Write(response, after_);
}

void Connection::Write(const HttpResponse& response, ConnectionAfter after) {
  if (core_.stopping() || close_after_write_) after = ConnectionAfter::kClose;
  if (after == ConnectionAfter::kClose) close_after_write_ = true;
  response_ = std::make_unique<BeastResponse>(ToBeastResponse(response, after, absl::Now(), head_));
  phase_ = Phase::kWriting;
  SetDeadline(core_.options().write_timeout);
  beast_http::async_write(stream_, *response_,
                          [self = shared_from_this()](error_code error, size_t) {
                            if (self->phase_ != Phase::kWriting) return;
                            self->OnWritten(error);
                          });
}

void Connection::OnWritten(error_code error) {
  response_.reset();
  body_reserved_ = 0;
  if (error) return Close();
  if (close_after_write_ || core_.stopping()) return Linger();
  WaitForRequest();
}

void Connection::Fail(int status, const std::string& detail) {
  parser_.reset();
  Write(ErrorResponse(status, detail), ConnectionAfter::kClose);
}

void Connection::Linger() {
  phase_ = Phase::kLingering;
  parser_.reset();
  buffer_.clear();
  buffer_.shrink_to_fit();
  Recharge();
  core_.table().MarkIdle(id_);  // nothing more to say: the first to evict
  if (read_closed_) return Close();
  error_code ignored;
  // Over TLS too: TCP's end, without close_notify (nothing more is said).
  stream_.socket().shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
  SetDeadline(kLingerTime);
  lingered_bytes_ = 0;
  DrainSome();
}

void Connection::DrainSome() {
  // Below TLS: what the client still sends is dropped unread.
  stream_.socket().async_read_some(asio::buffer(core_.scratch(), core_.scratch_size()),
                                   [self = shared_from_this()](error_code error, size_t bytes) {
                                     if (self->phase_ != Phase::kLingering) return;
                                     if (error) return self->Close();
                                     self->lingered_bytes_ += bytes;
                                     if (self->lingered_bytes_ >= kLingerBytes)
                                       return self->Close();
                                     self->DrainSome();
                                   });
}

void Connection::SetDeadline(absl::Duration timeout) {
  timer_.expires_after(ToSteady(timeout));
  timer_.async_wait([self = shared_from_this()](error_code error) {
    if (error || self->timer_.expiry() > std::chrono::steady_clock::now()) return;
    self->OnDeadline();
  });
}

void Connection::OnDeadline() {
  switch (phase_) {
    case Phase::kReading: {
      const bool started = parser_.has_value() || buffer_.size() > 0;
      if (!started || continue_in_flight_) return Close();
      error_code ignored;
      stream_.socket().cancel(ignored);  // the pending read completes, ignored
      return Fail(408, "the request did not arrive in time");
    }
    case Phase::kWriting:
    case Phase::kLingering:
      return Close();
    case Phase::kHandling:
    case Phase::kClosed:
      return;
  }
}

bool Connection::Recharge() {
  const size_t target = buffer_.capacity() + body_reserved_;
  if (target > charged_) {
    if (!core_.table().TryCharge(target - charged_)) return false;
  } else {
    core_.table().Release(charged_ - target);
  }
  charged_ = target;
  return true;
}

void Connection::OnServerStopping() {
  switch (phase_) {
    case Phase::kReading:
    case Phase::kLingering:
      return Close();
    case Phase::kHandling:
    case Phase::kWriting:
      close_after_write_ = true;
      return;
    case Phase::kClosed:
      return;
  }
}

void Connection::OnGraceOver() {
  if (phase_ != Phase::kHandling) Close();
}

void Connection::Close() {
  if (phase_ == Phase::kClosed) return;
  auto self = shared_from_this();  // Forget drops the server's reference
  phase_ = Phase::kClosed;
  error_code ignored;
  stream_.socket().close(ignored);
  timer_.cancel();
  core_.table().Release(charged_);
  charged_ = 0;
  parser_.reset();
  core_.Forget(id_);
}

}  // namespace interplan::http
