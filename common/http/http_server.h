// The HTTP/1.1 server of the gateway's HTTP/JSON face and Prometheus
// scrapes, on Boost.Beast and asio: exact-path routes, keep-alive,
// pipelining (answered in request order), strict parsing, limits on what
// any client can hold, and a shutdown no client can stall.
//
// Design: one I/O thread runs an asio io_context that owns the listening
// socket and every connection (connection.h); it reads, parses, writes and
// enforces the deadlines, so an idle or slow client costs a socket and at
// most a buffer, never a thread. A whole request goes to a pool of
// `threads` workers that run its handler (handlers block: they make gRPC
// calls); the response comes back to the I/O thread. A connection is not
// read while its request is being handled, so one client queues at most
// one handler call per connection.
//
// Limits (Options): a request head must be whole within `header_timeout`
// of the connection opening or of the previous response (so an idle
// keep-alive connection lasts no longer either), a body within
// `body_timeout` of its head, a response written within `write_timeout`;
// a body on a GET (or HEAD) request is refused with 413, any other over
// `max_request_bytes` with 413; heads over `max_header_bytes` get 431.
// Connections are limited in all (`max_connections`) and per remote
// address (`max_connections_per_client`): at a limit, the connection idle
// longest (between requests, or not yet sent a byte) is closed to make
// room, and only when none is idle is the newcomer refused (503). The
// bytes held for requests across all connections (read buffers and
// declared bodies) stay under `max_buffered_bytes`: a request that would
// pass it gets 503. A query parameter that is not UTF-8 or holds a NUL
// once decoded is answered 400 naming it (query_string.h).
//
// HTTPS: with `tls` set the port speaks TLS only (tls_context.h: the same
// certificate rules as the gRPC port's --tls_* flags). The TLS handshake
// runs on the I/O thread within `header_timeout` of the connection
// opening (the head's own deadline starts once it is done); a connection
// whose first byte is not a TLS handshake is answered, in plain text,
// "400 Bad Request: this port speaks HTTPS only" and closed, so that a
// plain-HTTP request is refused without a word of TLS or a handler call.
// An idle TLS connection holds its TLS state and a read buffer.
#ifndef INTERPLAN_COMMON_HTTP_HTTP_SERVER_H_
#define INTERPLAN_COMMON_HTTP_HTTP_SERVER_H_

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "common/http/http_message.h"
#include "common/http/router.h"
#include "common/http/tls_context.h"

namespace interplan::http {

class HttpServer {
 public:
  // Runs on a worker thread, possibly on several at once.
  using Handler = http::Handler;

  struct Options {
    // host:port or [ipv6]:port; an empty host listens on every IPv4
    // interface; port 0 picks a free port (see port()).
    std::string address = "0.0.0.0:8080";
    int threads = 4;                     // handler threads
    size_t max_request_bytes = 1 << 20;  // a larger body is answered 413
    size_t max_header_bytes = 64 << 10;  // a larger head is answered 431
    absl::Duration header_timeout = absl::Seconds(10);
    absl::Duration body_timeout = absl::Seconds(30);
    absl::Duration write_timeout = absl::Seconds(30);
    size_t max_connections = 1024;
    size_t max_connections_per_client = 256;
    size_t max_buffered_bytes = 64 << 20;
    // How long Shutdown() lets responses still being written finish.
    absl::Duration shutdown_grace = absl::Seconds(5);
    // TLS when a certificate and key are named; plain HTTP otherwise.
    TlsFiles tls;
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

  // The routed paths, sorted.
  std::vector<std::string> paths() const;

  // Binds and starts serving. A malformed address is INVALID_ARGUMENT; a
  // port in use or any other bind failure is an error naming the address;
  // TLS files that cannot be used are INVALID_ARGUMENT naming the file.
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
