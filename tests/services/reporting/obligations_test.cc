// Obligations as interplan-plans' change feed makes them, on SQLite and
// PostgreSQL: each seed plan's reporting schedule against the obligations
// worked out by hand from the fixture JSON, and a plan amended (obligations
// updated, reports kept) or withdrawn (obligations cancelled).
#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "common/api/enum_names.h"
#include "common/clients/plans_client.h"
#include "common/errors/errors.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/services/reporting/reporting_test_support.h"

namespace interplan::reporting::test {
namespace {

namespace pv1 = ::interplan::plans::v1;
using ::testing::ElementsAreArray;
using ::testing::UnorderedElementsAreArray;

// Quảng Ngãi 2022, "Định kỳ 6 tháng (trước ngày 31/5/2022), cả năm (trước
// ngày 30/11/2022) các sở, ban ngành, hội, đoàn thể tỉnh và UBND các huyện,
// thị xã, thành phố gửi báo cáo về Sở Lao động - Thương binh và Xã hội":
// the lines say all_assigned_agencies, so every agency leading a task (not
// as a request) or given duties in IV (role ASSIGNED), the Labour
// department itself (the recipient) left out. Read off the fixture:
// 14 provincial bodies and the 13 district People's Committees.
const std::vector<std::string>& QuangNgaiProvincialReporters() {
  static const auto* agencies = new std::vector<std::string>{
      "quang-ngai-ban-dan-toc",  "quang-ngai-bvstbpn",     "quang-ngai-cong-an",
      "quang-ngai-cuc-thong-ke", "quang-ngai-nhcsxh",      "quang-ngai-so-gddt",
      "quang-ngai-so-khdt",      "quang-ngai-so-ngoai-vu", "quang-ngai-so-noi-vu",
      "quang-ngai-so-tai-chinh", "quang-ngai-so-tttt",     "quang-ngai-so-tu-phap",
      "quang-ngai-so-vhttdl",    "quang-ngai-so-y-te"};
  return *agencies;
}

// District People's Committee -> its unit (reference agencies.jsonl).
const std::map<std::string, std::string>& QuangNgaiDistricts() {
  static const auto* districts = new std::map<std::string, std::string>{
      {"quang-ngai-tp-quang-ngai-ubnd", "522"}, {"quang-ngai-binh-son-ubnd", "524"},
      {"quang-ngai-tra-bong-ubnd", "525"},      {"quang-ngai-son-tinh-ubnd", "527"},
      {"quang-ngai-tu-nghia-ubnd", "528"},      {"quang-ngai-son-ha-ubnd", "529"},
      {"quang-ngai-son-tay-ubnd", "530"},       {"quang-ngai-minh-long-ubnd", "531"},
      {"quang-ngai-nghia-hanh-ubnd", "532"},    {"quang-ngai-mo-duc-ubnd", "533"},
      {"quang-ngai-duc-pho-ubnd", "534"},       {"quang-ngai-ba-to-ubnd", "535"},
      {"quang-ngai-ly-son-ubnd", "536"}};
  return *districts;
}

// The 16 ward People's Committees of 2019 ("Ủy ban nhân dân 16 phường")
// and the 11 district bodies the Gò Vấp plan names in its reporting lines.
const std::vector<std::string>& GoVapWards() {
  static const auto* wards = new std::vector<std::string>{
      "go-vap-phuong-1-ubnd-26896", "go-vap-phuong-3-ubnd",        "go-vap-phuong-4-ubnd",
      "go-vap-phuong-5-ubnd",       "go-vap-phuong-6-ubnd",        "go-vap-phuong-7-ubnd",
      "go-vap-phuong-8-ubnd",       "go-vap-phuong-9-ubnd",        "go-vap-phuong-10-ubnd",
      "go-vap-phuong-11-ubnd",      "go-vap-phuong-12-ubnd",       "go-vap-phuong-13-ubnd",
      "go-vap-phuong-14-ubnd",      "go-vap-phuong-15-ubnd-26869", "go-vap-phuong-16-ubnd",
      "go-vap-phuong-17-ubnd"};
  return *wards;
}
const std::vector<std::string>& GoVapDistrictBodies() {
  static const auto* bodies = new std::vector<std::string>{
      "go-vap-phong-noi-vu", "go-vap-phong-tckh",    "go-vap-phong-vhtt",       "go-vap-phong-gddt",
      "go-vap-phong-y-te",   "go-vap-phong-tu-phap", "go-vap-chi-cuc-thong-ke", "go-vap-trang-ttdt",
      "go-vap-hoi-lhpn",     "go-vap-ldld",          "go-vap-quan-doan"};
  return *bodies;
}

// "2022-05-31" of a partial date.
std::string DateText(const google::type::Date& d) {
  return absl::StrFormat("%04d-%02d-%02d", d.year(), d.month(), d.day());
}

// "agency|KIND|period|due" for every obligation.
std::vector<std::string> Keys(const std::vector<v1::Obligation>& obligations) {
  std::vector<std::string> keys;
  for (const v1::Obligation& o : obligations) {
    keys.push_back(absl::StrCat(o.agency().substr(9), "|", api::ShortEnumName(o.kind()), "|",
                                o.period(), "|", DateText(o.due_date())));
  }
  return keys;
}

class ObligationsTest : public ReportingTest {};

TEST_P(ObligationsTest, QuangNgaiOwesSemiAnnualAndAnnualReportsToTheLabourDepartment) {
  Sync();
  const std::vector<v1::Obligation> obligations =
      Obligations(kQuangNgai, "", "", absl::CivilDay(2022, 6, 1));
  std::vector<std::string> expected;
  for (const std::string& agency : QuangNgaiProvincialReporters()) {
    expected.push_back(absl::StrCat(agency, "|SEMI_ANNUAL|2022-H1|2022-05-31"));
    expected.push_back(absl::StrCat(agency, "|ANNUAL|2022|2022-11-30"));
  }
  for (const auto& [agency, unit] : QuangNgaiDistricts()) {
    expected.push_back(absl::StrCat(agency, "|SEMI_ANNUAL|2022-H1|2022-05-31"));
    expected.push_back(absl::StrCat(agency, "|ANNUAL|2022|2022-11-30"));
  }
  ASSERT_EQ(expected.size(), 54u);
  EXPECT_THAT(Keys(obligations), UnorderedElementsAreArray(expected));

  for (const v1::Obligation& o : obligations) {
    SCOPED_TRACE(o.name());
    EXPECT_EQ(o.plan(), kQuangNgai);
    EXPECT_EQ(o.plan_revision(), 1);
    EXPECT_EQ(o.recipient(), "agencies/quang-ngai-so-ldtbxh");
    const std::string agency = o.agency().substr(9);
    auto district = QuangNgaiDistricts().find(agency);
    if (district == QuangNgaiDistricts().end()) {
      EXPECT_EQ(o.unit(), "units/51");
      EXPECT_EQ(o.unit_path(), "51");
    } else {
      EXPECT_EQ(o.unit(), "units/" + district->second);
      EXPECT_EQ(o.unit_path(), "51/" + district->second);
    }
    // Entry closes 60 days after the due date; nothing submitted: the
    // half-year report is missing on 1 June, the annual one pending.
    EXPECT_FALSE(o.exception_open());
    if (o.kind() == v1::REPORT_KIND_SEMI_ANNUAL) {
      EXPECT_EQ(o.due_text(), "trước ngày 31/5/2022");
      EXPECT_EQ(DateText(o.lock_date()), "2022-07-30");
      EXPECT_EQ(o.state(), v1::OBLIGATION_STATE_MISSING);
    } else {
      EXPECT_EQ(o.due_text(), "trước ngày 30/11/2022");
      EXPECT_EQ(DateText(o.lock_date()), "2023-01-29");
      EXPECT_EQ(o.state(), v1::OBLIGATION_STATE_PENDING);
    }
    EXPECT_TRUE(o.report().empty());
  }
  // The Labour department's own lines (to the People's Committee and the
  // ministry) say only "theo quy định": no deadline, no obligation.
  EXPECT_TRUE(Obligations(kQuangNgai, "agencies/quang-ngai-so-ldtbxh").empty());
  // Bodies the plan only requests (the Women's Union) owe nothing.
  EXPECT_TRUE(Obligations(kQuangNgai, "agencies/quang-ngai-hoi-lhpn").empty());
  // Filters: one agency, one period.
  EXPECT_THAT(Keys(Obligations(kQuangNgai, "agencies/quang-ngai-so-y-te")),
              UnorderedElementsAreArray({"quang-ngai-so-y-te|SEMI_ANNUAL|2022-H1|2022-05-31",
                                         "quang-ngai-so-y-te|ANNUAL|2022|2022-11-30"}));
  EXPECT_EQ(Obligations(kQuangNgai, "", "2022-H1").size(), 27u);
  EXPECT_EQ(Obligations("", "agencies/quang-ngai-binh-son-ubnd", "2022").size(), 1u);
}

TEST_P(ObligationsTest, EverySeedPlanMakesTheObligationsItsScheduleSays) {
  Sync();
  // Đồng Nai ("theo quy định", "theo định kỳ") and Lai Châu (reporters
  // named only collectively) set no deadline a named agency can miss.
  EXPECT_TRUE(Obligations(kDongNai).empty());
  EXPECT_TRUE(Obligations(kLaiChau).empty());
  EXPECT_EQ(Obligations(kQuangNgai).size(), 54u);

  // Gò Vấp: yearly before 5 November (2019 and 2020) for the 27 bodies;
  // the ward review in October 2020 (day left blank: its last day) for the
  // 16 wards; the district review in November 2020 for the 11 offices:
  // 27 x 2 + 16 + 11 = 81.
  std::vector<std::string> go_vap;
  std::vector<std::string> everyone = GoVapDistrictBodies();
  everyone.insert(everyone.end(), GoVapWards().begin(), GoVapWards().end());
  for (const std::string& agency : everyone) {
    go_vap.push_back(absl::StrCat(agency, "|ANNUAL|2019|2019-11-05"));
    go_vap.push_back(absl::StrCat(agency, "|ANNUAL|2020|2020-11-05"));
  }
  for (const std::string& ward : GoVapWards()) {
    go_vap.push_back(absl::StrCat(ward, "|REVIEW|2016/2020|2020-10-31"));
  }
  for (const std::string& body : GoVapDistrictBodies()) {
    go_vap.push_back(absl::StrCat(body, "|REVIEW|2016/2020|2020-11-30"));
  }
  ASSERT_EQ(go_vap.size(), 81u);
  const std::vector<v1::Obligation> go_vap_obligations = Obligations(kGoVap);
  EXPECT_THAT(Keys(go_vap_obligations), UnorderedElementsAreArray(go_vap));
  for (const v1::Obligation& o : go_vap_obligations) {
    EXPECT_EQ(o.recipient(), "agencies/go-vap-phong-ldtbxh") << o.name();
  }
  const v1::Obligation ward_12 =
      ObligationOf(kGoVap, "agencies/go-vap-phuong-12-ubnd", v1::REPORT_KIND_ANNUAL, "2020",
                   absl::CivilDay(2020, 1, 1));
  EXPECT_EQ(ward_12.unit(), "units/26881");
  EXPECT_EQ(ward_12.unit_path(), "79/764/26881");
  EXPECT_EQ(ward_12.due_text(), "trước ngày 05 tháng 11 hàng năm");
  const v1::Obligation noi_vu =
      ObligationOf(kGoVap, "agencies/go-vap-phong-noi-vu", v1::REPORT_KIND_REVIEW, "2016/2020",
                   absl::CivilDay(2020, 1, 1));
  EXPECT_EQ(noi_vu.unit_path(), "79/764");
  EXPECT_EQ(noi_vu.due_text(), "Cấp quận: Thực hiện sơ kết vào tháng 11 năm 2020");

  // Đắk Lắk: 6-month before 15 May, annual before 15 November, from every
  // assigned agency but the Labour department.
  const std::vector<std::string> dak_lak_reporters = {
      "dak-lak-bao",          "dak-lak-bvstbpn", "dak-lak-cong-an",    "dak-lak-dai-ptth",
      "dak-lak-so-gddt",      "dak-lak-so-khcn", "dak-lak-so-khdt",    "dak-lak-so-noi-vu",
      "dak-lak-so-tai-chinh", "dak-lak-so-tttt", "dak-lak-so-tu-phap", "dak-lak-so-vhttdl",
      "dak-lak-so-y-te"};
  std::vector<std::string> dak_lak;
  for (const std::string& agency : dak_lak_reporters) {
    dak_lak.push_back(absl::StrCat(agency, "|SEMI_ANNUAL|2020-H1|2020-05-15"));
    dak_lak.push_back(absl::StrCat(agency, "|ANNUAL|2020|2020-11-15"));
  }
  const std::vector<v1::Obligation> dak_lak_obligations = Obligations(kDakLak);
  EXPECT_THAT(Keys(dak_lak_obligations), UnorderedElementsAreArray(dak_lak));
  for (const v1::Obligation& o : dak_lak_obligations) {
    EXPECT_EQ(o.recipient(), "agencies/dak-lak-so-ldtbxh") << o.name();
    EXPECT_EQ(o.unit(), "units/66") << o.name();
  }
  // Syncing again changes nothing.
  const std::string before = DumpStore();
  Sync();
  EXPECT_EQ(DumpStore(), before);
}

// A copy of Đắk Lắk 2020 under its own id, amended then withdrawn through
// the real plans API.
TEST_P(ObligationsTest, AmendingUpdatesAndWithdrawingCancelsObligations) {
  const std::string plan_id = UniqueId("dak-lak-2020-copy");
  const std::string plan = "plans/" + plan_id;
  pv1::CreatePlanRequest fixture = SeedFixture("003_dak_lak_2020");
  absl::StatusOr<pv1::Plan> issued = CreateIssuedPlan(fixture.plan(), plan_id);
  ASSERT_TRUE(issued.ok()) << issued.status();
  Sync();
  ASSERT_EQ(Obligations(plan).size(), 26u);

  // Two reports before the amendment: one the amendment keeps, one whose
  // obligation it drops.
  const v1::Report kept = MustSubmit(NewReport(plan, "agencies/dak-lak-so-y-te",
                                               v1::REPORT_KIND_ANNUAL, "2020", At(2020, 11, 10)));
  const v1::Report dropped = MustSubmit(NewReport(
      plan, "agencies/dak-lak-cong-an", v1::REPORT_KIND_ANNUAL, "2020", At(2020, 11, 12)));
  ASSERT_FALSE(kept.name().empty());
  ASSERT_FALSE(dropped.name().empty());

  // Amend: the half-year report moves to 20 May; the annual report is
  // asked of two departments only.
  pv1::Plan amended = *issued;
  bool moved = false, narrowed = false;
  for (pv1::ReportingRequirement& line : *amended.mutable_reporting()) {
    if (line.kind() == pv1::REPORT_KIND_SEMI_ANNUAL && line.has_due_date()) {
      *line.mutable_due_date() = Day(2020, 5, 20);
      line.set_due_text("trước ngày 20/5/2020");
      moved = true;
    }
    if (line.kind() == pv1::REPORT_KIND_ANNUAL && line.has_due_date()) {
      line.set_all_assigned_agencies(false);
      line.add_reporting_agencies("agencies/dak-lak-so-y-te");
      line.add_reporting_agencies("agencies/dak-lak-so-gddt");
      narrowed = true;
    }
  }
  ASSERT_TRUE(moved && narrowed);
  pv1::AmendPlanRequest amend;
  *amend.mutable_plan() = amended;
  amend.set_reason("Điều chỉnh thời hạn báo cáo");
  absl::StatusOr<pv1::Plan> revised = Plans()->registry().AmendPlan(amend, PlansCall());
  ASSERT_TRUE(revised.ok()) << revised.status();
  ASSERT_EQ(revised->revision(), 2);
  Sync();

  std::vector<std::string> expected;
  const std::vector<v1::Obligation> after = Obligations(plan);
  for (const v1::Obligation& o : after) {
    EXPECT_EQ(o.plan_revision(), 2) << o.name();
    if (o.kind() == v1::REPORT_KIND_SEMI_ANNUAL) {
      EXPECT_EQ(DateText(o.due_date()), "2020-05-20") << o.name();
      EXPECT_EQ(o.due_text(), "trước ngày 20/5/2020");
    }
  }
  EXPECT_EQ(after.size(), 13u + 2u);
  EXPECT_THAT(Keys(Obligations(plan, "", "2020")),
              UnorderedElementsAreArray({"dak-lak-so-y-te|ANNUAL|2020|2020-11-15",
                                         "dak-lak-so-gddt|ANNUAL|2020|2020-11-15"}));
  // The report of a kept obligation stays with it; the dropped one's
  // obligation is cancelled (still stored, with its report).
  const v1::Obligation y_te = ObligationOf(plan, "agencies/dak-lak-so-y-te", v1::REPORT_KIND_ANNUAL,
                                           "2020", absl::CivilDay(2020, 12, 31));
  EXPECT_EQ(y_te.report(), kept.name());
  EXPECT_EQ(y_te.state(), v1::OBLIGATION_STATE_SUBMITTED);
  EXPECT_EQ(CountRows("obligations", absl::StrCat("plan_id = '", plan_id, "' AND cancelled = 1")),
            11);
  // A report for the dropped obligation is refused: by (plan, agency,
  // period) the agency owes nothing now; by its name the obligation is
  // cancelled.
  absl::StatusOr<v1::Report> by_key = Submit(
      NewReport(plan, "agencies/dak-lak-so-khdt", v1::REPORT_KIND_ANNUAL, "2020", At(2020, 11, 1)));
  EXPECT_EQ(by_key.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(FieldsOf(by_key.status()), ElementsAreArray({"report.agency"}));
  v1::Report by_name;
  by_name.set_obligation(dropped.obligation());
  *by_name.mutable_submitted_at() = time::ToTimestamp(At(2020, 11, 13));
  absl::StatusOr<v1::Report> refused = Submit(by_name);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition)
      << DescribeStatus(refused.status());
  EXPECT_EQ(ReasonOf(refused.status()), "OBLIGATION_CANCELLED");

  // Withdraw: every obligation of the plan is cancelled; compliance for
  // the plan expects nothing.
  pv1::WithdrawPlanRequest withdraw;
  withdraw.set_name(plan);
  withdraw.set_reason("Thay thế bằng kế hoạch khác");
  absl::StatusOr<pv1::Plan> withdrawn = Plans()->registry().WithdrawPlan(withdraw, PlansCall());
  ASSERT_TRUE(withdrawn.ok()) << withdrawn.status();
  Sync();
  EXPECT_TRUE(Obligations(plan).empty());
  EXPECT_EQ(CountRows("obligations", absl::StrCat("plan_id = '", plan_id, "' AND cancelled = 0")),
            0);
  EXPECT_EQ(CountRows("obligations", absl::StrCat("plan_id = '", plan_id, "'")), 26);
  absl::StatusOr<v1::Compliance> compliance =
      Compliance("units/66", plan, "2020", absl::CivilDay(2020, 12, 31));
  ASSERT_TRUE(compliance.ok()) << DescribeStatus(compliance.status());
  EXPECT_EQ(compliance->total().expected(), 0);
  EXPECT_EQ(compliance->total().submitted(), 0);
  // The seed plan the copy came from is untouched.
  EXPECT_EQ(Obligations(kDakLak).size(), 26u);
}

// interplan-plans as seen by a replica that fetched a page of the change
// feed before another replica applied later changes: its first
// ListPlanChanges answers `stale`, every later call is the real one's.
class StalePlans : public PlansClient {
 public:
  StalePlans(PlansClient& real, pv1::ListPlanChangesResponse stale)
      : real_(real), stale_(std::move(stale)) {}

