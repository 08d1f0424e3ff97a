#include "common/http/http_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <climits>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "common/http/request_parser.h"
#include "common/http/response_writer.h"
#include "common/logging/log.h"

namespace interplan::http {
namespace {

using Clock = std::chrono::steady_clock;

// How long a connection closed after an error keeps reading (and dropping)
// what the client still sends, so the client sees the error, not a reset.
constexpr auto kLingerTime = std::chrono::seconds(1);
// How long accepting pauses when the process is out of descriptors.
constexpr auto kAcceptPause = std::chrono::milliseconds(100);
constexpr absl::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";

// `d` on the steady clock, clamped to [0, a year] so that adding it to
// now cannot overflow (absl::InfiniteDuration() means "a year").
Clock::duration ToClock(absl::Duration d) {
  d = std::clamp(d, absl::ZeroDuration(), absl::Hours(24 * 365));
  return std::chrono::duration_cast<Clock::duration>(absl::ToChronoNanoseconds(d));
}

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

// A bound, listening, non-blocking socket for `address`, and its port.
absl::StatusOr<int> Listen(absl::string_view address, int* port) {
  absl::StatusOr<HostPort> host_port = SplitAddress(address);
  if (!host_port.ok()) return host_port.status();
  addrinfo hints = {};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* found = nullptr;
  const int gai = getaddrinfo(host_port->host.c_str(), host_port->port.c_str(), &hints, &found);
  if (gai != 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("bad listen address \"", address, "\": ", gai_strerror(gai)));
  }
  int fd = -1;
  int error = 0;
  for (addrinfo* ai = found; ai != nullptr; ai = ai->ai_next) {
    fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, ai->ai_protocol);
    if (fd < 0) {
      error = errno;
      continue;
    }
    const int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    if (bind(fd, ai->ai_addr, ai->ai_addrlen) == 0 && listen(fd, SOMAXCONN) == 0) {
      break;
    }
    error = errno;
    close(fd);
    fd = -1;
  }
  freeaddrinfo(found);
  if (fd < 0) {
    return absl::ErrnoToStatus(error, absl::StrCat("cannot listen on ", address));
  }
  sockaddr_storage bound = {};
  socklen_t length = sizeof(bound);
  if (getsockname(fd, reinterpret_cast<sockaddr*>(&bound), &length) != 0) {
    const int e = errno;
    close(fd);
    return absl::ErrnoToStatus(e, absl::StrCat("cannot listen on ", address));
  }
  *port = bound.ss_family == AF_INET6 ? ntohs(reinterpret_cast<sockaddr_in6*>(&bound)->sin6_port)
                                      : ntohs(reinterpret_cast<sockaddr_in*>(&bound)->sin_port);
  return fd;
}

}  // namespace

class HttpServer::Impl {
 public:
  explicit Impl(Options options)
      : options_(std::move(options)),
        limits_{options_.max_header_bytes, 100, options_.max_request_bytes} {}

  void Handle(std::string method, std::string path, Handler handler);
  absl::Status Start();
  int port() const { return port_; }
  void Shutdown();

 private:
  struct Connection {
    explicit Connection(const RequestLimits& limits) : parser(limits) {}
    int fd = -1;
    uint64_t id = 0;
    std::string in;       // received and not yet consumed
    std::string out;      // to send
    size_t out_sent = 0;  // bytes of `out` already sent
    RequestParser parser;
    bool handling = false;       // a worker holds its request
    bool continue_sent = false;  // "100 Continue" sent for this request
    bool read_closed = false;    // the client sent FIN
    bool close_after_write = false;
    bool lingering = false;  // write side shut, draining input
    ConnectionAfter after = ConnectionAfter::kKeepAlive;
    Clock::time_point deadline;  // unused while handling
  };
  struct Job {
    uint64_t connection_id;
    const Handler* handler;
    HttpRequest request;
  };
  struct Done {
    uint64_t connection_id;
    HttpResponse response;
  };
  enum class WriteResult { kFlushed, kPending, kFailed };

