#include "common/cache/version_counters.h"

#include <optional>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/logging/log.h"

namespace interplan::cache {
namespace {

absl::Status CheckServiceName(absl::string_view service) {
  bool ok = !service.empty() && service != "epoch";
  for (char c : service) {
    ok = ok && (absl::ascii_islower(static_cast<unsigned char>(c)) ||
                absl::ascii_isdigit(static_cast<unsigned char>(c)) || c == '_' || c == '-');
  }
  if (!ok) {
    return absl::InvalidArgumentError(absl::StrCat("bad service name for a version counter: \"",
                                                   service,
                                                   "\" (expected [a-z0-9_-]+, not \"epoch\")"));
  }
  return absl::OkStatus();
}

// A counter as stored by INCR: an optional minus sign and digits.
bool IsCounter(absl::string_view value) {
  if (!value.empty() && value.front() == '-') value.remove_prefix(1);
  if (value.empty()) return false;
  for (char c : value) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

}  // namespace

VersionCounters::VersionCounters(RedisClient* client, VersionCountersOptions options)
    : client_(client), options_(options) {
  retry_thread_ = std::thread([this] { RetryLoop(); });
}

VersionCounters::~VersionCounters() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  retry_thread_.join();
}

std::string VersionCounters::CounterKey(absl::string_view service) {
  return absl::StrCat(kVersionKeyPrefix, service);
}

absl::Status VersionCounters::Bump(absl::string_view service) {
  if (absl::Status status = CheckServiceName(service); !status.ok()) return status;
  if (!client_->enabled()) return absl::OkStatus();
  bool in_debt;
  {
    std::lock_guard<std::mutex> lock(mu_);
    in_debt = !owed_.empty() || covered_bumps_ < failed_bumps_;
  }
  // Older debts first (failing fast while Redis is still down).
  if (in_debt) RetryOwedBumps().IgnoreError();
  // This bump tries Redis even while the client waits out its reconnect
  // interval: Redis may be back already, the gateway reading from it, and
  // a bump owed instead of made would let it serve a view this write
  // changed after the write is acknowledged.
  absl::StatusOr<int64_t> bumped =
      client_->Incr(CounterKey(service), /*connect_even_if_down=*/true);
  if (bumped.ok()) {
    if (in_debt) RetryOwedBumps().IgnoreError();  // Redis is back: pay now
    return absl::OkStatus();
  }
  if (!absl::IsUnavailable(bumped.status())) return bumped.status();
  {
    std::lock_guard<std::mutex> lock(mu_);
    owed_.insert(std::string(service));
    ++failed_bumps_;
  }
  wake_.notify_all();
  return absl::UnavailableError(
      absl::StrCat("version bump for ", service, " owed: ", bumped.status().message()));
}

absl::Status VersionCounters::RetryOwedBumps() {
  std::lock_guard<std::mutex> retry_lock(retry_mu_);
  std::set<std::string> owed;
  uint64_t failed;
  {
    std::lock_guard<std::mutex> lock(mu_);
    owed = owed_;
    failed = failed_bumps_;
    if (owed.empty() && covered_bumps_ >= failed) return absl::OkStatus();
  }
  for (const std::string& service : owed) {
    absl::StatusOr<int64_t> bumped = client_->Incr(CounterKey(service));
    if (!bumped.ok()) return bumped.status();
    std::lock_guard<std::mutex> lock(mu_);
    owed_.erase(service);
  }
  // The epoch bump comes with Redis back: it makes every view cached before
  // the outage unreachable, whatever key its owed counters had.
  absl::StatusOr<int64_t> epoch = client_->Incr(kEpochKey);
  if (!epoch.ok()) return epoch.status();
  std::lock_guard<std::mutex> lock(mu_);
  if (covered_bumps_ < failed) covered_bumps_ = failed;
  LogInfo("owed version bumps delivered",
          {{"services", static_cast<int64_t>(owed.size())}, {"epoch", *epoch}});
  if (!owed_.empty() || covered_bumps_ < failed_bumps_) {
    return absl::UnavailableError("more version bumps failed meanwhile");
  }
  return absl::OkStatus();
}

std::vector<std::string> VersionCounters::OwedBumps() const {
  std::lock_guard<std::mutex> lock(mu_);
  return std::vector<std::string>(owed_.begin(), owed_.end());
}

absl::Status VersionCounters::OnCacheReconnected() {
  absl::StatusOr<int64_t> epoch = client_->Incr(kEpochKey);
  return epoch.status();
}

absl::StatusOr<std::string> VersionCounters::Snapshot(const std::vector<std::string>& services) {
  return Read(services, /*bump_epoch_on_reconnect=*/true);
}

absl::StatusOr<std::string> VersionCounters::Current(const std::vector<std::string>& services) {
  return Read(services, /*bump_epoch_on_reconnect=*/false);
}

absl::StatusOr<std::string> VersionCounters::Read(const std::vector<std::string>& services,
                                                  bool bump_epoch_on_reconnect) {
  for (const std::string& service : services) {
    if (absl::Status status = CheckServiceName(service); !status.ok()) return status;
  }
  if (!client_->enabled()) {
    return absl::UnavailableError("cache disabled: no Redis URL configured");
  }
  std::vector<std::string> keys;
  keys.reserve(services.size() + 1);
  keys.emplace_back(kEpochKey);
  for (const std::string& service : services) keys.push_back(CounterKey(service));

  // Redis may come back (or restart) at any moment: the counters read are
  // used only when the connection generation did not move while reading
  // them, and the epoch was bumped for that generation.
  for (int attempt = 0; attempt < 3; ++attempt) {
    const uint64_t generation = client_->connection_generation();
    if (bump_epoch_on_reconnect &&
        epoch_generation_.load(std::memory_order_acquire) != generation) {
      std::lock_guard<std::mutex> lock(epoch_mu_);
      if (epoch_generation_.load() != generation) {
        if (absl::Status status = OnCacheReconnected(); !status.ok()) return status;
        epoch_generation_.store(generation, std::memory_order_release);
      }
    }
    absl::StatusOr<std::vector<std::optional<std::string>>> values = client_->MGet(keys);
    if (!values.ok()) return values.status();
    if (client_->connection_generation() != generation) continue;
    std::string snapshot;
    for (size_t i = 0; i < values->size(); ++i) {
      const std::optional<std::string>& value = (*values)[i];
      if (value.has_value() && !IsCounter(*value)) {
        return absl::InternalError(absl::StrCat("version counter ", keys[i], " is not a number"));
      }
      if (i == 1) {
        snapshot.push_back(':');
      } else if (i > 1) {
        snapshot.push_back('.');
      }
      snapshot.append(value.has_value() ? *value : "0");
    }
    return snapshot;
  }
  return absl::UnavailableError("redis connection kept breaking during a snapshot");
}

void VersionCounters::RetryLoop() {
  std::unique_lock<std::mutex> lock(mu_);
  while (!stopping_) {
    if (owed_.empty() && covered_bumps_ >= failed_bumps_) {
      wake_.wait(lock);
      continue;
    }
    if (wake_.wait_for(lock, absl::ToChronoMilliseconds(options_.retry_interval),
                       [this] { return stopping_; })) {
      break;
    }
    lock.unlock();
    RetryOwedBumps().IgnoreError();
    lock.lock();
  }
}

}  // namespace interplan::cache
