#include "common/http/http_server.h"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cerrno>
#include <chrono>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/http/connection.h"
#include "common/http/server_core.h"
#include "common/logging/log.h"

namespace interplan::http {
namespace {

namespace asio = boost::asio;
using asio::ip::tcp;
using boost::system::error_code;

// How long accepting pauses when the process is out of descriptors.
constexpr auto kAcceptPause = std::chrono::milliseconds(100);

// What a refused connection reads before it is closed.
// (written before any parsing, so by hand; in the JSON error shape, see
// json_error.h).
constexpr absl::string_view kRefusal =
    "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json; charset=utf-8\r\n"
    "Content-Length: 92\r\nRetry-After: 1\r\nConnection: close\r\n\r\n"
    "{\"error\":{\"code\":503,\"message\":\"too many connections\",\"status\":\"UNAVAILABLE\","
    "\"details\":[]}}\n";

struct HostPort {
  std::string host;
  std::string port;
};

// "0.0.0.0:8080", ":8080", "localhost:0", "[::1]:8080".
absl::StatusOr<HostPort> SplitAddress(absl::string_view address) {
  auto bad = [&](absl::string_view why) {
    return absl::InvalidArgumentError(absl::StrCat("bad listen address \"", address, "\": ", why));
  };
  HostPort result;
  absl::string_view port;
  if (!address.empty() && address.front() == '[') {
    const size_t close = address.find(']');
    if (close == absl::string_view::npos) return bad("no ']' after an IPv6 host");
    result.host = std::string(address.substr(1, close - 1));
    absl::string_view rest = address.substr(close + 1);
    if (rest.empty() || rest.front() != ':') return bad("expected [host]:port");
    port = rest.substr(1);
  } else {
    const size_t colon = address.rfind(':');
    if (colon == absl::string_view::npos) return bad("expected host:port");
    result.host = std::string(address.substr(0, colon));
    if (result.host.find(':') != std::string::npos) {
      return bad("an IPv6 host must be in brackets");
    }
    if (result.host.empty()) result.host = "0.0.0.0";
    port = address.substr(colon + 1);
  }
  if (result.host.empty()) return bad("empty host");
  if (port.empty() || port.size() > 5) return bad("the port is not 0..65535");
  int value = 0;
  for (char c : port) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) {
      return bad("the port is not a number");
    }
    value = value * 10 + (c - '0');
  }
  if (value > 65535) return bad("the port is not 0..65535");
  result.port = std::string(port);
  return result;
}

absl::StatusOr<tcp::endpoint> ResolveListenAddress(asio::io_context& io,
                                                   absl::string_view address) {
  absl::StatusOr<HostPort> host_port = SplitAddress(address);
  if (!host_port.ok()) return host_port.status();
  tcp::resolver resolver(io);
  error_code error;
  tcp::resolver::results_type found =
      resolver.resolve(host_port->host, host_port->port,
                       tcp::resolver::passive | tcp::resolver::numeric_service, error);
  if (error || found.empty()) {
    return absl::InvalidArgumentError(absl::StrCat("bad listen address \"", address,
                                                   "\": ", error ? error.message() : "no address"));
  }
  return found.begin()->endpoint();
}

}  // namespace

class HttpServer::Impl {
 public:
  explicit Impl(Options options)
      : core_(std::move(options)), acceptor_(core_.io()), pause_timer_(core_.io()) {}

  void Handle(std::string method, std::string path, Handler handler);
  std::vector<std::string> paths() const;
  absl::Status Start();
  int port() const { return port_; }
  void Shutdown();

 private:
  absl::Status Listen();
  void Accept();
  void OnAccepted(tcp::socket socket);
  static void Refuse(tcp::socket& socket);

  ServerCore core_;
  tcp::acceptor acceptor_;
  asio::steady_timer pause_timer_;
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work_;
  uint64_t next_id_ = 1;  // I/O thread only

  mutable std::mutex lifecycle_mu_;  // serialises Handle(), Start() and Shutdown()
  enum class Phase { kNew, kRunning, kStopped };
  Phase phase_ ABSL_GUARDED_BY(lifecycle_mu_) = Phase::kNew;
  int port_ = 0;
  std::thread io_thread_;
};

void HttpServer::Impl::Handle(std::string method, std::string path, Handler handler) {
  std::lock_guard<std::mutex> lock(lifecycle_mu_);
  if (phase_ != Phase::kNew) {
    LogError("http route added after Start() is ignored", {{"method", method}, {"path", path}});
    return;
  }
  core_.router().Add(std::move(method), std::move(path), std::move(handler));
}

