// The Redis client, the version counters and their watch against a real
// redis-server,
// including one that is stopped, restarted and frozen under them.
#include <atomic>
#include <cstdio>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "common/cache/redis_client.h"
#include "common/cache/version_counters.h"
#include "common/cache/version_watch.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/redis_server.h"

namespace interplan::cache {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Optional;

// A failing call must come back within this (the timeouts are 200 ms).
constexpr absl::Duration kFailFast = absl::Milliseconds(500);

std::unique_ptr<RedisClient> NewClient(const std::string& url, RedisClientOptions options = {}) {
  absl::StatusOr<std::unique_ptr<RedisClient>> client = RedisClient::Create(url, options);
  EXPECT_TRUE(client.ok()) << client.status();
  return client.ok() ? std::move(*client) : nullptr;
}

// Waits until `condition` holds, up to `timeout`.
template <typename Condition>
bool Eventually(Condition condition, absl::Duration timeout = absl::Seconds(5)) {
  const absl::Time deadline = absl::Now() + timeout;
  while (absl::Now() < deadline) {
    if (condition()) return true;
    absl::SleepFor(absl::Milliseconds(20));
  }
  return condition();
}

class RedisTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<testing::RedisServer>> server = testing::RedisServer::Create();
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = std::move(*server);
    client_ = NewClient(server_->Url());
    ASSERT_NE(client_, nullptr);
  }

  std::unique_ptr<testing::RedisServer> server_;
  std::unique_ptr<RedisClient> client_;
};

TEST(RedisUrlTest, ParsesHostPortAndDatabase) {
  absl::StatusOr<RedisAddress> address = ParseRedisUrl("redis://cache.local:6380/3");
  ASSERT_TRUE(address.ok()) << address.status();
  EXPECT_EQ(address->host, "cache.local");
  EXPECT_EQ(address->port, 6380);
  EXPECT_EQ(address->db, 3);

  address = ParseRedisUrl("redis://127.0.0.1");
  ASSERT_TRUE(address.ok()) << address.status();
  EXPECT_EQ(address->port, 6379);
  EXPECT_EQ(address->db, 0);

  address = ParseRedisUrl("redis://[::1]:7000/");
  ASSERT_TRUE(address.ok()) << address.status();
  EXPECT_EQ(address->host, "::1");
  EXPECT_EQ(address->port, 7000);
}

TEST(RedisUrlTest, RejectsMalformedUrls) {
  for (const char* url :
       {"127.0.0.1:6379", "http://h:1", "redis://", "redis://:6379", "redis://h:", "redis://h:0",
        "redis://h:65536", "redis://h:12x", "redis://h:1/x", "redis://h:1/-1",
        "redis://user:pw@h:1", "redis://h:1?db=2", "redis://::1:5", "redis://[::1"}) {
    absl::StatusOr<RedisAddress> address = ParseRedisUrl(url);
    EXPECT_TRUE(absl::IsInvalidArgument(address.status())) << url;
    EXPECT_THAT(address.status().message(), HasSubstr(url));
    EXPECT_TRUE(absl::IsInvalidArgument(RedisClient::Create(url).status())) << url;
  }
}

TEST(RedisClientTest, EmptyUrlMakesADisabledClient) {
  std::unique_ptr<RedisClient> client = NewClient("");
  ASSERT_NE(client, nullptr);
  EXPECT_FALSE(client->enabled());
  EXPECT_FALSE(client->available());
  EXPECT_TRUE(absl::IsUnavailable(client->Get("k").status()));
  EXPECT_TRUE(absl::IsUnavailable(client->Set("k", "v", absl::Seconds(1))));
  EXPECT_TRUE(absl::IsUnavailable(client->Incr("k").status()));

  VersionCounters counters(client.get());
  EXPECT_TRUE(counters.Bump("plans").ok());  // no cache, nothing to invalidate
  EXPECT_THAT(counters.OwedBumps(), IsEmpty());
  EXPECT_TRUE(absl::IsUnavailable(counters.Snapshot({"plans"}).status()));
}