  absl::StatusOr<pv1::Plan> GetPlan(const pv1::GetPlanRequest& request,
                                    absl::Time deadline) override {
    return real_.GetPlan(request, deadline);
  }
  absl::StatusOr<pv1::ListPlanChangesResponse> ListPlanChanges(
      const pv1::ListPlanChangesRequest& request, absl::Time deadline) override {
    if (served_) return real_.ListPlanChanges(request, deadline);
    served_ = true;
    return stale_;
  }
  void StartListPlanDigests(const pv1::ListPlanDigestsRequest* request,
                            pv1::ListPlanDigestsResponse* response, AsyncCall* call,
                            CallDone done) override {
    real_.StartListPlanDigests(request, response, call, std::move(done));
  }
  void StartListAssignments(const pv1::ListAssignmentsRequest* request,
                            pv1::ListAssignmentsResponse* response, AsyncCall* call,
                            CallDone done) override {
    real_.StartListAssignments(request, response, call, std::move(done));
  }

 private:
  PlansClient& real_;
  const pv1::ListPlanChangesResponse stale_;
  bool served_ = false;
};

// Two replicas follow one feed into one database. One applies a plan and
// then its amendment; the other, holding the plan's first change from a
// page it fetched before, applies it after: the obligations stay those of
// the amendment (revision 2), not put back to revision 1.
TEST_P(ObligationsTest, AnOlderChangeOfAPlanNeverUndoesANewerOne) {
  const std::string plan_id = UniqueId("dak-lak-2020-stale");
  const std::string plan = "plans/" + plan_id;
  absl::StatusOr<pv1::Plan> issued =
      CreateIssuedPlan(SeedFixture("003_dak_lak_2020").plan(), plan_id);
  ASSERT_TRUE(issued.ok()) << issued.status();
  // The page a slow replica fetched: the plan's first change.
  pv1::ListPlanChangesResponse stale;
  pv1::ListPlanChangesRequest request;
  request.set_page_size(100);
  for (;;) {
    absl::StatusOr<pv1::ListPlanChangesResponse> page =
        Plans()->ListPlanChanges(request, absl::Now() + absl::Seconds(30));
    ASSERT_TRUE(page.ok()) << page.status();
    if (page->plans().empty()) break;
    for (const pv1::Plan& changed : page->plans()) {
      if (changed.name() == plan) *stale.add_plans() = changed;
    }
    request.set_after_sequence(page->plans().rbegin()->change_sequence());
  }
  ASSERT_EQ(stale.plans_size(), 1);
  ASSERT_EQ(stale.plans(0).revision(), 1);
  Sync();
  ASSERT_EQ(Obligations(plan).size(), 26u);

  // Amended (the annual report asked of two departments only) and applied.
  pv1::AmendPlanRequest amend;
  *amend.mutable_plan() = *issued;
  for (pv1::ReportingRequirement& line : *amend.mutable_plan()->mutable_reporting()) {
    if (line.kind() != pv1::REPORT_KIND_ANNUAL || !line.has_due_date()) continue;
    line.set_all_assigned_agencies(false);
    line.add_reporting_agencies("agencies/dak-lak-so-y-te");
    line.add_reporting_agencies("agencies/dak-lak-so-gddt");
  }
  amend.set_reason("Điều chỉnh đơn vị báo cáo");
  absl::StatusOr<pv1::Plan> revised = Plans()->registry().AmendPlan(amend, PlansCall());
  ASSERT_TRUE(revised.ok()) << revised.status();
  ASSERT_EQ(revised->revision(), 2);
  Sync();
  ASSERT_EQ(Obligations(plan).size(), 15u);

  // The slow replica applies what it fetched.
  StalePlans stale_plans(*Plans(), stale);
  PlanFeed slow_replica(*db_, stale_plans, *registry_, kLockAfterDays);
  absl::StatusOr<int> synced = slow_replica.Sync(absl::Now() + absl::Seconds(30));
  ASSERT_TRUE(synced.ok()) << DescribeStatus(synced.status());
  const std::vector<v1::Obligation> after = Obligations(plan);
  EXPECT_EQ(after.size(), 15u);
  for (const v1::Obligation& o : after) EXPECT_EQ(o.plan_revision(), 2) << o.name();
  EXPECT_EQ(CountRows("obligations", absl::StrCat("plan_id = '", plan_id, "' AND cancelled = 1")),
            11);
}

// interplan-plans, counting the change-feed pages asked of it.
class CountingPlans : public StalePlans {
 public:
  explicit CountingPlans(PlansClient& real) : StalePlans(real, {}), real_(real) {}
  absl::StatusOr<pv1::ListPlanChangesResponse> ListPlanChanges(
      const pv1::ListPlanChangesRequest& request, absl::Time deadline) override {
    ++pages;
    return real_.ListPlanChanges(request, deadline);
  }
  int pages = 0;

