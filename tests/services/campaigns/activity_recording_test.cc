// Recording and correcting activities, on SQLite and PostgreSQL: what an
// agency did for the 2024 Action Month, checked against the campaign (its
// dates, its scope) and the registry (organiser, unit as of the campaign's
// dates); request_id retries recording once; a correction is a new version
// beside the previous ones. Every rejection is INVALID_ARGUMENT naming the
// field, with nothing stored.
#include <cstdint>
#include <functional>
#include <limits>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/errors/errors.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "tests/services/campaigns/campaigns_test_support.h"
#include "tests/support/database_fixture.h"

namespace interplan::campaigns::test {
namespace {

using ::google::protobuf::util::MessageDifferencer;
using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr char kActionMonth2024[] = "campaigns/action-month-2024";
constexpr char kQuangNgaiCampaign[] = "campaigns/quang-ngai-2024";

class ActivityRecordingTest : public CampaignRegistryTest {
 protected:
  void SetUp() override {
    CampaignRegistryTest::SetUp();
    if (HasFatalFailure()) return;
    CreateActionMonth(2024);
    // The same month, run by Quảng Ngãi for its own units only.
    v1::CreateCampaignRequest provincial = ActionMonthRequest(2024);
    provincial.set_campaign_id("quang-ngai-2024");
    provincial.set_request_id("create-quang-ngai-2024");
    v1::Campaign* c = provincial.mutable_campaign();
    c->set_kind(v1::CAMPAIGN_KIND_OTHER);
    c->clear_series();
    c->clear_recurrence();
    *c->mutable_start_date() = Day(2024, 11, 15);
    *c->mutable_end_date() = Day(2024, 12, 15);
    c->set_scope("units/51");
    c->set_organiser("agencies/quang-ngai-so-ldtbxh");
    Create(provincial);
  }

  // A commune activity of Bình Sơn district (Thị trấn Châu Ổ, units/21040)
  // on 20 November 2024, valid for both campaigns.
  static v1::Activity Valid() {
    v1::Activity activity = ActivityOf({.organiser = "agencies/quang-ngai-binh-son-ubnd",
                                        .unit = "units/21040",
                                        .type = v1::ACTIVITY_TYPE_GRASSROOTS_EVENT,
                                        .day = absl::CivilDay(2024, 11, 20),
                                        .female = 60,
                                        .male = 35,
                                        .unspecified = 5,
                                        .total = 110,
                                        .reached = 1500,
                                        .media = 3,
                                        .spend = 7500000,
                                        .title = "Mít tinh hưởng ứng Tháng hành động tại Châu Ổ"});
    activity.set_location("Nhà văn hóa thị trấn Châu Ổ");
    activity.add_evidence_links("https://example.org/binh-son/2024/mit-tinh");
    activity.set_description("Mít tinh, diễu hành cổ động");
    return activity;
  }

  // The activity must be rejected naming exactly `fields`, nothing stored.
  void ExpectRejected(const std::string& campaign, const v1::Activity& activity,
                      const std::vector<std::string>& fields) {
    const std::string before = DumpStore();
    absl::StatusOr<v1::Activity> recorded = TryRecord(campaign, activity, "bad-input");
    ASSERT_FALSE(recorded.ok()) << recorded->DebugString();
    EXPECT_EQ(recorded.status().code(), absl::StatusCode::kInvalidArgument)
        << DescribeStatus(recorded.status());
    // Each field once, in order.
    EXPECT_EQ(FieldsOf(recorded.status()), fields) << DescribeStatus(recorded.status());
    EXPECT_EQ(DumpStore(), before);
    EXPECT_EQ(CountRows("activities"), 0);
    EXPECT_EQ(CountRows("activity_versions"), 0);
  }

  absl::StatusOr<v1::Activity> Get(const std::string& name, int version = 0) {
    v1::GetActivityRequest request;
    request.set_name(name);
    request.set_version(version);
    return registry_->GetActivity(request);
  }

