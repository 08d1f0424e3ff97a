// The plans service while interplan-agencies is down, on SQLite and
// PostgreSQL: a second PlanRegistry over the same database whose directory
// points at a closed port. Writes that need references checked are
// UNAVAILABLE and write nothing; reads keep working; a unit filter answers
// from stored paths (or an earlier answer) with a warning; a retried create
// that succeeded before gets its recorded response.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/errors/errors.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/services/plans/plans_test_support.h"
#include "tests/support/database_fixture.h"

namespace interplan::plans::test {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

// A directory that is up or down as the test says.
class SwitchableDirectory : public AgencyDirectory {
 public:
  absl::Status Resolve(const std::set<std::string>& agency_names,
                       const std::set<std::string>& unit_names, absl::CivilDay as_of,
                       absl::Time deadline, ResolvedReferences* resolved) override {
    return Current().Resolve(agency_names, unit_names, as_of, deadline, resolved);
  }
  absl::StatusOr<agencies::v1::Unit> GetUnit(const std::string& name, absl::CivilDay as_of,
                                             absl::Time deadline) override {
    return Current().GetUnit(name, as_of, deadline);
  }
  absl::StatusOr<std::vector<std::string>> GroupMembers(agencies::v1::AgencyKind kind,
                                                        agencies::v1::UnitLevel level,
                                                        const std::string& within,
                                                        absl::CivilDay as_of, int limit,
                                                        absl::Time deadline) override {
    return Current().GroupMembers(kind, level, within, as_of, limit, deadline);
  }
  bool up = true;

 private:
  AgencyDirectory& Current() { return up ? LiveDirectory() : DeadDirectory(); }
};

class AgenciesDownTest : public PlanRegistryTest {
 protected:
  // Gò Vấp issued, Quảng Ngãi a draft (created with a request id), Đồng Nai
  // issued; written while interplan-agencies is up.
  void CreatePlans() {
    go_vap_ = CreateIssued(kGoVap);
    quang_ngai_request_ = Fixture(kQuangNgai);
    quang_ngai_request_.set_request_id("quang-ngai-push-1");
    quang_ngai_ = Create(quang_ngai_request_);
    dong_nai_ = CreateIssued(kDongNai);
  }

  static void ExpectUnavailable(const absl::Status& status) {
    EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable) << DescribeStatus(status);
    EXPECT_THAT(std::string(status.message()), HasSubstr("interplan-agencies"));
    google::rpc::RetryInfo retry;
    EXPECT_TRUE(GetRetryInfo(status, &retry));
  }

  v1::Plan go_vap_;
  v1::Plan quang_ngai_;
  v1::Plan dong_nai_;
  v1::CreatePlanRequest quang_ngai_request_;
};

TEST_P(AgenciesDownTest, WritesThatCheckReferencesAreUnavailableAndWriteNothing) {
  CreatePlans();
  const std::string before = DumpStore();

  v1::CreatePlanRequest create = Fixture(kLaiChau);
  create.set_request_id("lai-chau-push-1");
  ExpectUnavailable(Down().CreatePlan(create, Call()).status());
  EXPECT_EQ(DumpStore(), before);
  EXPECT_EQ(Get("plans/lai-chau-2024").status().code(), absl::StatusCode::kNotFound);

  v1::UpdatePlanRequest update;
  update.mutable_plan()->set_name(quang_ngai_.name());
  update.mutable_plan()->set_etag(quang_ngai_.etag());
  update.mutable_plan()->set_title("Tiêu đề mới");
  update.mutable_update_mask()->add_paths("title");
  update.set_request_id("quang-ngai-update-1");
  ExpectUnavailable(Down().UpdatePlan(update, Call()).status());
  EXPECT_EQ(DumpStore(), before);

  v1::IssuePlanRequest issue;
  issue.set_name(quang_ngai_.name());
  issue.set_etag(quang_ngai_.etag());
  issue.set_request_id("quang-ngai-issue-1");
  ExpectUnavailable(Down().IssuePlan(issue, Call()).status());
  EXPECT_EQ(DumpStore(), before);

  v1::AmendPlanRequest amend;
  *amend.mutable_plan() = Fixture(kGoVap).plan();
  amend.mutable_plan()->set_name(go_vap_.name());
  amend.mutable_plan()->set_etag(go_vap_.etag());
  amend.set_reason("Điều chỉnh");
  amend.set_request_id("go-vap-amend-1");
  ExpectUnavailable(Down().AmendPlan(amend, Call()).status());
  EXPECT_EQ(DumpStore(), before);

  v1::ValidatePlanRequest validate;
  *validate.mutable_plan() = Fixture(kLaiChau).plan();
  ExpectUnavailable(Down().ValidatePlan(validate, Call()).status());
  EXPECT_EQ(DumpStore(), before);

  // Nothing was half done: the same writes succeed once it is back.
  absl::StatusOr<v1::Plan> issued = registry_->IssuePlan(issue, Call());
  ASSERT_TRUE(issued.ok()) << DescribeStatus(issued.status());
  EXPECT_EQ(issued->status(), v1::PLAN_STATUS_ISSUED);
  absl::StatusOr<v1::Plan> created = registry_->CreatePlan(create, Call());
  ASSERT_TRUE(created.ok()) << DescribeStatus(created.status());
}