 private:
  PlansClient& real_;
};

// A call that syncs the feed first asks interplan-plans only when the
// version its probe reads (plans' counter in Redis) moved since the last
// sync read the feed to its end; without an answer from the probe it
// asks every time, and the background sync always asks.
TEST_P(ObligationsTest, ACallSyncsThePlanFeedOnlyWhenPlansVersionMoved) {
  CountingPlans plans(*Plans());
  PlanFeed feed(*db_, plans, *registry_, kLockAfterDays);
  absl::StatusOr<std::string> version = std::string("plans:5");
  feed.SetChangeProbe([&version] { return version; });
  const absl::Time deadline = absl::Now() + absl::Seconds(30);
  ASSERT_TRUE(feed.SyncIfChanged(deadline).ok());
  EXPECT_GT(plans.pages, 0);
  const int pages = plans.pages;
  absl::StatusOr<int> skipped = feed.SyncIfChanged(deadline);
  ASSERT_TRUE(skipped.ok()) << skipped.status();
  EXPECT_EQ(*skipped, 0);
  EXPECT_EQ(plans.pages, pages);

  // A plan issued while the version stays: a call does not see it, the
  // background sync does.
  const std::string plan_id = UniqueId("dak-lak-2020-probe");
  ASSERT_TRUE(CreateIssuedPlan(SeedFixture("003_dak_lak_2020").plan(), plan_id).ok());
  ASSERT_TRUE(feed.SyncIfChanged(deadline).ok());
  EXPECT_EQ(plans.pages, pages);
  // (Counted in the table: listing obligations would sync the feed.)
  EXPECT_EQ(CountRows("obligations", absl::StrCat("plan_id = '", plan_id, "'")), 0);
  absl::StatusOr<int> background = feed.Sync(deadline);
  ASSERT_TRUE(background.ok()) << background.status();
  EXPECT_EQ(*background, 1);
  EXPECT_EQ(CountRows("obligations", absl::StrCat("plan_id = '", plan_id, "'")), 26);

  // Plans moves its version with the next change: the next call asks.
  const std::string second_id = UniqueId("dak-lak-2020-probe-2");
  ASSERT_TRUE(CreateIssuedPlan(SeedFixture("003_dak_lak_2020").plan(), second_id).ok());
  version = std::string("plans:6");
  absl::StatusOr<int> moved = feed.SyncIfChanged(deadline);
  ASSERT_TRUE(moved.ok()) << moved.status();
  EXPECT_EQ(*moved, 1);
  EXPECT_EQ(CountRows("obligations", absl::StrCat("plan_id = '", second_id, "'")), 26);

  // No answer from the probe (Redis down): every call asks.
  version = absl::UnavailableError("redis down");
  const int before = plans.pages;
  ASSERT_TRUE(feed.SyncIfChanged(deadline).ok());
  ASSERT_TRUE(feed.SyncIfChanged(deadline).ok());
  EXPECT_EQ(plans.pages, before + 2);
}

// A 2021–2025 Đắk Lắk plan with two yearly lines: "every year before
// 15/12" the Health and Education departments report on the year, and
// "every year before 15/6" the Health department reports on the first
// half. Worked out by hand: 2 × 5 annual obligations plus 5 half-year
// ones, one per year of the period, each due in its own year.
TEST_P(ObligationsTest, AYearlyLineOfAMultiYearPlanOwesOneReportPerYear) {
  const std::string plan_id = UniqueId("dak-lak-2021-2025");
  const std::string plan = "plans/" + plan_id;
  pv1::Plan content = MinimalPlan("units/66", "agencies/dak-lak-ubnd", "2021/2025",
                                  absl::CivilDay(2021, 6, 15), "agencies/dak-lak-so-y-te");
  pv1::ReportingRequirement* annual = content.add_reporting();
  annual->set_kind(pv1::REPORT_KIND_ANNUAL);
  annual->set_recurrence(pv1::REPORT_RECURRENCE_EVERY_YEAR);
  annual->mutable_annual_due()->set_month(12);
  annual->mutable_annual_due()->set_day(15);
  annual->set_due_text("trước ngày 15/12 hằng năm");
  annual->add_reporting_agencies("agencies/dak-lak-so-y-te");
  annual->add_reporting_agencies("agencies/dak-lak-so-gddt");
  annual->set_recipient("agencies/dak-lak-so-noi-vu");
  pv1::ReportingRequirement* half = content.add_reporting();
  *half = *annual;
  half->set_kind(pv1::REPORT_KIND_SEMI_ANNUAL);
  half->mutable_annual_due()->set_month(6);
  half->set_due_text("6 tháng, trước ngày 15/6 hằng năm");
  half->clear_reporting_agencies();
  half->add_reporting_agencies("agencies/dak-lak-so-y-te");
  absl::StatusOr<pv1::Plan> issued = CreateIssuedPlan(content, plan_id);
  ASSERT_TRUE(issued.ok()) << issued.status();
  Sync();

  const std::vector<std::string> expected = {"dak-lak-so-gddt|ANNUAL|2021|2021-12-15",
                                             "dak-lak-so-gddt|ANNUAL|2022|2022-12-15",
                                             "dak-lak-so-gddt|ANNUAL|2023|2023-12-15",
                                             "dak-lak-so-gddt|ANNUAL|2024|2024-12-15",
                                             "dak-lak-so-gddt|ANNUAL|2025|2025-12-15",
                                             "dak-lak-so-y-te|ANNUAL|2021|2021-12-15",
                                             "dak-lak-so-y-te|ANNUAL|2022|2022-12-15",
                                             "dak-lak-so-y-te|ANNUAL|2023|2023-12-15",
                                             "dak-lak-so-y-te|ANNUAL|2024|2024-12-15",
                                             "dak-lak-so-y-te|ANNUAL|2025|2025-12-15",
                                             "dak-lak-so-y-te|SEMI_ANNUAL|2021-H1|2021-06-15",
                                             "dak-lak-so-y-te|SEMI_ANNUAL|2022-H1|2022-06-15",
                                             "dak-lak-so-y-te|SEMI_ANNUAL|2023-H1|2023-06-15",
                                             "dak-lak-so-y-te|SEMI_ANNUAL|2024-H1|2024-06-15",
                                             "dak-lak-so-y-te|SEMI_ANNUAL|2025-H1|2025-06-15"};
  EXPECT_THAT(Keys(Obligations(plan)), UnorderedElementsAreArray(expected));
  // One year of it: the Health department's two reports of 2023.
  EXPECT_THAT(Keys(Obligations(plan, "agencies/dak-lak-so-y-te", "2023")),
              ElementsAreArray({"dak-lak-so-y-te|ANNUAL|2023|2023-12-15"}));
  EXPECT_EQ(Obligations(plan, "", "2024-H1").size(), 1u);

  // Withdrawn, it owes nothing (and leaves the years other tests count as
  // they were).
  pv1::WithdrawPlanRequest withdraw;
  withdraw.set_name(plan);
  withdraw.set_reason("Chỉ để kiểm thử");
  ASSERT_TRUE(Plans()->registry().WithdrawPlan(withdraw, PlansCall()).ok());
  Sync();
  EXPECT_TRUE(Obligations(plan).empty());
}

INSTANTIATE_ON_BOTH_ENGINES(ObligationsTest);

}  // namespace
}  // namespace interplan::reporting::test