  absl::StatusOr<v1::Activity> Correct(const v1::Activity& activity, const std::string& reason,
                                       const std::string& request_id = "") {
    v1::CorrectActivityRequest request;
    *request.mutable_activity() = activity;
    request.set_reason(reason);
    request.set_request_id(request_id);
    return registry_->CorrectActivity(request, Call());
  }
};

TEST_P(ActivityRecordingTest, AnActivityIsRecordedAsSent) {
  // Recorded by its organiser, whose credential it keeps.
  CallContext as_organiser = Call();
  as_organiser.principal =
      auth::Principal{.credential = "agencies/quang-ngai-binh-son-ubnd/apiKeys/test-caller",
                      .agency = "agencies/quang-ngai-binh-son-ubnd",
                      .role = auth::Role::kAgency};
  v1::RecordActivityRequest request;
  request.set_parent(kActionMonth2024);
  *request.mutable_activity() = Valid();
  request.set_request_id("record-chau-o");
  absl::StatusOr<v1::Activity> as_sent = registry_->RecordActivity(request, as_organiser);
  ASSERT_TRUE(as_sent.ok()) << DescribeStatus(as_sent.status());
  const v1::Activity recorded = *as_sent;
  EXPECT_THAT(recorded.name(), StartsWith("campaigns/action-month-2024/activities/"));
  EXPECT_EQ(recorded.version(), 1);
  EXPECT_TRUE(recorded.has_record_time());
  EXPECT_EQ(recorded.recorded_by(), "agencies/quang-ngai-binh-son-ubnd/apiKeys/test-caller");
  EXPECT_TRUE(recorded.correction_reason().empty());
  v1::Activity content = recorded;
  for (auto* field : {"name", "version", "record_time", "recorded_by"}) {
    content.GetReflection()->ClearField(&content, content.GetDescriptor()->FindFieldByName(field));
  }
  std::string diff;
  MessageDifferencer differencer;
  differencer.ReportDifferencesToString(&diff);
  EXPECT_TRUE(differencer.Compare(Valid(), content)) << diff;
  absl::StatusOr<v1::Activity> read = Get(recorded.name());
  ASSERT_TRUE(read.ok()) << DescribeStatus(read.status());
  EXPECT_TRUE(MessageDifferencer::Equals(*read, recorded)) << read->DebugString();

  // A one-day activity may leave its end blank; a total left at 0 is the
  // sum by sex.
  v1::Activity short_form = Valid();
  short_form.clear_end_date();
  short_form.mutable_participants()->clear_total();
  const v1::Activity filled = Record(kQuangNgaiCampaign, short_form);
  EXPECT_TRUE(MessageDifferencer::Equals(filled.end_date(), Day(2024, 11, 20)));
  EXPECT_EQ(filled.participants().total(), 100);
  // The first and last days of the campaign are inside it.
  v1::Activity edges = Valid();
  *edges.mutable_start_date() = Day(2024, 11, 15);
  *edges.mutable_end_date() = Day(2024, 12, 15);
  Record(kActionMonth2024, edges);
  EXPECT_EQ(CountRows("activities"), 3);
  EXPECT_EQ(CountRows("activity_versions"), 3);
}

TEST_P(ActivityRecordingTest, BadInputIsRejectedFieldByFieldWithNothingStored) {
  struct Case {
    const char* what;
    const char* campaign;
    std::function<void(v1::Activity&)> change;
    std::vector<std::string> fields;
  };
  const std::vector<Case> cases = {
      {"starts the day before the campaign",
       kActionMonth2024,
       [](v1::Activity& a) { *a.mutable_start_date() = Day(2024, 11, 14); },
       {"activity.start_date"}},
      {"ends the day after the campaign",
       kActionMonth2024,
       [](v1::Activity& a) { *a.mutable_end_date() = Day(2024, 12, 16); },
       {"activity.end_date"}},
      {"the previous year's month",
       kActionMonth2024,
       [](v1::Activity& a) {
         *a.mutable_start_date() = Day(2023, 11, 20);
         *a.mutable_end_date() = Day(2023, 11, 20);
       },
       {"activity.start_date", "activity.end_date"}},
      {"ends before it starts",
       kActionMonth2024,
       [](v1::Activity& a) { *a.mutable_end_date() = Day(2024, 11, 18); },
       {"activity.end_date"}},
      {"no start",
       kActionMonth2024,
       [](v1::Activity& a) {
         a.clear_start_date();
         a.clear_end_date();
       },
       {"activity.start_date"}},
      {"a start without its day",
       kActionMonth2024,
       [](v1::Activity& a) { *a.mutable_start_date() = Day(2024, 11, 0); },
       {"activity.start_date"}},
      {"negative women",
       kActionMonth2024,
       [](v1::Activity& a) { a.mutable_participants()->set_female(-1); },
       {"activity.participants.female"}},
      {"negative men",
       kActionMonth2024,
       [](v1::Activity& a) { a.mutable_participants()->set_male(-35); },
       {"activity.participants.male"}},
      {"negative unspecified",
       kActionMonth2024,
       [](v1::Activity& a) { a.mutable_participants()->set_unspecified(-5); },
       {"activity.participants.unspecified"}},
      {"negative total",
       kActionMonth2024,
       [](v1::Activity& a) { a.mutable_participants()->set_total(-110); },
       {"activity.participants.total"}},
      {"negative reach",
       kActionMonth2024,
       [](v1::Activity& a) { a.set_people_reached(-1); },
       {"activity.people_reached"}},
      {"negative media items",
       kActionMonth2024,
       [](v1::Activity& a) { a.set_media_items(-3); },
       {"activity.media_items"}},
      {"negative spend",
       kActionMonth2024,
       [](v1::Activity& a) { a.set_spend_vnd(-7500000); },
       {"activity.spend_vnd"}},
      {"60 + 35 + 5 = 100 participants by sex of a total of 99",
       kActionMonth2024,
       [](v1::Activity& a) { a.mutable_participants()->set_total(99); },
       {"activity.participants.total"}},
      {"no type", kActionMonth2024, [](v1::Activity& a) { a.clear_type(); }, {"activity.type"}},
      {"an unknown type",
       kActionMonth2024,
       [](v1::Activity& a) { a.set_type(static_cast<v1::ActivityType>(42)); },
       {"activity.type"}},
      {"no unit", kActionMonth2024, [](v1::Activity& a) { a.clear_unit(); }, {"activity.unit"}},
      {"a unit that did not exist",
       kActionMonth2024,
       [](v1::Activity& a) { a.set_unit("units/99999"); },
       {"activity.unit"}},
      // Đặc khu Lý Sơn (21548) only exists from 2025-07-01.
      {"a unit of the 2025 list",
       kActionMonth2024,
       [](v1::Activity& a) { a.set_unit("units/21548"); },
       {"activity.unit"}},
      {"not a unit name",
       kActionMonth2024,
       [](v1::Activity& a) { a.set_unit("21040"); },
       {"activity.unit"}},
      {"no organiser",
       kActionMonth2024,
       [](v1::Activity& a) { a.clear_organiser(); },
       {"activity.organiser"}},
      {"an unknown organiser",
       kActionMonth2024,
       [](v1::Activity& a) { a.set_organiser("agencies/no-such-agency"); },
       {"activity.organiser"}},
      {"an http(s) evidence link",
       kActionMonth2024,
       [](v1::Activity& a) { a.add_evidence_links("ftp://example.org/x"); },
       {"activity.evidence_links[1]"}},
      {"a unit outside Quảng Ngãi",
       kQuangNgaiCampaign,
       [](v1::Activity& a) {
         a.set_unit("units/731");  // Biên Hòa, Đồng Nai
         a.set_organiser("agencies/quang-ngai-so-ldtbxh");
       },
       {"activity.unit"}},
      {"an organiser outside Quảng Ngãi",
       kQuangNgaiCampaign,
       [](v1::Activity& a) { a.set_organiser("agencies/dong-nai-so-ldtbxh"); },
       {"activity.organiser"}},
      {"several at once",
       kActionMonth2024,
       [](v1::Activity& a) {
         a.clear_type();
         a.set_spend_vnd(-1);
         *a.mutable_end_date() = Day(2024, 12, 20);
       },
       {"activity.type", "activity.end_date", "activity.spend_vnd"}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    v1::Activity activity = Valid();
    c.change(activity);
    ExpectRejected(c.campaign, activity, c.fields);
  }
  // An unknown campaign is NOT_FOUND; a malformed one names parent.
  absl::StatusOr<v1::Activity> unknown = TryRecord("campaigns/no-such-campaign", Valid());
  EXPECT_EQ(unknown.status().code(), absl::StatusCode::kNotFound);
  absl::StatusOr<v1::Activity> malformed = TryRecord("action-month-2024", Valid());
  EXPECT_EQ(FieldsOf(malformed.status()), std::vector<std::string>{"parent"});
  EXPECT_EQ(CountRows("activities"), 0);
  // The request log holds only the two campaigns' creations.
  EXPECT_EQ(CountRows("request_log"), 2);
}

// Three counts by sex whose sum does not fit in 64 bits: the check "the
// three may not add up to more than the total" must not be fooled by the
// wrap-around (2^62 three times once wrapped to a negative sum and passed
// against a total of 100). Each count past the most an activity may count
// is named too.
TEST_P(ActivityRecordingTest, ParticipantsBySexOverflowingAreMoreThanTheTotal) {
  v1::Activity activity = Valid();
  const int64_t huge = int64_t{1} << 62;
  activity.mutable_participants()->set_female(huge);
  activity.mutable_participants()->set_male(huge);
  activity.mutable_participants()->set_unspecified(huge);
  activity.mutable_participants()->set_total(100);
  ExpectRejected(kActionMonth2024, activity,
                 {"activity.participants.female", "activity.participants.male",
                  "activity.participants.unspecified", "activity.participants.total"});
  // The largest int64 three times, the total left to be filled in.
  const int64_t max = std::numeric_limits<int64_t>::max();
  activity.mutable_participants()->set_female(max);
  activity.mutable_participants()->set_male(max);
  activity.mutable_participants()->set_unspecified(max);
  activity.mutable_participants()->clear_total();
  ExpectRejected(kActionMonth2024, activity,
                 {"activity.participants.female", "activity.participants.male",
                  "activity.participants.unspecified"});
}

// Counts have bounds (a billion people; a million media items; 10^13 VND),
// so that sums stay within 64 bits; up to them is fine.
TEST_P(ActivityRecordingTest, CountsPastTheirBoundsAreRejected) {
  const int64_t kBillion = 1'000'000'000;
  struct Case {
    const char* what;
    std::function<void(v1::Activity&)> change;
    std::vector<std::string> fields;
  };
  const std::vector<Case> cases = {
      {"a total past a billion",
       [&](v1::Activity& a) { a.mutable_participants()->set_total(kBillion + 1); },
       {"activity.participants.total"}},
      {"women past a billion, the total as large",
       [&](v1::Activity& a) {
         a.mutable_participants()->set_female(kBillion + 1);
         a.mutable_participants()->set_total(kBillion + 1);
       },
       {"activity.participants.female", "activity.participants.total"}},
      {"three counts fine, their sum (the total left at 0) past a billion",
       [&](v1::Activity& a) {
         a.mutable_participants()->set_female(600'000'000);
         a.mutable_participants()->set_male(500'000'000);
         a.mutable_participants()->clear_total();
       },
       {"activity.participants.total"}},
      {"people reached past a billion",
       [&](v1::Activity& a) { a.set_people_reached(kBillion + 1); },
       {"activity.people_reached"}},
      {"media items past a million",
       [](v1::Activity& a) { a.set_media_items(1'000'001); },
       {"activity.media_items"}},
      {"spend past 10^13 VND",
       [](v1::Activity& a) { a.set_spend_vnd(10'000'000'000'001); },
       {"activity.spend_vnd"}},
      {"the largest int64 spent",
       [](v1::Activity& a) { a.set_spend_vnd(std::numeric_limits<int64_t>::max()); },
       {"activity.spend_vnd"}},
      // A negative count makes the sum meaningless: only it is named, not
      // the total it would have exceeded, nor a negative total twice.
      {"negative women, the others more than the total",
       [](v1::Activity& a) {
         a.mutable_participants()->set_female(-1);
         a.mutable_participants()->set_male(200);
       },
       {"activity.participants.female"}},
      {"a negative total is named once",
       [](v1::Activity& a) { a.mutable_participants()->set_total(-1); },
       {"activity.participants.total"}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    v1::Activity activity = Valid();
    c.change(activity);
    ExpectRejected(kActionMonth2024, activity, c.fields);
  }
  // At the bounds.
  v1::Activity largest = Valid();
  largest.mutable_participants()->set_female(kBillion / 2);
  largest.mutable_participants()->set_male(kBillion / 2);
  largest.mutable_participants()->set_unspecified(0);
  largest.mutable_participants()->clear_total();
  largest.set_people_reached(kBillion);
  largest.set_media_items(1'000'000);
  largest.set_spend_vnd(10'000'000'000'000);
  const v1::Activity recorded = Record(kActionMonth2024, largest);
  EXPECT_EQ(recorded.participants().total(), kBillion);
  absl::StatusOr<v1::CampaignSummary> summary = Summarize(kActionMonth2024, "units/51");
  ASSERT_TRUE(summary.ok()) << DescribeStatus(summary.status());
  EXPECT_EQ(summary->current().participants().total(), kBillion);
  EXPECT_EQ(summary->current().spend_vnd(), 10'000'000'000'000);
}

TEST_P(ActivityRecordingTest, ARetryWithTheSameRequestIdRecordsOnce) {
  const v1::Activity first = Record(kActionMonth2024, Valid(), "record-once");
  const v1::Activity second = Record(kActionMonth2024, Valid(), "record-once");
  EXPECT_TRUE(MessageDifferencer::Equals(first, second)) << second.DebugString();
  EXPECT_EQ(CountRows("activities"), 1);
  EXPECT_EQ(CountRows("activity_versions"), 1);
  v1::ListActivitiesRequest list;
  list.set_parent(kActionMonth2024);
  EXPECT_EQ(NamesOf(ListAll(list)), std::vector<std::string>{first.name()});

  // The same id for different content is refused, and records nothing.
  v1::Activity other = Valid();
  other.set_people_reached(1501);
  const std::string before = DumpStore();
  absl::StatusOr<v1::Activity> reused = TryRecord(kActionMonth2024, other, "record-once");
  EXPECT_EQ(reused.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(FieldsOf(reused.status()), std::vector<std::string>{"request_id"});
  EXPECT_EQ(DumpStore(), before);
  // The same id in another campaign is another request too.
  absl::StatusOr<v1::Activity> elsewhere = TryRecord(kQuangNgaiCampaign, Valid(), "record-once");
  EXPECT_EQ(elsewhere.status().code(), absl::StatusCode::kInvalidArgument);
  // Another request id is another activity, even with the same content.
  const v1::Activity another = Record(kActionMonth2024, Valid(), "record-twice");
  EXPECT_NE(another.name(), first.name());
  EXPECT_EQ(CountRows("activities"), 2);
}

// The client retrying while the first attempt is still running: every
// caller gets the one activity.
TEST_P(ActivityRecordingTest, ConcurrentRetriesRecordOnce) {
  constexpr int kCallers = 8;
  std::vector<absl::StatusOr<v1::Activity>> results(kCallers, absl::UnknownError("not run"));
  std::vector<std::thread> callers;
  for (int i = 0; i < kCallers; ++i) {
    callers.emplace_back([&, i] { results[i] = TryRecord(kActionMonth2024, Valid(), "racing"); });
  }
  for (std::thread& t : callers) t.join();
  ASSERT_TRUE(results[0].ok()) << DescribeStatus(results[0].status());
  for (const auto& result : results) {
    ASSERT_TRUE(result.ok()) << DescribeStatus(result.status());
    EXPECT_TRUE(MessageDifferencer::Equals(*result, *results[0])) << result->DebugString();
  }
  EXPECT_EQ(CountRows("activities"), 1);
  EXPECT_EQ(CountRows("activity_versions"), 1);
}

// Corrections sent at the same time each become their own version.
TEST_P(ActivityRecordingTest, ConcurrentCorrectionsEachGetTheirVersion) {
  const v1::Activity first = Record(kActionMonth2024, Valid(), "record-then-race");
  constexpr int kCallers = 6;
  std::vector<absl::StatusOr<v1::Activity>> results(kCallers, absl::UnknownError("not run"));
  std::vector<std::thread> callers;
  for (int i = 0; i < kCallers; ++i) {
    callers.emplace_back([&, i] {
      v1::Activity corrected = Valid();
      corrected.set_name(first.name());
      corrected.set_people_reached(2000 + i);
      results[i] = Correct(corrected, absl::StrCat("sửa lần ", i), absl::StrCat("race-", i));
    });
  }
  for (std::thread& t : callers) t.join();
  std::set<int> versions;
  for (const auto& result : results) {
    ASSERT_TRUE(result.ok()) << DescribeStatus(result.status());
    versions.insert(result->version());
  }
  EXPECT_EQ(versions, (std::set<int>{2, 3, 4, 5, 6, 7}));
  EXPECT_EQ(CountRows("activities"), 1);
  EXPECT_EQ(CountRows("activity_versions"), 7);
  absl::StatusOr<v1::Activity> current = Get(first.name());
  ASSERT_TRUE(current.ok());
  EXPECT_EQ(current->version(), 7);
  for (int version = 1; version <= 7; ++version) {
    EXPECT_TRUE(Get(first.name(), version).ok()) << version;
  }
}

TEST_P(ActivityRecordingTest, ACorrectionKeepsThePreviousVersionReadable) {
  const v1::Activity first = Record(kActionMonth2024, Valid(), "record-to-correct");
  v1::Activity corrected = Valid();
  corrected.set_name(first.name());
  corrected.set_people_reached(2500);
  corrected.mutable_participants()->set_female(70);
  corrected.mutable_participants()->set_total(120);
  absl::StatusOr<v1::Activity> second =
      Correct(corrected, "Số liệu bổ sung sau khi tổng hợp danh sách", "correct-1");
  ASSERT_TRUE(second.ok()) << DescribeStatus(second.status());
  EXPECT_EQ(second->name(), first.name());
  EXPECT_EQ(second->version(), 2);
  EXPECT_EQ(second->correction_reason(), "Số liệu bổ sung sau khi tổng hợp danh sách");
  EXPECT_EQ(second->people_reached(), 2500);

  absl::StatusOr<v1::Activity> version1 = Get(first.name(), 1);
  ASSERT_TRUE(version1.ok()) << DescribeStatus(version1.status());
  EXPECT_TRUE(MessageDifferencer::Equals(*version1, first)) << version1->DebugString();
  EXPECT_EQ(version1->people_reached(), 1500);
  absl::StatusOr<v1::Activity> current = Get(first.name());
  ASSERT_TRUE(current.ok());
  EXPECT_TRUE(MessageDifferencer::Equals(*current, *second)) << current->DebugString();
  absl::StatusOr<v1::Activity> version2 = Get(first.name(), 2);
  ASSERT_TRUE(version2.ok());
  EXPECT_TRUE(MessageDifferencer::Equals(*version2, *second));
  EXPECT_EQ(Get(first.name(), 3).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(Get(first.name(), -1).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(CountRows("activities"), 1);
  EXPECT_EQ(CountRows("activity_versions"), 2);

  // A retried correction is the same version 2.
  absl::StatusOr<v1::Activity> retried =
      Correct(corrected, "Số liệu bổ sung sau khi tổng hợp danh sách", "correct-1");
  ASSERT_TRUE(retried.ok()) << DescribeStatus(retried.status());
  EXPECT_TRUE(MessageDifferencer::Equals(*retried, *second));
  EXPECT_EQ(CountRows("activity_versions"), 2);

  // A correction needs a reason, valid content and an existing activity.
  const std::string before = DumpStore();
  absl::StatusOr<v1::Activity> no_reason = Correct(corrected, "  ");
  EXPECT_EQ(no_reason.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(FieldsOf(no_reason.status()), std::vector<std::string>{"reason"});
  v1::Activity negative = corrected;
  negative.set_people_reached(-2500);
  absl::StatusOr<v1::Activity> bad = Correct(negative, "sửa số người");
  EXPECT_EQ(FieldsOf(bad.status()), std::vector<std::string>{"activity.people_reached"});
  v1::Activity outside = corrected;
  *outside.mutable_start_date() = Day(2024, 12, 20);
  *outside.mutable_end_date() = Day(2024, 12, 20);
  absl::StatusOr<v1::Activity> late = Correct(outside, "sửa ngày");
  EXPECT_EQ(FieldsOf(late.status()),
            (std::vector<std::string>{"activity.start_date", "activity.end_date"}));
  v1::Activity missing = corrected;
  missing.set_name("campaigns/action-month-2024/activities/no-such-activity");
  EXPECT_EQ(Correct(missing, "sửa").status().code(), absl::StatusCode::kNotFound);
  v1::Activity malformed = corrected;
  malformed.set_name("activities/x");
  EXPECT_EQ(FieldsOf(Correct(malformed, "sửa").status()),
            std::vector<std::string>{"activity.name"});
  EXPECT_EQ(DumpStore(), before);

  // A third version moves it to the district; the summary counts the
  // current version only.
  v1::Activity moved = corrected;
  moved.set_unit("units/524");
  absl::StatusOr<v1::Activity> third = Correct(moved, "Hoạt động do huyện tổ chức");
  ASSERT_TRUE(third.ok()) << DescribeStatus(third.status());
  EXPECT_EQ(third->version(), 3);
  EXPECT_EQ(Get(first.name(), 2)->unit(), "units/21040");
  v1::ListActivitiesRequest in_commune;
  in_commune.set_parent(kActionMonth2024);
  in_commune.set_unit("units/21040");
  EXPECT_TRUE(ListAll(in_commune).empty());
  in_commune.set_unit("units/524");
  EXPECT_EQ(NamesOf(ListAll(in_commune)), std::vector<std::string>{first.name()});
  absl::StatusOr<v1::CampaignSummary> summary = Summarize(kActionMonth2024, "units/524");
  ASSERT_TRUE(summary.ok()) << DescribeStatus(summary.status());
  EXPECT_EQ(summary->current().activities(), 1);
  EXPECT_EQ(summary->current().people_reached(), 2500);
  EXPECT_EQ(summary->current().participants().female(), 70);
  EXPECT_EQ(summary->current().participants().total(), 120);
  // Nothing happened in any commune of Bình Sơn any more.
  EXPECT_EQ(summary->current().units_without_activity_size(), summary->current().child_units());
}

INSTANTIATE_CAMPAIGNS_ON_BOTH_ENGINES(ActivityRecordingTest);

}  // namespace
}  // namespace interplan::campaigns::test
