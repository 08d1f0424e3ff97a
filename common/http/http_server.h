// A small HTTP/1.1 server over plain sockets, for the gateway's HTTP/JSON
// face and Prometheus scrapes: exact-path routes, keep-alive, pipelining,
// strict parsing (see request_parser.h), and a shutdown no client can stall.
//
// Design: one event-loop thread owns the listening socket and every
// connection (non-blocking sockets and poll(2)); it reads, parses, writes
// and enforces the timeouts, so a slow or silent client costs a descriptor
// and a buffer, never a thread. A whole request goes to a pool of
// `threads` workers that run its handler; the response comes back to the
// loop through a queue and a wake-up pipe. A connection is not read while
// its request is being handled, so pipelined responses leave in request
// order and one client can queue at most one handler call at a time.
//
// Timeouts: a request must arrive whole within `idle_timeout` of the
// connection opening or of the previous response being written (so neither
// an idle keep-alive connection nor a byte-a-minute client lasts longer),
// and a response being written must make progress within `idle_timeout`.
// A connection that ends in an error is closed gracefully (write side shut,
// input drained for up to a second) so the client reads the error status.
#ifndef INTERPLAN_COMMON_HTTP_HTTP_SERVER_H_
#define INTERPLAN_COMMON_HTTP_HTTP_SERVER_H_

#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "common/http/http_message.h"

namespace interplan::http {

class HttpServer {
 public:
  // Runs on a worker thread, possibly on several at once.
  using Handler = std::function<HttpResponse(const HttpRequest&)>;

  struct Options {
    // host:port or [ipv6]:port; an empty host listens on every IPv4
    // interface; port 0 picks a free port (see port()).
    std::string address = "0.0.0.0:8080";
    int threads = 4;                     // handler threads
    size_t max_request_bytes = 1 << 20;  // a larger body is answered 413
    absl::Duration idle_timeout = absl::Seconds(30);
    size_t max_header_bytes = 64 << 10;  // a larger head is answered 431
    // Beyond this many open connections new ones wait in the listen backlog.
    size_t max_connections = 1024;
    // How long Shutdown() lets responses still being written finish.
    absl::Duration shutdown_grace = absl::Seconds(5);
  };

  explicit HttpServer(Options options);
  ~HttpServer();  // Shutdown()
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Routes requests with exactly this method ("GET") and path ("/metrics",
  // compared before percent-decoding, without the query) to `handler`.
  // Another method on a routed path is answered 405 with Allow, an unrouted
  // path 404. Call before Start(); registering a pair again replaces it.
  void Handle(std::string method, std::string path, Handler handler);

  // Binds and starts serving. A malformed address is INVALID_ARGUMENT; a
  // port in use or any other bind failure is an error naming the address.
  absl::Status Start();

  // The port bound by Start(): the one asked for, or the one picked for 0.
  int port() const;

  // Stops accepting, closes idle and half-received connections at once,
  // waits for the handlers already running and writes their responses
  // (with "Connection: close", for at most `shutdown_grace`), closes every
  // connection and joins the threads. Idempotent; safe from any thread but
  // a handler's. Only a handler that never returns can delay it.
  void Shutdown();

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace interplan::http

#endif  // INTERPLAN_COMMON_HTTP_HTTP_SERVER_H_
