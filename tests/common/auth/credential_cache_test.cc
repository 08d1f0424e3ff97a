// Tests of CredentialCache: how long answers are kept, refusals, expiry,
// bounded size, and concurrent lookups sharing one call.
#include "common/auth/credential_cache.h"

#include <atomic>
#include <thread>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"

namespace interplan::auth {
namespace {

const absl::Time kStart = absl::FromUnixSeconds(1750000000);

// Answers from a table; counts how often it is asked; optionally slow.
class TableAuthenticator : public Authenticator {
 public:
  absl::StatusOr<Principal> Authenticate(const Credential& credential) override {
    calls_.fetch_add(1);
    if (delay_ > absl::ZeroDuration()) absl::SleepFor(delay_);
    absl::MutexLock lock(&mu_);
    if (!unavailable_.ok()) return unavailable_;
    auto found = principals_.find(credential.value);
    if (found == principals_.end()) return absl::UnauthenticatedError("unknown key");
    return found->second;
  }

  void Set(const std::string& key, Principal principal) {
    absl::MutexLock lock(&mu_);
    principals_[key] = std::move(principal);
  }
  void Revoke(const std::string& key) {
    absl::MutexLock lock(&mu_);
    principals_.erase(key);
  }
  void SetUnavailable(absl::Status status) {
    absl::MutexLock lock(&mu_);
    unavailable_ = std::move(status);
  }
  int calls() const { return calls_.load(); }
  absl::Duration delay_ = absl::ZeroDuration();

 private:
  std::atomic<int> calls_{0};
  absl::Mutex mu_;
  absl::flat_hash_map<std::string, Principal> principals_;
  absl::Status unavailable_;
};

Principal Agency(std::string credential) {
  return Principal{.credential = std::move(credential),
                   .agency = "agencies/dong-nai-ubnd",
                   .role = Role::kAgency,
                   .unit = "units/75"};
}

Credential Key(std::string value) {
  return Credential{Credential::Kind::kApiKey, std::move(value)};
}

class CredentialCacheTest : public ::testing::Test {
 protected:
  CredentialCacheOptions Options() {
    return CredentialCacheOptions{
        .ttl = absl::Seconds(30), .negative_ttl = absl::Seconds(5), .now = [this] { return now_; }};
  }
  void Advance(absl::Duration d) { now_ += d; }

