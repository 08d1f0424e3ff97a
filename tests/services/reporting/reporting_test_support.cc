#include "tests/services/reporting/reporting_test_support.h"

#include <atomic>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/errors/errors.h"
#include "common/reference/indicator_file.h"
#include "common/time/validity.h"
#include "google/protobuf/util/json_util.h"
#include "services/reporting/schema.h"
#include "tests/support/in_process_suite.h"
#include "tests/support/service_process.h"
#include "tests/support/subprocess.h"

namespace interplan::reporting::test {
namespace {

namespace pv1 = ::interplan::plans::v1;
namespace av1 = ::interplan::agencies::v1;

const ::interplan::testing::InProcessSuite& Services() {
  const ::interplan::testing::InProcessSuite& suite = ::interplan::testing::SharedInProcessSuite();
  if (!suite.error.ok()) ADD_FAILURE() << "services could not be loaded: " << suite.error;
  return suite;
}

std::string SexOf(const google::protobuf::RepeatedPtrField<v1::Category>& categories) {
  for (const v1::Category& c : categories) {
    if (c.dimension() == v1::DISAGGREGATION_SEX) return c.value();
  }
  return "";
}

void SetSex(const std::string& sex, v1::IndicatorValue* value) {
  if (sex.empty()) return;
  v1::Category* category = value->add_categories();
  category->set_dimension(v1::DISAGGREGATION_SEX);
  category->set_value(sex);
}

}  // namespace

::interplan::testing::InProcessAgencies* Agencies() { return Services().agencies; }
::interplan::testing::InProcessPlans* Plans() { return Services().plans; }

const std::vector<v1::Indicator>& ShippedIndicators() {
  static const std::vector<v1::Indicator>* indicators = [] {
    absl::StatusOr<std::vector<v1::Indicator>> read =
        ReadIndicatorFile(::interplan::testing::SourcePath("data/reference/indicators.jsonl"));
    EXPECT_TRUE(read.ok()) << read.status();
    return new std::vector<v1::Indicator>(read.ok() ? std::move(*read)
                                                    : std::vector<v1::Indicator>());
  }();
  return *indicators;
}

CallContext PlansCall() { return ::interplan::testing::InProcessPlans::Call(); }

pv1::CreatePlanRequest SeedFixture(absl::string_view stem) {
  const std::string path =
      ::interplan::testing::SourcePath(absl::StrCat("tests/fixtures/plans/", stem, ".json"));
  pv1::CreatePlanRequest request;
  auto status = google::protobuf::util::JsonStringToMessage(
      ::interplan::testing::ReadFileOrEmpty(path), &request);
  EXPECT_TRUE(status.ok()) << path << ": " << status.message();
  return request;
}

std::string UniqueId(absl::string_view base) {
  static std::atomic<int> next{1};
  return absl::StrCat(base, "-", next++);
}

pv1::Plan MinimalPlan(const std::string& unit, const std::string& issuer, const std::string& period,
                      absl::CivilDay issued, const std::string& lead) {
  pv1::Plan plan;
  plan.set_issuer(issuer);
  plan.set_title("Kế hoạch thử nghiệm báo cáo bình đẳng giới");
  plan.set_unit(unit);
  plan.set_period(period);
  *plan.mutable_issue_date() = Day(issued);
  plan.set_document_number("01/KH-TEST");
  pv1::Section* section = plan.add_sections();
  section->set_code("I");
  section->set_title("Nhiệm vụ");
  pv1::Task* task = section->add_tasks();
  task->set_code("I.1");
  task->set_content("Tổ chức truyền thông về bình đẳng giới");
  task->set_kind(pv1::TASK_KIND_COMMUNICATION);
  task->set_lead(lead);
  return plan;
}

pv1::ReportingRequirement ReportingLine(pv1::ReportKind kind, const std::string& period,
                                        absl::CivilDay due, std::vector<std::string> reporters,
                                        const std::string& recipient) {
  pv1::ReportingRequirement line;
  line.set_kind(kind);
  line.set_period(period);
  *line.mutable_due_date() = Day(due);
  line.set_due_text(absl::StrCat("trước ngày ", due.day(), "/", due.month()));
  for (std::string& agency : reporters) line.add_reporting_agencies(std::move(agency));
  line.set_recipient(recipient);
  line.set_description("Báo cáo kết quả thực hiện");
  return line;
}

absl::StatusOr<pv1::Plan> CreateIssuedPlan(const pv1::Plan& plan, const std::string& plan_id) {
  pv1::CreatePlanRequest create;
  *create.mutable_plan() = plan;
  create.set_plan_id(plan_id);
  absl::StatusOr<pv1::Plan> created = Plans()->registry().CreatePlan(create, PlansCall());
  if (!created.ok()) {
    return absl::Status(created.status().code(),
                        absl::StrCat("CreatePlan ", plan_id, ": ", created.status().message()));
  }
  pv1::IssuePlanRequest issue;
  issue.set_name(created->name());
  issue.set_etag(created->etag());
  absl::StatusOr<pv1::Plan> issued = Plans()->registry().IssuePlan(issue, PlansCall());
  if (!issued.ok()) {
    return absl::Status(issued.status().code(),
                        absl::StrCat("IssuePlan ", plan_id, ": ", issued.status().message()));
  }
  return issued;
}

absl::Status LinkWard8ToVoThiSau() {
  if (Agencies() == nullptr) return absl::UnavailableError("no in-process agencies");
  agencies::v1::AddUnitSuccessionRequest request;
  request.set_old_unit("units/27121");
  request.set_new_unit("units/27139");
  // The lists show the merger from 2021-02-01, a month after the resolution.
  *request.mutable_new_as_of() = Day(2021, 2, 1);
  request.mutable_legal_basis()->set_document_number("1111/NQ-UBTVQH14");
  *request.mutable_legal_basis()->mutable_effective_date() = Day(2021, 1, 1);
  return Agencies()->AddUnitSuccession(request).status();
}

absl::StatusOr<Quan3Plan> CreateQuan3Plan() {
  if (Agencies() == nullptr) return absl::UnavailableError("no in-process agencies");
  Quan3Plan made;
  for (const auto& [ward, code, name] :
       {std::tuple<std::string*, const char*, const char*>{&made.ward_8, "27121", "Phường 8"},
        {&made.ward_7, "27124", "Phường 7"},
        {&made.vo_thi_sau, "27139", "Phường Võ Thị Sáu"}}) {
    agencies::v1::CreateAgencyRequest request;
    request.set_agency_id(UniqueId(absl::StrCat("quan-3-ubnd-", code)));
    agencies::v1::Agency& agency = *request.mutable_agency();
    agency.set_display_name(absl::StrCat("Ủy ban nhân dân ", name, " Quận 3"));
    agency.set_short_name(absl::StrCat("UBND ", name, " Quận 3"));
    agency.set_kind(agencies::v1::AGENCY_KIND_PEOPLES_COMMITTEE);
    agency.set_unit(absl::StrCat("units/", code));
    *agency.mutable_valid_to() = std::string(code) == "27139" ? Day(2025, 6, 30) : Day(2021, 1, 31);
    agency.set_assignable(true);
    absl::StatusOr<agencies::v1::Agency> created =
        Agencies()->agency_registry().CreateAgency(request);
    if (!created.ok()) return created.status();
    *ward = created->name();
  }
  const std::string plan_id = UniqueId("quan-3-2020");
  pv1::Plan content = MinimalPlan("units/79", "agencies/hcm-ubnd", "2020",
                                  absl::CivilDay(2020, 1, 15), "agencies/hcm-so-ldtbxh");
  *content.add_reporting() =
      ReportingLine(pv1::REPORT_KIND_ANNUAL, "2020", absl::CivilDay(2020, 11, 5),
                    {made.ward_8, made.ward_7, made.vo_thi_sau}, "agencies/hcm-so-ldtbxh");
  absl::StatusOr<pv1::Plan> issued = CreateIssuedPlan(content, plan_id);
  if (!issued.ok()) return issued.status();
  made.plan = "plans/" + plan_id;
  return made;
}

google::type::Date Day(int year, int month, int day) {
  google::type::Date date;
  date.set_year(year);
  date.set_month(month);
  date.set_day(day);
  return date;
}

google::type::Date Day(absl::CivilDay day) {
  return Day(static_cast<int>(day.year()), day.month(), day.day());
}

absl::Time At(int year, int month, int day, int hour, int minute) {
  return absl::FromCivil(absl::CivilSecond(year, month, day, hour, minute, 0),
                         absl::FixedTimeZone(7 * 60 * 60));
}

v1::IndicatorValue Count(const std::string& code, double value, const std::string& sex,
                         const std::string& location) {
  v1::IndicatorValue v;
  v.set_indicator(IndicatorName(code));
  v.set_value(value);
  SetSex(sex, &v);
  v.set_location(location);
  return v;
}

v1::IndicatorValue Ratio(const std::string& code, double numerator, double denominator,
                         const std::string& sex, const std::string& location) {
  v1::IndicatorValue v;
  v.set_indicator(IndicatorName(code));
  v.set_numerator(numerator);
  v.set_denominator(denominator);
  SetSex(sex, &v);
  v.set_location(location);
  return v;
}

std::optional<v1::RollupValue> ValueFor(const v1::Rollup& rollup, const std::string& sex) {
  for (const v1::RollupValue& value : rollup.values()) {
    if (value.categories_size() == (sex.empty() ? 0 : 1) && SexOf(value.categories()) == sex) {
      return value;
    }
  }
  return std::nullopt;
}

std::optional<v1::RollupValue> ChildValueFor(const v1::Rollup& rollup, const std::string& unit,
                                             const std::string& sex) {
  for (const v1::Rollup::Child& child : rollup.children()) {
    if (child.unit() != unit) continue;
    for (const v1::RollupValue& value : child.values()) {
      if (value.categories_size() == (sex.empty() ? 0 : 1) && SexOf(value.categories()) == sex) {
        return value;
      }
    }
  }
  return std::nullopt;
}

std::vector<std::string> ChildUnits(const v1::Rollup& rollup) {
  std::vector<std::string> units;
  for (const v1::Rollup::Child& child : rollup.children()) units.push_back(child.unit());
  return units;
}

std::vector<std::string> FieldsOf(const absl::Status& status) {
  std::vector<std::string> fields;
  for (const FieldViolation& v : FieldViolationsOf(status)) fields.push_back(v.field);
  return fields;
}

std::string ReasonOf(const absl::Status& status) {
  google::rpc::ErrorInfo info;
  return GetErrorInfo(status, &info) ? info.reason() : "";
}

const v1::ComplianceCounts* GroupCounts(
    const google::protobuf::RepeatedPtrField<v1::Compliance::Group>& groups,
    const std::string& key) {
  for (const v1::Compliance::Group& group : groups) {
    if (group.key() == key) return &group.counts();
  }
  return nullptr;
}

void ExpectCounts(const v1::ComplianceCounts* actual, const Counts& e, const std::string& what) {
  SCOPED_TRACE(what);
  ASSERT_NE(actual, nullptr) << what << ": no such group";
  EXPECT_EQ(actual->expected(), e.expected);
  EXPECT_EQ(actual->submitted(), e.submitted);
  EXPECT_EQ(actual->on_time(), e.on_time);
  EXPECT_EQ(actual->late(), e.late);
  EXPECT_EQ(actual->missing(), e.missing);
  EXPECT_EQ(actual->pending(), e.pending);
  EXPECT_EQ(actual->accepted(), e.accepted);
  EXPECT_EQ(actual->returned(), e.returned);
  EXPECT_EQ(actual->not_expected(), e.not_expected);
  if (e.expected > 0) {
    EXPECT_NEAR(actual->submission_rate(), 100.0 * e.submitted / e.expected, 1e-9);
    EXPECT_NEAR(actual->on_time_rate(), 100.0 * e.on_time / e.expected, 1e-9);
  } else {
    EXPECT_EQ(actual->submission_rate(), 0);
  }
  EXPECT_LE(actual->submission_rate(), 100.0);
  EXPECT_LE(actual->submitted(), actual->expected());
}

void ReportingTest::SetUp() {
  ASSERT_NE(Agencies(), nullptr);
  ASSERT_NE(Plans(), nullptr);
  ASSERT_FALSE(ShippedIndicators().empty());
  absl::StatusOr<std::unique_ptr<storage::Database>> db =
      ::interplan::testing::OpenFreshDatabase(GetParam());
  ASSERT_TRUE(db.ok()) << db.status();
  db_ = std::move(*db);
  absl::Status migrated = db_->Migrate(ReportingMigrations());
  ASSERT_TRUE(migrated.ok()) << migrated;
  catalogue_ = std::make_unique<IndicatorCatalogue>(*db_);
  absl::Status seeded = catalogue_->SeedAndLoad(ShippedIndicators());
  ASSERT_TRUE(seeded.ok()) << seeded;
  committer_ = std::make_unique<storage::GroupCommitter>(*db_);
  registry_ = std::make_unique<RememberingAgenciesClient>(*db_, *Agencies());
  feed_ = std::make_unique<PlanFeed>(*db_, *Plans(), *registry_, kLockAfterDays);
  rollups_ = std::make_unique<RollupEngine>(*db_, *catalogue_, *registry_);
  now_ = At(2026, 1, 1, 12, 0);
  reports_ = std::make_unique<ReportRegistry>(*db_, *committer_, *catalogue_, *registry_, *feed_,
                                              *rollups_, [this] { return now_; });
}

void ReportingTest::TearDown() {
  reports_.reset();
  rollups_.reset();
  feed_.reset();
  registry_.reset();
  committer_.reset();
  catalogue_.reset();
  db_.reset();
}

CallContext ReportingTest::Call() const {
  CallContext call;
  call.method = "/interplan.reporting.v1.ReportingService/Test";
  call.deadline = absl::Now() + absl::Seconds(30);
  // No principal: what a service with --auth=off sees, where every caller
  // may do anything. Who may do what is reporting_access_test's subject,
  // through the real binaries.
  return call;
}

void ReportingTest::Sync() {
  absl::StatusOr<int> synced = feed_->Sync(absl::Now() + absl::Seconds(30));
  ASSERT_TRUE(synced.ok()) << DescribeStatus(synced.status());
}

v1::Report ReportingTest::NewReport(const std::string& plan, const std::string& agency,
                                    v1::ReportKind kind, const std::string& period,
                                    absl::Time submitted_at) {
  v1::Report report;
  report.set_plan(plan);
  report.set_agency(agency);
  report.set_kind(kind);
  report.set_period(period);
  *report.mutable_submitted_at() = time::ToTimestamp(submitted_at);
  report.set_narrative("Báo cáo kết quả công tác bình đẳng giới");
  return report;
}

absl::StatusOr<v1::Report> ReportingTest::Submit(const v1::Report& report,
                                                 const std::string& request_id) {
  v1::SubmitReportRequest request;
  *request.mutable_report() = report;
  request.set_request_id(request_id);
  const absl::Time clock = now_;
  if (enter_when_handed_in_ && report.has_submitted_at()) {
    now_ = time::FromTimestamp(report.submitted_at());
  }
  absl::StatusOr<v1::Report> submitted = reports_->SubmitReport(request, Call());
  now_ = clock;
  return submitted;
}

v1::Report ReportingTest::MustSubmit(const v1::Report& report) {
  absl::StatusOr<v1::Report> submitted = Submit(report);
  EXPECT_TRUE(submitted.ok()) << report.agency() << " " << report.period() << ": "
                              << DescribeStatus(submitted.status());
  return submitted.ok() ? *submitted : v1::Report();
}

absl::StatusOr<v1::Report> ReportingTest::Accept(const std::string& name,
                                                 const std::string& request_id) {
  v1::AcceptReportRequest request;
  request.set_name(name);
  request.set_request_id(request_id);
  return reports_->AcceptReport(request, Call());
}

absl::StatusOr<v1::Report> ReportingTest::Return(const std::string& name, const std::string& reason,
                                                 const std::string& request_id) {
  v1::ReturnReportRequest request;
  request.set_name(name);
  request.set_reason(reason);
  request.set_request_id(request_id);
  return reports_->ReturnReport(request, Call());
}

v1::Report ReportingTest::SubmitAccepted(const v1::Report& report) {
  v1::Report submitted = MustSubmit(report);
  if (submitted.name().empty()) return submitted;
  absl::StatusOr<v1::Report> accepted = Accept(submitted.name());
  EXPECT_TRUE(accepted.ok()) << DescribeStatus(accepted.status());
  return accepted.ok() ? *accepted : v1::Report();
}

absl::StatusOr<v1::Rollup> ReportingTest::Rollup(const std::string& indicator,
                                                 const std::string& unit, const std::string& period,
                                                 absl::CivilDay as_of, bool by_child) {
  v1::GetRollupRequest request;
  request.set_indicator(IndicatorName(indicator));
  request.set_unit(unit);
  request.set_period(period);
  *request.mutable_as_of() = Day(as_of);
  request.set_by_child(by_child);
  return reports_->GetRollup(request, Call());
}

absl::StatusOr<v1::Compliance> ReportingTest::Compliance(const std::string& unit,
                                                         const std::string& plan,
                                                         const std::string& period,
                                                         std::optional<absl::CivilDay> as_of) {
  v1::GetComplianceRequest request;
  request.set_unit(unit);
  request.set_plan(plan);
  request.set_period(period);
  if (as_of.has_value()) *request.mutable_as_of() = Day(*as_of);
  return reports_->GetCompliance(request, Call());
}

std::vector<v1::Obligation> ReportingTest::Obligations(const std::string& plan,
                                                       const std::string& agency,
                                                       const std::string& period,
                                                       std::optional<absl::CivilDay> as_of) {
  v1::ListObligationsRequest request;
  request.set_plan(plan);
  request.set_agency(agency);
  request.set_period(period);
  if (as_of.has_value()) *request.mutable_as_of() = Day(*as_of);
  request.set_page_size(40);
  std::vector<v1::Obligation> all;
  std::set<std::string> seen;
  for (int page = 0; page < 100; ++page) {
    absl::StatusOr<v1::ListObligationsResponse> response =
        reports_->ListObligations(request, Call());
    EXPECT_TRUE(response.ok()) << DescribeStatus(response.status());
    if (!response.ok()) break;
    for (const v1::Obligation& o : response->obligations()) {
      EXPECT_TRUE(seen.insert(o.name()).second) << o.name() << " listed twice";
      all.push_back(o);
    }
    if (response->next_page_token().empty()) break;
    request.set_page_token(response->next_page_token());
  }
  return all;
}

v1::Obligation ReportingTest::ObligationOf(const std::string& plan, const std::string& agency,
                                           v1::ReportKind kind, const std::string& period,
                                           absl::CivilDay as_of) {
  std::vector<v1::Obligation> found;
  for (const v1::Obligation& o : Obligations(plan, agency, period, as_of)) {
    if (o.kind() == kind) found.push_back(o);
  }
  EXPECT_EQ(found.size(), 1u) << plan << " " << agency << " " << period;
  return found.size() == 1 ? found[0] : v1::Obligation();
}

int64_t ReportingTest::CountRows(absl::string_view table, absl::string_view where) {
  int64_t count = -1;
  absl::Status status = db_->Read([&](storage::Transaction& txn) -> absl::Status {
    absl::StatusOr<storage::Row> row = txn.QueryRow(
        absl::StrCat("SELECT COUNT(*) FROM ", table, where.empty() ? "" : " WHERE ", where));
    if (!row.ok()) return row.status();
    count = (*row)[0].AsInt();
    return absl::OkStatus();
  });
  EXPECT_TRUE(status.ok()) << status;
  return count;
}

std::string ReportingTest::DumpStore() {
  const std::pair<const char*, const char*> queries[] = {
      {"obligations", "SELECT * FROM obligations ORDER BY id"},
      {"reports", "SELECT * FROM reports ORDER BY id"},
      {"report_versions", "SELECT report_id, version FROM report_versions ORDER BY 1, 2"},
      {"report_transitions", "SELECT report_id, seq FROM report_transitions ORDER BY 1, 2"},
      {"rollups",
       "SELECT era, indicator, period, category_key, node_path, sum_value, sum_numerator,"
       " sum_denominator, value_count FROM rollups ORDER BY 1, 2, 3, 4, 5"},
      {"request_log", "SELECT method, request_id FROM request_log ORDER BY 1, 2"},
      {"followed_plans", "SELECT plan_id, revision, status FROM followed_plans ORDER BY 1"},
      {"plan_feed", "SELECT * FROM plan_feed"},
  };
  std::string dump;
  for (const auto& [table, sql] : queries) {
    absl::Status status =
        db_->Read([&, table = table, sql = sql](storage::Transaction& txn) -> absl::Status {
          absl::StatusOr<std::vector<storage::Row>> rows = txn.Query(sql);
          if (!rows.ok()) return rows.status();
          absl::StrAppend(&dump, table, ": ", rows->size(), " rows\n");
          for (const storage::Row& row : *rows) {
            for (const storage::SqlValue& value : row) absl::StrAppend(&dump, value.AsText(), "|");
            dump += "\n";
          }
          return absl::OkStatus();
        });
    EXPECT_TRUE(status.ok()) << table << ": " << status;
  }
  return dump;
}

}  // namespace interplan::reporting::test
