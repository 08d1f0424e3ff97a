// ReadZipMember's limits, made small so each is reached with small archives:
// a member's size, the total of all members, the ratio, the member count.
#include "services/plans/import/zip_member.h"

#include <random>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/services/plans/import/test_documents.h"

namespace interplan::plans::import {
namespace {

using ::interplan::plans::import::testing::MakeZip;
using ::testing::HasSubstr;

std::string Incompressible(size_t size, uint32_t seed) {
  std::mt19937 random(seed);
  std::string bytes(size, '\0');
  for (char& c : bytes) c = static_cast<char>(random() & 0xFF);
  return bytes;
}

ZipLimits Small() {
  return ZipLimits{.max_member_bytes = 8 << 10,
                   .max_total_bytes = 12 << 10,
                   .max_ratio = 100,
                   .ratio_floor_bytes = 1 << 10,
                   .max_members = 3};
}

std::string Refusal(const std::string& zip) {
  absl::StatusOr<std::string> member = ReadZipMember(zip, "a", Small());
  EXPECT_EQ(member.status().code(), absl::StatusCode::kInvalidArgument) << member.status();
  return std::string(member.status().message());
}

TEST(ZipMember, ReadsAMemberWithinTheLimits) {
  const std::string a = Incompressible(6 << 10, 1);
  EXPECT_EQ(ReadZipMember(MakeZip({{"a", a}, {"b", "small"}}), "a", Small()).value(), a);
  // Small members are not held to the ratio: 1000 zeros is about 100:1.
  EXPECT_TRUE(ReadZipMember(MakeZip({{"a", std::string(1000, '\0')}}), "a", Small()).ok());
}

TEST(ZipMember, RefusesAMemberOverItsSize) {
  EXPECT_THAT(Refusal(MakeZip({{"a", "x"}, {"b", Incompressible(9 << 10, 2)}})),
              HasSubstr("would unpack to more than"));
}

TEST(ZipMember, RefusesMembersOverTheTotal) {
  EXPECT_THAT(
      Refusal(MakeZip({{"a", Incompressible(7 << 10, 3)}, {"b", Incompressible(7 << 10, 4)}})),
      HasSubstr("its files would unpack to more than"));
}

TEST(ZipMember, RefusesARatioOver100To1) {
  EXPECT_THAT(Refusal(MakeZip({{"a", std::string(8 << 10, ' ')}})),
              HasSubstr("compressed more than 100:1"));
}

TEST(ZipMember, RefusesTooManyMembers) {
  EXPECT_THAT(Refusal(MakeZip({{"a", "1"}, {"b", "2"}, {"c", "3"}, {"d", "4"}})),
              HasSubstr("4 files inside"));
}

TEST(ZipMember, NamesAMissingMember) {
  absl::StatusOr<std::string> member = ReadZipMember(MakeZip({{"b", "x"}}), "a", Small());
  EXPECT_THAT(member.status().message(), HasSubstr("has no a inside"));
}

}  // namespace
}  // namespace interplan::plans::import
