#include "common/cache/redis_client.h"

#include <hiredis/hiredis.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "common/cache/hiredis_reply.h"
#include "common/logging/log.h"

namespace interplan::cache {

struct RedisClient::Connection {
  explicit Connection(redisContext* c) : context(c) {}
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection() {
    if (context != nullptr) redisFree(context);
  }

  redisContext* context;
  // The client's generation when this connection was opened; a connection
  // from an older generation is never reused.
  uint64_t generation = 0;
  absl::Duration socket_timeout;
  // Has answered a command: a failure on it may just mean it went stale.
  bool used = false;
};

struct RedisClient::Reply {
  explicit Reply(void* raw) : reply(static_cast<redisReply*>(raw)) {}
  RedisReplyPtr reply;
};

namespace {

absl::Status BadUrl(absl::string_view url, absl::string_view why) {
  return absl::InvalidArgumentError(
      absl::StrCat("bad Redis URL \"", url, "\": ", why, " (expected redis://host:port[/db])"));
}

bool AllDigits(absl::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

absl::Status UnexpectedReply(absl::string_view command, const redisReply* reply) {
  return absl::InternalError(
      absl::StrCat("redis ", command, ": unexpected reply type ", reply->type));
}

// hiredis writes with write(2): a write to a connection Redis has closed
// must fail with EPIPE rather than kill the process.
void IgnoreSigpipeUnlessHandled() {
  static std::once_flag once;
  std::call_once(once, [] {
    struct sigaction current = {};
    if (sigaction(SIGPIPE, nullptr, &current) == 0 && !(current.sa_flags & SA_SIGINFO) &&
        current.sa_handler == SIG_DFL) {
      signal(SIGPIPE, SIG_IGN);
    }
  });
}

}  // namespace

absl::StatusOr<RedisAddress> ParseRedisUrl(absl::string_view url) {
  absl::string_view rest = url;
  if (!absl::ConsumePrefix(&rest, "redis://")) {
    return BadUrl(url, "it must start with redis://");
  }
  if (absl::StrContains(rest, '@')) {
    return BadUrl(url, "credentials in the URL are not supported");
  }
  if (absl::StrContains(rest, '?') || absl::StrContains(rest, '#')) {
    return BadUrl(url, "query parameters are not supported");
  }
  absl::string_view authority = rest;
  absl::string_view path;
  if (size_t slash = rest.find('/'); slash != absl::string_view::npos) {
    authority = rest.substr(0, slash);
    path = rest.substr(slash + 1);
  }
  RedisAddress address;
  absl::string_view port;
  bool has_port = false;
  if (absl::ConsumePrefix(&authority, "[")) {
    size_t close = authority.find(']');
    if (close == absl::string_view::npos) return BadUrl(url, "unclosed [");
    address.host = std::string(authority.substr(0, close));
    absl::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (!absl::ConsumePrefix(&after, ":")) {
        return BadUrl(url, "unexpected text after ]");
      }
      port = after;
      has_port = true;
    }
  } else {
    size_t colon = authority.find(':');
    if (colon != absl::string_view::npos) {
      if (authority.find(':', colon + 1) != absl::string_view::npos) {
        return BadUrl(url, "an IPv6 host must be written in brackets");
      }
      port = authority.substr(colon + 1);
      has_port = true;
      authority = authority.substr(0, colon);
    }
    address.host = std::string(authority);
  }
  if (address.host.empty()) return BadUrl(url, "no host");
  if (has_port) {
    int value = 0;
    if (!AllDigits(port) || !absl::SimpleAtoi(port, &value) || value < 1 || value > 65535) {
      return BadUrl(url, absl::StrCat("bad port \"", port, "\""));
    }
    address.port = value;
  }
  if (!path.empty()) {
    int value = 0;
    if (!AllDigits(path) || !absl::SimpleAtoi(path, &value)) {
      return BadUrl(url, absl::StrCat("bad database number \"", path, "\""));
    }
    address.db = value;
  }
  return address;
}

absl::StatusOr<std::unique_ptr<RedisClient>> RedisClient::Create(absl::string_view url,
                                                                 RedisClientOptions options) {
  if (options.pool_size < 1) options.pool_size = 1;
  if (options.command_timeout <= absl::ZeroDuration() ||
      options.connect_timeout <= absl::ZeroDuration()) {
    return absl::InvalidArgumentError("Redis timeouts must be positive");
  }
  std::optional<RedisAddress> address;
  if (!url.empty()) {
    absl::StatusOr<RedisAddress> parsed = ParseRedisUrl(url);
    if (!parsed.ok()) return parsed.status();
    address = std::move(*parsed);
    IgnoreSigpipeUnlessHandled();
  }
  return std::unique_ptr<RedisClient>(
      new RedisClient(std::string(url), std::move(address), options));
}

RedisClient::RedisClient(std::string url, std::optional<RedisAddress> address,
                         RedisClientOptions options)
    : url_(std::move(url)), address_(std::move(address)), options_(options) {}

RedisClient::~RedisClient() = default;

uint64_t RedisClient::connection_generation() const {
  return generation_.load(std::memory_order_acquire);
}

bool RedisClient::available() {
  if (!enabled()) return false;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (down_) {
      if (absl::Now() < next_attempt_) return false;
    } else if (open_ > 0) {
      return true;
    }
  }
  return Ping().ok();
}

