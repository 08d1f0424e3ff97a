// Plans through their life on SQLite and PostgreSQL: every seed plan stored
// and read back field by field, idempotent creates, etag-guarded updates of
// drafts (also from two threads at once), issue, amend (a new revision,
// earlier ones kept), withdraw, close, and the transitions that are not
// allowed.
#include <latch>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/api/resource_name.h"
#include "common/errors/errors.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/services/plans/plans_test_support.h"
#include "tests/support/database_fixture.h"

namespace interplan::plans::test {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::MatchesRegex;

class PlanLifecycleTest : public PlanRegistryTest {
 protected:
  absl::StatusOr<v1::Plan> UpdateTitle(const v1::Plan& current, const std::string& title,
                                       const std::string& etag) {
    v1::UpdatePlanRequest request;
    request.mutable_plan()->set_name(current.name());
    request.mutable_plan()->set_etag(etag);
    request.mutable_plan()->set_title(title);
    request.mutable_update_mask()->add_paths("title");
    return registry_->UpdatePlan(request, Call());
  }

  absl::StatusOr<v1::Plan> Amend(const v1::Plan& content, const std::string& name,
                                 const std::string& etag, const std::string& reason) {
    v1::AmendPlanRequest request;
    *request.mutable_plan() = content;
    request.mutable_plan()->set_name(name);
    request.mutable_plan()->set_etag(etag);
    request.set_reason(reason);
    return registry_->AmendPlan(request, Call());
  }

  absl::StatusOr<v1::Plan> IssueStatus(const std::string& name, const std::string& etag = "") {
    v1::IssuePlanRequest request;
    request.set_name(name);
    request.set_etag(etag);
    return registry_->IssuePlan(request, Call());
  }

  absl::StatusOr<v1::Plan> Withdraw(const std::string& name, const std::string& reason,
                                    const std::string& etag = "") {
    v1::WithdrawPlanRequest request;
    request.set_name(name);
    request.set_etag(etag);
    request.set_reason(reason);
    return registry_->WithdrawPlan(request, Call());
  }

  absl::StatusOr<v1::Plan> Close(const std::string& name, const std::string& etag = "") {
    v1::ClosePlanRequest request;
    request.set_name(name);
    request.set_etag(etag);
    return registry_->ClosePlan(request, Call());
  }

  std::vector<v1::Plan> Revisions(const std::string& name, int page_size = 0) {
    v1::ListPlanRevisionsRequest request;
    request.set_name(name);
    request.set_page_size(page_size);
    std::vector<v1::Plan> plans;
    for (int page = 0; page < 100; ++page) {
      absl::StatusOr<v1::ListPlanRevisionsResponse> response =
          registry_->ListPlanRevisions(request);
      EXPECT_TRUE(response.ok()) << DescribeStatus(response.status());
      if (!response.ok()) break;
      if (page_size > 0) {
        EXPECT_LE(response->plans_size(), page_size);
      }
      plans.insert(plans.end(), response->plans().begin(), response->plans().end());
      if (response->next_page_token().empty()) break;
      request.set_page_token(response->next_page_token());
    }
    return plans;
  }

