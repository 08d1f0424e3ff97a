#include "common/cache/version_watch.h"

#include <hiredis/hiredis.h>
#include <poll.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/cache/hiredis_reply.h"
#include "common/cache/version_counters.h"
#include "common/logging/log.h"

namespace interplan::cache {
namespace {

struct FreeContext {
  void operator()(redisContext* context) const { redisFree(context); }
};
using ContextPtr = std::unique_ptr<redisContext, FreeContext>;

absl::Status Broken(absl::string_view what, const redisContext& context) {
  return absl::UnavailableError(absl::StrCat(what, ": ", context.errstr));
}

// Runs one command while setting the watch up; an error reply is an error.
absl::StatusOr<RedisReplyPtr> Command(redisContext& context, int argc, const char** argv) {
  RedisReplyPtr reply(static_cast<redisReply*>(redisCommandArgv(&context, argc, argv, nullptr)));
  if (reply == nullptr) return Broken(argv[0], context);
  if (reply->type == REDIS_REPLY_ERROR) {
    return absl::FailedPreconditionError(
        absl::StrCat(argv[0], " ", argv[1], ": ", ReplyText(reply.get())));
  }
  return reply;
}

// The kind of a message on a subscribed connection: its first element.
bool IsArrayStartingWith(const redisReply& reply, absl::string_view kind) {
  return reply.type == REDIS_REPLY_ARRAY && reply.elements >= 1 &&
         reply.element[0]->type == REDIS_REPLY_STRING &&
         absl::string_view(reply.element[0]->str, reply.element[0]->len) == kind;
}

// Asks Redis to send every change of a version counter to `context`
// itself, and subscribes it to those messages.
absl::Status AskForInvalidations(redisContext& context) {
  const char* id_argv[] = {"CLIENT", "ID"};
  absl::StatusOr<RedisReplyPtr> id = Command(context, 2, id_argv);
  if (!id.ok()) return id.status();
  if ((*id)->type != REDIS_REPLY_INTEGER) return absl::InternalError("CLIENT ID: not an integer");
  const std::string own_id = absl::StrCat((*id)->integer);
  const std::string prefix(kVersionKeyPrefix);
  const char* tracking_argv[] = {"CLIENT",       "TRACKING", "on",     "REDIRECT",
                                 own_id.c_str(), "BCAST",    "PREFIX", prefix.c_str()};
  absl::StatusOr<RedisReplyPtr> tracking = Command(context, 8, tracking_argv);
  if (!tracking.ok()) return tracking.status();
  const char* subscribe_argv[] = {"SUBSCRIBE", "__redis__:invalidate"};
  absl::StatusOr<RedisReplyPtr> subscribed = Command(context, 2, subscribe_argv);
  if (!subscribed.ok()) return subscribed.status();
  if (!IsArrayStartingWith(**subscribed, "subscribe")) {
    return absl::InternalError("SUBSCRIBE __redis__:invalidate: unexpected reply");
  }
  return absl::OkStatus();
}

}  // namespace

VersionWatch::VersionWatch(const RedisClient& client, Reader read, VersionWatchOptions options)
    : address_([&client]() -> std::optional<RedisAddress> {
        absl::StatusOr<RedisAddress> address = ParseRedisUrl(client.url());
        if (!client.enabled() || !address.ok()) return std::nullopt;
        return *address;
      }()),
      read_(std::move(read)),
      options_(options) {
  if (address_.has_value()) thread_ = std::thread([this] { Loop(); });
}

VersionWatch::~VersionWatch() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  if (thread_.joinable()) thread_.join();
}

absl::StatusOr<std::string> VersionWatch::Snapshot() {
  uint64_t changes = 0;
  {
    absl::ReaderMutexLock lock(&mu_);
    if (held_.has_value() && !InvalidationWaiting()) return *held_;
    changes = changes_;
  }
  absl::StatusOr<std::string> read = read_();
  if (!read.ok()) return read;
  absl::MutexLock lock(&mu_);
  // Nothing changed since before the read began: Redis would have said.
  if (fd_ >= 0 && changes_ == changes) held_ = *read;
  return read;
}

bool VersionWatch::watching() const {
  absl::ReaderMutexLock lock(&mu_);
  return fd_ >= 0;
}

uint64_t VersionWatch::invalidations() const {
  absl::ReaderMutexLock lock(&mu_);
  return invalidations_;
}