  // Moved only while no lookup runs.
  absl::Time now_ = kStart;
  TableAuthenticator source_;
};

TEST_F(CredentialCacheTest, KeepsAnAnswerForTheTtlThenAsksAgain) {
  source_.Set("secret-1", Agency("agencies/dong-nai-ubnd/apiKeys/k1"));
  CredentialCache cache(&source_, Options());
  for (int i = 0; i < 5; ++i) {
    absl::StatusOr<Principal> principal = cache.Authenticate(Key("secret-1"));
    ASSERT_TRUE(principal.ok()) << principal.status();
    EXPECT_EQ(principal->credential, "agencies/dong-nai-ubnd/apiKeys/k1");
  }
  EXPECT_EQ(source_.calls(), 1);

  // Revoked at the source: still admitted within the ttl (the documented
  // bound), refused once it has passed.
  source_.Revoke("secret-1");
  Advance(absl::Seconds(29));
  EXPECT_TRUE(cache.Authenticate(Key("secret-1")).ok());
  Advance(absl::Seconds(1));
  EXPECT_TRUE(absl::IsUnauthenticated(cache.Authenticate(Key("secret-1")).status()));
  EXPECT_EQ(source_.calls(), 2);
}

TEST_F(CredentialCacheTest, NeverKeepsAnAnswerPastValidUntil) {
  Principal expiring = Agency("agencies/dong-nai-ubnd/apiKeys/k2");
  expiring.valid_until = kStart + absl::Seconds(10);
  source_.Set("secret-2", expiring);
  CredentialCache cache(&source_, Options());
  EXPECT_TRUE(cache.Authenticate(Key("secret-2")).ok());
  Advance(absl::Seconds(9));
  EXPECT_TRUE(cache.Authenticate(Key("secret-2")).ok());
  EXPECT_EQ(source_.calls(), 1);
  Advance(absl::Seconds(1));
  // The source still (wrongly) answers with the expired principal: the
  // cache refuses it rather than admit an expired key.
  absl::StatusOr<Principal> after = cache.Authenticate(Key("secret-2"));
  EXPECT_TRUE(absl::IsUnauthenticated(after.status())) << after.status();
  EXPECT_EQ(source_.calls(), 2);
}

TEST_F(CredentialCacheTest, KeepsRefusalsBrieflySoBadKeysDoNotFloodTheSource) {
  CredentialCache cache(&source_, Options());
  for (int i = 0; i < 100; ++i) {
    EXPECT_TRUE(absl::IsUnauthenticated(cache.Authenticate(Key("bad")).status()));
  }
  EXPECT_EQ(source_.calls(), 1);
  // A key issued meanwhile is refused until the refusal expires.
  source_.Set("bad", Agency("agencies/dong-nai-ubnd/apiKeys/k3"));
  Advance(absl::Seconds(4));
  EXPECT_FALSE(cache.Authenticate(Key("bad")).ok());
  Advance(absl::Seconds(1));
  EXPECT_TRUE(cache.Authenticate(Key("bad")).ok());
  EXPECT_EQ(source_.calls(), 2);
}

TEST_F(CredentialCacheTest, DoesNotKeepErrorsARetryCanFix) {
  source_.Set("secret-4", Agency("agencies/dong-nai-ubnd/apiKeys/k4"));
  source_.SetUnavailable(absl::UnavailableError("agencies is down"));
  CredentialCache cache(&source_, Options());
  EXPECT_TRUE(absl::IsUnavailable(cache.Authenticate(Key("secret-4")).status()));
  source_.SetUnavailable(absl::OkStatus());
  EXPECT_TRUE(cache.Authenticate(Key("secret-4")).ok());
  EXPECT_EQ(source_.calls(), 2);
}

TEST_F(CredentialCacheTest, TellsKeysFromCertificateSubjects) {
  source_.Set("same-text", Agency("agencies/dong-nai-ubnd/apiKeys/k5"));
  CredentialCache cache(&source_, Options());
  EXPECT_TRUE(cache.Authenticate(Key("same-text")).ok());
  EXPECT_TRUE(
      cache.Authenticate(Credential{Credential::Kind::kCertificateSubject, "same-text"}).ok());
  EXPECT_EQ(source_.calls(), 2);
}

TEST_F(CredentialCacheTest, HoldsAtMostMaxEntries) {
  CredentialCacheOptions options = Options();
  options.max_entries = 3;
  CredentialCache cache(&source_, options);
  for (int i = 0; i < 10; ++i) {
    source_.Set(absl::StrCat("key-", i), Agency(absl::StrCat("k", i)));
    EXPECT_TRUE(cache.Authenticate(Key(absl::StrCat("key-", i))).ok());
    EXPECT_LE(cache.size(), 3u);
  }
}

TEST_F(CredentialCacheTest, ConcurrentLookupsOfOneKeyShareOneCall) {
  source_.Set("shared", Agency("agencies/dong-nai-ubnd/apiKeys/shared"));
  for (int i = 0; i < 8; ++i) source_.Set(absl::StrCat("own-", i), Agency(absl::StrCat("k", i)));
  source_.delay_ = absl::Milliseconds(100);
  CredentialCache cache(&source_, Options());
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 16; ++i) {
    threads.emplace_back([&] {
      if (cache.Authenticate(Key("shared")).ok()) ok.fetch_add(1);
    });
  }
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&, i] {
      absl::StatusOr<Principal> p = cache.Authenticate(Key(absl::StrCat("own-", i)));
      if (p.ok() && p->credential == absl::StrCat("k", i)) ok.fetch_add(1);
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(ok.load(), 24);
  EXPECT_EQ(source_.calls(), 1 + 8);
}

}  // namespace
}  // namespace interplan::auth