std::vector<std::string> HttpServer::Impl::paths() const {
  std::lock_guard<std::mutex> lock(lifecycle_mu_);
  return core_.router().Paths();
}

absl::Status HttpServer::Impl::Listen() {
  const std::string& address = core_.options().address;
  absl::StatusOr<tcp::endpoint> endpoint = ResolveListenAddress(core_.io(), address);
  if (!endpoint.ok()) return endpoint.status();
  error_code error;
  acceptor_.open(endpoint->protocol(), error);
  if (!error) acceptor_.set_option(tcp::acceptor::reuse_address(true), error);
  if (!error) acceptor_.bind(*endpoint, error);
  if (!error) acceptor_.listen(asio::socket_base::max_listen_connections, error);
  if (error) {
    error_code ignored;
    acceptor_.close(ignored);
    return absl::ErrnoToStatus(error.value(), absl::StrCat("cannot listen on ", address));
  }
  port_ = acceptor_.local_endpoint(error).port();
  return absl::OkStatus();
}

absl::Status HttpServer::Impl::Start() {
  std::lock_guard<std::mutex> lock(lifecycle_mu_);
  if (phase_ != Phase::kNew) {
    return absl::FailedPreconditionError("the HTTP server was already started");
  }
  if (absl::Status tls = core_.SetUpTls(); !tls.ok()) return tls;
  if (absl::Status listening = Listen(); !listening.ok()) return listening;
  phase_ = Phase::kRunning;
  work_.emplace(asio::make_work_guard(core_.io()));
  Accept();
  io_thread_ = std::thread([this] { core_.io().run(); });
  return absl::OkStatus();
}

void HttpServer::Impl::Accept() {
  acceptor_.async_accept([this](error_code error, tcp::socket socket) {
    if (core_.stopping() || error == asio::error::operation_aborted) return;
    if (error) {
      if (error == asio::error::no_descriptors || error.value() == ENFILE ||
          error == asio::error::no_buffer_space || error == asio::error::no_memory) {
        LogWarning("http server cannot accept a connection", {{"error", error.message()}});
        // Out of descriptors or memory: pause, or the loop would spin.
        pause_timer_.expires_after(kAcceptPause);
        pause_timer_.async_wait([this](error_code e) {
          if (!e && !core_.stopping()) Accept();
        });
        return;
      }
    } else {
      OnAccepted(std::move(socket));
    }
    Accept();
  });
}

void HttpServer::Impl::OnAccepted(tcp::socket socket) {
  error_code error;
  const tcp::endpoint remote = socket.remote_endpoint(error);
  if (error) return;  // already gone
  const std::string client = remote.address().to_string();
  const ConnectionTable::Admission admission = core_.table().Admit(client);
  if (!admission.admit) return Refuse(socket);
  if (admission.evict) core_.Evict(*admission.evict);
  core_.Open(std::make_shared<Connection>(core_, next_id_++, std::move(socket)), client);
}

void HttpServer::Impl::Refuse(tcp::socket& socket) {
  // A fresh socket's send buffer takes the few bytes at once; what the
  // client sent already is read first, so that closing does not reset
  // the connection under the answer.
  error_code error;
  socket.non_blocking(true, error);
  char drop[4096];
  for (int i = 0; i < 16 && !error; ++i) socket.read_some(asio::buffer(drop), error);
  socket.send(asio::buffer(kRefusal.data(), kRefusal.size()), 0, error);
  socket.shutdown(tcp::socket::shutdown_both, error);
  socket.close(error);
}

void HttpServer::Impl::Shutdown() {
  std::lock_guard<std::mutex> lock(lifecycle_mu_);
  if (phase_ != Phase::kRunning) {
    phase_ = Phase::kStopped;
    return;
  }
  phase_ = Phase::kStopped;
  asio::post(core_.io(), [this] {
    error_code ignored;
    acceptor_.close(ignored);  // connections still in the backlog are reset
    pause_timer_.cancel();
    core_.BeginStopping();
    work_.reset();
  });
  // run() returns once no connection, timer or handler is left.
  io_thread_.join();
  core_.JoinWorkers();
}

HttpServer::HttpServer(Options options) : impl_(std::make_unique<Impl>(std::move(options))) {}

HttpServer::~HttpServer() { Shutdown(); }

void HttpServer::Handle(std::string method, std::string path, Handler handler) {
  impl_->Handle(std::move(method), std::move(path), std::move(handler));
}

std::vector<std::string> HttpServer::paths() const { return impl_->paths(); }

absl::Status HttpServer::Start() { return impl_->Start(); }

int HttpServer::port() const { return impl_->port(); }

void HttpServer::Shutdown() { impl_->Shutdown(); }

}  // namespace interplan::http
