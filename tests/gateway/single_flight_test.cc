#include "gateway/single_flight.h"

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"

namespace interplan::gateway {
namespace {

using Flight = SingleFlight<std::string>;

Flight::Result Value(const std::string& text) { return std::make_shared<const std::string>(text); }

TEST(SingleFlightTest, ConcurrentCallersShareOneBuild) {
  Flight flights;
  std::atomic<int> builds{0};
  absl::Notification release;
  const absl::Time deadline = absl::Now() + absl::Seconds(30);
  std::vector<std::thread> callers;
  std::vector<std::string> answers(8);
  for (int i = 0; i < 8; ++i) {
    callers.emplace_back([&, i] {
      std::optional<Flight::Result> result =
          flights.Do("key", deadline, absl::ZeroDuration(), [&](absl::Time) {
            ++builds;
            release.WaitForNotification();
            return Value("view");
          });
      ASSERT_TRUE(result.has_value());
      ASSERT_TRUE(result->ok());
      answers[i] = ***result;
    });
  }
  // Let every caller join before the build ends.
  while (flights.Running() == 0) absl::SleepFor(absl::Milliseconds(1));
  absl::SleepFor(absl::Milliseconds(100));
  release.Notify();
  for (std::thread& caller : callers) caller.join();
  EXPECT_EQ(builds.load(), 1);
  for (const std::string& answer : answers) EXPECT_EQ(answer, "view");
}

TEST(SingleFlightTest, DifferentKeysBuildApartAndLaterCallersBuildAgain) {
  Flight flights;
  std::atomic<int> builds{0};
  auto build = [&](absl::Time) {
    ++builds;
    return Value("v");
  };
  const absl::Time deadline = absl::Now() + absl::Seconds(30);
  EXPECT_TRUE(flights.Do("a", deadline, absl::ZeroDuration(), build).has_value());
  EXPECT_TRUE(flights.Do("b", deadline, absl::ZeroDuration(), build).has_value());
  EXPECT_TRUE(flights.Do("a", deadline, absl::ZeroDuration(), build).has_value());
  EXPECT_EQ(builds.load(), 3);
}

TEST(SingleFlightTest, ErrorsAreSharedToo) {
  Flight flights;
  std::optional<Flight::Result> result =
      flights.Do("key", absl::Now() + absl::Seconds(30), absl::ZeroDuration(),
                 [](absl::Time) -> Flight::Result { return absl::InvalidArgumentError("year"); });
  ASSERT_TRUE(result.has_value());
  EXPECT_TRUE(absl::IsInvalidArgument(result->status()));
}

// A caller never waits past its deadline (and grace); the build goes on
// and what it does with its result still happens.
TEST(SingleFlightTest, WaiterGivesUpAtItsDeadlineAndTheBuildStillEnds) {
  std::atomic<bool> finished{false};
  absl::Notification release;
  {
    Flight flights;
    const absl::Time start = absl::Now();
    std::optional<Flight::Result> result =
        flights.Do("key", start + absl::Milliseconds(100), absl::Milliseconds(50), [&](absl::Time) {
          release.WaitForNotification();
          finished = true;
          return Value("late");
        });
    EXPECT_FALSE(result.has_value());
    EXPECT_GE(absl::Now() - start, absl::Milliseconds(150));
    EXPECT_LT(absl::Now() - start, absl::Seconds(5));
    EXPECT_EQ(flights.Running(), 1);
    release.Notify();
    // The destructor waits for the build.
  }
  EXPECT_TRUE(finished.load());
}

// A caller in more of a hurry than the running build (by more than half
// the grace) builds its own answer, with its own deadline, instead of
// waiting past it.
TEST(SingleFlightTest, HurriedCallerBuildsItsOwn) {
  Flight flights;
  absl::Notification release;
  const absl::Time now = absl::Now();
  const absl::Duration grace = absl::Milliseconds(50);
  std::thread patient([&] {
    flights.Do("key", now + absl::Seconds(30), grace, [&](absl::Time) {
      release.WaitForNotification();
      return Value("patient");
    });
  });
  while (flights.Running() == 0) absl::SleepFor(absl::Milliseconds(1));
  const absl::Time hurried_deadline = now + absl::Seconds(30) - absl::Milliseconds(30);
  absl::Time seen;
  std::optional<Flight::Result> hurried =
      flights.Do("key", hurried_deadline, grace, [&](absl::Time deadline) {
        seen = deadline;
        return Value("hurried");
      });
  ASSERT_TRUE(hurried.has_value());
  ASSERT_TRUE(hurried->ok());
  EXPECT_EQ(***hurried, "hurried");
  EXPECT_EQ(seen, hurried_deadline);
  release.Notify();
  patient.join();
}

// What a second caller for the key of a running build got.
struct SecondCaller {
  int builds = 0;      // builds run for the key, the running one included
  std::string answer;  // "first": the running build's; "second": its own
};

// Starts a build whose deadline is 10 s away, then a second caller for the
// same key whose deadline is `offset` from the build's, both with `grace`;
// lets the build end once the second caller had time to arrive.
SecondCaller SecondCallerOfARunningBuild(absl::Duration grace, absl::Duration offset) {
  Flight flights;
  std::atomic<int> builds{0};
  absl::Notification release;
  const absl::Time deadline = absl::Now() + absl::Seconds(10);
  std::thread first([&] {
    flights.Do("key", deadline, grace, [&](absl::Time) {
      ++builds;
      release.WaitForNotification();
      return Value("first");
    });
  });
  while (flights.Running() == 0) absl::SleepFor(absl::Milliseconds(1));
  SecondCaller second;
  std::thread caller([&] {
    std::optional<Flight::Result> result =
        flights.Do("key", deadline + offset, grace, [&](absl::Time) {
          ++builds;
          return Value("second");
        });
    if (result.has_value() && result->ok()) second.answer = ***result;
  });
  absl::SleepFor(absl::Milliseconds(50));
  release.Notify();
  first.join();
  caller.join();
  second.builds = builds.load();
  return second;
}

// Callers released together (by the version read they all waited for)
// reach the flight in any order, their deadlines set moments apart: one
// whose deadline is a little earlier than the running build's, within
// half the grace, shares it instead of building the view again.
TEST(SingleFlightTest, CallersMomentsApartShareOneBuild) {
  const SecondCaller second =
      SecondCallerOfARunningBuild(absl::Milliseconds(50), -absl::Milliseconds(2));
  EXPECT_EQ(second.builds, 1);
  EXPECT_EQ(second.answer, "first");
}

// A caller with a later deadline than the running build joins it: the
// build ends in time for it.
TEST(SingleFlightTest, LaterDeadlineJoins) {
  const SecondCaller second = SecondCallerOfARunningBuild(absl::ZeroDuration(), absl::Seconds(10));
  EXPECT_EQ(second.builds, 1);
  EXPECT_EQ(second.answer, "first");
}

}  // namespace
}  // namespace interplan::gateway
