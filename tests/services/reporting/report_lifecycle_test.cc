// Reports through their life on SQLite and PostgreSQL, against the Quảng
// Ngãi 2022 obligations (6-month report due 31 May, annual due 30
// November, entry locked 60 days after): on time and late (judged on the
// day in Vietnam the paper report was handed in), returned with a reason,
// resubmitted as version 2 and accepted with every transition recorded,
// request_id idempotency, the lock date (against the day a report reaches
// the service, whatever day is on the paper) and exceptions, and the
// transitions the status machine refuses.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/errors/errors.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "tests/services/reporting/reporting_test_support.h"

namespace interplan::reporting::test {
namespace {

using ::google::protobuf::util::MessageDifferencer;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr char kYTe[] = "agencies/quang-ngai-so-y-te";
constexpr char kGdDt[] = "agencies/quang-ngai-so-gddt";
constexpr char kTuPhap[] = "agencies/quang-ngai-so-tu-phap";
constexpr char kTtTt[] = "agencies/quang-ngai-so-tttt";
constexpr char kNoiVu[] = "agencies/quang-ngai-so-noi-vu";
constexpr char kNgoaiVu[] = "agencies/quang-ngai-so-ngoai-vu";
constexpr char kKhDt[] = "agencies/quang-ngai-so-khdt";
constexpr char kCongAn[] = "agencies/quang-ngai-cong-an";

class ReportLifecycleTest : public ReportingTest {
 protected:
  void SetUp() override {
    ReportingTest::SetUp();
    if (HasFatalFailure()) return;
    Sync();
  }

