// The pure checks of report_validator.h, without a database: the states a
// report and its obligation must be in to be submitted or reviewed, the
// lock date, a review's reason, and the filters of listings.
#include "services/reporting/report_validator.h"

#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "common/errors/errors.h"
#include "common/time/timestamp.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/services/reporting/reporting_test_support.h"

namespace interplan::reporting::test {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

ObligationRow Obligation(const std::string& lock_date, const std::string& exception_until = "") {
  ObligationRow row;
  row.id = "o1";
  row.lock_date = lock_date;
  row.exception_until = exception_until;
  return row;
}

ReportState State(v1::ReportStatus status) {
  ReportState state;
  state.version = 1;
  state.status = status;
  return state;
}

TEST(ReportValidatorTest, OnlyANewReturnedOrDraftReportIsSubmitted) {
  EXPECT_TRUE(CheckResubmittable("r1", std::nullopt).ok());
  EXPECT_TRUE(CheckResubmittable("r1", State(v1::REPORT_STATUS_RETURNED)).ok());
  EXPECT_TRUE(CheckResubmittable("r1", State(v1::REPORT_STATUS_DRAFT)).ok());
  for (v1::ReportStatus status :
       {v1::REPORT_STATUS_SUBMITTED, v1::REPORT_STATUS_RESUBMITTED, v1::REPORT_STATUS_ACCEPTED}) {
    absl::Status refused = CheckResubmittable("r1", State(status));
    EXPECT_TRUE(absl::IsFailedPrecondition(refused)) << refused;
    EXPECT_EQ(ReasonOf(refused), "REPORT_STATUS");
    EXPECT_THAT(refused.message(), HasSubstr("reports/r1 is "));
  }
}

TEST(ReportValidatorTest, OnlyASubmittedReportIsReviewed) {
  EXPECT_TRUE(CheckReviewable("reports/r1", v1::REPORT_STATUS_SUBMITTED, true).ok());
  EXPECT_TRUE(CheckReviewable("reports/r1", v1::REPORT_STATUS_RESUBMITTED, false).ok());
  absl::Status refused = CheckReviewable("reports/r1", v1::REPORT_STATUS_ACCEPTED, false);
  EXPECT_TRUE(absl::IsFailedPrecondition(refused)) << refused;
  EXPECT_EQ(ReasonOf(refused), "REPORT_STATUS");
  EXPECT_THAT(refused.message(), HasSubstr("only a submitted report can be returned"));
}

TEST(ReportValidatorTest, EntryClosesAfterTheLockDateOrTheException) {
  EXPECT_TRUE(CheckEntryOpen(Obligation("2024-03-01"), "2024-03-01").ok());
  absl::Status locked = CheckEntryOpen(Obligation("2024-03-01"), "2024-03-02");
  EXPECT_TRUE(absl::IsFailedPrecondition(locked)) << locked;
  EXPECT_EQ(ReasonOf(locked), "ENTRY_LOCKED");
  EXPECT_TRUE(CheckEntryOpen(Obligation("2024-03-01", "2024-04-01"), "2024-03-15").ok());
}

TEST(ReportValidatorTest, CancelledObligationsTakeNoReport) {
  ObligationRow obligation = Obligation("2024-03-01");
  EXPECT_TRUE(CheckNotCancelled(obligation).ok());
  obligation.cancelled = true;
  EXPECT_EQ(ReasonOf(CheckNotCancelled(obligation)), "OBLIGATION_CANCELLED");
}

TEST(ReportValidatorTest, AReturnSaysWhy) {
  absl::StatusOr<std::string> accepted = CheckReviewReason("", true);
  ASSERT_TRUE(accepted.ok()) << accepted.status();
  EXPECT_EQ(*accepted, "");
  absl::StatusOr<std::string> returned = CheckReviewReason("", false);
  EXPECT_THAT(FieldsOf(returned.status()), ElementsAre("reason"));
}

TEST(ReportValidatorTest, AnExceptionEndsAfterTheLockDate) {
  EXPECT_TRUE(CheckExceptionUntil(Obligation("2024-03-01"), "2024-03-02").ok());
  EXPECT_THAT(FieldsOf(CheckExceptionUntil(Obligation("2024-03-01"), "2024-03-01")),
              ElementsAre("until"));
}

TEST(ReportValidatorTest, AFutureHandInIsRefused) {
  const absl::Time now = absl::FromUnixSeconds(1700000000);
  v1::Report report;
  FieldViolations violations;
  EXPECT_EQ(SubmittedAt(report, now, violations), now);
  *report.mutable_submitted_at() = time::ToTimestamp(now - absl::Hours(1));
  EXPECT_EQ(SubmittedAt(report, now, violations), now - absl::Hours(1));
  EXPECT_TRUE(violations.empty());
  *report.mutable_submitted_at() = time::ToTimestamp(now + absl::Hours(1));
  SubmittedAt(report, now, violations);
  EXPECT_THAT(FieldsOf(violations.ToStatus()), ElementsAre("report.submitted_at"));
}

TEST(ReportValidatorTest, ListReportsFilter) {
  v1::ListReportsRequest request;
  request.set_plan("plans/p1");
  request.set_status(v1::REPORT_STATUS_ACCEPTED);
  absl::StatusOr<ReportListing> listing = CheckListReportsRequest(request);
  ASSERT_TRUE(listing.ok()) << listing.status();
  EXPECT_EQ(listing->filter.plan_id, "p1");
  EXPECT_EQ(listing->filter.status, v1::REPORT_STATUS_ACCEPTED);
  EXPECT_EQ(listing->window.page_size(), 100);
  EXPECT_EQ(listing->filter.limit, 101);
  EXPECT_EQ(listing->filter.after_id, "");
  request.set_period("2022-Q5");
  EXPECT_THAT(FieldsOf(CheckListReportsRequest(request).status()), ElementsAre("period"));
}

}  // namespace
}  // namespace interplan::reporting::test