TEST_P(AgenciesDownTest, ContentErrorsAreStillReportedAsSuch) {
  // What is wrong with the plan itself needs no agencies to be found.
  v1::CreatePlanRequest request = Fixture(kLaiChau);
  request.mutable_plan()->clear_title();
  absl::StatusOr<v1::Plan> created = Down().CreatePlan(request, Call());
  EXPECT_EQ(created.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(FieldsOf(created.status()), ElementsAre("plan.title"));
  ExpectNothingStored();
}

TEST_P(AgenciesDownTest, ReadsKeepWorking) {
  CreatePlans();
  // GetPlan, latest and by revision.
  for (const v1::Plan& plan : {go_vap_, quang_ngai_, dong_nai_}) {
    v1::GetPlanRequest get;
    get.set_name(plan.name());
    absl::StatusOr<v1::Plan> live = registry_->GetPlan(get);
    absl::StatusOr<v1::Plan> down = Down().GetPlan(get);
    ASSERT_TRUE(live.ok() && down.ok()) << live.status() << down.status();
    EXPECT_EQ(Diff(*live, *down), "");
    get.set_revision(1);
    EXPECT_TRUE(Down().GetPlan(get).ok());
  }
  // ListPlans without a unit filter.
  std::vector<std::string> warnings;
  EXPECT_THAT(ListAll(Down(), v1::ListPlansRequest(), &warnings),
              ElementsAre(dong_nai_.name(), go_vap_.name(), quang_ngai_.name()));
  EXPECT_THAT(warnings, IsEmpty());
  v1::ListPlansRequest filtered;
  filtered.set_year(2020);
  filtered.set_query("go vap");
  EXPECT_THAT(ListAll(Down(), filtered), ElementsAre(go_vap_.name()));
  // ListPlanRevisions.
  v1::ListPlanRevisionsRequest revisions;
  revisions.set_name(go_vap_.name());
  absl::StatusOr<v1::ListPlanRevisionsResponse> listed = Down().ListPlanRevisions(revisions);
  ASSERT_TRUE(listed.ok()) << listed.status();
  ASSERT_EQ(listed->plans_size(), 1);
  EXPECT_EQ(listed->plans(0).etag(), go_vap_.etag());
  // ListAssignments.
  v1::ListAssignmentsRequest assignments;
  assignments.set_agency("agencies/go-vap-phong-ldtbxh");
  absl::StatusOr<v1::ListAssignmentsResponse> live = registry_->ListAssignments(assignments);
  absl::StatusOr<v1::ListAssignmentsResponse> down = Down().ListAssignments(assignments);
  ASSERT_TRUE(live.ok() && down.ok()) << live.status() << down.status();
  EXPECT_GT(down->assignments_size(), 10);
  EXPECT_EQ(Diff(*live, *down), "");
}

TEST_P(AgenciesDownTest, AUnitFilterAnswersFromStoredPlansWithAWarning) {
  CreatePlans();
  std::vector<std::string> warnings;
  v1::ListPlansRequest request;
  request.set_unit("units/79");
  *request.mutable_as_of() = Day(2020, 1, 1);
  EXPECT_THAT(ListAll(Down(), request, &warnings), ElementsAre(go_vap_.name()));
  ASSERT_FALSE(warnings.empty());
  EXPECT_THAT(warnings[0], HasSubstr("interplan-agencies is unreachable"));

  for (const auto& [unit, expected] :
       std::vector<std::pair<std::string, std::string>>{{"units/764", go_vap_.name()},
                                                        {"units/51", quang_ngai_.name()},
                                                        {"units/75", dong_nai_.name()}}) {
    SCOPED_TRACE(unit);
    warnings.clear();
    request.set_unit(unit);
    request.clear_as_of();
    EXPECT_THAT(ListAll(Down(), request, &warnings), ElementsAre(expected));
    EXPECT_THAT(warnings, Not(IsEmpty()));
  }
  warnings.clear();
  request.set_unit("units/66");
  EXPECT_THAT(ListAll(Down(), request, &warnings), IsEmpty());
  EXPECT_THAT(warnings, Not(IsEmpty()));

  // With interplan-agencies up there is nothing to warn about.
  warnings.clear();
  request.set_unit("units/79");
  EXPECT_THAT(ListAll(request, &warnings), ElementsAre(go_vap_.name()));
  EXPECT_THAT(warnings, IsEmpty());
}

TEST_P(AgenciesDownTest, AUnitFilterUsesAnEarlierAnswerWhileAgenciesIsDown) {
  CreatePlans();
  SwitchableDirectory directory;
  PlanRegistry registry(*db_, directory, IndicatorNames(), [] { return kToday; });
  v1::ListPlansRequest request;
  request.set_unit("units/79");
  *request.mutable_as_of() = Day(2026, 1, 1);
  std::vector<std::string> warnings;
  EXPECT_THAT(ListAll(registry, request, &warnings), ElementsAre(go_vap_.name()));
  EXPECT_THAT(warnings, IsEmpty());
  directory.up = false;
  EXPECT_THAT(ListAll(registry, request, &warnings), ElementsAre(go_vap_.name()));
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_THAT(warnings[0], HasSubstr("earlier answer"));
}

TEST_P(AgenciesDownTest, ARetriedCreateGetsItsRecordedResponse) {
  CreatePlans();
  const std::string before = DumpStore();
  absl::StatusOr<v1::Plan> retried = Down().CreatePlan(quang_ngai_request_, Call());
  ASSERT_TRUE(retried.ok()) << DescribeStatus(retried.status());
  EXPECT_EQ(Diff(quang_ngai_, *retried), "");
  EXPECT_EQ(DumpStore(), before);
  // A different request under the same id is still refused.
  v1::CreatePlanRequest other = quang_ngai_request_;
  other.mutable_plan()->set_title("Khác");
  absl::StatusOr<v1::Plan> refused = Down().CreatePlan(other, Call());
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(FieldsOf(refused.status()), ElementsAre("request_id"));
}

TEST_P(AgenciesDownTest, WithdrawAndCloseNeedNoReferenceCheck) {
  CreatePlans();
  v1::WithdrawPlanRequest withdraw;
  withdraw.set_name(go_vap_.name());
  withdraw.set_etag(go_vap_.etag());
  withdraw.set_reason("Rút lại");
  absl::StatusOr<v1::Plan> withdrawn = Down().WithdrawPlan(withdraw, Call());
  ASSERT_TRUE(withdrawn.ok()) << DescribeStatus(withdrawn.status());
  EXPECT_EQ(withdrawn->status(), v1::PLAN_STATUS_WITHDRAWN);
  v1::ClosePlanRequest close;
  close.set_name(dong_nai_.name());
  absl::StatusOr<v1::Plan> closed = Down().ClosePlan(close, Call());
  ASSERT_TRUE(closed.ok()) << DescribeStatus(closed.status());
  EXPECT_EQ(closed->status(), v1::PLAN_STATUS_CLOSED);
}

INSTANTIATE_ON_BOTH_ENGINES(AgenciesDownTest);

}  // namespace
}  // namespace interplan::plans::test