  static v1::Plan Content(v1::Plan plan) {
    ClearOutputOnly(&plan);
    return plan;
  }
};

TEST_P(PlanLifecycleTest, EverySeedPlanIsStoredAndReadBackEqual) {
  // The date references are checked on: the issue date, its last possible
  // day when the day is blank, or the start of the period when none is
  // printed.
  const std::map<std::string, google::type::Date> reference_dates = {{kDongNai, Day(2021, 6, 21)},
                                                                     {kQuangNgai, Day(2022, 1, 1)},
                                                                     {kGoVap, Day(2019, 5, 8)},
                                                                     {kDakLak, Day(2020, 3, 31)},
                                                                     {kLaiChau, Day(2024, 4, 24)}};
  const std::vector<std::string> stems = FixtureStems();
  ASSERT_EQ(stems.size(), 5u);
  for (const std::string& stem : stems) {
    SCOPED_TRACE(stem);
    const v1::CreatePlanRequest request = Fixture(stem);
    ASSERT_FALSE(request.plan_id().empty());
    // Written by the issuer's own credential, which may write it.
    CallContext as_issuer = Call();
    as_issuer.principal = auth::Principal{.credential = "agencies/test-caller",
                                          .agency = request.plan().issuer(),
                                          .role = auth::Role::kAgency};
    absl::StatusOr<v1::Plan> created = registry_->CreatePlan(request, as_issuer);
    ASSERT_TRUE(created.ok()) << DescribeStatus(created.status());
    EXPECT_EQ(created->name(), "plans/" + request.plan_id());
    EXPECT_EQ(created->status(), v1::PLAN_STATUS_DRAFT);
    EXPECT_EQ(created->revision(), 1);
    EXPECT_FALSE(created->etag().empty());
    EXPECT_GT(created->create_time().seconds(), 0);
    EXPECT_GT(created->update_time().seconds(), 0);
    EXPECT_EQ(created->written_by(), "agencies/test-caller");
    ASSERT_TRUE(reference_dates.count(stem));
    EXPECT_EQ(Diff(reference_dates.at(stem), created->reference_date()), "");
    EXPECT_EQ(Diff(request.plan(), Content(*created)), "");

    absl::StatusOr<v1::Plan> read = Get(created->name());
    ASSERT_TRUE(read.ok()) << DescribeStatus(read.status());
    EXPECT_EQ(Diff(request.plan(), Content(*read)), "")
        << "the stored plan differs from the fixture";
    EXPECT_EQ(read->etag(), created->etag());
    EXPECT_EQ(read->status(), v1::PLAN_STATUS_DRAFT);
    EXPECT_EQ(read->revision(), 1);
    EXPECT_EQ(Diff(*created, *read), "");
    absl::StatusOr<v1::Plan> first = Get(created->name(), 1);
    ASSERT_TRUE(first.ok()) << DescribeStatus(first.status());
    EXPECT_EQ(Diff(*read, *first), "");
  }
  EXPECT_EQ(CountRows("plans"), 5);
  EXPECT_EQ(CountRows("plan_revisions"), 5);
}

TEST_P(PlanLifecycleTest, TextIsNormalisedToNfcAndTrimmed) {
  v1::CreatePlanRequest request = Fixture(kLaiChau);
  // "Kế hoạch" decomposed (e + circumflex + acute, a + dot below), padded.
  request.mutable_plan()->set_title(
      "  Ke\xCC\x82\xCC\x81 hoa\xCC\xA3"
      "ch 2024\n ");
  // "Nội dung" with o, circumflex, dot below: NFC composes (and reorders).
  TasksOf(request.mutable_plan())[0].task->set_content("\tNo\xCC\x82\xCC\xA3i dung  ");
  const v1::Plan created = Create(request);
  absl::StatusOr<v1::Plan> read = Get(created.name());
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->title(),
            "K\xE1\xBA\xBF ho\xE1\xBA\xA1"
            "ch 2024");  // "Kế hoạch 2024"
  v1::Plan stored = *read;
  EXPECT_EQ(TasksOf(&stored)[0].task->content(), "N\xE1\xBB\x99i dung");  // "Nội dung"
}

TEST_P(PlanLifecycleTest, CreateWithoutAnIdNamesThePlanAfterItsUnitAndPeriod) {
  v1::CreatePlanRequest request = Fixture(kLaiChau);
  request.clear_plan_id();
  const v1::Plan created = Create(request);
  ASSERT_THAT(created.name(), MatchesRegex("plans/[a-z0-9-]+"));
  EXPECT_TRUE(IsValidResourceId(created.name().substr(6))) << created.name();
  EXPECT_THAT(created.name(), HasSubstr("lai-chau"));
  EXPECT_THAT(created.name(), HasSubstr("2024"));
  EXPECT_TRUE(Get(created.name()).ok());
}

