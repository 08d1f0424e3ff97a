// An Authenticator that remembers answers, so authenticating a call costs
// no round trip to interplan-agencies except once per credential per ttl.
//
// Revocation bound: a credential revoked in interplan-agencies is refused
// by every service at most `ttl` later (default 30 s): a positive answer is
// kept for at most `ttl`, and never past the principal's valid_until (a
// key's expiry takes effect on time). Refusals (UNAUTHENTICATED) are kept
// for `negative_ttl` (default 5 s), so a client retrying a bad key in a
// loop cannot flood interplan-agencies; a newly issued key is usable at
// once (it was never refused). Errors that a retry can fix (UNAVAILABLE,
// DEADLINE_EXCEEDED, ...) are never kept, and an expired answer is never
// served because the source is down.
//
// Concurrent lookups of one credential share a single call to the wrapped
// authenticator. Thread-safe. Holds at most `max_entries` answers; when
// full, expired answers go first, then arbitrary ones.
#ifndef INTERPLAN_COMMON_AUTH_CREDENTIAL_CACHE_H_
#define INTERPLAN_COMMON_AUTH_CREDENTIAL_CACHE_H_

#include <cstddef>
#include <functional>
#include <future>
#include <memory>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/auth/authenticator.h"

namespace interplan::auth {

struct CredentialCacheOptions {
  absl::Duration ttl = absl::Seconds(30);
  absl::Duration negative_ttl = absl::Seconds(5);
  size_t max_entries = 10000;
  // The clock; injectable for tests.
  std::function<absl::Time()> now;
};

class CredentialCache : public Authenticator {
 public:
  // `source` is not owned and must outlive the cache.
  CredentialCache(Authenticator* source, CredentialCacheOptions options = {});

  absl::StatusOr<Principal> Authenticate(const Credential& credential) override;

  // Forgets every answer (an operator's "revoke now").
  void Clear();
  size_t size() const;

 private:
  using Answer = absl::StatusOr<Principal>;
  struct Entry {
    Answer answer;
    absl::Time expires;
  };

  static std::string KeyOf(const Credential& credential);
  absl::Time Now() const;
  // How long `answer`, had at `now`, may be kept; zero: not at all.
  absl::Time ExpiryOf(const Answer& answer, absl::Time now) const;
  void MakeRoomLocked(absl::Time now) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  Authenticator* const source_;
  const CredentialCacheOptions options_;
  mutable absl::Mutex mu_;
  absl::flat_hash_map<std::string, Entry> entries_ ABSL_GUARDED_BY(mu_);
  // Lookups under way, which later callers of the same credential wait on.
  absl::flat_hash_map<std::string, std::shared_future<Answer>> pending_ ABSL_GUARDED_BY(mu_);
};

}  // namespace interplan::auth

#endif  // INTERPLAN_COMMON_AUTH_CREDENTIAL_CACHE_H_
