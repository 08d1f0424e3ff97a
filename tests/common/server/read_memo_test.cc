// ReadMemo keeps a read's answer until a write: this process's (the call
// gate's write generation) or, through the shared version, one another
// replica on the same database acknowledged. Without a shared version to
// read, nothing is kept.
#include "common/server/read_memo.h"

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common/server/call_gate.h"
#include "google/protobuf/wrappers.pb.h"
#include "gtest/gtest.h"

namespace interplan {
namespace {

using Answer = google::protobuf::StringValue;

class ReadMemoTest : public ::testing::Test {
 protected:
  // What the read computes: the count of computations so far.
  absl::StatusOr<Answer> Compute() {
    Answer answer;
    answer.set_value(std::to_string(++computed_));
    return answer;
  }
  std::string Read(ReadMemo<Answer>& memo, const std::string& request_text) {
    google::protobuf::StringValue request;
    request.set_value(request_text);
    absl::StatusOr<Answer> answer = memo.Get(request, [this] { return Compute(); });
    EXPECT_TRUE(answer.ok()) << answer.status();
    return answer.ok() ? answer->value() : "";
  }

  CallGate gate_;
  int computed_ = 0;
  absl::StatusOr<std::string> shared_ = std::string("0:0");
};

TEST_F(ReadMemoTest, KeptUntilAWriteHereOrByAnotherReplica) {
  ReadMemo<Answer> memo(gate_, [this] { return shared_; });
  EXPECT_EQ(Read(memo, "national 2026"), "1");
  EXPECT_EQ(Read(memo, "national 2026"), "1");
  EXPECT_EQ(Read(memo, "national 2027"), "2");  // another request, its own answer
  // A write acknowledged here.
  gate_.NoteDataChanged();
  EXPECT_EQ(Read(memo, "national 2026"), "3");
  EXPECT_EQ(Read(memo, "national 2026"), "3");
  // A write another replica acknowledged: the shared counter moved, this
  // process's generation did not.
  shared_ = std::string("0:1");
  EXPECT_EQ(Read(memo, "national 2026"), "4");
  EXPECT_EQ(Read(memo, "national 2026"), "4");
}

TEST_F(ReadMemoTest, NothingKeptWhileTheSharedVersionCannotBeRead) {
  ReadMemo<Answer> memo(gate_, [this] { return shared_; });
  shared_ = absl::UnavailableError("redis down");
  EXPECT_EQ(Read(memo, "national 2026"), "1");
  EXPECT_EQ(Read(memo, "national 2026"), "2");
  // Back: kept again, under the counter read now.
  shared_ = std::string("1:5");
  EXPECT_EQ(Read(memo, "national 2026"), "3");
  EXPECT_EQ(Read(memo, "national 2026"), "3");
}

}  // namespace
}  // namespace interplan
