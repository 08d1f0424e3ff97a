// The reporting service through its real binaries: interplan-agencies
// loaded with the reference data, interplan-plans with the five seed plans
// pushed by the `interplan` client, interplan-reporting following the
// plans feed. Reports are submitted from JSON files with `interplan reports
// submit` (on time, late, one returned and resubmitted, most missing), then
// obligations, compliance and roll-ups are read through the client and
// over gRPC and compared with numbers worked out by hand; an accepted
// report is in the very next roll-up.
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "common/api/enum_names.h"
#include "common/errors/errors.h"
#include "common/time/date.h"
#include "common/time/timestamp.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "interplan/reporting/v1/reporting.grpc.pb.h"
#include "tests/support/suite_processes.h"

namespace interplan {
namespace {

namespace v1 = reporting::v1;
using ::testing::HasSubstr;
using testing::ServiceProcess;

std::unique_ptr<grpc::ClientContext> Call() {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(30)));
  return context;
}

// A SubmitReportRequest as the JSON file a province's officer writes.
struct ValueSpec {
  std::string indicator;
  std::string sex;  // "" for the total
  double value = -1, numerator = -1, denominator = -1;
};

std::string ReportJson(const std::string& plan, const std::string& agency, const std::string& kind,
                       const std::string& period, const std::string& submitted_at,
                       const std::vector<ValueSpec>& values) {
  std::vector<std::string> parts;
  for (const ValueSpec& v : values) {
    std::string part = absl::StrCat(R"({"indicator": "indicators/)", v.indicator, R"(")");
    if (!v.sex.empty()) {
      absl::StrAppend(&part, R"(, "categories": [{"dimension": "DISAGGREGATION_SEX", "value": ")",
                      v.sex, R"("}])");
    }
    if (v.value >= 0) absl::StrAppend(&part, R"(, "value": )", v.value);
    if (v.numerator >= 0) absl::StrAppend(&part, R"(, "numerator": )", v.numerator);
    if (v.denominator >= 0) absl::StrAppend(&part, R"(, "denominator": )", v.denominator);
    parts.push_back(part + "}");
  }
  return absl::StrCat(R"({"report": {"plan": "plans/)", plan, R"(", "agency": "agencies/)", agency,
                      R"(", "kind": ")", kind, R"(", "period": ")", period,
                      R"(", "submittedAt": ")", submitted_at,
                      R"(", "narrative": "Báo cáo kết quả công tác bình đẳng giới", "values": [)",
                      absl::StrJoin(parts, ", "), "]}}");
}

ValueSpec CountOf(const std::string& indicator, double value, const std::string& sex = "") {
  return {indicator, sex, value, -1, -1};
}
ValueSpec RatioOf(const std::string& indicator, double numerator, double denominator,
                  const std::string& sex = "") {
  return {indicator, sex, -1, numerator, denominator};
}

// The whitespace-separated cells of the first line whose first cells are
// `first` (and `second` when given).
std::vector<std::string> Row(const std::string& output, const std::string& first,
                             const std::string& second = "") {
  for (absl::string_view line : absl::StrSplit(output, '\n')) {
    std::vector<std::string> cells = absl::StrSplit(line, ' ', absl::SkipEmpty());
    if (cells.empty() || cells[0] != first) continue;
    if (!second.empty() && (cells.size() < 2 || cells[1] != second)) continue;
    return cells;
  }
  return {};
}

// The last `n` cells of a row (the numbers after a name of any length).
std::vector<std::string> Last(const std::vector<std::string>& cells, size_t n) {
  if (cells.size() < n) return {};
  return std::vector<std::string>(cells.end() - n, cells.end());
}

class ReportingIntegrationTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<std::unique_ptr<ServiceProcess>> agencies =
        testing::StartAgenciesWithReference();
    ASSERT_TRUE(agencies.ok()) << agencies.status();
    agencies_ = agencies->release();
    absl::StatusOr<std::unique_ptr<ServiceProcess>> plans =
        testing::StartPlans(agencies_->address());
    ASSERT_TRUE(plans.ok()) << plans.status();
    plans_ = plans->release();
    // Entry is judged on the day a report reaches the service, and the
    // paper reports below (2020 and 2022) are typed in today: entry stays
    // open from each due date until a year from now.
    const int64_t lock_after_days =
        (absl::ToCivilDay(absl::Now(), absl::UTCTimeZone()) - absl::CivilDay(2020, 1, 1)) + 365;
    absl::StatusOr<std::unique_ptr<ServiceProcess>> reporting = ServiceProcess::Start(
        {.service = "reporting",
         .extra_args = {absl::StrCat("--agencies_addr=", agencies_->address()),
                        absl::StrCat("--plans_addr=", plans_->address()),
                        absl::StrCat("--indicator_catalogue=",
                                     testing::SourcePath("data/reference/indicators.jsonl")),
                        "--plan_sync_interval=500ms",
                        absl::StrCat("--lock_after_days=", lock_after_days)}});
    ASSERT_TRUE(reporting.ok()) << reporting.status();
    reporting_ = reporting->release();
    absl::Status pushed = testing::PushSeedPlans(ClientEnv());
    ASSERT_TRUE(pushed.ok()) << pushed;
    absl::StatusOr<std::string> dir = testing::MakeTempDir("interplan-reports");
    ASSERT_TRUE(dir.ok()) << dir.status();
    dir_ = new std::string(*dir);
  }

  static void TearDownTestSuite() {
    delete reporting_;
    delete plans_;
    delete agencies_;
    if (dir_ != nullptr) testing::RemoveTree(*dir_);
    delete dir_;
    reporting_ = nullptr;
    plans_ = nullptr;
    agencies_ = nullptr;
    dir_ = nullptr;
  }

  void SetUp() override {
    ASSERT_NE(reporting_, nullptr);
    ASSERT_NE(dir_, nullptr);
    stub_ = v1::ReportingService::NewStub(reporting_->NewChannel());
  }

  static std::map<std::string, std::string> ClientEnv() {
    return {{"INTERPLAN_AGENCIES_ADDR", agencies_->address()},
            {"INTERPLAN_PLANS_ADDR", plans_->address()},
            {"INTERPLAN_REPORTING_ADDR", reporting_->address()}};
  }

  testing::CommandResult Client(const std::vector<std::string>& args) {
    absl::StatusOr<testing::CommandResult> result = testing::RunClient(args, ClientEnv());
    EXPECT_TRUE(result.ok()) << result.status();
    return result.ok() ? *result : testing::CommandResult{-1, ""};
  }

  // Writes the report to a file, submits it with the client; the report's
  // name ("reports/...") from the client's output.
  std::string SubmitFile(const std::string& file, const std::string& json,
                         const std::string& expect_in_output) {
    const std::string path = absl::StrCat(*dir_, "/", file);
    {
      std::ofstream out(path);
      out << json;
    }
    testing::CommandResult submitted = Client({"reports", "submit", path});
    EXPECT_EQ(submitted.exit_code, 0) << submitted.output;
    EXPECT_THAT(submitted.output, HasSubstr(expect_in_output));
    std::vector<std::string> cells = absl::StrSplit(submitted.output, ' ', absl::SkipEmpty());
    return cells.empty() ? "" : cells[0];
  }

  void AcceptWithClient(const std::string& name) {
    testing::CommandResult accepted = Client({"reports", "accept", name});
    ASSERT_EQ(accepted.exit_code, 0) << accepted.output;
    EXPECT_THAT(accepted.output, HasSubstr("accepted"));
  }

  v1::Rollup RollupOverGrpc(const std::string& indicator, const std::string& unit,
                            const std::string& period, int as_of_year, int as_of_month,
                            int as_of_day) {
    v1::GetRollupRequest request;
    request.set_indicator("indicators/" + indicator);
    request.set_unit(unit);
    request.set_period(period);
    request.mutable_as_of()->set_year(as_of_year);
    request.mutable_as_of()->set_month(as_of_month);
    request.mutable_as_of()->set_day(as_of_day);
    request.set_by_child(true);
    v1::Rollup rollup;
    grpc::Status status = stub_->GetRollup(Call().get(), request, &rollup);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return rollup;
  }

  static const v1::RollupValue* Total(const v1::Rollup& rollup, const std::string& sex = "") {
    for (const v1::RollupValue& value : rollup.values()) {
      const std::string value_sex = value.categories().empty() ? "" : value.categories(0).value();
      if (value_sex == sex) return &value;
    }
    return nullptr;
  }

  static ServiceProcess* agencies_;
  static ServiceProcess* plans_;
  static ServiceProcess* reporting_;
  static std::string* dir_;
  std::unique_ptr<v1::ReportingService::Stub> stub_;
};

ServiceProcess* ReportingIntegrationTest::agencies_ = nullptr;
ServiceProcess* ReportingIntegrationTest::plans_ = nullptr;
ServiceProcess* ReportingIntegrationTest::reporting_ = nullptr;
std::string* ReportingIntegrationTest::dir_ = nullptr;

// Đắk Lắk's strategy plan for 2021–2025 (not a seed): one reporting line,
// "the Health and Education departments report every year before 15/12 to
// the Home Affairs department". Worked out by hand: 2 agencies × 5 years =
// 10 annual obligations, each for its year and due on 15 December of it;
// on 30 June 2023 those of 2021 and 2022 are missing, 2023–2025 pending.
constexpr char kDakLak2021To2025[] = R"({
  "planId": "dak-lak-2021-2025",
  "plan": {
    "issuer": "agencies/dak-lak-ubnd",
    "unit": "units/66",
    "documentNumber": "1500/KH-UBND",
    "issueDate": {"year": 2021, "month": 6, "day": 15},
    "title": "Kế hoạch thực hiện Chiến lược quốc gia về bình đẳng giới tỉnh Đắk Lắk giai đoạn 2021 – 2025",
    "period": "2021/2025",
    "sections": [{"code": "II", "title": "Nhiệm vụ", "tasks": [{
      "code": "II.1", "kind": "TASK_KIND_REPORTING", "lead": "agencies/dak-lak-so-y-te",
      "content": "Thống kê, báo cáo kết quả thực hiện hằng năm"}]}],
    "reporting": [{
      "kind": "REPORT_KIND_ANNUAL",
      "recurrence": "REPORT_RECURRENCE_EVERY_YEAR",
      "annualDue": {"month": 12, "day": 15},
      "dueText": "trước ngày 15/12 hằng năm",
      "reportingAgencies": ["agencies/dak-lak-so-y-te", "agencies/dak-lak-so-gddt"],
      "recipient": "agencies/dak-lak-so-noi-vu",
      "description": "Báo cáo kết quả thực hiện Kế hoạch hằng năm gửi Sở Nội vụ"}]
  }
})";

