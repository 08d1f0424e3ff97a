#include "gateway/batched_read.h"

#include <atomic>
#include <thread>
#include <vector>

#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"

namespace interplan::gateway {
namespace {

TEST(BatchedReadTest, AloneEachCallReads) {
  int reads = 0;
  BatchedRead<int> read([&] { return ++reads; });
  EXPECT_EQ(read.Read(), 1);
  EXPECT_EQ(read.Read(), 2);
}

// Callers that arrive while a read runs share the next one, which starts
// after they arrived: never a value read before their call.
TEST(BatchedReadTest, CallersDuringAReadShareTheNextOne) {
  std::atomic<int> reads{0};
  std::atomic<int> value{0};
  absl::Notification started, release;
  BatchedRead<int> read([&] {
    const int now = value.load();  // what the read sees is what was there when it started
    if (++reads == 1) {
      started.Notify();
      release.WaitForNotification();
    }
    return now;
  });
  std::thread first([&] { EXPECT_EQ(read.Read(), 0); });
  started.WaitForNotification();
  value = 1;  // a write after the first read started
  std::vector<std::thread> later;
  std::vector<int> seen(8, -1);
  for (int i = 0; i < 8; ++i) later.emplace_back([&, i] { seen[i] = read.Read(); });
  absl::SleepFor(absl::Milliseconds(100));
  release.Notify();
  first.join();
  for (std::thread& t : later) t.join();
  for (int v : seen) EXPECT_EQ(v, 1);
  EXPECT_LE(reads.load(), 3);  // typically 2: the first, and one for the 8
}

}  // namespace
}  // namespace interplan::gateway
