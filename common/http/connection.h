// One HTTP/1.1 connection of HttpServer, on Boost.Beast and asio: reads
// requests with Beast's parser from a buffer it accounts for in the
// connection table's budget, checks each head before reading its body,
// hands whole requests to the worker pool and writes the responses in
// request order (the next request is not read until the previous response
// is written), with a deadline on every phase:
//   - waiting for a request (new or kept-alive) until its head is whole:
//     header_timeout; a client that sent part of a head gets 408;
//   - the body, once the head is read: body_timeout (408);
//   - writing the response: write_timeout;
//   - after an error response the connection stops sending, reads and
//     drops what the client still sends for at most a second (so the
//     client reads the error instead of a reset), then closes.
// While it waits for a request and has nothing buffered it holds only its
// socket and a timer: an idle connection costs no buffer and no thread.
//
// All of it runs on the server's single I/O thread. On an HTTPS server
// (ServerCore::tls()) the connection first waits for the client's first
// byte: a TLS handshake record starts TLS (stream.h) and the handshake,
// within header_timeout, before the first request is read; anything else
// is a plain-HTTP request on the HTTPS port, answered 400 in plain text
// and closed. The rest is the same over TLS, but that an idle TLS
// connection waits with a read buffer (TLS may hold bytes already read
// from the socket) and a connection closing after an error ends TCP
// without TLS's close_notify.
#ifndef INTERPLAN_COMMON_HTTP_CONNECTION_H_
#define INTERPLAN_COMMON_HTTP_CONNECTION_H_

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "absl/time/time.h"
#include "common/http/beast_message.h"
#include "common/http/http_message.h"
#include "common/http/router.h"
#include "common/http/server_core.h"
#include "common/http/stream.h"

namespace interplan::http {

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(ServerCore& core, uint64_t id, boost::asio::ip::tcp::socket socket);
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  uint64_t id() const { return id_; }

  // Starts waiting for the first request.
  void Start();
  // Closes the socket now, without a word, and leaves the server's books.
  // Idempotent.
  void Close();
  // The server stops: a connection between requests or in the middle of
  // receiving one closes now; one whose request is being handled or
  // answered closes once its response is written.
  void OnServerStopping();
  // The shutdown grace period is over: close unless a handler still runs.
  void OnGraceOver();

 private:
  enum class Phase { kReading, kHandling, kWriting, kLingering, kClosed };
  using Parser = boost::beast::http::request_parser<boost::beast::http::string_body>;

  // HTTPS: waits for the first byte; TLS and its handshake, or a refusal.
  void AwaitTlsClientHello();
  void OnFirstByte();
  void OnHandshake(boost::system::error_code error);
  void WaitForRequest();
  // Feeds the buffered bytes to the parser and acts on what it finds:
  // an error, a whole head to check, a whole request, or more to read.
  void Parse();
  void NewParser();
  // Whether the request may go on; otherwise it has been answered.
  bool CheckHead();
  void ReadMore();
  void OnRead(boost::system::error_code error, size_t bytes);
  void SendContinue();
  void Dispatch();
  void OnHandled(HttpResponse response);
  void Write(const HttpResponse& response, ConnectionAfter after);
  void OnWritten(boost::system::error_code error);
  // Answers `status` with Connection: close, then lingers.
  void Fail(int status, const std::string& detail);
  void Linger();
  void DrainSome();
  void SetDeadline(absl::Duration timeout);
  void OnDeadline();
  // Brings this connection's charge in the buffer budget to what it holds
  // (buffer capacity and reserved body); false when the budget is short.
  bool Recharge();

  ServerCore& core_;
  const uint64_t id_;
  Stream stream_;
  boost::asio::steady_timer timer_;
  boost::beast::flat_buffer buffer_;
  std::optional<Parser> parser_;
  Phase phase_ = Phase::kReading;
  bool head_checked_ = false;
  bool continue_in_flight_ = false;
  size_t lingered_bytes_ = 0;                            // dropped while lingering
  bool read_closed_ = false;                             // the client sent FIN
  bool close_after_write_ = false;                       // the response in progress is the last
  Router::Match match_;                                  // where the current request goes
  bool head_ = false;                                    // the current request is a HEAD
  ConnectionAfter after_ = ConnectionAfter::kKeepAlive;  // of the request being handled
  size_t body_reserved_ = 0;                             // declared body of the current request
  size_t charged_ = 0;                                   // taken from the buffer budget
  std::unique_ptr<BeastResponse> response_;              // being written
};

}  // namespace interplan::http

#endif  // INTERPLAN_COMMON_HTTP_CONNECTION_H_
