#include "common/auth/credential_cache.h"

#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

namespace interplan::auth {

CredentialCache::CredentialCache(Authenticator* source, CredentialCacheOptions options)
    : source_(source), options_(std::move(options)) {}

std::string CredentialCache::KeyOf(const Credential& credential) {
  return absl::StrCat(credential.kind == Credential::Kind::kApiKey ? "k:" : "s:", credential.value);
}

absl::Time CredentialCache::Now() const { return options_.now ? options_.now() : absl::Now(); }

absl::Time CredentialCache::ExpiryOf(const Answer& answer, absl::Time now) const {
  if (answer.ok()) return std::min(now + options_.ttl, answer->valid_until);
  if (absl::IsUnauthenticated(answer.status())) return now + options_.negative_ttl;
  return now;  // not kept: a retry may answer differently
}

absl::StatusOr<Principal> CredentialCache::Authenticate(const Credential& credential) {
  const std::string key = KeyOf(credential);
  std::promise<Answer> promise;
  std::shared_future<Answer> in_flight;
  {
    absl::MutexLock lock(&mu_);
    auto found = entries_.find(key);
    if (found != entries_.end()) {
      if (found->second.expires > Now()) return found->second.answer;
      entries_.erase(found);
    }
    auto pending = pending_.find(key);
    if (pending != pending_.end()) {
      in_flight = pending->second;
    } else {
      pending_.emplace(key, promise.get_future().share());
    }
  }
  // Someone else is asking already: share their answer.
  if (in_flight.valid()) return in_flight.get();

  Answer answer = source_->Authenticate(credential);
  if (answer.ok() && answer->valid_until <= Now()) {
    answer = absl::UnauthenticatedError("the credential has expired");
  }

  absl::MutexLock lock(&mu_);
  const absl::Time now = Now();
  const absl::Time expires = ExpiryOf(answer, now);
  if (expires > now) {
    MakeRoomLocked(now);
    entries_.insert_or_assign(key, Entry{answer, expires});
  }
  promise.set_value(answer);
  pending_.erase(key);
  return answer;
}

void CredentialCache::MakeRoomLocked(absl::Time now) {
  if (entries_.size() < options_.max_entries) return;
  for (auto it = entries_.begin(); it != entries_.end();) {
    if (it->second.expires <= now) {
      entries_.erase(it++);
    } else {
      ++it;
    }
  }
  while (!entries_.empty() && entries_.size() >= options_.max_entries) {
    entries_.erase(entries_.begin());
  }
}

void CredentialCache::Clear() {
  absl::MutexLock lock(&mu_);
  entries_.clear();
}

size_t CredentialCache::size() const {
  absl::MutexLock lock(&mu_);
  return entries_.size();
}

}  // namespace interplan::auth