absl::Status VersionWatch::ReadMessages(redisContext& context, bool& ping_pending) {
  // Under the lock from the read to the last invalidation: a Snapshot()
  // sees the bytes still waiting on the socket or the snapshot dropped.
  absl::MutexLock lock(&mu_);
  if (redisBufferRead(&context) != REDIS_OK) return Broken("read", context);
  while (true) {
    void* raw = nullptr;
    if (redisGetReplyFromReader(&context, &raw) != REDIS_OK) return Broken("parse", context);
    if (raw == nullptr) return absl::OkStatus();
    RedisReplyPtr message(static_cast<redisReply*>(raw));
    if (IsArrayStartingWith(*message, "message")) {
      held_.reset();
      ++changes_;
      ++invalidations_;
    }
    if (IsArrayStartingWith(*message, "pong")) ping_pending = false;
  }
}

void VersionWatch::SetWatching(int fd) {
  absl::MutexLock lock(&mu_);
  held_.reset();
  ++changes_;
  fd_ = fd;
}

bool VersionWatch::InvalidationWaiting() const {
  pollfd waiting = {fd_, POLLIN, 0};
  return poll(&waiting, 1, 0) != 0;
}

bool VersionWatch::stopping() const {
  absl::ReaderMutexLock lock(&mu_);
  return stopping_;
}

bool VersionWatch::Pause(absl::Duration interval) {
  absl::MutexLock lock(&mu_);
  mu_.AwaitWithTimeout(absl::Condition(&stopping_), interval);
  return !stopping_;
}

void VersionWatch::Loop() {
  // Said once per loss, not at every attempt to reconnect.
  bool failure_logged = false;
  while (!stopping()) {
    bool was_watching = false;
    absl::Status ended = WatchOnce(was_watching);
    if (stopping()) return;
    if (was_watching || !failure_logged) {
      LogWarning("version watch down: cached views read the version counters from Redis",
                 {{"error", ended.ToString()}});
    }
    failure_logged = true;
    if (!Pause(options_.reconnect_interval)) return;
  }
}

absl::Status VersionWatch::WatchOnce(bool& was_watching) {
  ContextPtr context(redisConnectWithTimeout(address_->host.c_str(), address_->port,
                                             absl::ToTimeval(options_.connect_timeout)));
  if (context == nullptr) return absl::UnavailableError("cannot allocate a Redis connection");
  if (context->err != 0) return Broken("connect", *context);
  // Setting up waits at most `liveness` for each answer; after that, poll
  // decides when there is something to read.
  if (redisSetTimeout(context.get(), absl::ToTimeval(options_.liveness)) != REDIS_OK) {
    return Broken("set the socket timeout", *context);
  }
  absl::Status asked = AskForInvalidations(*context);
  if (!asked.ok()) return asked;
  was_watching = true;
  SetWatching(context->fd);
  absl::Status ended = Listen(*context);
  SetWatching(-1);  // before the connection closes
  return ended;
}

absl::Status VersionWatch::Listen(redisContext& connection) {
  redisContext* const context = &connection;
  absl::Time last_heard = absl::Now();
  absl::Time ping_sent;
  bool ping_pending = false;
  while (!stopping()) {
    pollfd ready = {context->fd, POLLIN, 0};
    const int polled =
        poll(&ready, 1, static_cast<int>(absl::ToInt64Milliseconds(options_.ping_interval)));
    if (polled < 0 && errno != EINTR) {
      return absl::UnavailableError(absl::StrCat("poll: ", std::strerror(errno)));
    }
    if (polled > 0) {
      absl::Status read = ReadMessages(*context, ping_pending);
      if (!read.ok()) return read;
      last_heard = absl::Now();
    }
    const absl::Time now = absl::Now();
    if (ping_pending && now - ping_sent > options_.liveness) {
      return absl::DeadlineExceededError(absl::StrCat("Redis did not answer PING within ",
                                                      absl::FormatDuration(options_.liveness)));
    }
    if (!ping_pending && now - last_heard >= options_.ping_interval) {
      redisAppendCommand(context, "PING");
      int done = 0;
      while (done == 0) {
        if (redisBufferWrite(context, &done) != REDIS_OK) return Broken("PING", *context);
      }
      ping_pending = true;
      ping_sent = now;
    }
  }
  return absl::OkStatus();
}

}  // namespace interplan::cache