  // The event loop and its steps; they run on the loop thread only.
  void Loop();
  void BeginStopping();
  void AcceptAll();
  void OnReadable(Connection& c);
  WriteResult Flush(Connection& c);
  // Moves `c` on as far as it can go without waiting; may close it.
  void Advance(Connection& c);
  void Dispatch(Connection& c);
  void Respond(Connection& c, const HttpResponse& response);
  void Deliver(Done done);
  void Expire(Connection& c);
  void StartLinger(Connection& c);
  void Close(Connection& c);
  int PollTimeoutMs() const;

  void WorkerLoop();
  void Wake();

  const Options options_;
  const RequestLimits limits_;
  // path -> method -> handler; fixed once Start() runs.
  std::map<std::string, std::map<std::string, Handler>> routes_;

  std::mutex lifecycle_mu_;  // serialises Handle(), Start() and Shutdown()
  enum class Phase { kNew, kRunning, kStopped };
  Phase phase_ = Phase::kNew;  // guarded by lifecycle_mu_
  int port_ = 0;
  int listen_fd_ = -1;
  int wake_read_fd_ = -1;
  int wake_write_fd_ = -1;
  std::thread loop_thread_;
  std::vector<std::thread> workers_;

  // Guards the hand-over between the loop and the workers.
  std::mutex queue_mu_;
  std::condition_variable queue_cv_;
  std::deque<Job> jobs_;
  std::vector<Done> done_;
  bool workers_stop_ = false;

  std::atomic<bool> stop_requested_{false};

  // Loop-thread state.
  std::map<uint64_t, std::unique_ptr<Connection>> connections_;
  uint64_t next_id_ = 1;
  bool stopping_ = false;
  Clock::time_point now_;
  Clock::time_point grace_deadline_;
  Clock::time_point accept_paused_until_;
};

void HttpServer::Impl::Handle(std::string method, std::string path, Handler handler) {
  std::lock_guard<std::mutex> lock(lifecycle_mu_);
  if (phase_ != Phase::kNew) {
    LogError("http route added after Start() is ignored", {{"method", method}, {"path", path}});
    return;
  }
  routes_[std::move(path)][std::move(method)] = std::move(handler);
}

absl::Status HttpServer::Impl::Start() {
  std::lock_guard<std::mutex> lock(lifecycle_mu_);
  if (phase_ != Phase::kNew) {
    return absl::FailedPreconditionError("the HTTP server was already started");
  }
  absl::StatusOr<int> fd = Listen(options_.address, &port_);
  if (!fd.ok()) return fd.status();
  int pipe_fds[2];
  if (pipe2(pipe_fds, O_NONBLOCK | O_CLOEXEC) != 0) {
    const int e = errno;
    close(*fd);
    return absl::ErrnoToStatus(e, "cannot create the HTTP server's wake pipe");
  }
  listen_fd_ = *fd;
  wake_read_fd_ = pipe_fds[0];
  wake_write_fd_ = pipe_fds[1];
  phase_ = Phase::kRunning;
  const int threads = std::max(1, options_.threads);
  for (int i = 0; i < threads; ++i) {
    workers_.emplace_back([this] { WorkerLoop(); });
  }
  loop_thread_ = std::thread([this] { Loop(); });
  return absl::OkStatus();
}

void HttpServer::Impl::Shutdown() {
  std::lock_guard<std::mutex> lock(lifecycle_mu_);
  if (phase_ != Phase::kRunning) {
    phase_ = Phase::kStopped;
    return;
  }
  phase_ = Phase::kStopped;
  stop_requested_.store(true);
  Wake();
  // The loop ends once every connection is closed, which waits for the
  // handlers running; only then may the workers go.
  loop_thread_.join();
  {
    std::lock_guard<std::mutex> queue_lock(queue_mu_);
    workers_stop_ = true;
    queue_cv_.notify_all();
  }
  for (std::thread& worker : workers_) worker.join();
  workers_.clear();
  close(wake_read_fd_);
  close(wake_write_fd_);
  wake_read_fd_ = wake_write_fd_ = -1;
}