TEST(RedisClientTest, UnreachableHostFailsWithinTheTimeout) {
  // A blackhole address (TEST-NET-1) and a closed port.
  for (const char* url : {"redis://192.0.2.1:6379", "redis://127.0.0.1:1"}) {
    std::unique_ptr<RedisClient> client = NewClient(url);
    ASSERT_NE(client, nullptr);
    for (int i = 0; i < 5; ++i) {
      const absl::Time start = absl::Now();
      absl::StatusOr<std::optional<std::string>> value = client->Get("k");
      EXPECT_TRUE(absl::IsUnavailable(value.status())) << url << value.status();
      EXPECT_LT(absl::Now() - start, kFailFast) << url;
    }
    EXPECT_FALSE(client->available());
  }
}

TEST_F(RedisTest, GetSetIncrMGetWithBinaryValues) {
  using std::string_literals::operator""s;
  const std::string key = "view:\x00\xff\r\n key"s;
  const std::string value = "\x00\x01\xfe\xff\r\n$3\r\nnot a command\0"s;
  ASSERT_EQ(key.size(), 13u);
  ASSERT_EQ(value.size(), 24u);
  EXPECT_THAT(*client_->Get(key), std::nullopt);
  ASSERT_TRUE(client_->Set(key, value, absl::Minutes(1)).ok());
  absl::StatusOr<std::optional<std::string>> got = client_->Get(key);
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_THAT(*got, Optional(value));

  std::string large(1 << 20, '\0');
  for (size_t i = 0; i < large.size(); ++i) large[i] = static_cast<char>(i * 131);
  ASSERT_TRUE(client_->Set("large", large, absl::InfiniteDuration()).ok());
  EXPECT_THAT(*client_->Get("large"), Optional(large));

  EXPECT_EQ(*client_->Incr("counter"), 1);
  EXPECT_EQ(*client_->Incr("counter"), 2);
  EXPECT_TRUE(absl::IsInternal(client_->Incr(key).status()));  // not a number

  absl::StatusOr<std::vector<std::optional<std::string>>> values =
      client_->MGet({"counter", "missing", key});
  ASSERT_TRUE(values.ok()) << values.status();
  EXPECT_THAT(*values, ElementsAre(Optional(std::string("2")), std::nullopt, Optional(value)));
  EXPECT_THAT(*client_->MGet({}), IsEmpty());

  ASSERT_TRUE(client_->Del(key).ok());
  EXPECT_THAT(*client_->Get(key), std::nullopt);
  EXPECT_TRUE(client_->available());
  EXPECT_TRUE(client_->Ping().ok());
}

TEST_F(RedisTest, EntriesExpireAfterTheirTtl) {
  ASSERT_TRUE(client_->Set("short", "v", absl::Milliseconds(150)).ok());
  ASSERT_TRUE(client_->Set("long", "v", absl::Minutes(5)).ok());
  EXPECT_THAT(*client_->Get("short"), Optional(std::string("v")));
  EXPECT_TRUE(Eventually([&] { return !client_->Get("short")->has_value(); }, absl::Seconds(3)));
  EXPECT_THAT(*client_->Get("long"), Optional(std::string("v")));
  EXPECT_TRUE(absl::IsInvalidArgument(client_->Set("k", "v", absl::ZeroDuration())));
}

TEST_F(RedisTest, SelectsTheDatabaseOfTheUrl) {
  std::unique_ptr<RedisClient> other = NewClient(server_->Url(5));
  ASSERT_TRUE(other->Set("k", "in db 5", absl::Minutes(1)).ok());
  EXPECT_THAT(*client_->Get("k"), std::nullopt);
  EXPECT_THAT(*other->Get("k"), Optional(std::string("in db 5")));

  std::unique_ptr<RedisClient> bad = NewClient(server_->Url(99));
  EXPECT_FALSE(bad->Get("k").ok());
  EXPECT_FALSE(bad->available());
}