absl::Status RedisClient::DownError() const {
  return absl::UnavailableError(absl::StrCat(
      "redis ", url_, " unreachable (", last_error_, "); next connect attempt in ",
      absl::FormatDuration(absl::Trunc(std::max(next_attempt_ - absl::Now(), absl::ZeroDuration()),
                                       absl::Milliseconds(1)))));
}

void RedisClient::MarkDownLocked(absl::string_view error) {
  if (!down_) {
    LogWarning("redis unreachable; going on without it", {{"url", url_}, {"error", error}});
  }
  down_ = true;
  next_attempt_ = absl::Now() + options_.reconnect_interval;
  last_error_ = std::string(error);
  generation_.fetch_add(1, std::memory_order_acq_rel);
  open_ -= static_cast<int>(idle_.size());
  idle_.clear();
  connection_freed_.notify_all();
}

absl::StatusOr<std::unique_ptr<RedisClient::Connection>> RedisClient::Connect() {
  const RedisAddress& address = *address_;
  redisContext* context = redisConnectWithTimeout(address.host.c_str(), address.port,
                                                  absl::ToTimeval(options_.connect_timeout));
  if (context == nullptr) {
    return absl::UnavailableError("cannot allocate a Redis connection");
  }
  auto connection = std::make_unique<Connection>(context);
  if (context->err != 0) {
    return absl::UnavailableError(
        absl::StrCat("connect to ", address.host, ":", address.port, ": ", context->errstr));
  }
  if (redisSetTimeout(context, absl::ToTimeval(options_.command_timeout)) != REDIS_OK) {
    return absl::UnavailableError(
        absl::StrCat("cannot set the Redis socket timeout: ", context->errstr));
  }
  connection->socket_timeout = options_.command_timeout;
  redisEnableKeepAlive(context);
  int one = 1;
  setsockopt(context->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
  if (address.db != 0) {
    std::string db = absl::StrCat(address.db);
    const char* argv[] = {"SELECT", db.c_str()};
    const size_t lengths[] = {6, db.size()};
    Reply reply(redisCommandArgv(context, 2, argv, lengths));
    if (reply.reply == nullptr) {
      return absl::UnavailableError(absl::StrCat("SELECT ", db, ": ", context->errstr));
    }
    if (reply.reply->type == REDIS_REPLY_ERROR) {
      return absl::FailedPreconditionError(
          absl::StrCat("SELECT ", db, ": ", ReplyText(reply.reply.get())));
    }
  }
  return connection;
}

absl::StatusOr<std::unique_ptr<RedisClient::Connection>> RedisClient::Acquire(
    absl::Time deadline, bool connect_even_if_down) {
  std::unique_lock<std::mutex> lock(mu_);
  while (true) {
    if (down_) {
      const absl::Time now = absl::Now();
      if (now < next_attempt_ && !connect_even_if_down) return DownError();
      // This call makes the one connect attempt of this interval; the
      // others fail at once meanwhile.
      next_attempt_ = now + options_.reconnect_interval;
    } else {
      while (!idle_.empty()) {
        std::unique_ptr<Connection> connection = std::move(idle_.back());
        idle_.pop_back();
        if (connection->generation == generation_.load()) return connection;
        --open_;
      }
      if (open_ >= options_.pool_size) {
        if (connection_freed_.wait_until(lock, absl::ToChronoTime(deadline)) ==
                std::cv_status::timeout &&
            idle_.empty() && !down_) {
          return absl::UnavailableError(
              absl::StrCat("redis ", url_, ": no connection free within ",
                           absl::FormatDuration(options_.command_timeout)));
        }
        continue;
      }
    }
    // Open a connection (when down, the pool bound is exceeded at most
    // until the connections of the older generation come back and close).
    ++open_;
    const uint64_t generation = generation_.load();
    lock.unlock();
    absl::StatusOr<std::unique_ptr<Connection>> connection = Connect();
    lock.lock();
    if (!connection.ok()) {
      --open_;
      MarkDownLocked(connection.status().message());
      return absl::Status(connection.status().code(),
                          absl::StrCat("redis ", url_, ": ", connection.status().message()));
    }
    if (down_) {
      down_ = false;
      LogInfo("redis reachable again", {{"url", url_}});
    }
    (*connection)->generation = generation;
    return connection;
  }
}

void RedisClient::Release(std::unique_ptr<Connection> connection) {
  std::lock_guard<std::mutex> lock(mu_);
  if (connection->generation == generation_.load()) {
    idle_.push_back(std::move(connection));
  } else {
    --open_;
  }
  connection_freed_.notify_one();
}

void RedisClient::Broken(std::unique_ptr<Connection> connection, bool mark_down,
                         absl::string_view error) {
  std::lock_guard<std::mutex> lock(mu_);
  connection.reset();
  --open_;
  if (mark_down) {
    MarkDownLocked(error);
    return;
  }
  // Redis may have restarted: the other idle connections are stale too.
  generation_.fetch_add(1, std::memory_order_acq_rel);
  open_ -= static_cast<int>(idle_.size());
  idle_.clear();
  connection_freed_.notify_all();
}

absl::StatusOr<RedisClient::Reply> RedisClient::Execute(const std::vector<absl::string_view>& args,
                                                        bool connect_even_if_down) {
  if (!enabled()) {
    return absl::UnavailableError("cache disabled: no Redis URL configured");
  }
  std::vector<const char*> argv;
  std::vector<size_t> lengths;
  argv.reserve(args.size());
  lengths.reserve(args.size());
  for (absl::string_view arg : args) {
    argv.push_back(arg.data());
    lengths.push_back(arg.size());
  }
  const absl::Time deadline = absl::Now() + options_.command_timeout;
  for (int attempt = 0;; ++attempt) {
    absl::StatusOr<std::unique_ptr<Connection>> connection =
        Acquire(deadline, connect_even_if_down);
    if (!connection.ok()) return connection.status();
    Connection& c = **connection;
    // The socket timeout is the time left, unless that is nearly all of
    // command_timeout (saving two system calls per command).
    const absl::Duration left = deadline - absl::Now();
    if (left <= absl::ZeroDuration()) {
      Release(std::move(*connection));
      return absl::UnavailableError(absl::StrCat("redis ", url_, ": no reply within ",
                                                 absl::FormatDuration(options_.command_timeout)));
    }
    const absl::Duration timeout = left >= options_.command_timeout * 0.9
                                       ? options_.command_timeout
                                       : std::max(left, absl::Milliseconds(1));
    if (timeout != c.socket_timeout) {
      if (redisSetTimeout(c.context, absl::ToTimeval(timeout)) != REDIS_OK) {
        std::string error = c.context->errstr;
        Broken(std::move(*connection), /*mark_down=*/true, error);
        return absl::UnavailableError(absl::StrCat("redis ", url_, ": ", error));
      }
      c.socket_timeout = timeout;
    }
    errno = 0;
    Reply reply(
        redisCommandArgv(c.context, static_cast<int>(argv.size()), argv.data(), lengths.data()));
    if (reply.reply != nullptr) {
      c.used = true;
      Release(std::move(*connection));
      if (reply.reply->type == REDIS_REPLY_ERROR) {
        return absl::InternalError(
            absl::StrCat("redis ", args[0], ": ", ReplyText(reply.reply.get())));
      }
      return reply;
    }
    const bool timed_out =
        c.context->err == REDIS_ERR_IO && (errno == EAGAIN || errno == EWOULDBLOCK);
    const std::string error = timed_out
                                  ? absl::StrCat("no reply within ", absl::FormatDuration(timeout))
                                  : std::string(c.context->errstr);
    // A reused connection failing otherwise than by timing out is most
    // likely stale (Redis restarted or dropped it): one more try on a
    // fresh connection, within the same deadline.
    const bool retry = attempt == 0 && c.used && !timed_out && absl::Now() < deadline;
    Broken(std::move(*connection), /*mark_down=*/!retry, error);
    if (!retry) return absl::UnavailableError(absl::StrCat("redis ", url_, ": ", error));
  }
}

absl::Status RedisClient::Ping() {
  absl::StatusOr<Reply> reply = Execute({"PING"});
  if (!reply.ok()) return reply.status();
  if (reply->reply->type != REDIS_REPLY_STATUS) {
    return UnexpectedReply("PING", reply->reply.get());
  }
  return absl::OkStatus();
}

absl::StatusOr<std::optional<std::string>> RedisClient::Get(absl::string_view key) {
  absl::StatusOr<Reply> reply = Execute({"GET", key});
  if (!reply.ok()) return reply.status();
  const redisReply* r = reply->reply.get();
  if (r->type == REDIS_REPLY_NIL) return std::optional<std::string>();
  if (r->type != REDIS_REPLY_STRING) return UnexpectedReply("GET", r);
  return std::optional<std::string>(ReplyText(r));
}

absl::Status RedisClient::Set(absl::string_view key, absl::string_view value, absl::Duration ttl) {
  if (ttl <= absl::ZeroDuration()) {
    return absl::InvalidArgumentError("a cache entry's TTL must be positive");
  }
  absl::StatusOr<Reply> reply;
  if (ttl == absl::InfiniteDuration()) {
    reply = Execute({"SET", key, value});
  } else {
    int64_t millis = absl::ToInt64Milliseconds(ttl);
    if (absl::Milliseconds(millis) < ttl) ++millis;
    const std::string px = absl::StrCat(millis);
    reply = Execute({"SET", key, value, "PX", px});
  }
  if (!reply.ok()) return reply.status();
  if (reply->reply->type != REDIS_REPLY_STATUS) {
    return UnexpectedReply("SET", reply->reply.get());
  }
  return absl::OkStatus();
}

absl::StatusOr<int64_t> RedisClient::Incr(absl::string_view key, bool connect_even_if_down) {
  absl::StatusOr<Reply> reply = Execute({"INCR", key}, connect_even_if_down);
  if (!reply.ok()) return reply.status();
  if (reply->reply->type != REDIS_REPLY_INTEGER) {
    return UnexpectedReply("INCR", reply->reply.get());
  }
  return static_cast<int64_t>(reply->reply->integer);
}

absl::StatusOr<std::vector<std::optional<std::string>>> RedisClient::MGet(
    const std::vector<std::string>& keys) {
  std::vector<std::optional<std::string>> values;
  if (keys.empty()) return values;
  std::vector<absl::string_view> args;
  args.reserve(keys.size() + 1);
  args.push_back("MGET");
  for (const std::string& key : keys) args.push_back(key);
  absl::StatusOr<Reply> reply = Execute(args);
  if (!reply.ok()) return reply.status();
  const redisReply* r = reply->reply.get();
  if (r->type != REDIS_REPLY_ARRAY || r->elements != keys.size()) {
    return UnexpectedReply("MGET", r);
  }
  values.reserve(keys.size());
  for (size_t i = 0; i < r->elements; ++i) {
    const redisReply* element = r->element[i];
    if (element->type == REDIS_REPLY_NIL) {
      values.emplace_back();
    } else if (element->type == REDIS_REPLY_STRING) {
      values.emplace_back(ReplyText(element));
    } else {
      return UnexpectedReply("MGET", element);
    }
  }
  return values;
}

absl::Status RedisClient::Del(absl::string_view key) {
  absl::StatusOr<Reply> reply = Execute({"DEL", key});
  if (!reply.ok()) return reply.status();
  if (reply->reply->type != REDIS_REPLY_INTEGER) {
    return UnexpectedReply("DEL", reply->reply.get());
  }
  return absl::OkStatus();
}

}  // namespace interplan::cache
