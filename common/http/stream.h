// The byte stream under one connection of HttpServer: the accepted TCP
// socket, and TLS over it once StartTls() is called (asio::ssl with
// OpenSSL). Reads and writes go to whichever is in force, so the
// connection's HTTP code -- and Beast's reads and writes, for which this
// is an AsyncReadStream and AsyncWriteStream -- is the same with TLS or
// without. The TCP socket stays at hand (socket()) for what happens below
// TLS: socket options, waiting for bytes, peeking at the first one,
// shutting down and closing.
//
// Used on the server's I/O thread only; not movable (the TLS layer refers
// to the socket).
#ifndef INTERPLAN_COMMON_HTTP_STREAM_H_
#define INTERPLAN_COMMON_HTTP_STREAM_H_

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <optional>
#include <utility>

namespace interplan::http {

class Stream {
 public:
  using Socket = boost::asio::ip::tcp::socket;
  using executor_type = Socket::executor_type;

  explicit Stream(Socket socket) : socket_(std::move(socket)) {}
  Stream(const Stream&) = delete;
  Stream& operator=(const Stream&) = delete;

  executor_type get_executor() { return socket_.get_executor(); }
  Socket& socket() { return socket_; }
  bool tls() const { return tls_.has_value(); }

  // From now on bytes go through TLS with `context` (which must outlive
  // this); the handshake comes next.
  void StartTls(boost::asio::ssl::context& context) { tls_.emplace(socket_, context); }

  // The server's side of the TLS handshake; after StartTls() only.
  template <class Handler>
  void async_handshake(Handler&& handler) {
    tls_->async_handshake(boost::asio::ssl::stream_base::server, std::forward<Handler>(handler));
  }

  template <class MutableBuffers, class Handler>
  void async_read_some(const MutableBuffers& buffers, Handler&& handler) {
    if (tls_) {
      tls_->async_read_some(buffers, std::forward<Handler>(handler));
    } else {
      socket_.async_read_some(buffers, std::forward<Handler>(handler));
    }
  }

  template <class ConstBuffers, class Handler>
  void async_write_some(const ConstBuffers& buffers, Handler&& handler) {
    if (tls_) {
      tls_->async_write_some(buffers, std::forward<Handler>(handler));
    } else {
      socket_.async_write_some(buffers, std::forward<Handler>(handler));
    }
  }

 private:
  Socket socket_;
  std::optional<boost::asio::ssl::stream<Socket&>> tls_;
};

}  // namespace interplan::http

#endif  // INTERPLAN_COMMON_HTTP_STREAM_H_