TEST_F(RedisTest, StoppedRedisFailsFastAndIsPickedUpAgainWhenBack) {
  ASSERT_TRUE(client_->Set("k", "v", absl::Minutes(1)).ok());
  ASSERT_TRUE(client_->available());
  const uint64_t generation = client_->connection_generation();

  ASSERT_TRUE(server_->Stop().ok());
  const absl::Time start = absl::Now();
  for (int i = 0; i < 200; ++i) {
    const absl::Time call = absl::Now();
    absl::StatusOr<std::optional<std::string>> value = client_->Get("k");
    EXPECT_TRUE(absl::IsUnavailable(value.status())) << value.status();
    EXPECT_TRUE(absl::IsUnavailable(client_->Set("k", "v", absl::Minutes(1))));
    EXPECT_TRUE(absl::IsUnavailable(client_->Incr("n").status()));
    EXPECT_TRUE(absl::IsUnavailable(client_->MGet({"k", "n"}).status()));
    EXPECT_LT(absl::Now() - call, kFailFast);
  }
  // A dead Redis costs (almost) nothing per call: at most one connect
  // attempt per second.
  EXPECT_LT(absl::Now() - start, absl::Milliseconds(500));
  EXPECT_FALSE(client_->available());
  EXPECT_NE(client_->connection_generation(), generation);

  ASSERT_TRUE(server_->Start().ok());
  // The same client finds it again (within the reconnect interval).
  EXPECT_TRUE(Eventually([&] { return client_->available(); }, absl::Seconds(3)));
  absl::StatusOr<std::optional<std::string>> value = client_->Get("k");
  ASSERT_TRUE(value.ok()) << value.status();
  EXPECT_EQ(*value, std::nullopt);  // a fresh server: no persistence
  ASSERT_TRUE(client_->Set("k", "again", absl::Minutes(1)).ok());
  EXPECT_THAT(*client_->Get("k"), Optional(std::string("again")));
}

TEST_F(RedisTest, ARestartBetweenCallsCostsNoFailure) {
  // Several idle pooled connections, all made stale by the restart.
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 50; ++i) EXPECT_TRUE(client_->Incr("n").ok());
    });
  }
  for (std::thread& thread : threads) thread.join();
  const uint64_t generation = client_->connection_generation();
  ASSERT_TRUE(server_->Stop().ok());
  ASSERT_TRUE(server_->Start().ok());
  for (int i = 0; i < 20; ++i) {
    absl::StatusOr<int64_t> n = client_->Incr("n");
    ASSERT_TRUE(n.ok()) << n.status();
    EXPECT_EQ(*n, i + 1);
  }
  // ... but it is noticed: whatever was read before may be gone.
  EXPECT_NE(client_->connection_generation(), generation);
}