  v1::Report HalfYear(const std::string& agency, absl::Time submitted_at) {
    return NewReport(kQuangNgai, agency, v1::REPORT_KIND_SEMI_ANNUAL, "2022-H1", submitted_at);
  }
  v1::Report Annual(const std::string& agency, absl::Time submitted_at) {
    return NewReport(kQuangNgai, agency, v1::REPORT_KIND_ANNUAL, "2022", submitted_at);
  }
};

TEST_P(ReportLifecycleTest, OnTimeAndLateAreJudgedOnTheDayTheReportWasHandedIn) {
  // The paper reports below are typed in on 1 July, before entry closes
  // (30 July): handed in on time or late, they are judged on the day on
  // the paper, and the transition is stamped with the day of entry.
  enter_when_handed_in_ = false;
  now_ = At(2022, 7, 1);
  const v1::Obligation obligation = ObligationOf(kQuangNgai, kYTe, v1::REPORT_KIND_SEMI_ANNUAL,
                                                 "2022-H1", absl::CivilDay(2022, 5, 1));
  v1::Report report = HalfYear(kYTe, At(2022, 5, 20));
  v1::TaskProgress* task = report.add_tasks();
  task->set_task("II.1.a");
  task->set_state(v1::TASK_STATE_IN_PROGRESS);
  task->set_narrative("Đã tổ chức 3 lớp tập huấn");
  const v1::Report on_time = MustSubmit(report);
  EXPECT_THAT(on_time.name(), ::testing::StartsWith("reports/"));
  EXPECT_EQ(on_time.obligation(), obligation.name());
  EXPECT_EQ(on_time.plan(), kQuangNgai);
  EXPECT_EQ(on_time.agency(), kYTe);
  EXPECT_EQ(on_time.period(), "2022-H1");
  EXPECT_EQ(on_time.kind(), v1::REPORT_KIND_SEMI_ANNUAL);
  EXPECT_EQ(on_time.status(), v1::REPORT_STATUS_SUBMITTED);
  EXPECT_EQ(on_time.version(), 1);
  EXPECT_TRUE(on_time.on_time());
  EXPECT_EQ(on_time.due_date().year(), 2022);
  EXPECT_EQ(on_time.due_date().month(), 5);
  EXPECT_EQ(on_time.due_date().day(), 31);
  EXPECT_EQ(time::FromTimestamp(on_time.submit_time()), At(2022, 5, 20));
  ASSERT_EQ(on_time.tasks_size(), 1);
  EXPECT_EQ(on_time.tasks(0).state(), v1::TASK_STATE_IN_PROGRESS);
  ASSERT_EQ(on_time.history_size(), 1);
  EXPECT_EQ(on_time.history(0).from(), v1::REPORT_STATUS_UNSPECIFIED);
  EXPECT_EQ(on_time.history(0).to(), v1::REPORT_STATUS_SUBMITTED);
  // Nobody is named without a caller (reporting_access_test checks the
  // credential each transition records, through the server).
  EXPECT_EQ(on_time.history(0).by(), "");
  EXPECT_EQ(time::FromTimestamp(on_time.history(0).time()), now_);
  EXPECT_EQ(on_time.history(0).version(), 1);

  // The due day ends at midnight in Vietnam: 23:30 on 31 May is on time,
  // 00:30 on 1 June is late.
  EXPECT_TRUE(MustSubmit(HalfYear(kTtTt, At(2022, 5, 31, 23, 30))).on_time());
  EXPECT_FALSE(MustSubmit(HalfYear(kTuPhap, At(2022, 6, 1, 0, 30))).on_time());
  const v1::Report late = MustSubmit(HalfYear(kGdDt, At(2022, 6, 10)));
  EXPECT_FALSE(late.on_time());
  EXPECT_EQ(late.version(), 1);

  // What GetReport returns is what SubmitReport answered.
  v1::GetReportRequest get;
  get.set_name(on_time.name());
  absl::StatusOr<v1::Report> read = reports_->GetReport(get);
  ASSERT_TRUE(read.ok()) << DescribeStatus(read.status());
  EXPECT_TRUE(MessageDifferencer::Equals(*read, on_time)) << read->DebugString();

  // Obligation states on a date: submitted from the day handed in on.
  const v1::Obligation y_te = ObligationOf(kQuangNgai, kYTe, v1::REPORT_KIND_SEMI_ANNUAL, "2022-H1",
                                           absl::CivilDay(2022, 6, 30));
  EXPECT_EQ(y_te.state(), v1::OBLIGATION_STATE_SUBMITTED);
  EXPECT_TRUE(y_te.on_time());
  EXPECT_EQ(y_te.report(), on_time.name());
  EXPECT_EQ(time::FromTimestamp(y_te.first_submit_time()), At(2022, 5, 20));
  const v1::Obligation gd_dt = ObligationOf(kQuangNgai, kGdDt, v1::REPORT_KIND_SEMI_ANNUAL,
                                            "2022-H1", absl::CivilDay(2022, 6, 30));
  EXPECT_EQ(gd_dt.state(), v1::OBLIGATION_STATE_SUBMITTED);
  EXPECT_FALSE(gd_dt.on_time());
  EXPECT_EQ(ObligationOf(kQuangNgai, kGdDt, v1::REPORT_KIND_SEMI_ANNUAL, "2022-H1",
                         absl::CivilDay(2022, 5, 25))
                .state(),
            v1::OBLIGATION_STATE_PENDING);
  EXPECT_EQ(ObligationOf(kQuangNgai, kGdDt, v1::REPORT_KIND_SEMI_ANNUAL, "2022-H1",
                         absl::CivilDay(2022, 6, 5))
                .state(),
            v1::OBLIGATION_STATE_MISSING);

  v1::ListReportsRequest list;
  list.set_plan(kQuangNgai);
  list.set_period("2022-H1");
  absl::StatusOr<v1::ListReportsResponse> listed = reports_->ListReports(list);
  ASSERT_TRUE(listed.ok()) << DescribeStatus(listed.status());
  EXPECT_EQ(listed->reports_size(), 4);
  EXPECT_EQ(CountRows("reports"), 4);
}

TEST_P(ReportLifecycleTest, ReturnedResubmittedAndAcceptedWithEveryTransitionRecorded) {
  enter_when_handed_in_ = false;  // each step at the time set below
  v1::Report first = Annual(kTuPhap, At(2022, 11, 25));
  *first.add_values() = Ratio("LOC-COMM-OFFICIALS", 999, 1000);
  now_ = At(2022, 11, 25, 11);
  const v1::Report submitted = MustSubmit(first);
  ASSERT_FALSE(submitted.name().empty());

  // Returning needs a reason.
  absl::StatusOr<v1::Report> no_reason = Return(submitted.name(), "  ");
  EXPECT_EQ(no_reason.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(FieldsOf(no_reason.status()), ElementsAre("reason"));

  now_ = At(2022, 11, 28);
  absl::StatusOr<v1::Report> returned =
      Return(submitted.name(), "Thiếu số liệu phân tách theo giới tính");
  ASSERT_TRUE(returned.ok()) << DescribeStatus(returned.status());
  EXPECT_EQ(returned->status(), v1::REPORT_STATUS_RETURNED);
  EXPECT_EQ(returned->version(), 1);
  EXPECT_EQ(returned->return_reason(), "Thiếu số liệu phân tách theo giới tính");
  EXPECT_EQ(
      ObligationOf(kQuangNgai, kTuPhap, v1::REPORT_KIND_ANNUAL, "2022", absl::CivilDay(2022, 12, 1))
          .state(),
      v1::OBLIGATION_STATE_RETURNED);

  // Resubmitted after the due date: still on time, the first submission was.
  v1::Report second = Annual(kTuPhap, At(2022, 12, 2));
  *second.add_values() = Ratio("LOC-COMM-OFFICIALS", 6, 10, "female");
  *second.add_values() = Ratio("LOC-COMM-OFFICIALS", 4, 10, "male");
  *second.add_values() = Ratio("LOC-COMM-OFFICIALS", 10, 20);
  now_ = At(2022, 12, 2, 11);
  const v1::Report resubmitted = MustSubmit(second);
  EXPECT_EQ(resubmitted.name(), submitted.name());
  EXPECT_EQ(resubmitted.status(), v1::REPORT_STATUS_RESUBMITTED);
  EXPECT_EQ(resubmitted.version(), 2);
  EXPECT_TRUE(resubmitted.on_time());
  EXPECT_EQ(time::FromTimestamp(resubmitted.submit_time()), At(2022, 12, 2));

  now_ = At(2022, 12, 5);
  absl::StatusOr<v1::Report> accepted = Accept(submitted.name());
  ASSERT_TRUE(accepted.ok()) << DescribeStatus(accepted.status());
  EXPECT_EQ(accepted->status(), v1::REPORT_STATUS_ACCEPTED);
  EXPECT_EQ(accepted->version(), 2);
  EXPECT_EQ(accepted->values_size(), 3);

  struct Step {
    v1::ReportStatus from, to;
    int version;
    absl::Time time;
    std::string reason;
  };
  const std::vector<Step> steps = {
      {v1::REPORT_STATUS_UNSPECIFIED, v1::REPORT_STATUS_SUBMITTED, 1, At(2022, 11, 25, 11), ""},
      {v1::REPORT_STATUS_SUBMITTED, v1::REPORT_STATUS_RETURNED, 1, At(2022, 11, 28),
       "Thiếu số liệu phân tách theo giới tính"},
      {v1::REPORT_STATUS_RETURNED, v1::REPORT_STATUS_RESUBMITTED, 2, At(2022, 12, 2, 11), ""},
      {v1::REPORT_STATUS_RESUBMITTED, v1::REPORT_STATUS_ACCEPTED, 2, At(2022, 12, 5), ""}};
  ASSERT_EQ(accepted->history_size(), static_cast<int>(steps.size()));
  for (size_t i = 0; i < steps.size(); ++i) {
    SCOPED_TRACE(absl::StrCat("transition ", i));
    const v1::ReportTransition& t = accepted->history(static_cast<int>(i));
    EXPECT_EQ(t.from(), steps[i].from);
    EXPECT_EQ(t.to(), steps[i].to);
    EXPECT_EQ(t.version(), steps[i].version);
    EXPECT_EQ(time::FromTimestamp(t.time()), steps[i].time);
    EXPECT_EQ(t.reason(), steps[i].reason);
    EXPECT_EQ(t.by(), "");  // no caller here; see reporting_access_test
  }

  // Both versions stay readable.
  v1::GetReportRequest get;
  get.set_name(submitted.name());
  get.set_version(1);
  absl::StatusOr<v1::Report> v1_read = reports_->GetReport(get);
  ASSERT_TRUE(v1_read.ok()) << DescribeStatus(v1_read.status());
  ASSERT_EQ(v1_read->values_size(), 1);
  EXPECT_EQ(v1_read->values(0).numerator(), 999);
  EXPECT_EQ(v1_read->version(), 1);
  get.set_version(2);
  absl::StatusOr<v1::Report> v2_read = reports_->GetReport(get);
  ASSERT_TRUE(v2_read.ok());
  EXPECT_EQ(v2_read->values_size(), 3);
  EXPECT_EQ(v2_read->status(), v1::REPORT_STATUS_ACCEPTED);
  get.set_version(3);
  EXPECT_EQ(reports_->GetReport(get).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(CountRows("report_versions"), 2);
  EXPECT_EQ(CountRows("report_transitions"), 4);

  // Only what was accepted is rolled up: version 2, never the returned one.
  absl::StatusOr<v1::Rollup> rollup =
      Rollup("LOC-COMM-OFFICIALS", "units/51", "2022", absl::CivilDay(2022, 12, 31));
  ASSERT_TRUE(rollup.ok()) << DescribeStatus(rollup.status());
  ASSERT_TRUE(ValueFor(*rollup).has_value());
  EXPECT_EQ(ValueFor(*rollup)->numerator(), 10);
  EXPECT_EQ(ValueFor(*rollup)->denominator(), 20);
  EXPECT_DOUBLE_EQ(ValueFor(*rollup)->value(), 50.0);
  EXPECT_EQ(ValueFor(*rollup)->count(), 1);
  ASSERT_TRUE(ValueFor(*rollup, "female").has_value());
  EXPECT_DOUBLE_EQ(ValueFor(*rollup, "female")->value(), 60.0);

  const v1::Obligation obligation = ObligationOf(kQuangNgai, kTuPhap, v1::REPORT_KIND_ANNUAL,
                                                 "2022", absl::CivilDay(2022, 12, 31));
  EXPECT_EQ(obligation.state(), v1::OBLIGATION_STATE_ACCEPTED);
  EXPECT_TRUE(obligation.on_time());
  EXPECT_EQ(time::FromTimestamp(obligation.first_submit_time()), At(2022, 11, 25));
  v1::ListReportsRequest list;
  list.set_status(v1::REPORT_STATUS_ACCEPTED);
  absl::StatusOr<v1::ListReportsResponse> listed = reports_->ListReports(list);
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->reports_size(), 1);
  EXPECT_EQ(listed->reports(0).name(), submitted.name());
}

TEST_P(ReportLifecycleTest, ARetriedRequestIdReturnsTheFirstAnswerAndWritesNothingTwice) {
  v1::Report report = HalfYear(kYTe, At(2022, 5, 30));
  *report.add_values() = Count("CAMPAIGN-PARTICIPANTS", 120, "female");
  absl::StatusOr<v1::Report> first = Submit(report, "submit-y-te-h1");
  ASSERT_TRUE(first.ok()) << DescribeStatus(first.status());
  now_ += absl::Hours(1);
  absl::StatusOr<v1::Report> again = Submit(report, "submit-y-te-h1");
  ASSERT_TRUE(again.ok()) << DescribeStatus(again.status());
  EXPECT_TRUE(MessageDifferencer::Equals(*first, *again));
  EXPECT_EQ(CountRows("reports"), 1);
  EXPECT_EQ(CountRows("report_versions"), 1);
  EXPECT_EQ(CountRows("report_transitions"), 1);

  // The same id for another body is refused, naming request_id.
  const std::string before = DumpStore();
  v1::Report other = report;
  other.set_narrative("Một báo cáo khác");
  absl::StatusOr<v1::Report> reused = Submit(other, "submit-y-te-h1");
  EXPECT_EQ(reused.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(FieldsOf(reused.status()), ElementsAre("request_id"));
  EXPECT_EQ(DumpStore(), before);

  // A second submission under a new id while the first waits for review
  // is a transition not allowed.
  absl::StatusOr<v1::Report> twice = Submit(report, "submit-y-te-h1-again");
  EXPECT_EQ(twice.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ReasonOf(twice.status()), "REPORT_STATUS");
  EXPECT_EQ(DumpStore(), before);

  // Accepting twice with one request id: one transition, one roll-up.
  absl::StatusOr<v1::Report> accepted = Accept(first->name(), "accept-y-te-h1");
  ASSERT_TRUE(accepted.ok()) << DescribeStatus(accepted.status());
  absl::StatusOr<v1::Report> accepted_again = Accept(first->name(), "accept-y-te-h1");
  ASSERT_TRUE(accepted_again.ok()) << DescribeStatus(accepted_again.status());
  EXPECT_TRUE(MessageDifferencer::Equals(*accepted, *accepted_again));
  EXPECT_EQ(CountRows("report_transitions"), 2);
  absl::StatusOr<v1::Rollup> rollup =
      Rollup("CAMPAIGN-PARTICIPANTS", "units/51", "2022-H1", absl::CivilDay(2022, 12, 31));
  ASSERT_TRUE(rollup.ok()) << DescribeStatus(rollup.status());
  ASSERT_TRUE(ValueFor(*rollup, "female").has_value());
  EXPECT_EQ(ValueFor(*rollup, "female")->value(), 120);
  EXPECT_EQ(ValueFor(*rollup, "female")->count(), 1);
}

TEST_P(ReportLifecycleTest, EntryClosesAtTheLockDateUnlessTheRecipientOpensAnException) {
  // Entry is judged on the day a report reaches the service (now_), the
  // day on the paper (submitted_at) only decides on time or late.
  enter_when_handed_in_ = false;
  // The 6-month report locks 60 days after 31 May: 30 July. The last day is
  // still open.
  now_ = At(2022, 7, 30, 23, 30);
  EXPECT_TRUE(Submit(HalfYear(kNgoaiVu, At(2022, 7, 30, 23, 0))).ok());

  const std::string before = DumpStore();
  now_ = At(2022, 8, 15, 11);
  absl::StatusOr<v1::Report> locked = Submit(HalfYear(kNoiVu, At(2022, 8, 15)));
  EXPECT_EQ(locked.status().code(), absl::StatusCode::kFailedPrecondition)
      << DescribeStatus(locked.status());
  EXPECT_EQ(ReasonOf(locked.status()), "ENTRY_LOCKED");
  const v1::Obligation obligation = ObligationOf(kQuangNgai, kNoiVu, v1::REPORT_KIND_SEMI_ANNUAL,
                                                 "2022-H1", absl::CivilDay(2022, 8, 15));
  google::rpc::ErrorInfo info;
  ASSERT_TRUE(GetErrorInfo(locked.status(), &info));
  EXPECT_EQ(info.metadata().at("obligation"), obligation.name());
  EXPECT_THAT(std::string(locked.status().message()), HasSubstr("2022-07-30"));
  // A paper report handed in before the lock date but typed in after it:
  // the date on the paper does not reopen entry.
  absl::StatusOr<v1::Report> backdated = Submit(HalfYear(kYTe, At(2022, 7, 20)));
  EXPECT_EQ(backdated.status().code(), absl::StatusCode::kFailedPrecondition)
      << DescribeStatus(backdated.status());
  EXPECT_EQ(ReasonOf(backdated.status()), "ENTRY_LOCKED");
  EXPECT_THAT(std::string(backdated.status().message()), HasSubstr("2022-08-15"));
  EXPECT_EQ(DumpStore(), before);
  EXPECT_EQ(CountRows("reports"), 1);

  // An exception must reach past the lock date.
  v1::OpenExceptionRequest too_early;
  too_early.set_obligation(obligation.name());
  *too_early.mutable_until() = Day(2022, 7, 1);
  too_early.set_reason("Đơn vị xin gia hạn");
  absl::StatusOr<v1::Obligation> refused = reports_->OpenException(too_early, Call());
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(FieldsOf(refused.status()), ElementsAre("until"));

  v1::OpenExceptionRequest open;
  open.set_obligation(obligation.name());
  *open.mutable_until() = Day(2022, 8, 31);
  open.set_reason("Đơn vị xin gia hạn");
  open.set_request_id("exception-noi-vu");
  absl::StatusOr<v1::Obligation> opened = reports_->OpenException(open, Call());
  ASSERT_TRUE(opened.ok()) << DescribeStatus(opened.status());
  EXPECT_TRUE(opened->exception_open());
  EXPECT_EQ(opened->lock_date().month(), 8);
  EXPECT_EQ(opened->lock_date().day(), 31);
  EXPECT_EQ(opened->state(), v1::OBLIGATION_STATE_MISSING);

  // Entered within the exception: late, but in.
  const v1::Report late = MustSubmit(HalfYear(kNoiVu, At(2022, 8, 15)));
  EXPECT_EQ(late.status(), v1::REPORT_STATUS_SUBMITTED);
  EXPECT_FALSE(late.on_time());
  absl::StatusOr<v1::Report> accepted = Accept(late.name());
  ASSERT_TRUE(accepted.ok()) << DescribeStatus(accepted.status());
  EXPECT_EQ(accepted->status(), v1::REPORT_STATUS_ACCEPTED);
  EXPECT_EQ(ObligationOf(kQuangNgai, kNoiVu, v1::REPORT_KIND_SEMI_ANNUAL, "2022-H1",
                         absl::CivilDay(2022, 12, 31))
                .state(),
            v1::OBLIGATION_STATE_ACCEPTED);
  // For an obligation without one: still locked.
  EXPECT_EQ(ReasonOf(Submit(HalfYear(kKhDt, At(2022, 8, 15))).status()), "ENTRY_LOCKED");
  // Typed in after the exception ended, though handed in within it.
  v1::OpenExceptionRequest police;
  police.set_obligation(ObligationOf(kQuangNgai, kCongAn, v1::REPORT_KIND_SEMI_ANNUAL, "2022-H1",
                                     absl::CivilDay(2022, 8, 15))
                            .name());
  *police.mutable_until() = Day(2022, 8, 31);
  police.set_reason("Đơn vị xin gia hạn");
  ASSERT_TRUE(reports_->OpenException(police, Call()).ok());
  now_ = At(2022, 9, 5);
  EXPECT_EQ(ReasonOf(Submit(HalfYear(kCongAn, At(2022, 8, 30))).status()), "ENTRY_LOCKED");
}

TEST_P(ReportLifecycleTest, TransitionsNotAllowedFromTheCurrentStatusAreRefused) {
  const v1::Report accepted = SubmitAccepted(Annual(kYTe, At(2022, 11, 20)));
  const v1::Report returned_submitted = MustSubmit(Annual(kGdDt, At(2022, 11, 21)));
  ASSERT_TRUE(Return(returned_submitted.name(), "Chưa đủ nội dung").ok());
  const v1::Report waiting = MustSubmit(Annual(kTtTt, At(2022, 11, 22)));
  const std::string before = DumpStore();

  struct Case {
    std::string what;
    absl::Status status;
  };
  const std::vector<Case> cases = {
      {"accept an accepted report", Accept(accepted.name()).status()},
      {"return an accepted report", Return(accepted.name(), "xem lại").status()},
      {"return a returned report", Return(returned_submitted.name(), "lần nữa").status()},
      {"accept a returned report", Accept(returned_submitted.name()).status()},
      {"submit again while submitted", Submit(Annual(kTtTt, At(2022, 11, 23))).status()},
      {"submit again once accepted", Submit(Annual(kYTe, At(2022, 11, 23))).status()},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    EXPECT_EQ(c.status.code(), absl::StatusCode::kFailedPrecondition) << DescribeStatus(c.status);
    EXPECT_EQ(ReasonOf(c.status), "REPORT_STATUS");
  }
  EXPECT_EQ(DumpStore(), before);
  EXPECT_EQ(Accept("reports/rno-such-report").status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(waiting.status(), v1::REPORT_STATUS_SUBMITTED);
}

INSTANTIATE_ON_BOTH_ENGINES(ReportLifecycleTest);

}  // namespace
}  // namespace interplan::reporting::test
