// RunIsolated: the child's answer or error comes back; a child that loops is
// stopped at the time limit, one that crashes or allocates without end is an
// INVALID_ARGUMENT, and none of it touches the test process.
#include "services/plans/import/isolated_run.h"

#include <chrono>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace interplan::plans::import {
namespace {

using ::testing::HasSubstr;

IsolationLimits Limits(absl::Duration wall_time) {
  return IsolationLimits{.wall_time = wall_time,
                         .max_output_bytes = 1 << 20,
                         .extra_address_space_bytes = size_t{256} << 20};
}

TEST(IsolatedRun, GivesBackTheAnswer) {
  EXPECT_EQ(RunIsolated([]() -> absl::StatusOr<std::string> { return std::string("a\0b", 3); },
                        Limits(absl::Seconds(5)))
                .value(),
            std::string("a\0b", 3));
  EXPECT_EQ(RunIsolated([]() -> absl::StatusOr<std::string> { return std::string(); },
                        Limits(absl::Seconds(5)))
                .value(),
            "");
}

TEST(IsolatedRun, GivesBackTheError) {
  const absl::StatusOr<std::string> answer =
      RunIsolated([]() -> absl::StatusOr<std::string> { return absl::InvalidArgumentError("no"); },
                  Limits(absl::Seconds(5)));
  EXPECT_EQ(answer.status(), absl::InvalidArgumentError("no"));
}

TEST(IsolatedRun, StopsAChildThatRunsPastTheLimit) {
  const auto start = std::chrono::steady_clock::now();
  const absl::StatusOr<std::string> answer = RunIsolated(
      []() -> absl::StatusOr<std::string> {
        while (true) std::this_thread::sleep_for(std::chrono::seconds(1));
      },
      Limits(absl::Milliseconds(300)));
  EXPECT_EQ(answer.status().code(), absl::StatusCode::kDeadlineExceeded);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(3));
}

TEST(IsolatedRun, ACrashIsAnError) {
  const absl::StatusOr<std::string> answer =
      RunIsolated([]() -> absl::StatusOr<std::string> { std::abort(); }, Limits(absl::Seconds(5)));
  EXPECT_EQ(answer.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(answer.status().message(), HasSubstr("stopped on it"));
}

TEST(IsolatedRun, MemoryPastTheLimitIsAnError) {
  const absl::StatusOr<std::string> answer = RunIsolated(
      []() -> absl::StatusOr<std::string> {
        std::vector<std::string> hoard;
        for (int i = 0; i < 64; ++i) hoard.emplace_back(size_t{64} << 20, 'x');  // 4 GiB
        return std::to_string(hoard.size());
      },
      Limits(absl::Seconds(20)));
  EXPECT_EQ(answer.status().code(), absl::StatusCode::kInvalidArgument) << answer.status();
}

TEST(IsolatedRun, OutputPastTheLimitIsAnError) {
  const absl::StatusOr<std::string> answer =
      RunIsolated([]() -> absl::StatusOr<std::string> { return std::string(size_t{2} << 20, 'x'); },
                  Limits(absl::Seconds(5)));
  EXPECT_EQ(answer.status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace interplan::plans::import