TEST_F(RedisTest, HungRedisTimesOutAndRecovers) {
  ASSERT_TRUE(client_->Set("k", "v", absl::Minutes(1)).ok());
  ASSERT_TRUE(server_->Pause().ok());
  for (int i = 0; i < 20; ++i) {
    const absl::Time call = absl::Now();
    EXPECT_TRUE(absl::IsUnavailable(client_->Get("k").status()));
    EXPECT_LT(absl::Now() - call, kFailFast);
  }
  // Concurrent callers too: none waits for another's timeout to pile up.
  std::vector<std::thread> threads;
  std::atomic<int> slow{0};
  for (int t = 0; t < 16; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 10; ++i) {
        const absl::Time call = absl::Now();
        EXPECT_FALSE(client_->Get("k").ok());
        if (absl::Now() - call >= kFailFast) ++slow;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(slow.load(), 0);
  EXPECT_FALSE(client_->available());

  ASSERT_TRUE(server_->Resume().ok());
  EXPECT_TRUE(Eventually([&] { return client_->Get("k").ok(); }, absl::Seconds(3)));
  EXPECT_THAT(*client_->Get("k"), Optional(std::string("v")));  // data kept
}

// A client for tests that count answers, not time them: a loaded machine
// may hold one of thousands of replies past the default 200 ms.
std::unique_ptr<RedisClient> NewPatientClient(const std::string& url) {
  RedisClientOptions patient;
  patient.command_timeout = absl::Seconds(10);
  patient.connect_timeout = absl::Seconds(10);
  return NewClient(url, patient);
}

TEST_F(RedisTest, ServesManyThreadsAtOnce) {
  client_ = NewPatientClient(server_->Url());
  ASSERT_TRUE(client_->Set("view", std::string(4096, 'x'), absl::Minutes(1)).ok());
  constexpr int kThreads = 16;
  constexpr int kReads = 2000;
  std::atomic<int> failures{0};
  const absl::Time start = absl::Now();
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kReads; ++i) {
        absl::StatusOr<std::optional<std::string>> value = client_->Get("view");
        if (!value.ok() || !value->has_value() || (*value)->size() != 4096) ++failures;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  const absl::Duration elapsed = absl::Now() - start;
  EXPECT_EQ(failures.load(), 0);
  std::printf("%d cached reads from %d threads in %s (%.0f/s)\n", kThreads * kReads, kThreads,
              absl::FormatDuration(elapsed).c_str(),
              kThreads * kReads / absl::ToDoubleSeconds(elapsed));
}

class VersionCountersTest : public RedisTest {
 protected:
  // What Redis holds at `key`, as a number (0 when absent).
  int64_t Read(const std::string& key) {
    absl::StatusOr<std::optional<std::string>> value = client_->Get(key);
    EXPECT_TRUE(value.ok()) << value.status();
    if (!value.ok() || !value->has_value()) return 0;
    return std::stoll(**value);
  }
  static std::string Epoch(const std::string& snapshot) {
    return std::string(snapshot.substr(0, snapshot.find(':')));
  }
};

// A writer reading its own counter (ServiceServer::SharedWriteVersion, for
// its memos) must not bump the epoch on its first read, as a reader of
// views does: that would make every view the gateway cached unreachable
// each time a replica starts.
TEST_F(VersionCountersTest, CurrentReadsWithoutBumpingTheEpoch) {
  VersionCounters writer(client_.get());
  absl::StatusOr<std::string> current = writer.Current({"plans"});
  ASSERT_TRUE(current.ok()) << current.status();
  EXPECT_EQ(*current, "0:0");
  EXPECT_EQ(Read(std::string(kEpochKey)), 0);
  ASSERT_TRUE(writer.Bump("plans").ok());
  EXPECT_EQ(*writer.Current({"plans"}), "0:1");
  // A reader's first snapshot still bumps it; the writer sees that too.
  VersionCounters reader(client_.get());
  EXPECT_EQ(*reader.Snapshot({"plans"}), "1:1");
  EXPECT_EQ(*writer.Current({"plans"}), "1:1");
}

TEST_F(VersionCountersTest, BumpsChangeTheSnapshotsThatIncludeThem) {
  VersionCounters counters(client_.get());
  absl::StatusOr<std::string> before = counters.Snapshot({"plans", "reporting"});
  ASSERT_TRUE(before.ok()) << before.status();
  // The first snapshot of a process bumps the epoch once; absent counters
  // read as 0.
  EXPECT_EQ(*before, "1:0.0");
  EXPECT_EQ(*counters.Snapshot({"plans", "reporting"}), *before);  // stable
  EXPECT_EQ(*counters.Snapshot({}), "1");

  ASSERT_TRUE(counters.Bump("plans").ok());
  EXPECT_EQ(*counters.Snapshot({"plans", "reporting"}), "1:1.0");
  EXPECT_EQ(*counters.Snapshot({"reporting"}), "1:0");  // unaffected
  ASSERT_TRUE(counters.Bump("reporting").ok());
  ASSERT_TRUE(counters.Bump("reporting").ok());
  EXPECT_EQ(*counters.Snapshot({"plans", "reporting"}), "1:1.2");
  EXPECT_EQ(Read(VersionCounters::CounterKey("reporting")), 2);

  ASSERT_TRUE(counters.OnCacheReconnected().ok());
  EXPECT_EQ(*counters.Snapshot({"plans", "reporting"}), "2:1.2");

  EXPECT_TRUE(absl::IsInvalidArgument(counters.Bump("epoch")));
  EXPECT_TRUE(absl::IsInvalidArgument(counters.Bump("Plans:x")));
  EXPECT_TRUE(absl::IsInvalidArgument(counters.Bump("")));
  EXPECT_TRUE(absl::IsInvalidArgument(counters.Snapshot({"a b"}).status()));
}

TEST_F(VersionCountersTest, ABumpOwedWhileRedisIsDownBumpsTheEpochWhenItIsBack) {
  // The writer: a service with its own client and counters.
  RedisClientOptions fast_reconnect;
  fast_reconnect.reconnect_interval = absl::Milliseconds(200);
  std::unique_ptr<RedisClient> writer_client = NewClient(server_->Url(), fast_reconnect);
  VersionCountersOptions fast_retry;
  fast_retry.retry_interval = absl::Milliseconds(100);
  VersionCounters writer(writer_client.get(), fast_retry);
  ASSERT_TRUE(writer.Bump("plans").ok());
  ASSERT_EQ(Read(std::string(kEpochKey)), 0);

  ASSERT_TRUE(server_->Stop().ok());
  const absl::Time call = absl::Now();
  absl::Status bumped = writer.Bump("plans");
  EXPECT_LT(absl::Now() - call, kFailFast);
  EXPECT_TRUE(absl::IsUnavailable(bumped)) << bumped;
  EXPECT_THAT(bumped.message(), HasSubstr("owed"));
  EXPECT_THAT(writer.OwedBumps(), ElementsAre("plans"));

  ASSERT_TRUE(server_->Start().ok());  // empty: counters start again at 0
  // Nobody calls the writer: its background retry pays the debt.
  EXPECT_TRUE(Eventually([&] { return writer.OwedBumps().empty(); }));
  EXPECT_TRUE(Eventually([&] { return Read(std::string(kEpochKey)) == 1; }));
  EXPECT_EQ(Read(VersionCounters::CounterKey("plans")), 1);
  EXPECT_TRUE(writer.RetryOwedBumps().ok());  // nothing left
  EXPECT_EQ(Read(std::string(kEpochKey)), 1);
}

// Redis is back while the writer's client still waits out its reconnect
// interval (1 s), and the gateway already reads from it: the next write's
// bump must reach Redis before the write is acknowledged, not be owed, or
// the gateway would serve the view that write changed.
TEST_F(VersionCountersTest, ABumpRightAfterRedisIsBackIsMadeNotOwed) {
  std::unique_ptr<RedisClient> writer_client = NewClient(server_->Url());
  VersionCountersOptions no_background_retry;
  no_background_retry.retry_interval = absl::Minutes(10);
  VersionCounters writer(writer_client.get(), no_background_retry);
  VersionCounters gateway(client_.get());
  ASSERT_TRUE(writer.Bump("plans").ok());

  ASSERT_TRUE(server_->Stop().ok());
  const absl::Time call = absl::Now();
  EXPECT_TRUE(absl::IsUnavailable(writer.Bump("plans")));
  EXPECT_LT(absl::Now() - call, kFailFast);  // a refused connect is quick
  ASSERT_TRUE(server_->Start().ok());

  absl::StatusOr<std::string> before;
  ASSERT_TRUE(Eventually([&] {
    before = gateway.Snapshot({"plans"});
    return before.ok();
  }));
  absl::Status bumped = writer.Bump("plans");
  EXPECT_TRUE(bumped.ok()) << bumped;
  EXPECT_THAT(writer.OwedBumps(), IsEmpty());  // the old debt is paid too
  absl::StatusOr<std::string> after = gateway.Snapshot({"plans"});
  ASSERT_TRUE(after.ok()) << after.status();
  EXPECT_NE(*after, *before);
}

TEST_F(VersionCountersTest, AViewCachedBeforeAnOutageIsNotServedAfterIt) {
  // Redis keeps its data through the outage (frozen, not restarted): the
  // dangerous case, where the old entries are still there.
  RedisClientOptions fast_reconnect;
  fast_reconnect.reconnect_interval = absl::Milliseconds(200);
  std::unique_ptr<RedisClient> writer_client = NewClient(server_->Url(), fast_reconnect);
  VersionCounters writer(writer_client.get());  // retried by its next Bump
  VersionCounters gateway(client_.get());

  absl::StatusOr<std::string> before = gateway.Snapshot({"plans"});
  ASSERT_TRUE(before.ok()) << before.status();
  ASSERT_TRUE(client_->Set(absl::StrCat("view:", *before), "old view", absl::Minutes(5)).ok());

  ASSERT_TRUE(server_->Pause().ok());
  // The write is acknowledged even though its bump could not be made.
  EXPECT_TRUE(absl::IsUnavailable(writer.Bump("plans")));
  ASSERT_TRUE(server_->Resume().ok());

  // Writer side alone: its next call pays the owed bump and the epoch.
  // (Wait out its client's reconnect interval first.)
  absl::SleepFor(absl::Milliseconds(250));
  ASSERT_TRUE(writer.Bump("agencies").ok());
  EXPECT_THAT(writer.OwedBumps(), IsEmpty());
  // At least once: the frozen server may still run the INCR it had
  // received (twice only over-invalidates).
  EXPECT_GE(Read(VersionCounters::CounterKey("plans")), 1);

  absl::StatusOr<std::string> after;
  ASSERT_TRUE(Eventually([&] {
    after = gateway.Snapshot({"plans"});
    return after.ok();
  }));
  EXPECT_NE(Epoch(*after), Epoch(*before));
  EXPECT_NE(*after, *before);
  EXPECT_THAT(*client_->Get(absl::StrCat("view:", *after)), std::nullopt);
}

TEST_F(VersionCountersTest, TheReaderBumpsTheEpochWhenRedisComesBack) {
  // No write at all: the gateway alone invalidates on its reconnection,
  // since writers may have lost their owed bumps.
  VersionCounters gateway(client_.get());
  absl::StatusOr<std::string> before = gateway.Snapshot({"plans"});
  ASSERT_TRUE(before.ok());
  ASSERT_TRUE(server_->Pause().ok());
  EXPECT_TRUE(absl::IsUnavailable(gateway.Snapshot({"plans"}).status()));
  ASSERT_TRUE(server_->Resume().ok());
  absl::StatusOr<std::string> after;
  ASSERT_TRUE(Eventually([&] {
    after = gateway.Snapshot({"plans"});
    return after.ok();
  }));
  EXPECT_EQ(Epoch(*after), absl::StrCat(std::stoll(Epoch(*before)) + 1));
  EXPECT_EQ(*gateway.Snapshot({"plans"}), *after);  // stable again
}

TEST_F(VersionCountersTest, ConcurrentBumpsCountExactly) {
  client_ = NewPatientClient(server_->Url());
  VersionCounters counters(client_.get());
  constexpr int kThreads = 16;
  constexpr int kBumps = 500;
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kBumps; ++i) {
        if (!counters.Bump("plans").ok()) ++failures;
        if (!counters.Bump(t % 2 == 0 ? "reporting" : "campaigns").ok()) ++failures;
        if (i % 50 == 0 && !counters.Snapshot({"plans", "reporting"}).ok()) ++failures;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(Read(VersionCounters::CounterKey("plans")), kThreads * kBumps);
  EXPECT_EQ(Read(VersionCounters::CounterKey("reporting")), kThreads / 2 * kBumps);
  EXPECT_EQ(Read(VersionCounters::CounterKey("campaigns")), kThreads / 2 * kBumps);
  EXPECT_EQ(*counters.Snapshot({"plans", "campaigns"}),
            absl::StrCat("1:", kThreads * kBumps, ".", kThreads / 2 * kBumps));
}

// The gateway's snapshot of the version counters, held while Redis says
// nothing changed. The reader counts its trips to Redis.
class VersionWatchTest : public RedisTest {
 protected:
  void SetUp() override {
    RedisTest::SetUp();
    if (HasFatalFailure()) return;
    writer_client_ = NewClient(server_->Url());
    writer_ = std::make_unique<VersionCounters>(writer_client_.get());
    counters_ = std::make_unique<VersionCounters>(client_.get());
    // A reader's first snapshot bumps the epoch (VersionCounters): done
    // here, before any watch would see it.
    ASSERT_TRUE(counters_->Snapshot({"plans", "reporting"}).ok());
  }

  std::unique_ptr<VersionWatch> NewWatch(std::function<void()> during_read = nullptr) {
    VersionWatchOptions options;
    options.reconnect_interval = absl::Milliseconds(100);
    auto watch = std::make_unique<VersionWatch>(
        *client_,
        [this, during_read] {
          ++reads_;
          absl::StatusOr<std::string> snapshot = counters_->Snapshot({"plans", "reporting"});
          if (during_read) during_read();
          return snapshot;
        },
        options);
    EXPECT_TRUE(Eventually([&] { return watch->watching(); }));
    return watch;
  }

  std::unique_ptr<RedisClient> writer_client_;
  std::unique_ptr<VersionCounters> writer_;
  std::unique_ptr<VersionCounters> counters_;
  std::atomic<int> reads_{0};
};

TEST_F(VersionWatchTest, HoldsTheSnapshotUntilACounterItWatchesMoves) {
  std::unique_ptr<VersionWatch> watch = NewWatch();
  absl::StatusOr<std::string> first = watch->Snapshot();
  ASSERT_TRUE(first.ok()) << first.status();
  for (int i = 0; i < 100; ++i) EXPECT_EQ(*watch->Snapshot(), *first);
  EXPECT_EQ(reads_, 1);

  // A key outside the counters is no change; a bump by another client is.
  const uint64_t before = watch->invalidations();
  ASSERT_TRUE(client_->Set("interplan:view:unrelated", "x", absl::Minutes(1)).ok());
  ASSERT_TRUE(writer_->Bump("reporting").ok());
  ASSERT_TRUE(Eventually([&] { return watch->invalidations() > before; }));
  // Redis sends its invalidations in the order of the writes: had the
  // unrelated key counted, it would have arrived first.
  EXPECT_EQ(watch->invalidations(), before + 1);
  absl::StatusOr<std::string> second = watch->Snapshot();
  ASSERT_TRUE(second.ok());
  EXPECT_NE(*second, *first);
  EXPECT_EQ(*watch->Snapshot(), *second);
  EXPECT_EQ(reads_, 2);

  // A counter deleted (by hand, or by FLUSHALL) drops what is held too.
  const uint64_t flushed = watch->invalidations();
  ASSERT_TRUE(client_->Del(VersionCounters::CounterKey("reporting")).ok());
  ASSERT_TRUE(Eventually([&] { return watch->invalidations() > flushed; }));
  EXPECT_NE(*watch->Snapshot(), *second);
  EXPECT_EQ(reads_, 3);
}

// Redis sends the invalidation before the writer's reply, and a snapshot
// is not used while an invalidation waits on the watch's socket: on one
// host, a bump its writer has seen is in the very next snapshot, whether
// or not the watch's thread has run since.
TEST_F(VersionWatchTest, ABumpItsWriterSawIsInTheVeryNextSnapshot) {
  std::unique_ptr<VersionWatch> watch = NewWatch();
  absl::StatusOr<std::string> last = watch->Snapshot();
  ASSERT_TRUE(last.ok()) << last.status();
  for (int i = 0; i < 200; ++i) {
    ASSERT_TRUE(writer_->Bump(i % 2 == 0 ? "plans" : "reporting").ok());
    absl::StatusOr<std::string> next = watch->Snapshot();
    ASSERT_TRUE(next.ok()) << next.status();
    ASSERT_NE(*next, *last) << "bump " << i;
    last = next;
  }
}

// A bump that lands while a snapshot is being read may or may not be in
// it: such a snapshot is used once, never held.
TEST_F(VersionWatchTest, ASnapshotReadWhileACounterMovedIsNotHeld) {
  VersionWatch* watch_in_read = nullptr;
  bool bumped = false;
  std::unique_ptr<VersionWatch> watch = NewWatch([&] {
    if (bumped) return;
    bumped = true;
    const uint64_t before = watch_in_read->invalidations();
    ASSERT_TRUE(writer_->Bump("plans").ok());
    ASSERT_TRUE(Eventually([&] { return watch_in_read->invalidations() > before; }));
  });
  watch_in_read = watch.get();
  absl::StatusOr<std::string> stale = watch->Snapshot();
  ASSERT_TRUE(stale.ok()) << stale.status();
  absl::StatusOr<std::string> fresh = watch->Snapshot();
  ASSERT_TRUE(fresh.ok());
  EXPECT_NE(*fresh, *stale);
  EXPECT_EQ(reads_, 2);
  EXPECT_EQ(*watch->Snapshot(), *fresh);
  EXPECT_EQ(reads_, 2);
}

TEST_F(VersionWatchTest, WhileRedisIsGoneEveryReadGoesToRedisAndTheWatchComesBack) {
  std::unique_ptr<VersionWatch> watch = NewWatch();
  ASSERT_TRUE(watch->Snapshot().ok());
  ASSERT_TRUE(server_->Stop().ok());
  ASSERT_TRUE(Eventually([&] { return !watch->watching(); }));
  const int before = reads_;
  for (int i = 0; i < 3; ++i) EXPECT_FALSE(watch->Snapshot().ok());
  EXPECT_EQ(reads_, before + 3);

  ASSERT_TRUE(server_->Start().ok());
  ASSERT_TRUE(Eventually([&] { return watch->watching(); }));
  // The first snapshot read after the outage bumps the epoch, which the
  // watch hears; then one is held again.
  ASSERT_TRUE(Eventually([&] {
    const int reads = reads_;
    return watch->Snapshot().ok() && reads_ == reads;
  }));
  const int after = reads_;
  EXPECT_TRUE(watch->Snapshot().ok());
  EXPECT_EQ(reads_, after);
}

// A frozen Redis accepts the connection and never answers: the watch's
// unanswered PING ends it, and nothing is held meanwhile.
TEST_F(VersionWatchTest, AFrozenRedisEndsTheWatchWithinItsLiveness) {
  std::unique_ptr<VersionWatch> watch = NewWatch();
  ASSERT_TRUE(watch->Snapshot().ok());
  ASSERT_TRUE(server_->Pause().ok());
  const absl::Time paused = absl::Now();
  ASSERT_TRUE(Eventually([&] { return !watch->watching(); }));
  // ping_interval + liveness (400 ms), with room for a loaded machine.
  EXPECT_LT(absl::Now() - paused, absl::Seconds(3));
  const int before = reads_;
  EXPECT_FALSE(watch->Snapshot().ok());
  EXPECT_EQ(reads_, before + 1);
  ASSERT_TRUE(server_->Resume().ok());
  EXPECT_TRUE(Eventually([&] { return watch->watching(); }));
}

}  // namespace
}  // namespace interplan::cache