TEST_P(PlanLifecycleTest, ABadPlanIdIsInvalidAndStoresNothing) {
  for (const std::string& id :
       std::vector<std::string>{"Dong_Nai", "x", "-lead", std::string(64, 'a')}) {
    SCOPED_TRACE(id);
    v1::CreatePlanRequest request = Fixture(kLaiChau);
    request.set_plan_id(id);
    request.set_request_id("bad-id-" + std::to_string(id.size()));
    absl::StatusOr<v1::Plan> created = registry_->CreatePlan(request, Call());
    EXPECT_EQ(created.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(FieldsOf(created.status()), ElementsAre("plan_id"));
  }
  ExpectNothingStored();
}

TEST_P(PlanLifecycleTest, ASecondPlanWithTheSameIdAlreadyExists) {
  const v1::Plan first = CreateFixture(kLaiChau);
  const std::string before = DumpStore();
  v1::CreatePlanRequest again = Fixture(kLaiChau);
  again.mutable_plan()->set_title("Another title");
  absl::StatusOr<v1::Plan> second = registry_->CreatePlan(again, Call());
  EXPECT_EQ(second.status().code(), absl::StatusCode::kAlreadyExists) << second.status();
  EXPECT_EQ(DumpStore(), before);
}

TEST_P(PlanLifecycleTest, ARetryWithTheSameRequestIdReturnsTheFirstResponse) {
  v1::CreatePlanRequest request = Fixture(kDakLak);
  request.set_request_id("dak-lak-push-1");
  absl::StatusOr<v1::Plan> first = registry_->CreatePlan(request, Call());
  ASSERT_TRUE(first.ok()) << DescribeStatus(first.status());
  absl::StatusOr<v1::Plan> second = registry_->CreatePlan(request, Call());
  ASSERT_TRUE(second.ok()) << DescribeStatus(second.status());
  EXPECT_EQ(Diff(*first, *second), "");
  EXPECT_EQ(CountRows("plans"), 1);
  EXPECT_EQ(CountRows("plan_revisions"), 1);
  EXPECT_EQ(CountRows("request_log"), 1);
  EXPECT_EQ(ListAll(v1::ListPlansRequest()), std::vector<std::string>{"plans/dak-lak-2020"});

  // Without a plan id the retry gets the name the first attempt generated.
  v1::CreatePlanRequest unnamed = Fixture(kLaiChau);
  unnamed.clear_plan_id();
  unnamed.set_request_id("lai-chau-push-1");
  absl::StatusOr<v1::Plan> a = registry_->CreatePlan(unnamed, Call());
  absl::StatusOr<v1::Plan> b = registry_->CreatePlan(unnamed, Call());
  ASSERT_TRUE(a.ok() && b.ok()) << a.status() << b.status();
  EXPECT_EQ(Diff(*a, *b), "");
  EXPECT_EQ(CountRows("plans"), 2);
}

TEST_P(PlanLifecycleTest, TwoConcurrentCreatesWithTheSameRequestIdMakeOnePlan) {
  for (const bool with_id : {true, false}) {
    SCOPED_TRACE(with_id ? "with a plan id" : "with a generated id");
    v1::CreatePlanRequest request = Fixture(with_id ? kDakLak : kLaiChau);
    if (!with_id) request.clear_plan_id();
    request.set_request_id(with_id ? "concurrent-1" : "concurrent-2");
    std::latch start(2);
    absl::StatusOr<v1::Plan> results[2] = {absl::UnknownError(""), absl::UnknownError("")};
    std::vector<std::thread> threads;
    for (int i = 0; i < 2; ++i) {
      threads.emplace_back([&, i] {
        start.arrive_and_wait();
        results[i] = registry_->CreatePlan(request, Call());
      });
    }
    for (std::thread& t : threads) t.join();
    ASSERT_TRUE(results[0].ok()) << DescribeStatus(results[0].status());
    ASSERT_TRUE(results[1].ok()) << DescribeStatus(results[1].status());
    EXPECT_EQ(Diff(*results[0], *results[1]), "");
  }
  EXPECT_EQ(CountRows("plans"), 2);
  EXPECT_EQ(CountRows("plan_revisions"), 2);
  EXPECT_EQ(CountRows("request_log"), 2);
}

TEST_P(PlanLifecycleTest, TheSameRequestIdForADifferentPlanIsInvalid) {
  v1::CreatePlanRequest request = Fixture(kDakLak);
  request.set_request_id("dak-lak-push-1");
  Create(request);
  const std::string before = DumpStore();
  v1::CreatePlanRequest other = request;
  other.mutable_plan()->set_title("Kế hoạch khác");
  absl::StatusOr<v1::Plan> second = registry_->CreatePlan(other, Call());
  EXPECT_EQ(second.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(FieldsOf(second.status()), ElementsAre("request_id"));
  v1::CreatePlanRequest renamed = request;
  renamed.set_plan_id("dak-lak-2020-bis");
  second = registry_->CreatePlan(renamed, Call());
  EXPECT_EQ(second.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(FieldsOf(second.status()), ElementsAre("request_id"));
  EXPECT_EQ(DumpStore(), before);
}

TEST_P(PlanLifecycleTest, UpdateChangesOnlyTheMaskedFieldsOfADraft) {
  const v1::CreatePlanRequest fixture = Fixture(kGoVap);
  const v1::Plan created = Create(fixture);
  v1::UpdatePlanRequest request;
  request.mutable_plan()->set_name(created.name());
  request.mutable_plan()->set_etag(created.etag());
  request.mutable_plan()->set_title("Kế hoạch sửa đổi");
  request.mutable_plan()->add_purposes("Mục đích mới");
  request.mutable_plan()->set_place("Thành phố Hồ Chí Minh");  // not in the mask
  request.mutable_update_mask()->add_paths("title");
  request.mutable_update_mask()->add_paths("purposes");
  absl::StatusOr<v1::Plan> updated = registry_->UpdatePlan(request, Call());
  ASSERT_TRUE(updated.ok()) << DescribeStatus(updated.status());
  EXPECT_EQ(updated->status(), v1::PLAN_STATUS_DRAFT);
  EXPECT_EQ(updated->revision(), 1);
  EXPECT_NE(updated->etag(), created.etag());
  EXPECT_EQ(Diff(created.create_time(), updated->create_time()), "");

  v1::Plan expected = fixture.plan();
  expected.set_title("Kế hoạch sửa đổi");
  expected.clear_purposes();
  expected.add_purposes("Mục đích mới");
  EXPECT_EQ(Diff(expected, Content(*updated)), "");
  absl::StatusOr<v1::Plan> read = Get(created.name());
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(Diff(*updated, *read), "");
  EXPECT_EQ(Revisions(created.name()).size(), 1u);

  // "*" replaces the whole content.
  v1::UpdatePlanRequest everything;
  *everything.mutable_plan() = fixture.plan();
  everything.mutable_plan()->set_name(created.name());
  everything.mutable_plan()->set_etag(updated->etag());
  everything.mutable_update_mask()->add_paths("*");
  absl::StatusOr<v1::Plan> replaced = registry_->UpdatePlan(everything, Call());
  ASSERT_TRUE(replaced.ok()) << DescribeStatus(replaced.status());
  EXPECT_EQ(Diff(fixture.plan(), Content(*replaced)), "");
}

TEST_P(PlanLifecycleTest, UpdateWithAStaleEtagIsAbortedAndWritesNothing) {
  const v1::Plan created = CreateFixture(kLaiChau);
  absl::StatusOr<v1::Plan> updated = UpdateTitle(created, "Tiêu đề mới", created.etag());
  ASSERT_TRUE(updated.ok()) << DescribeStatus(updated.status());
  const std::string before = DumpStore();
  absl::StatusOr<v1::Plan> stale = UpdateTitle(created, "Tiêu đề khác", created.etag());
  EXPECT_EQ(stale.status().code(), absl::StatusCode::kAborted) << stale.status();
  EXPECT_EQ(DumpStore(), before);
  absl::StatusOr<v1::Plan> read = Get(created.name());
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(read->title(), "Tiêu đề mới");
  EXPECT_EQ(read->etag(), updated->etag());
}

TEST_P(PlanLifecycleTest, TheUpdateMaskMustNameUpdatableFields) {
  const v1::Plan created = CreateFixture(kLaiChau);
  const std::string before = DumpStore();
  for (const std::vector<std::string>& paths :
       std::vector<std::vector<std::string>>{{},
                                             {"no_such_field"},
                                             {"status"},
                                             {"etag"},
                                             {"revision"},
                                             {"name"},
                                             {"create_time"},
                                             {"reference_date"}}) {
    SCOPED_TRACE(paths.empty() ? "(empty mask)" : paths[0]);
    v1::UpdatePlanRequest request;
    request.mutable_plan()->set_name(created.name());
    request.mutable_plan()->set_etag(created.etag());
    request.mutable_plan()->set_status(v1::PLAN_STATUS_ISSUED);
    request.mutable_plan()->set_title("Tiêu đề mới");
    for (const std::string& path : paths) request.mutable_update_mask()->add_paths(path);
    absl::StatusOr<v1::Plan> updated = registry_->UpdatePlan(request, Call());
    EXPECT_EQ(updated.status().code(), absl::StatusCode::kInvalidArgument) << updated.status();
    EXPECT_THAT(FieldsOf(updated.status()), ElementsAre("update_mask"));
  }
  EXPECT_EQ(DumpStore(), before);
}

TEST_P(PlanLifecycleTest, AnUpdateThatBreaksThePlanIsInvalidAndWritesNothing) {
  const v1::Plan created = CreateFixture(kLaiChau);
  const std::string before = DumpStore();
  absl::StatusOr<v1::Plan> updated = UpdateTitle(created, "   ", created.etag());
  EXPECT_EQ(updated.status().code(), absl::StatusCode::kInvalidArgument) << updated.status();
  EXPECT_THAT(FieldsOf(updated.status()), ElementsAre("plan.title"));

  v1::UpdatePlanRequest request;
  request.mutable_plan()->set_name(created.name());
  request.mutable_plan()->set_etag(created.etag());
  request.mutable_plan()->set_issuer("agencies/no-such-agency");
  request.mutable_update_mask()->add_paths("issuer");
  updated = registry_->UpdatePlan(request, Call());
  EXPECT_EQ(updated.status().code(), absl::StatusCode::kInvalidArgument) << updated.status();
  EXPECT_THAT(FieldsOf(updated.status()), ElementsAre("plan.issuer"));
  EXPECT_EQ(DumpStore(), before);
}

TEST_P(PlanLifecycleTest, AnIssuedPlanCannotBeUpdated) {
  const v1::Plan issued = CreateIssued(kLaiChau);
  ASSERT_EQ(issued.status(), v1::PLAN_STATUS_ISSUED);
  const std::string before = DumpStore();
  absl::StatusOr<v1::Plan> updated = UpdateTitle(issued, "Tiêu đề mới", issued.etag());
  EXPECT_EQ(updated.status().code(), absl::StatusCode::kFailedPrecondition) << updated.status();
  updated = UpdateTitle(issued, "Tiêu đề mới", "");
  EXPECT_EQ(updated.status().code(), absl::StatusCode::kFailedPrecondition) << updated.status();
  EXPECT_EQ(DumpStore(), before);
}

TEST_P(PlanLifecycleTest, OfTwoConcurrentUpdatesWithTheSameEtagExactlyOneSucceeds) {
  const v1::Plan created = CreateFixture(kLaiChau);
  std::string etag = created.etag();
  for (int round = 0; round < 3; ++round) {
    SCOPED_TRACE(round);
    std::latch start(2);
    absl::StatusOr<v1::Plan> results[2] = {absl::UnknownError(""), absl::UnknownError("")};
    std::vector<std::thread> threads;
    for (int i = 0; i < 2; ++i) {
      threads.emplace_back([&, i] {
        start.arrive_and_wait();
        results[i] = UpdateTitle(created, absl::StrCat("Tiêu đề ", round, "-", i), etag);
      });
    }
    for (std::thread& t : threads) t.join();
    int ok = 0;
    int aborted = 0;
    int winner = -1;
    for (int i = 0; i < 2; ++i) {
      if (results[i].ok()) {
        ++ok;
        winner = i;
      } else if (absl::IsAborted(results[i].status())) {
        ++aborted;
      } else {
        ADD_FAILURE() << "unexpected " << DescribeStatus(results[i].status());
      }
    }
    EXPECT_EQ(ok, 1);
    EXPECT_EQ(aborted, 1);
    if (winner < 0) break;
    absl::StatusOr<v1::Plan> read = Get(created.name());
    ASSERT_TRUE(read.ok());
    EXPECT_EQ(read->title(), absl::StrCat("Tiêu đề ", round, "-", winner));
    EXPECT_EQ(read->etag(), results[winner]->etag());
    etag = read->etag();
  }
}

TEST_P(PlanLifecycleTest, IssueAmendAndWithdrawKeepEveryRevision) {
  const v1::CreatePlanRequest fixture = Fixture(kQuangNgai);
  const v1::Plan created = Create(fixture);
  absl::StatusOr<v1::Plan> issued = IssueStatus(created.name(), created.etag());
  ASSERT_TRUE(issued.ok()) << DescribeStatus(issued.status());
  EXPECT_EQ(issued->status(), v1::PLAN_STATUS_ISSUED);
  EXPECT_EQ(issued->revision(), 1);
  EXPECT_NE(issued->etag(), created.etag());
  EXPECT_EQ(Diff(fixture.plan(), Content(*issued)), "");

  // The amendment: another title and one task fewer.
  v1::Plan amended_content = fixture.plan();
  amended_content.set_title(fixture.plan().title() + " (sửa đổi)");
  v1::Section* inspection = amended_content.mutable_sections(0)->mutable_sections(5);
  ASSERT_EQ(inspection->code(), "II.6");
  inspection->mutable_tasks()->RemoveLast();
  absl::StatusOr<v1::Plan> amended =
      Amend(amended_content, created.name(), issued->etag(), "  Bổ sung, điều chỉnh  ");
  ASSERT_TRUE(amended.ok()) << DescribeStatus(amended.status());
  EXPECT_EQ(amended->status(), v1::PLAN_STATUS_AMENDED);
  EXPECT_EQ(amended->revision(), 2);
  EXPECT_EQ(amended->revision_reason(), "Bổ sung, điều chỉnh");
  EXPECT_EQ(Diff(amended_content, Content(*amended)), "");

  absl::StatusOr<v1::Plan> latest = Get(created.name());
  ASSERT_TRUE(latest.ok());
  EXPECT_EQ(Diff(*amended, *latest), "");
  absl::StatusOr<v1::Plan> original = Get(created.name(), 1);
  ASSERT_TRUE(original.ok()) << original.status();
  EXPECT_EQ(original->revision(), 1);
  EXPECT_EQ(original->name(), created.name());
  EXPECT_EQ(Diff(fixture.plan(), Content(*original)), "");
  absl::StatusOr<v1::Plan> second = Get(created.name(), 2);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(Diff(*amended, *second), "");
  EXPECT_EQ(Get(created.name(), 3).status().code(), absl::StatusCode::kNotFound);

  for (int page_size : {0, 1}) {
    SCOPED_TRACE(page_size);
    const std::vector<v1::Plan> revisions = Revisions(created.name(), page_size);
    ASSERT_EQ(revisions.size(), 2u);
    EXPECT_EQ(revisions[0].revision(), 1);
    EXPECT_EQ(revisions[1].revision(), 2);
    EXPECT_EQ(Diff(fixture.plan(), Content(revisions[0])), "");
    EXPECT_EQ(Diff(amended_content, Content(revisions[1])), "");
    EXPECT_EQ(revisions[1].etag(), amended->etag());
  }

  // Amending the revision that was already amended is a stale etag.
  const std::string before = DumpStore();
  absl::StatusOr<v1::Plan> stale = Amend(amended_content, created.name(), issued->etag(), "again");
  EXPECT_EQ(stale.status().code(), absl::StatusCode::kAborted) << stale.status();
  EXPECT_EQ(DumpStore(), before);

  absl::StatusOr<v1::Plan> withdrawn =
      Withdraw(created.name(), "Thay thế bằng kế hoạch khác", amended->etag());
  ASSERT_TRUE(withdrawn.ok()) << DescribeStatus(withdrawn.status());
  EXPECT_EQ(withdrawn->status(), v1::PLAN_STATUS_WITHDRAWN);
  EXPECT_EQ(withdrawn->revision(), 2);
  EXPECT_EQ(withdrawn->revision_reason(), "Thay thế bằng kế hoạch khác");
  EXPECT_EQ(Diff(amended_content, Content(*withdrawn)), "");
  EXPECT_EQ(Revisions(created.name()).size(), 2u);
  absl::StatusOr<v1::Plan> still_original = Get(created.name(), 1);
  ASSERT_TRUE(still_original.ok());
  EXPECT_EQ(Diff(fixture.plan(), Content(*still_original)), "");
}

TEST_P(PlanLifecycleTest, AnAmendmentIsCheckedLikeANewPlan) {
  const v1::Plan issued = CreateIssued(kLaiChau);
  const std::string before = DumpStore();
  v1::Plan content = Fixture(kLaiChau).plan();
  content.clear_title();
  TasksOf(&content)[1].task->set_lead("agencies/no-such-agency");
  absl::StatusOr<v1::Plan> amended = Amend(content, issued.name(), issued.etag(), "sửa");
  EXPECT_EQ(amended.status().code(), absl::StatusCode::kInvalidArgument) << amended.status();
  // Every problem at once: the content and the references.
  EXPECT_THAT(FieldsOf(amended.status()),
              ElementsAre("plan.title", "plan.sections[0].sections[0].tasks[1].lead"));
  content.set_title("Kế hoạch");
  amended = Amend(content, issued.name(), issued.etag(), "sửa");
  EXPECT_EQ(amended.status().code(), absl::StatusCode::kInvalidArgument) << amended.status();
  EXPECT_THAT(FieldsOf(amended.status()),
              ElementsAre("plan.sections[0].sections[0].tasks[1].lead"));
  EXPECT_EQ(DumpStore(), before);
}

TEST_P(PlanLifecycleTest, AnIssuedPlanIsClosedWhenItsPeriodIsOver) {
  const v1::Plan issued = CreateIssued(kLaiChau);
  absl::StatusOr<v1::Plan> closed = Close(issued.name(), issued.etag());
  ASSERT_TRUE(closed.ok()) << DescribeStatus(closed.status());
  EXPECT_EQ(closed->status(), v1::PLAN_STATUS_CLOSED);
  EXPECT_EQ(closed->revision(), 1);
  absl::StatusOr<v1::Plan> read = Get(issued.name());
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(read->status(), v1::PLAN_STATUS_CLOSED);
  EXPECT_EQ(read->etag(), closed->etag());

  // An amended plan can be closed too.
  const v1::Plan other = CreateIssued(kDakLak);
  absl::StatusOr<v1::Plan> amended =
      Amend(Fixture(kDakLak).plan(), other.name(), other.etag(), "Điều chỉnh");
  ASSERT_TRUE(amended.ok()) << DescribeStatus(amended.status());
  closed = Close(other.name(), amended->etag());
  ASSERT_TRUE(closed.ok()) << DescribeStatus(closed.status());
  EXPECT_EQ(closed->status(), v1::PLAN_STATUS_CLOSED);
  EXPECT_EQ(closed->revision(), 2);
}

TEST_P(PlanLifecycleTest, TransitionsWithAStaleEtagAreAborted) {
  const v1::Plan created = CreateFixture(kLaiChau);
  absl::StatusOr<v1::Plan> updated = UpdateTitle(created, "Tiêu đề mới", created.etag());
  ASSERT_TRUE(updated.ok());
  const std::string before = DumpStore();
  EXPECT_EQ(IssueStatus(created.name(), created.etag()).status().code(),
            absl::StatusCode::kAborted);
  EXPECT_EQ(Withdraw(created.name(), "", created.etag()).status().code(),
            absl::StatusCode::kAborted);
  EXPECT_EQ(DumpStore(), before);
}

TEST_P(PlanLifecycleTest, IllegalTransitionsAreFailedPrecondition) {
  const v1::Plan draft = CreateFixture(kLaiChau);
  const v1::Plan issued = CreateIssued(kDakLak);
  const v1::Plan closed_source = CreateIssued(kDongNai);
  ASSERT_TRUE(Close(closed_source.name()).ok());
  const v1::Plan withdrawn_source = CreateIssued(kGoVap);
  ASSERT_TRUE(Withdraw(withdrawn_source.name(), "Rút lại").ok());
  const v1::Plan amended_source = CreateIssued(kQuangNgai);
  ASSERT_TRUE(Amend(Fixture(kQuangNgai).plan(), amended_source.name(), "", "Sửa").ok());

  const std::string before = DumpStore();
  struct Case {
    std::string what;
    absl::Status status;
  };
  const std::vector<Case> cases = {
      {"amend a draft", Amend(Fixture(kLaiChau).plan(), draft.name(), "", "Sửa").status()},
      {"close a draft", Close(draft.name()).status()},
      {"issue an issued plan", IssueStatus(issued.name()).status()},
      {"update an issued plan", UpdateTitle(issued, "Mới", "").status()},
      {"issue an amended plan", IssueStatus(amended_source.name()).status()},
      {"update an amended plan", UpdateTitle(amended_source, "Mới", "").status()},
      {"issue a closed plan", IssueStatus(closed_source.name()).status()},
      {"amend a closed plan",
       Amend(Fixture(kDongNai).plan(), closed_source.name(), "", "Sửa").status()},
      {"withdraw a closed plan", Withdraw(closed_source.name(), "").status()},
      {"close a closed plan", Close(closed_source.name()).status()},
      {"update a closed plan", UpdateTitle(closed_source, "Mới", "").status()},
      {"issue a withdrawn plan", IssueStatus(withdrawn_source.name()).status()},
      {"amend a withdrawn plan",
       Amend(Fixture(kGoVap).plan(), withdrawn_source.name(), "", "Sửa").status()},
      {"close a withdrawn plan", Close(withdrawn_source.name()).status()},
      {"withdraw a withdrawn plan", Withdraw(withdrawn_source.name(), "").status()},
      {"update a withdrawn plan", UpdateTitle(withdrawn_source, "Mới", "").status()},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(c.status.code(), absl::StatusCode::kFailedPrecondition)
        << c.what << ": " << DescribeStatus(c.status);
  }
  EXPECT_EQ(DumpStore(), before);

  // What is allowed from a draft: withdrawing it.
  absl::StatusOr<v1::Plan> withdrawn = Withdraw(draft.name(), "Không ban hành");
  ASSERT_TRUE(withdrawn.ok()) << DescribeStatus(withdrawn.status());
  EXPECT_EQ(withdrawn->status(), v1::PLAN_STATUS_WITHDRAWN);
}

TEST_P(PlanLifecycleTest, TransitionsAreIdempotentByRequestId) {
  const v1::Plan created = CreateFixture(kLaiChau);
  v1::IssuePlanRequest issue;
  issue.set_name(created.name());
  issue.set_etag(created.etag());
  issue.set_request_id("issue-lai-chau-1");
  absl::StatusOr<v1::Plan> first = registry_->IssuePlan(issue, Call());
  ASSERT_TRUE(first.ok()) << DescribeStatus(first.status());
  absl::StatusOr<v1::Plan> retry = registry_->IssuePlan(issue, Call());
  ASSERT_TRUE(retry.ok()) << DescribeStatus(retry.status());
  EXPECT_EQ(Diff(*first, *retry), "");
  absl::StatusOr<v1::Plan> read = Get(created.name());
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(read->etag(), first->etag());
}

TEST_P(PlanLifecycleTest, ReadsOfUnknownPlansAndBadNames) {
  EXPECT_EQ(Get("plans/no-such-plan").status().code(), absl::StatusCode::kNotFound);
  absl::StatusOr<v1::Plan> bad = Get("agencies/quang-ngai-ubnd");
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(FieldsOf(bad.status()), ElementsAre("name"));
  const v1::Plan created = CreateFixture(kLaiChau);
  EXPECT_EQ(Get(created.name(), 2).status().code(), absl::StatusCode::kNotFound);
  bad = Get(created.name(), -1);
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(FieldsOf(bad.status()), ElementsAre("revision"));
  v1::ListPlanRevisionsRequest revisions;
  revisions.set_name("plans/no-such-plan");
  EXPECT_EQ(registry_->ListPlanRevisions(revisions).status().code(), absl::StatusCode::kNotFound);
}

INSTANTIATE_ON_BOTH_ENGINES(PlanLifecycleTest);

}  // namespace
}  // namespace interplan::plans::test