TEST_F(ReportingIntegrationTest, AYearlyLineOfA2021To2025PlanOwesOneReportPerYear) {
  const std::string path = absl::StrCat(*dir_, "/dak-lak-2021-2025.json");
  {
    std::ofstream out(path);
    out << kDakLak2021To2025;
  }
  testing::CommandResult pushed = Client({"plans", "push", path, "--issue"});
  ASSERT_EQ(pushed.exit_code, 0) << pushed.output;

  v1::ListObligationsRequest request;
  request.set_plan("plans/dak-lak-2021-2025");
  request.mutable_as_of()->set_year(2023);
  request.mutable_as_of()->set_month(6);
  request.mutable_as_of()->set_day(30);
  request.set_page_size(100);
  v1::ListObligationsResponse response;
  grpc::Status status = stub_->ListObligations(Call().get(), request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  std::set<std::string> owed;
  for (const v1::Obligation& o : response.obligations()) {
    EXPECT_EQ(o.kind(), v1::REPORT_KIND_ANNUAL);
    EXPECT_EQ(o.recipient(), "agencies/dak-lak-so-noi-vu");
    EXPECT_EQ(o.due_text(), "trước ngày 15/12 hằng năm");
    owed.insert(absl::StrCat(o.agency(), " ", o.period(), " due ", o.due_date().year(), "-",
                             o.due_date().month(), "-", o.due_date().day(), " ",
                             api::ShortEnumName(o.state())));
  }
  std::set<std::string> expected;
  for (const char* agency : {"agencies/dak-lak-so-y-te", "agencies/dak-lak-so-gddt"}) {
    for (int year = 2021; year <= 2025; ++year) {
      expected.insert(absl::StrCat(agency, " ", year, " due ", year, "-12-15 ",
                                   year <= 2022 ? "MISSING" : "PENDING"));
    }
  }
  ASSERT_EQ(expected.size(), 10u);
  EXPECT_EQ(owed, expected);
  EXPECT_EQ(response.obligations_size(), 10);

  testing::CommandResult listed =
      Client({"obligations", "--plan", "dak-lak-2021-2025", "--as-of", "2023-06-30"});
  ASSERT_EQ(listed.exit_code, 0) << listed.output;
  EXPECT_THAT(listed.output, HasSubstr("10 obligations"));
}

// Quảng Ngãi 2022: 27 agencies owe a 6-month report (due 31 May) and an
// annual one (due 30 November) to the Labour department.
//   Health (province)     6-month on time; annual on time; both accepted
//   Education (province)  6-month late (10 June), waiting for review
//   Bình Sơn (524)        annual on time, returned, resubmitted, accepted
//   Tư Nghĩa (528)        6-month late (20 June), accepted
//   Police (province)     annual late (10 December), accepted last
//   the 22 others         nothing: missing
TEST_F(ReportingIntegrationTest, QuangNgai2022ThroughTheClient) {
  const std::string qn = "quang-ngai-2022";
  const std::string y_te_h1 =
      SubmitFile("y-te-h1.json",
                 ReportJson(qn, "quang-ngai-so-y-te", "REPORT_KIND_SEMI_ANNUAL", "2022-H1",
                            "2022-05-20T03:00:00Z",
                            {CountOf("CAMPAIGN-PARTICIPANTS", 300, "female"),
                             CountOf("CAMPAIGN-PARTICIPANTS", 200, "male")}),
                 "(on time)");
  ASSERT_THAT(y_te_h1, ::testing::StartsWith("reports/"));
  AcceptWithClient(y_te_h1);
  const std::string y_te = SubmitFile(
      "y-te-2022.json",
      ReportJson(qn, "quang-ngai-so-y-te", "REPORT_KIND_ANNUAL", "2022", "2022-11-25T03:00:00Z",
                 {RatioOf("LOC-COMM-RESIDENTS", 50, 200),
                  CountOf("CAMPAIGN-PARTICIPANTS", 500, "female")}),
      "(on time)");
  AcceptWithClient(y_te);
  SubmitFile("gddt-h1.json",
             ReportJson(qn, "quang-ngai-so-gddt", "REPORT_KIND_SEMI_ANNUAL", "2022-H1",
                        "2022-06-10T03:00:00Z", {}),
             "(late)");
  // Bình Sơn: returned for numbers that do not add up, then resubmitted
  // (after the due date, before the lock date) and accepted.
  const std::string binh_son =
      SubmitFile("binh-son-2022.json",
                 ReportJson(qn, "quang-ngai-binh-son-ubnd", "REPORT_KIND_ANNUAL", "2022",
                            "2022-11-28T03:00:00Z", {RatioOf("LOC-COMM-RESIDENTS", 999, 1000)}),
                 "(on time)");
  testing::CommandResult returned =
      Client({"reports", "return", binh_son, "--reason", "Số liệu chưa khớp với biểu tổng hợp"});
  ASSERT_EQ(returned.exit_code, 0) << returned.output;
  EXPECT_THAT(returned.output, HasSubstr("returned"));
  EXPECT_THAT(returned.output, HasSubstr("Số liệu chưa khớp với biểu tổng hợp"));
  SubmitFile("binh-son-2022-v2.json",
             ReportJson(qn, "quang-ngai-binh-son-ubnd", "REPORT_KIND_ANNUAL", "2022",
                        "2022-12-05T03:00:00Z",
                        {RatioOf("LOC-COMM-RESIDENTS", 300, 1000),
                         CountOf("CAMPAIGN-PARTICIPANTS", 120, "female"),
                         CountOf("CAMPAIGN-PARTICIPANTS", 80, "male")}),
             "version 2");
  AcceptWithClient(binh_son);
  const std::string tu_nghia = SubmitFile(
      "tu-nghia-h1.json",
      ReportJson(qn, "quang-ngai-tu-nghia-ubnd", "REPORT_KIND_SEMI_ANNUAL", "2022-H1",
                 "2022-06-20T03:00:00Z", {CountOf("CAMPAIGN-PARTICIPANTS", 40, "female")}),
      "(late)");
  AcceptWithClient(tu_nghia);

  // The history of the returned report, through the client.
  testing::CommandResult history = Client({"reports", "get", binh_son});
  ASSERT_EQ(history.exit_code, 0) << history.output;
  EXPECT_THAT(history.output, HasSubstr("accepted  version 2"));
  EXPECT_THAT(history.output, HasSubstr("new -> submitted"));
  EXPECT_THAT(history.output, HasSubstr("submitted -> returned: Số liệu chưa khớp"));
  EXPECT_THAT(history.output, HasSubstr("returned -> resubmitted"));
  EXPECT_THAT(history.output, HasSubstr("resubmitted -> accepted"));

  // Roll-up before the police report: residents reached 50/200 (Health,
  // province) + 300/1000 (Bình Sơn) = 350/1200 = 29.17%, not the 27.50%
  // average of 25% and 30%.
  testing::CommandResult rollup = Client({"rollup", "--indicator", "LOC-COMM-RESIDENTS", "--unit",
                                          "51", "--period", "2022", "--as-of", "2022-12-31"});
  ASSERT_EQ(rollup.exit_code, 0) << rollup.output;
  EXPECT_THAT(Row(rollup.output, "total"),
              ::testing::ElementsAre("total", "total", "29.17", "350", "1200", "2"))
      << rollup.output;
  EXPECT_THAT(Last(Row(rollup.output, "524"), 5),
              ::testing::ElementsAre("total", "30.00", "300", "1000", "1"))
      << rollup.output;

  // The police's late annual report, accepted: the next read has it.
  const std::string cong_an =
      SubmitFile("cong-an-2022.json",
                 ReportJson(qn, "quang-ngai-cong-an", "REPORT_KIND_ANNUAL", "2022",
                            "2022-12-10T03:00:00Z", {RatioOf("LOC-COMM-RESIDENTS", 100, 800)}),
                 "(late)");
  const absl::Time before_accept = absl::Now();
  AcceptWithClient(cong_an);
  rollup = Client({"rollup", "--indicator", "LOC-COMM-RESIDENTS", "--unit", "51", "--period",
                   "2022", "--as-of", "2022-12-31"});
  ASSERT_EQ(rollup.exit_code, 0) << rollup.output;
  // 450/2000 = 22.50%.
  EXPECT_THAT(Row(rollup.output, "total"),
              ::testing::ElementsAre("total", "total", "22.50", "450", "2000", "3"))
      << rollup.output;
  EXPECT_THAT(rollup.output, HasSubstr("newest data included: "));
  const v1::Rollup residents =
      RollupOverGrpc("LOC-COMM-RESIDENTS", "units/51", "2022", 2022, 12, 31);
  ASSERT_NE(Total(residents), nullptr) << residents.DebugString();
  EXPECT_DOUBLE_EQ(Total(residents)->numerator(), 450);
  EXPECT_DOUBLE_EQ(Total(residents)->denominator(), 2000);
  EXPECT_DOUBLE_EQ(Total(residents)->value(), 22.5);
  EXPECT_EQ(Total(residents)->count(), 3);
  EXPECT_EQ(residents.aggregation(), v1::AGGREGATION_RULE_RATIO_OF_SUMS);
  ASSERT_TRUE(residents.has_data_as_of());
  EXPECT_GE(residents.data_as_of().seconds(), absl::ToUnixSeconds(before_accept) - 1);
  // Counts by sex, over the year (annual reports) and the half-year.
  const v1::Rollup participants =
      RollupOverGrpc("CAMPAIGN-PARTICIPANTS", "units/51", "2022", 2022, 12, 31);
  ASSERT_NE(Total(participants, "female"), nullptr) << participants.DebugString();
  EXPECT_DOUBLE_EQ(Total(participants, "female")->value(), 620);  // 500 + 120
  EXPECT_DOUBLE_EQ(Total(participants, "male")->value(), 80);
  const v1::Rollup half =
      RollupOverGrpc("CAMPAIGN-PARTICIPANTS", "units/51", "2022-H1", 2022, 12, 31);
  ASSERT_NE(Total(half, "female"), nullptr) << half.DebugString();
  EXPECT_DOUBLE_EQ(Total(half, "female")->value(), 340);  // 300 + 40
  EXPECT_DOUBLE_EQ(Total(half, "male")->value(), 200);
  // The nation, in the hierarchy of 2026: the same numbers.
  const v1::Rollup nation = RollupOverGrpc("LOC-COMM-RESIDENTS", "", "2022", 2026, 1, 1);
  ASSERT_NE(Total(nation), nullptr) << nation.DebugString();
  EXPECT_DOUBLE_EQ(Total(nation)->numerator(), 450);
  EXPECT_DOUBLE_EQ(Total(nation)->denominator(), 2000);

  // Obligations: 54 for the plan; the Health department's two accepted;
  // the Justice department's two missing.
  testing::CommandResult all = Client({"obligations", "--plan", qn, "--as-of", "2022-12-31"});
  ASSERT_EQ(all.exit_code, 0) << all.output;
  EXPECT_THAT(all.output, HasSubstr("54 obligations"));
  testing::CommandResult y_te_obligations =
      Client({"obligations", "--agency", "quang-ngai-so-y-te", "--as-of", "2022-12-31"});
  ASSERT_EQ(y_te_obligations.exit_code, 0) << y_te_obligations.output;
  EXPECT_THAT(y_te_obligations.output, HasSubstr("2 obligations"));
  for (absl::string_view line : absl::StrSplit(y_te_obligations.output, '\n')) {
    if (line.find(qn) == absl::string_view::npos) continue;
    EXPECT_THAT(std::string(line), HasSubstr("accepted"));
  }
  EXPECT_THAT(y_te_obligations.output, HasSubstr("2022-05-31"));
  EXPECT_THAT(y_te_obligations.output, HasSubstr("2022-11-30"));
  testing::CommandResult tu_phap = Client({"obligations", "--agency", "quang-ngai-so-tu-phap",
                                           "--period", "2022", "--as-of", "2022-12-31"});
  ASSERT_EQ(tu_phap.exit_code, 0) << tu_phap.output;
  EXPECT_THAT(tu_phap.output, HasSubstr("missing"));
  EXPECT_THAT(tu_phap.output, HasSubstr("1 obligations"));

  // Compliance: 6 of 54 handed in (3 on time, 3 late), 48 missing, 5
  // accepted, none left returned: 11.1%. Judged in the hierarchy of 2022
  // (see the last test for today's), with each district under its code.
  testing::CommandResult compliance =
      Client({"compliance", "--unit", "51", "--period", "2022", "--as-of", "2022-12-31"});
  ASSERT_EQ(compliance.exit_code, 0) << compliance.output;
  EXPECT_THAT(Last(Row(compliance.output, "quang-ngai-so-y-te"), 9),
              ::testing::ElementsAre("2", "2", "2", "0", "0", "0", "2", "0", "100.0%"))
      << compliance.output;
  EXPECT_THAT(Last(Row(compliance.output, "quang-ngai-so-gddt"), 9),
              ::testing::ElementsAre("2", "1", "0", "1", "1", "0", "0", "0", "50.0%"))
      << compliance.output;
  EXPECT_THAT(Last(Row(compliance.output, "quang-ngai-so-tu-phap"), 9),
              ::testing::ElementsAre("2", "0", "0", "0", "2", "0", "0", "0", "0.0%"))
      << compliance.output;
  // Today (no --as-of), agency by agency: the same.
  testing::CommandResult today = Client({"compliance", "--unit", "51", "--period", "2022"});
  ASSERT_EQ(today.exit_code, 0) << today.output;
  EXPECT_THAT(Last(Row(today.output, "quang-ngai-so-y-te"), 9),
              ::testing::ElementsAre("2", "2", "2", "0", "0", "0", "2", "0", "100.0%"))
      << today.output;
  const testing::CommandResult& by_district = compliance;
  EXPECT_THAT(Last(Row(by_district.output, "units/51", "total"), 9),
              ::testing::ElementsAre("54", "6", "3", "3", "48", "0", "5", "0", "11.1%"))
      << by_district.output;
  EXPECT_THAT(Last(Row(by_district.output, "units/524"), 9),
              ::testing::ElementsAre("2", "1", "1", "0", "1", "0", "1", "0", "50.0%"))
      << by_district.output;
  EXPECT_THAT(Last(Row(by_district.output, "units/528"), 9),
              ::testing::ElementsAre("2", "1", "0", "1", "1", "0", "1", "0", "50.0%"))
      << by_district.output;
  EXPECT_THAT(Last(Row(by_district.output, "units/536"), 9),
              ::testing::ElementsAre("2", "0", "0", "0", "2", "0", "0", "0", "0.0%"))
      << by_district.output;
  // The same over gRPC, field by field, for the province's own bodies.
  v1::GetComplianceRequest request;
  request.set_unit("units/51");
  request.set_period("2022");
  request.mutable_as_of()->set_year(2022);
  request.mutable_as_of()->set_month(12);
  request.mutable_as_of()->set_day(31);
  v1::Compliance counts;
  grpc::Status status = stub_->GetCompliance(Call().get(), request, &counts);
  ASSERT_TRUE(status.ok()) << status.error_message();
  const v1::ComplianceCounts* own = nullptr;
  for (const auto& group : counts.by_child_unit()) {
    if (group.key() == "units/51") own = &group.counts();
  }
  ASSERT_NE(own, nullptr);
  EXPECT_EQ(own->expected(), 28);
  EXPECT_EQ(own->submitted(), 4);
  EXPECT_EQ(own->on_time(), 2);
  EXPECT_EQ(own->late(), 2);
  EXPECT_EQ(own->missing(), 24);
  EXPECT_EQ(own->accepted(), 3);
  EXPECT_EQ(counts.by_child_unit_size(), 14);

  // A bad report through the client: every violation printed, exit 6 (invalid).
  testing::CommandResult bad = [&] {
    const std::string path = absl::StrCat(*dir_, "/bad.json");
    std::ofstream(path) << ReportJson(
        qn, "quang-ngai-so-vhttdl", "REPORT_KIND_ANNUAL", "2022", "2022-11-20T03:00:00Z",
        {RatioOf("LOC-COMM-RESIDENTS", 120, 100), CountOf("CAMPAIGN-PARTICIPANTS", -3, "male")});
    return Client({"reports", "submit", path});
  }();
  EXPECT_EQ(bad.exit_code, 6) << bad.output;
  EXPECT_THAT(bad.output, HasSubstr("report.values[0].numerator"));
  EXPECT_THAT(bad.output, HasSubstr("report.values[1].value"));
}

// Roll-ups are fresh: every acceptance is in the next read, over gRPC.
TEST_F(ReportingIntegrationTest, EveryAcceptanceIsInTheNextRollup) {
  const std::vector<std::string> departments = {"dak-lak-so-y-te", "dak-lak-so-gddt",
                                                "dak-lak-so-noi-vu", "dak-lak-so-tu-phap",
                                                "dak-lak-cong-an"};
  double numerator = 0, denominator = 0;
  int64_t previous_data_time = 0;
  for (size_t i = 0; i < departments.size(); ++i) {
    SCOPED_TRACE(departments[i]);
    v1::SubmitReportRequest submit;
    v1::Report* report = submit.mutable_report();
    report->set_plan("plans/dak-lak-2020");
    report->set_agency("agencies/" + departments[i]);
    report->set_kind(v1::REPORT_KIND_ANNUAL);
    report->set_period("2020");
    report->mutable_submitted_at()->set_seconds(absl::ToUnixSeconds(absl::FromCivil(
        absl::CivilSecond(2020, 11, 10 + static_cast<int>(i), 3, 0, 0), absl::UTCTimeZone())));
    v1::IndicatorValue* value = report->add_values();
    value->set_indicator("indicators/LOC-GE-STAFF-TRAINED");
    value->set_numerator(10.0 * (i + 1));
    value->set_denominator(20.0 * (i + 1) + 5);
    submit.set_request_id(absl::StrCat("dak-lak-fresh-", i));
    v1::Report submitted;
    grpc::Status status = stub_->SubmitReport(Call().get(), submit, &submitted);
    ASSERT_TRUE(status.ok()) << status.error_message();
    v1::AcceptReportRequest accept;
    accept.set_name(submitted.name());
    accept.set_request_id(absl::StrCat("dak-lak-fresh-accept-", i));
    v1::Report accepted;
    status = stub_->AcceptReport(Call().get(), accept, &accepted);
    ASSERT_TRUE(status.ok()) << status.error_message();
    numerator += 10.0 * (i + 1);
    denominator += 20.0 * (i + 1) + 5;
    // At once, no waiting: the province and the nation have it.
    int64_t newest = 0;
    for (const std::string& unit : {std::string("units/66"), std::string("")}) {
      const v1::Rollup rollup = RollupOverGrpc("LOC-GE-STAFF-TRAINED", unit, "2020", 2020, 12, 31);
      ASSERT_NE(Total(rollup), nullptr) << rollup.DebugString();
      EXPECT_DOUBLE_EQ(Total(rollup)->numerator(), numerator);
      EXPECT_DOUBLE_EQ(Total(rollup)->denominator(), denominator);
      EXPECT_NEAR(Total(rollup)->value(), 100 * numerator / denominator, 1e-9);
      EXPECT_EQ(Total(rollup)->count(), static_cast<int64_t>(i + 1));
      const int64_t data_time = absl::ToUnixMicros(time::FromTimestamp(rollup.data_as_of()));
      EXPECT_GT(data_time, previous_data_time);
      newest = std::max(newest, data_time);
    }
    previous_data_time = newest;
  }
  // 10+20+30+40+50 = 150 over 25+45+65+85+105 = 325.
  EXPECT_DOUBLE_EQ(numerator, 150);
  EXPECT_DOUBLE_EQ(denominator, 325);
}

// The totals of a past year do not change with the map: Quảng Ngãi 2022
// judged in the hierarchy of 2022 and in today's (the districts are gone,
// every obligation counts under the new units/51).
TEST_F(ReportingIntegrationTest, APastYearsTotalsAreTheSameInTodaysHierarchy) {
  auto total = [&](const std::vector<std::string>& extra) -> v1::ComplianceCounts {
    std::vector<std::string> args = {"--json", "compliance", "--unit", "51", "--period", "2022"};
    args.insert(args.end(), extra.begin(), extra.end());
    testing::CommandResult result = Client(args);
    EXPECT_EQ(result.exit_code, 0) << result.output;
    v1::Compliance compliance;
    auto parsed = google::protobuf::util::JsonStringToMessage(result.output, &compliance);
    EXPECT_TRUE(parsed.ok()) << parsed.message() << ": " << result.output;
    return compliance.total();
  };
  const v1::ComplianceCounts then = total({"--as-of", "2022-12-31"});
  const v1::ComplianceCounts now = total({"--as-of", time::FormatDate(time::Today())});
  EXPECT_EQ(then.expected(), 54);
  EXPECT_LE(now.submission_rate(), 100);
  EXPECT_EQ(now.submitted(), then.submitted());
  // Lý Sơn district (units/536), which has no successor in the 2025-07
  // list, counts under the new Quảng Ngãi like the other districts.
  EXPECT_EQ(now.expected(), then.expected());
  EXPECT_EQ(now.missing(), then.missing());
  EXPECT_EQ(now.on_time(), then.on_time());
  EXPECT_EQ(now.late(), then.late());
}

// A question about a period that has ended counts the units of its last
// day unless the caller says otherwise: Gò Vấp (district 764, gone since
// 2025-07-01) answers for 2020 without --as-of, its units those of
// 2020-12-31 and its states judged today; asked as of today, it is no unit.
TEST_F(ReportingIntegrationTest, APastPeriodIsCountedInTheUnitsOfItsLastDay) {
  const std::string today = time::FormatDate(time::Today());
  testing::CommandResult json =
      Client({"--json", "compliance", "--unit", "764", "--period", "2020"});
  ASSERT_EQ(json.exit_code, 0) << json.output;
  v1::Compliance compliance;
  auto parsed = google::protobuf::util::JsonStringToMessage(json.output, &compliance);
  ASSERT_TRUE(parsed.ok()) << parsed.message() << ": " << json.output;
  EXPECT_EQ(compliance.units_as_of().year(), 2020);
  EXPECT_EQ(compliance.units_as_of().month(), 12);
  EXPECT_EQ(compliance.units_as_of().day(), 31);
  EXPECT_EQ(time::FormatDate(absl::CivilDay(compliance.as_of().year(), compliance.as_of().month(),
                                            compliance.as_of().day())),
            today);
  // Seed 002's annual report of 2020 is owed by the district's bodies.
  EXPECT_GT(compliance.total().expected(), 0) << json.output;

  testing::CommandResult table = Client({"compliance", "--unit", "764", "--period", "2020"});
  ASSERT_EQ(table.exit_code, 0) << table.output;
  EXPECT_THAT(table.output, HasSubstr(absl::StrCat("units/764, 2020: states as of ", today,
                                                   ", units as of 2020-12-31")));

  testing::CommandResult as_of_today =
      Client({"compliance", "--unit", "764", "--period", "2020", "--as-of", today});
  EXPECT_NE(as_of_today.exit_code, 0);
  EXPECT_THAT(as_of_today.output, HasSubstr("no unit with this code on " + today));
}

// Quận 3 of Ho Chi Minh City in 2020, in the order it happens: the plan
// is followed first (reporting remembers Phường 08, units/27121, as it
// then was, with no successor), then an operator links Phường 08, which
// ceased on 2021-01-31, to Phường Võ Thị Sáu (units/27139) with `units
// link` and its resolution, then the reports come in. Phường 07
// (units/27124) ceased the same day with no link. Worked out by hand:
//   Phường 08: 30 participants, on time; Võ Thị Sáu: 50, late; Phường 07
//   nothing. As of 2021-06-30: Võ Thị Sáu and Quận 3 roll up 80 (2
//   values); Võ Thị Sáu expects 2 reports, both submitted (100%); Quận 3
//   expects 3, 2 submitted, Phường 07's missing.
TEST_F(ReportingIntegrationTest, ALinkedWardsReportsCountInTheWardThatTookItOver) {
  const std::vector<std::pair<std::string, std::string>> wards = {
      {"27121", "Phường 8"}, {"27124", "Phường 7"}, {"27139", "Phường Võ Thị Sáu"}};
  for (const auto& [code, name] : wards) {
    const std::string path = absl::StrCat(*dir_, "/quan-3-", code, ".json");
    std::ofstream(path) << absl::StrCat(
        R"({"agencyId": "quan-3-ubnd-)", code, R"(", "agency": {"displayName": "Ủy ban nhân dân )",
        name, R"( Quận 3", "shortName": "UBND )", name,
        R"( Quận 3", "kind": "AGENCY_KIND_PEOPLES_COMMITTEE", "unit": "units/)", code,
        R"(", "validTo": )",
        code == "27139" ? R"({"year": 2025, "month": 6, "day": 30})"
                        : R"({"year": 2021, "month": 1, "day": 31})",
        R"(, "assignable": true}})");
    testing::CommandResult created = Client({"agencies", "create", path});
    ASSERT_EQ(created.exit_code, 0) << created.output;
  }
  const std::string plan_path = absl::StrCat(*dir_, "/quan-3-2020.json");
  std::ofstream(plan_path) << R"({
  "planId": "quan-3-2020",
  "plan": {
    "issuer": "agencies/hcm-ubnd",
    "unit": "units/79",
    "documentNumber": "02/KH-TEST",
    "issueDate": {"year": 2020, "month": 1, "day": 15},
    "title": "Kế hoạch thử nghiệm báo cáo bình đẳng giới các phường Quận 3",
    "period": "2020",
    "sections": [{"code": "I", "title": "Nhiệm vụ", "tasks": [{
      "code": "I.1", "kind": "TASK_KIND_COMMUNICATION", "lead": "agencies/hcm-so-ldtbxh",
      "content": "Tổ chức truyền thông về bình đẳng giới"}]}],
    "reporting": [{
      "kind": "REPORT_KIND_ANNUAL", "period": "2020",
      "dueDate": {"year": 2020, "month": 11, "day": 5},
      "dueText": "trước ngày 5/11",
      "reportingAgencies": ["agencies/quan-3-ubnd-27121", "agencies/quan-3-ubnd-27124",
                            "agencies/quan-3-ubnd-27139"],
      "recipient": "agencies/hcm-so-ldtbxh",
      "description": "Báo cáo kết quả thực hiện"}]
  }
})";
  testing::CommandResult pushed = Client({"plans", "push", plan_path, "--issue"});
  ASSERT_EQ(pushed.exit_code, 0) << pushed.output;
  v1::ListObligationsRequest list;
  list.set_plan("plans/quan-3-2020");
  list.set_page_size(10);
  v1::ListObligationsResponse owed;
  for (int attempt = 0; attempt < 100; ++attempt) {  // until reporting has followed it
    owed.Clear();
    ASSERT_TRUE(stub_->ListObligations(Call().get(), list, &owed).ok());
    if (owed.obligations_size() == 3) break;
    absl::SleepFor(absl::Milliseconds(200));
  }
  ASSERT_EQ(owed.obligations_size(), 3) << owed.DebugString();

  testing::CommandResult linked =
      Client({"units", "link", "27121", "27139", "--basis", "1111/NQ-UBTVQH14", "--effective",
              "2021-01-01", "--new-as-of", "2021-02-01"});
  ASSERT_EQ(linked.exit_code, 0) << linked.output;

  for (const auto& [code, participants, day, when] :
       {std::tuple<std::string, double, int, std::string>{"27121", 30, 1, "(on time)"},
        {"27139", 50, 20, "(late)"}}) {
    const std::string name = SubmitFile(
        absl::StrCat("quan-3-2020-", code, ".json"),
        ReportJson("quan-3-2020", "quan-3-ubnd-" + code, "REPORT_KIND_ANNUAL", "2020",
                   absl::StrCat("2020-11-", absl::Dec(day, absl::kZeroPad2), "T03:00:00Z"),
                   {CountOf("CAMPAIGN-PARTICIPANTS", participants)}),
        when);
    AcceptWithClient(name);
  }
  for (const char* unit : {"units/27139", "units/770"}) {
    SCOPED_TRACE(unit);
    const v1::Rollup rollup = RollupOverGrpc("CAMPAIGN-PARTICIPANTS", unit, "2020", 2021, 6, 30);
    ASSERT_NE(Total(rollup), nullptr) << rollup.DebugString();
    EXPECT_DOUBLE_EQ(Total(rollup)->value(), 80);
    EXPECT_EQ(Total(rollup)->count(), 2);
  }
  testing::CommandResult ward =
      Client({"--json", "compliance", "--unit", "27139", "--plan", "quan-3-2020", "--period",
              "2020", "--as-of", "2021-06-30"});
  ASSERT_EQ(ward.exit_code, 0) << ward.output;
  v1::Compliance compliance;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(ward.output, &compliance).ok())
      << ward.output;
  EXPECT_EQ(compliance.total().expected(), 2) << ward.output;
  EXPECT_EQ(compliance.total().submitted(), 2) << ward.output;
  EXPECT_EQ(compliance.total().on_time(), 1) << ward.output;
  EXPECT_EQ(compliance.total().late(), 1) << ward.output;
  testing::CommandResult district =
      Client({"--json", "compliance", "--unit", "770", "--plan", "quan-3-2020", "--period", "2020",
              "--as-of", "2021-06-30"});
  ASSERT_EQ(district.exit_code, 0) << district.output;
  compliance.Clear();
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(district.output, &compliance).ok())
      << district.output;
  EXPECT_EQ(compliance.total().expected(), 3) << district.output;
  EXPECT_EQ(compliance.total().submitted(), 2) << district.output;
  EXPECT_EQ(compliance.total().missing(), 1) << district.output;
}

