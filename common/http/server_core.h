// What the connections of one HttpServer share: its options and routes,
// the io_context whose single thread does all their network I/O, the
// worker pool their handlers run on, the connection table (limits, idle
// order, buffer budget) and the open connections by id. Everything here
// but the worker pool is used on the I/O thread only.
#ifndef INTERPLAN_COMMON_HTTP_SERVER_CORE_H_
#define INTERPLAN_COMMON_HTTP_SERVER_CORE_H_

#include <array>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <cstdint>
#include <memory>
#include <unordered_map>

#include "absl/status/status.h"
#include "common/http/connection_table.h"
#include "common/http/http_server.h"
#include "common/http/router.h"

namespace interplan::http {

class Connection;

class ServerCore {
 public:
  explicit ServerCore(HttpServer::Options options);
  ServerCore(const ServerCore&) = delete;
  ServerCore& operator=(const ServerCore&) = delete;

  const HttpServer::Options& options() const { return options_; }
  Router& router() { return router_; }
  const Router& router() const { return router_; }
  boost::asio::io_context& io() { return io_; }
  boost::asio::thread_pool& workers() { return workers_; }
  // The TLS context connections handshake with; null for plain HTTP.
  boost::asio::ssl::context* tls() { return tls_.get(); }
  // Makes the TLS context from options().tls when it names files (before
  // the first connection); INVALID_ARGUMENT naming a file it cannot use.
  absl::Status SetUpTls();
  ConnectionTable& table() { return table_; }
  bool stopping() const { return stopping_; }
  // The shutdown grace period is over: responses are no longer written.
  bool grace_over() const { return grace_over_; }
  // Where lingering connections drop what they read.
  char* scratch() { return scratch_.data(); }
  size_t scratch_size() const { return scratch_.size(); }

  // A new connection, from `client`, that the table admitted.
  void Open(std::shared_ptr<Connection> connection, const std::string& client);
  // Called by a connection as it closes.
  void Forget(uint64_t id);
  // Closes connection `id` now (an idle one evicted to make room).
  void Evict(uint64_t id);

  // On the I/O thread: stop reading new requests, close idle and
  // half-received connections, let responses in progress finish within
  // the grace period. The I/O thread's run() returns once every
  // connection is closed.
  void BeginStopping();
  // Joins the workers (after the I/O thread has ended).
  void JoinWorkers() { workers_.join(); }

 private:
  const HttpServer::Options options_;
  std::unique_ptr<boost::asio::ssl::context> tls_;
  Router router_;
  boost::asio::io_context io_;
  boost::asio::thread_pool workers_;
  ConnectionTable table_;
  std::unordered_map<uint64_t, std::shared_ptr<Connection>> connections_;
  bool stopping_ = false;
  bool grace_over_ = false;
  boost::asio::steady_timer grace_timer_;
  std::array<char, 64 << 10> scratch_;
};

}  // namespace interplan::http

#endif  // INTERPLAN_COMMON_HTTP_SERVER_CORE_H_