void HttpServer::Impl::Wake() {
  const char byte = 0;
  // A full pipe already wakes the loop, so EAGAIN needs nothing more.
  while (write(wake_write_fd_, &byte, 1) < 0 && errno == EINTR) {
  }
}

void HttpServer::Impl::WorkerLoop() {
  while (true) {
    Job job;
    {
      std::unique_lock<std::mutex> lock(queue_mu_);
      queue_cv_.wait(lock, [this] { return !jobs_.empty() || workers_stop_; });
      if (jobs_.empty()) return;
      job = std::move(jobs_.front());
      jobs_.pop_front();
    }
    HttpResponse response = (*job.handler)(job.request);
    {
      std::lock_guard<std::mutex> lock(queue_mu_);
      done_.push_back(Done{job.connection_id, std::move(response)});
    }
    Wake();
  }
}

void HttpServer::Impl::Loop() {
  std::vector<pollfd> fds;
  std::vector<uint64_t> ids;  // ids[i] for fds[i]; 0 for the pipe and listener
  now_ = Clock::now();
  while (true) {
    if (!stopping_ && stop_requested_.load()) BeginStopping();
    if (stopping_ && connections_.empty()) break;

    fds.clear();
    ids.clear();
    fds.push_back({wake_read_fd_, POLLIN, 0});
    ids.push_back(0);
    const bool accepting = !stopping_ && connections_.size() < options_.max_connections &&
                           now_ >= accept_paused_until_;
    if (accepting) {
      fds.push_back({listen_fd_, POLLIN, 0});
      ids.push_back(0);
    }
    for (const auto& [id, c] : connections_) {
      if (c->handling) continue;  // nothing to do until its handler returns
      short events = c->out_sent < c->out.size() ? POLLOUT : POLLIN;
      fds.push_back({c->fd, events, 0});
      ids.push_back(id);
    }
    const int ready = poll(fds.data(), fds.size(), PollTimeoutMs());
    now_ = Clock::now();
    if (ready < 0 && errno != EINTR) {
      LogError("http server poll failed", {{"errno", int64_t{errno}}});
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    if (ready > 0) {
      if (fds[0].revents != 0) {
        char drain[256];
        while (read(wake_read_fd_, drain, sizeof(drain)) > 0) {
        }
        std::vector<Done> done;
        {
          std::lock_guard<std::mutex> lock(queue_mu_);
          done.swap(done_);
        }
        for (Done& d : done) Deliver(std::move(d));
      }
      if (accepting && fds[1].revents != 0) AcceptAll();
      for (size_t i = 0; i < fds.size(); ++i) {
        if (ids[i] == 0 || fds[i].revents == 0) continue;
        auto it = connections_.find(ids[i]);
        if (it == connections_.end()) continue;
        Connection& c = *it->second;
        if (c.handling) continue;
        if (fds[i].events == POLLOUT) {
          if (Flush(c) == WriteResult::kFailed) {
            Close(c);
          } else {
            Advance(c);
          }
        } else {
          OnReadable(c);
        }
      }
    }
    // Deadlines.
    std::vector<uint64_t> expired;
    for (const auto& [id, c] : connections_) {
      if (c->handling) continue;
      Clock::time_point deadline = c->deadline;
      if (stopping_) deadline = std::min(deadline, grace_deadline_);
      if (deadline <= now_) expired.push_back(id);
    }
    for (uint64_t id : expired) Expire(*connections_[id]);
  }
  if (listen_fd_ >= 0) {
    close(listen_fd_);
    listen_fd_ = -1;
  }
}

int HttpServer::Impl::PollTimeoutMs() const {
  bool any = false;
  Clock::time_point next = Clock::time_point::max();
  for (const auto& [id, c] : connections_) {
    if (c->handling) continue;
    next = std::min(next, c->deadline);
    any = true;
  }
  if (stopping_) {
    next = std::min(next, grace_deadline_);
    any = true;
  }
  if (!stopping_ && now_ < accept_paused_until_) {
    next = std::min(next, accept_paused_until_);
    any = true;
  }
  if (!any) return -1;
  if (next <= now_) return 0;
  const auto ms = std::chrono::ceil<std::chrono::milliseconds>(next - now_).count();
  return static_cast<int>(std::min<int64_t>(ms, INT_MAX));
}

void HttpServer::Impl::BeginStopping() {
  stopping_ = true;
  grace_deadline_ = now_ + ToClock(options_.shutdown_grace);
  close(listen_fd_);  // connections still in the backlog are reset
  listen_fd_ = -1;
  std::vector<uint64_t> idle;
  for (auto& [id, c] : connections_) {
    c->in.clear();  // requests not yet started are never started
    if (c->handling || c->lingering || c->out_sent < c->out.size()) {
      c->close_after_write = true;
    } else {
      idle.push_back(id);
    }
  }
  for (uint64_t id : idle) Close(*connections_[id]);
}

void HttpServer::Impl::AcceptAll() {
  while (connections_.size() < options_.max_connections) {
    const int fd = accept4(listen_fd_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) {
      const int e = errno;
      if (e == EINTR || e == ECONNABORTED) continue;
      if (e == EAGAIN || e == EWOULDBLOCK) return;
      LogWarning("http server cannot accept a connection", {{"errno", int64_t{e}}});
      // Out of descriptors or memory: pause, or the loop would spin.
      accept_paused_until_ = now_ + kAcceptPause;
      return;
    }
    const int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    auto c = std::make_unique<Connection>(limits_);
    c->fd = fd;
    c->id = next_id_++;
    c->deadline = now_ + ToClock(options_.idle_timeout);
    connections_.emplace(c->id, std::move(c));
  }
}

void HttpServer::Impl::OnReadable(Connection& c) {
  // Enough for the parser to decide on any request.
  const size_t cap = limits_.max_header_bytes + limits_.max_body_bytes + 1;
  char buffer[16 << 10];
  // A lingering connection drops what it reads; a bounded amount per turn,
  // so a client that never stops sending cannot hold the loop.
  int linger_reads = 64;
  while (c.lingering ? linger_reads-- > 0 : c.in.size() < cap) {
    const ssize_t n = recv(c.fd, buffer, sizeof(buffer), 0);
    if (n > 0) {
      if (!c.lingering) c.in.append(buffer, static_cast<size_t>(n));
      continue;
    }
    if (n == 0) {
      c.read_closed = true;
      break;
    }
    if (errno == EINTR) continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK) break;
    Close(c);  // reset by the peer, or worse
    return;
  }
  if (c.lingering) {
    if (c.read_closed) Close(c);
    return;
  }
  Advance(c);
}