// The line of a table that starts with `first`; "" when none.
std::string LineOf(const std::string& output, const std::string& first) {
  for (absl::string_view line : absl::StrSplit(output, '\n')) {
    if (absl::StartsWith(line, first + " ")) return std::string(line);
  }
  return "";
}

// Gò Vấp 2019-2020 (seed 002) states no baselines: its progress table says
// met / not met / no data, and why in words, not only in --json; a copy of
// the plan that leaves a value unstated says "not stated" and "no target
// value", although the district reported a value for that indicator.
TEST_F(ReportingIntegrationTest, GoVapProgressTableSaysWhyInWords) {
  // The district's 2019 report: officials 40/100, residents 20/100, staff
  // trained 100/100; nothing on women leaders.
  const std::string report = SubmitFile(
      "go-vap-2019.json",
      ReportJson("go-vap-2019-2020", "go-vap-phong-noi-vu", "REPORT_KIND_ANNUAL", "2019",
                 "2019-11-01T03:00:00Z",
                 {RatioOf("LOC-COMM-OFFICIALS", 40, 100), RatioOf("LOC-COMM-RESIDENTS", 20, 100),
                  RatioOf("LOC-GE-STAFF-TRAINED", 100, 100)}),
      "reports/");
  AcceptWithClient(report);

  testing::CommandResult table = Client({"progress", "go-vap-2019-2020", "--as-of", "2020-01-01"});
  ASSERT_EQ(table.exit_code, 0) << table.output;
  EXPECT_THAT(table.output, HasSubstr("REASON"));
  const std::string officials = LineOf(table.output, "II.1.1.1-a");
  EXPECT_THAT(officials, HasSubstr("at least 70.00"));
  EXPECT_THAT(officials, HasSubstr("40.00"));
  EXPECT_THAT(officials, HasSubstr("not_met"));
  EXPECT_THAT(officials, HasSubstr("below target, due 2020-12-31; no baseline to judge the pace"))
      << table.output;
  EXPECT_THAT(LineOf(table.output, "II.1.2.1-a"), HasSubstr("target met")) << table.output;
  const std::string leaders = LineOf(table.output, "II.1.3.1-a");
  EXPECT_THAT(leaders, HasSubstr("no_data"));
  EXPECT_THAT(leaders, HasSubstr("no accepted data")) << table.output;
  // After the due date.
  testing::CommandResult after = Client({"progress", "go-vap-2019-2020", "--as-of", "2021-01-01"});
  ASSERT_EQ(after.exit_code, 0) << after.output;
  EXPECT_THAT(LineOf(after.output, "II.1.1.1-a"),
              HasSubstr("below target, due 2020-12-31 has passed"))
      << after.output;
  EXPECT_THAT(LineOf(after.output, "II.1.3.1-a"),
              HasSubstr("no accepted data, due 2020-12-31 has passed"))
      << after.output;

  // The same plan with the residents' value left unstated.
  std::string json = testing::ReadFileOrEmpty(testing::SeedPlanFixtures()[2]);
  ASSERT_THAT(json, HasSubstr("\"value\": 50,"));
  json = absl::StrReplaceAll(
      json, {{"\"value\": 50,", ""},
             {"\"planId\": \"go-vap-2019-2020\"", "\"planId\": \"go-vap-unstated\""}});
  const std::string path = absl::StrCat(*dir_, "/go-vap-unstated.json");
  std::ofstream(path) << json;
  testing::CommandResult pushed = Client({"plans", "push", path, "--issue"});
  ASSERT_EQ(pushed.exit_code, 0) << pushed.output;
  testing::CommandResult unstated;
  for (int attempt = 0; attempt < 100; ++attempt) {  // until reporting has followed it
    unstated = Client({"progress", "go-vap-unstated", "--as-of", "2020-01-01"});
    if (unstated.exit_code == 0) break;
    absl::SleepFor(absl::Milliseconds(200));
  }
  ASSERT_EQ(unstated.exit_code, 0) << unstated.output;
  const std::string residents = LineOf(unstated.output, "II.1.1.1-b");
  EXPECT_THAT(residents, HasSubstr("not stated"));
  EXPECT_THAT(residents, HasSubstr("20.00"));
  EXPECT_THAT(residents, HasSubstr("no_target_value"));
  EXPECT_THAT(residents, HasSubstr("no target value")) << unstated.output;
  // And in --json: no target value at all, rather than 0.
  testing::CommandResult as_json =
      Client({"--json", "progress", "go-vap-unstated", "--as-of", "2020-01-01"});
  ASSERT_EQ(as_json.exit_code, 0) << as_json.output;
  v1::TargetProgress progress;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(as_json.output, &progress).ok())
      << as_json.output;
  bool found = false;
  for (const auto& item : progress.items()) {
    if (item.target() != "II.1.1.1-b") continue;
    found = true;
    EXPECT_FALSE(item.has_target_value());
    EXPECT_EQ(item.class_(), v1::PROGRESS_CLASS_NO_TARGET_VALUE);
  }
  EXPECT_TRUE(found) << as_json.output;
}

}  // namespace
}  // namespace interplan