HttpServer::Impl::WriteResult HttpServer::Impl::Flush(Connection& c) {
  bool progress = false;
  while (c.out_sent < c.out.size()) {
    const ssize_t n =
        send(c.fd, c.out.data() + c.out_sent, c.out.size() - c.out_sent, MSG_NOSIGNAL);
    if (n > 0) {
      c.out_sent += static_cast<size_t>(n);
      progress = true;
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
    return WriteResult::kFailed;
  }
  if (progress) c.deadline = now_ + ToClock(options_.idle_timeout);
  if (c.out_sent < c.out.size()) return WriteResult::kPending;
  c.out.clear();
  c.out_sent = 0;
  return WriteResult::kFlushed;
}

void HttpServer::Impl::Advance(Connection& c) {
  while (!c.handling && !c.lingering) {
    if (c.out_sent < c.out.size()) {
      WriteResult result = Flush(c);
      if (result == WriteResult::kFailed) {
        Close(c);
        return;
      }
      if (result == WriteResult::kPending) return;  // wait for POLLOUT
    }
    if (c.close_after_write || stopping_) {
      StartLinger(c);
      return;
    }
    switch (c.parser.Parse(c.in)) {
      case RequestParser::Result::kNeedMore:
        if (c.parser.expects_continue() && !c.continue_sent) {
          c.continue_sent = true;
          c.out.append(kContinue.data(), kContinue.size());
          continue;
        }
        if (c.read_closed) {
          Close(c);  // the client is done and left no whole request
          return;
        }
        return;  // wait for POLLIN
      case RequestParser::Result::kError:
        c.close_after_write = true;
        c.after = ConnectionAfter::kClose;
        Respond(c, ErrorResponse(c.parser.error_status(), c.parser.error_message()));
        continue;
      case RequestParser::Result::kDone:
        Dispatch(c);
        continue;
    }
  }
}

void HttpServer::Impl::Dispatch(Connection& c) {
  HttpRequest request = std::move(c.parser.request());
  c.in.erase(0, c.parser.consumed());
  if (!c.parser.keep_alive()) {
    c.after = ConnectionAfter::kClose;
  } else if (c.parser.http10()) {
    c.after = ConnectionAfter::kKeepAliveExplicit;
  } else {
    c.after = ConnectionAfter::kKeepAlive;
  }
  c.parser.Reset();
  c.continue_sent = false;

  auto path = routes_.find(request.path);
  if (path == routes_.end()) {
    Respond(c, ErrorResponse(404));
    return;
  }
  auto method = path->second.find(request.method);
  if (method == path->second.end()) {
    std::vector<absl::string_view> allowed;
    for (const auto& [name, handler] : path->second) allowed.push_back(name);
    HttpResponse response = ErrorResponse(405);
    response.headers.emplace_back("Allow", absl::StrJoin(allowed, ", "));
    Respond(c, response);
    return;
  }
  c.handling = true;
  {
    std::lock_guard<std::mutex> lock(queue_mu_);
    jobs_.push_back(Job{c.id, &method->second, std::move(request)});
    queue_cv_.notify_one();
  }
}

void HttpServer::Impl::Respond(Connection& c, const HttpResponse& response) {
  if (stopping_ || c.close_after_write) c.after = ConnectionAfter::kClose;
  if (c.after == ConnectionAfter::kClose) c.close_after_write = true;
  c.out.append(WriteResponse(response, c.after, absl::Now()));
  c.deadline = now_ + ToClock(options_.idle_timeout);
}

void HttpServer::Impl::Deliver(Done done) {
  auto it = connections_.find(done.connection_id);
  if (it == connections_.end()) return;
  Connection& c = *it->second;
  c.handling = false;
  Respond(c, done.response);
  Advance(c);
}

void HttpServer::Impl::Expire(Connection& c) {
  if (!c.lingering && c.out.empty() && !c.in.empty()) {
    // A request began but did not arrive in time: say so if the socket
    // takes it at once, then close.
    const std::string timeout =
        WriteResponse(ErrorResponse(408), ConnectionAfter::kClose, absl::Now());
    send(c.fd, timeout.data(), timeout.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
  }
  Close(c);
}

void HttpServer::Impl::StartLinger(Connection& c) {
  if (c.read_closed) {
    Close(c);
    return;
  }
  shutdown(c.fd, SHUT_WR);
  c.lingering = true;
  c.in.clear();
  c.deadline = now_ + kLingerTime;
}

void HttpServer::Impl::Close(Connection& c) {
  close(c.fd);
  connections_.erase(c.id);  // destroys c
}

HttpServer::HttpServer(Options options) : impl_(std::make_unique<Impl>(std::move(options))) {}

HttpServer::~HttpServer() { Shutdown(); }

void HttpServer::Handle(std::string method, std::string path, Handler handler) {
  impl_->Handle(std::move(method), std::move(path), std::move(handler));
}

absl::Status HttpServer::Start() { return impl_->Start(); }

int HttpServer::port() const { return impl_->port(); }

void HttpServer::Shutdown() { impl_->Shutdown(); }

}  // namespace interplan::http
