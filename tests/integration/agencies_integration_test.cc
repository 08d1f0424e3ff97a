// Starts the real interplan-agencies binary, imports the shipped reference
// data with the real `interplan` client, and checks through gRPC what any
// client sees: counts per snapshot, as_of queries on both sides of
// 2025-07-01, succession across the merger, health, reflection, errors with
// google.rpc details, and SIGTERM draining an in-flight call.
#include <signal.h>
#include <sys/stat.h>

#include <cstdlib>
#include <future>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include "absl/cleanup/cleanup.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/errors/errors.h"
#include "common/errors/grpc_status.h"
#include "gmock/gmock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpc/reflection/v1alpha/reflection.grpc.pb.h"
#include "gtest/gtest.h"
#include "interplan/agencies/v1/agencies.grpc.pb.h"
#include "interplan/agencies/v1/credentials.grpc.pb.h"
#include "interplan/agencies/v1/units.grpc.pb.h"
#include "tests/support/postgres_server.h"
#include "tests/support/service_process.h"

namespace interplan {
namespace {

namespace v1 = agencies::v1;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::ServiceProcess;

google::type::Date Day(int y, int m, int d) {
  google::type::Date date;
  date.set_year(y);
  date.set_month(m);
  date.set_day(d);
  return date;
}

std::unique_ptr<grpc::ClientContext> Call() {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(30)));
  return context;
}

std::vector<std::string> CodesOf(const google::protobuf::RepeatedPtrField<v1::Unit>& units) {
  std::vector<std::string> codes;
  for (const v1::Unit& unit : units) codes.push_back(unit.code());
  return codes;
}

// The agencies in the shipped reference file: one per non-empty line.
int WrittenAgencyCount() {
  std::istringstream in(
      testing::ReadFileOrEmpty(testing::SourcePath("data/reference/agencies.jsonl")));
  int count = 0;
  std::string line;
  while (std::getline(in, line)) count += line.empty() ? 0 : 1;
  return count;
}

// The agencies the first import created, as its last line says:
// "agencies: N created, ...".
int CreatedAgencies(const std::string& output) {
  const size_t at = output.find("agencies: ");
  if (at == std::string::npos) return -1;
  return std::atoi(output.c_str() + at + 10);
}

// Imports the reference data through the client; returns its output.
std::string ImportReference(const ServiceProcess& service) {
  absl::StatusOr<testing::CommandResult> result =
      testing::RunClient({"reference", "import"}, {{"INTERPLAN_AGENCIES_ADDR", service.address()}});
  EXPECT_TRUE(result.ok()) << result.status();
  if (!result.ok()) return "";
  EXPECT_EQ(result->exit_code, 0) << result->output;
  return result->output;
}

class AgenciesIntegrationTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<std::unique_ptr<ServiceProcess>> started =
        ServiceProcess::Start({.service = "agencies"});
    ASSERT_TRUE(started.ok()) << started.status();
    service_ = started->release();
    import_output_ = new std::string(ImportReference(*service_));
  }
  static void TearDownTestSuite() {
    delete service_;
    delete import_output_;
  }

  void SetUp() override {
    ASSERT_NE(service_, nullptr);
    units_ = v1::UnitService::NewStub(service_->NewChannel());
    agencies_ = v1::AgencyService::NewStub(service_->NewChannel());
  }

  int32_t Count(v1::UnitLevel level, const google::type::Date& as_of) {
    v1::ListUnitsRequest request;
    request.set_level(level);
    *request.mutable_as_of() = as_of;
    request.set_page_size(1);
    v1::ListUnitsResponse response;
    grpc::Status status = units_->ListUnits(Call().get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.total_size();
  }

  static ServiceProcess* service_;
  static std::string* import_output_;
  std::unique_ptr<v1::UnitService::Stub> units_;
  std::unique_ptr<v1::AgencyService::Stub> agencies_;
};

ServiceProcess* AgenciesIntegrationTest::service_ = nullptr;
std::string* AgenciesIntegrationTest::import_output_ = nullptr;

TEST_F(AgenciesIntegrationTest, ImportReportsWhatItKeptAndWhatItSkipped) {
  EXPECT_THAT(*import_output_, HasSubstr("links: 10034 commune"));
  EXPECT_THAT(*import_output_, HasSubstr("skipped 943 mapping rows: no old code"));
  EXPECT_THAT(*import_output_, HasSubstr("13 old communes have no successor"));
  // The file's agencies and a People's Committee for every other run of a
  // unit through the lists (more than 15,000: 12,067 runs of 2019-2025 and
  // 3,355 units of 2025-07, counted from the files).
  EXPECT_GT(CreatedAgencies(*import_output_), WrittenAgencyCount() + 15000);
}

TEST_F(AgenciesIntegrationTest, CountsPerSnapshot) {
  const google::type::Date before = Day(2025, 3, 1), after = Day(2025, 8, 1);
  EXPECT_EQ(Count(v1::UNIT_LEVEL_PROVINCE, before), 63);
  EXPECT_EQ(Count(v1::UNIT_LEVEL_DISTRICT, before), 696);
  EXPECT_EQ(Count(v1::UNIT_LEVEL_COMMUNE, before), 10047);
  EXPECT_EQ(Count(v1::UNIT_LEVEL_PROVINCE, after), 34);
  EXPECT_EQ(Count(v1::UNIT_LEVEL_DISTRICT, after), 0);
  EXPECT_EQ(Count(v1::UNIT_LEVEL_COMMUNE, after), 3321);
}

TEST_F(AgenciesIntegrationTest, SecondImportChangesNothing) {
  const std::string output = ImportReference(*service_);
  EXPECT_THAT(output, HasSubstr("2019-09-11  63         713        11161     0         0          "
                                "0        11937"));
  EXPECT_THAT(output, HasSubstr("2025-03     63         696        10047     0         0          "
                                "0        10806"));
  EXPECT_THAT(output,
              HasSubstr(absl::StrCat("agencies: 0 created, ", CreatedAgencies(*import_output_),
                                     " already there, 0 differing")));
  EXPECT_EQ(Count(v1::UNIT_LEVEL_COMMUNE, Day(2025, 3, 1)), 10047);
}

TEST_F(AgenciesIntegrationTest, HoChiMinhCityOnBothSidesOfTheMerger) {
  v1::ListUnitsRequest request;
  request.set_parent("units/79");
  *request.mutable_as_of() = Day(2024, 1, 1);
  v1::ListUnitsResponse response;
  ASSERT_TRUE(units_->ListUnits(Call().get(), request, &response).ok());
  EXPECT_EQ(response.units_size(), 22);
  for (const v1::Unit& unit : response.units()) {
    EXPECT_EQ(unit.level(), v1::UNIT_LEVEL_DISTRICT) << unit.display_name();
  }
  EXPECT_THAT(CodesOf(response.units()), ::testing::Contains("764"));  // Gò Vấp

  *request.mutable_as_of() = Day(2026, 1, 1);
  request.set_page_size(1000);
  ASSERT_TRUE(units_->ListUnits(Call().get(), request, &response).ok());
  EXPECT_EQ(response.units_size(), 168);  // wards and communes, no districts
  for (const v1::Unit& unit : response.units()) {
    EXPECT_EQ(unit.level(), v1::UNIT_LEVEL_COMMUNE) << unit.display_name();
  }
}

TEST_F(AgenciesIntegrationTest, SuccessorsAndPredecessorsAcrossTheMerger) {
  v1::ListSuccessorsRequest successors;
  successors.set_name("units/26881");
  v1::ListSuccessorsResponse after;
  ASSERT_TRUE(units_->ListSuccessors(Call().get(), successors, &after).ok());
  EXPECT_EQ(after.unit().display_name(), "Phường 12");
  ASSERT_THAT(CodesOf(after.units()), ElementsAre("26882"));
  EXPECT_EQ(after.units(0).display_name(), "Phường An Hội Tây");
  EXPECT_EQ(after.units(0).valid_from().year(), 2025);

  v1::ListPredecessorsRequest predecessors;
  predecessors.set_name("units/26882");
  *predecessors.mutable_as_of() = Day(2026, 1, 1);
  v1::ListPredecessorsResponse before;
  ASSERT_TRUE(units_->ListPredecessors(Call().get(), predecessors, &before).ok());
  EXPECT_EQ(before.unit().display_name(), "Phường An Hội Tây");
  EXPECT_THAT(CodesOf(before.units()), ElementsAre("26881", "26882"));
  EXPECT_EQ(before.units(1).display_name(), "Phường 14");
  EXPECT_EQ(before.units(1).parent(), "units/764");
}

TEST_F(AgenciesIntegrationTest, ProvinceFifteenBeforeAndAfter) {
  v1::GetUnitRequest request;
  request.set_name("units/15");
  *request.mutable_as_of() = Day(2025, 6, 30);
  v1::Unit yen_bai;
  ASSERT_TRUE(units_->GetUnit(Call().get(), request, &yen_bai).ok());
  EXPECT_EQ(yen_bai.display_name(), "Tỉnh Yên Bái");
  ASSERT_EQ(yen_bai.successors_size(), 1);
  EXPECT_EQ(yen_bai.successors(0).display_name(), "Tỉnh Lào Cai");

  *request.mutable_as_of() = Day(2025, 7, 1);
  v1::Unit lao_cai;
  ASSERT_TRUE(units_->GetUnit(Call().get(), request, &lao_cai).ok());
  EXPECT_EQ(lao_cai.display_name(), "Tỉnh Lào Cai");
  // Its predecessors: the two provinces (old Lào Cai was code 10) and,
  // derived likewise, the districts whose communes it took over.
  std::set<std::string> provinces;
  for (const v1::UnitRef& ref : lao_cai.predecessors()) {
    if (ref.unit().size() == std::string("units/15").size()) provinces.insert(ref.unit());
  }
  EXPECT_EQ(provinces, (std::set<std::string>{"units/10", "units/15"}));
}

// `units history` prints every version and link of a code with its dates;
// an operator's link and start correction, made with the client, show
// there with their resolution.
TEST_F(AgenciesIntegrationTest, UnitHistoryAndItsCorrectionsThroughTheClient) {
  const std::map<std::string, std::string> env = {{"INTERPLAN_AGENCIES_ADDR", service_->address()}};
  absl::StatusOr<testing::CommandResult> history =
      testing::RunClient({"units", "history", "769"}, env);
  ASSERT_TRUE(history.ok()) << history.status();
  ASSERT_EQ(history->exit_code, 0) << history->output;
  EXPECT_THAT(history->output, HasSubstr("..2021-01-31"));
  EXPECT_THAT(history->output, HasSubstr("Quận 2"));
  EXPECT_THAT(history->output, HasSubstr("2021-02-01..2025-06-30"));
  EXPECT_THAT(history->output, HasSubstr("to units/769 Thành phố Thủ Đức"));
  EXPECT_THAT(history->output, HasSubstr("same code, next list"));
  EXPECT_THAT(history->output, HasSubstr("2 versions of units/769"));

  absl::StatusOr<testing::CommandResult> refused =
      testing::RunClient({"units", "link", "763", "769"}, env);
  ASSERT_TRUE(refused.ok()) << refused.status();
  EXPECT_NE(refused->exit_code, 0);
  EXPECT_THAT(refused->output, HasSubstr("--basis"));

  absl::StatusOr<testing::CommandResult> linked =
      testing::RunClient({"units", "link", "763", "769", "--basis", "1111/NQ-UBTVQH14",
                          "--effective", "2021-01-01", "--new-as-of", "2021-02-01"},
                         env);
  ASSERT_TRUE(linked.ok()) << linked.status();
  ASSERT_EQ(linked->exit_code, 0) << linked->output;
  EXPECT_THAT(linked->output, HasSubstr("units/763 is succeeded by units/769 Thành phố Thủ Đức"));
  history = testing::RunClient({"units", "history", "763"}, env);
  ASSERT_TRUE(history.ok()) << history.status();
  EXPECT_THAT(history->output, HasSubstr("to units/769 Thành phố Thủ Đức"));
  EXPECT_THAT(history->output, HasSubstr("added by an operator; 1111/NQ-UBTVQH14, effective "
                                         "2021-01-01"));

  absl::StatusOr<testing::CommandResult> corrected =
      testing::RunClient({"units", "correct-start", "769", "--as-of", "2021-06-01", "--basis",
                          "1111/NQ-UBTVQH14", "--effective", "2021-01-01"},
                         env);
  ASSERT_TRUE(corrected.ok()) << corrected.status();
  ASSERT_EQ(corrected->exit_code, 0) << corrected->output;
  EXPECT_THAT(corrected->output, HasSubstr("now valid 2021-01-01..2025-06-30"));
  v1::GetUnitRequest get;
  get.set_name("units/769");
  *get.mutable_as_of() = Day(2021, 1, 15);
  v1::Unit unit;
  ASSERT_TRUE(units_->GetUnit(Call().get(), get, &unit).ok());
  EXPECT_EQ(unit.display_name(), "Thành phố Thủ Đức");
  EXPECT_EQ(unit.start_basis().document_number(), "1111/NQ-UBTVQH14");
}

TEST_F(AgenciesIntegrationTest, AncestorsAsOfADate) {
  v1::ListAncestorsRequest request;
  request.set_name("units/26882");
  *request.mutable_as_of() = Day(2024, 6, 1);
  v1::ListAncestorsResponse response;
  ASSERT_TRUE(units_->ListAncestors(Call().get(), request, &response).ok());
  EXPECT_THAT(CodesOf(response.units()), ElementsAre("764", "79"));
  *request.mutable_as_of() = Day(2026, 6, 1);
  ASSERT_TRUE(units_->ListAncestors(Call().get(), request, &response).ok());
  EXPECT_THAT(CodesOf(response.units()), ElementsAre("79"));
}

TEST_F(AgenciesIntegrationTest, AccentInsensitiveAgencySearch) {
  v1::ListAgenciesRequest request;
  request.set_query("so lao dong dong nai");
  v1::ListAgenciesResponse response;
  ASSERT_TRUE(agencies_->ListAgencies(Call().get(), request, &response).ok());
  ASSERT_EQ(response.agencies_size(), 1);
  EXPECT_EQ(response.agencies(0).display_name(),
            "Sở Lao động - Thương binh và Xã hội tỉnh Đồng Nai");
}

TEST_F(AgenciesIntegrationTest, BadInputComesBackWithFieldViolations) {
  v1::ListUnitsRequest request;
  request.set_page_size(-1);
  request.set_page_token("not-a-token");
  v1::ListUnitsResponse response;
  grpc::Status status = units_->ListUnits(Call().get(), request, &response);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  std::vector<FieldViolation> violations = FieldViolationsOf(FromGrpcStatus(status));
  std::set<std::string> fields;
  for (const FieldViolation& v : violations) fields.insert(v.field);
  EXPECT_EQ(fields, (std::set<std::string>{"page_size", "page_token"}));
  google::rpc::ErrorInfo info;
  ASSERT_TRUE(GetErrorInfo(FromGrpcStatus(status), &info));
  EXPECT_EQ(info.domain(), "interplan.gov.vn");
}

TEST_F(AgenciesIntegrationTest, CreateRetriedWithTheSameRequestIdWritesOnce) {
  v1::CreateAgencyRequest request;
  request.set_agency_id("lai-chau-test-office");
  request.set_request_id("integration-create-1");
  request.mutable_agency()->set_display_name("Văn phòng thử nghiệm tỉnh Lai Châu");
  request.mutable_agency()->set_kind(v1::AGENCY_KIND_OTHER);
  request.mutable_agency()->set_unit("units/12");
  v1::Agency first, second;
  ASSERT_TRUE(agencies_->CreateAgency(Call().get(), request, &first).ok());
  grpc::Status retry = agencies_->CreateAgency(Call().get(), request, &second);
  ASSERT_TRUE(retry.ok()) << retry.error_message();
  EXPECT_EQ(first.create_time().seconds(), second.create_time().seconds());
  EXPECT_EQ(first.create_time().nanos(), second.create_time().nanos());
  request.set_request_id("integration-create-2");
  v1::Agency third;
  EXPECT_EQ(agencies_->CreateAgency(Call().get(), request, &third).error_code(),
            grpc::StatusCode::ALREADY_EXISTS);
}

TEST_F(AgenciesIntegrationTest, BatchCreateIsAllOrNothingAndARetryWritesOnce) {
  v1::BatchCreateAgenciesRequest request;
  for (const char* id : {"batch-test-office-1", "batch-test-office-2"}) {
    v1::CreateAgencyRequest* one = request.add_requests();
    one->set_agency_id(id);
    one->mutable_agency()->set_display_name(absl::StrCat("Văn phòng ", id));
    one->mutable_agency()->set_kind(v1::AGENCY_KIND_OTHER);
    one->mutable_agency()->set_unit("units/12");
  }
  request.set_request_id("integration-batch-1");
  // The second one bad: nothing is written, and the violation names it.
  v1::BatchCreateAgenciesRequest bad = request;
  bad.mutable_requests(1)->mutable_agency()->set_unit("units/99999");
  v1::BatchCreateAgenciesResponse response;
  grpc::Status status = agencies_->BatchCreateAgencies(Call().get(), bad, &response);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
  EXPECT_EQ(FieldViolationsOf(FromGrpcStatus(status)).at(0).field, "requests[1].agency.unit");
  v1::GetAgencyRequest get;
  get.set_name("agencies/batch-test-office-1");
  v1::Agency agency;
  EXPECT_EQ(agencies_->GetAgency(Call().get(), get, &agency).error_code(),
            grpc::StatusCode::NOT_FOUND);
  // The same id twice in one batch.
  bad = request;
  bad.mutable_requests(1)->set_agency_id("batch-test-office-1");
  status = agencies_->BatchCreateAgencies(Call().get(), bad, &response);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(FieldViolationsOf(FromGrpcStatus(status)).at(0).field, "requests[1].agency_id");

  ASSERT_TRUE(agencies_->BatchCreateAgencies(Call().get(), request, &response).ok());
  ASSERT_EQ(response.agencies_size(), 2);
  EXPECT_EQ(response.agencies(1).name(), "agencies/batch-test-office-2");
  v1::BatchCreateAgenciesResponse again;
  status = agencies_->BatchCreateAgencies(Call().get(), request, &again);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(again.SerializeAsString(), response.SerializeAsString());
  request.set_request_id("integration-batch-2");
  EXPECT_EQ(agencies_->BatchCreateAgencies(Call().get(), request, &again).error_code(),
            grpc::StatusCode::ALREADY_EXISTS);
  // Over the limit.
  v1::BatchCreateAgenciesRequest large;
  for (int i = 0; i < 1001; ++i) *large.add_requests() = request.requests(0);
  status = agencies_->BatchCreateAgencies(Call().get(), large, &response);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(FieldViolationsOf(FromGrpcStatus(status)).at(0).field, "requests");
}

// Every unit has its People's Committee, listed by the level of its unit:
// "UBND các phường" of Gò Vấp as of a day.
TEST_F(AgenciesIntegrationTest, PeoplesCommitteesOfTheWardsOfADay) {
  auto wards = [&](const google::type::Date& as_of) {
    v1::ListAgenciesRequest request;
    request.set_unit("units/764");
    request.set_kind(v1::AGENCY_KIND_PEOPLES_COMMITTEE);
    request.set_unit_level(v1::UNIT_LEVEL_COMMUNE);
    *request.mutable_as_of() = as_of;
    request.set_page_size(100);
    v1::ListAgenciesResponse response;
    grpc::Status status = agencies_->ListAgencies(Call().get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.agencies_size();
  };
  EXPECT_EQ(wards(Day(2019, 6, 1)), 16);
  EXPECT_EQ(wards(Day(2025, 1, 1)), 12);
  // Without a level: the district's own committee too.
  v1::ListAgenciesRequest all;
  all.set_unit("units/764");
  all.set_kind(v1::AGENCY_KIND_PEOPLES_COMMITTEE);
  *all.mutable_as_of() = Day(2019, 6, 1);
  v1::ListAgenciesResponse response;
  ASSERT_TRUE(agencies_->ListAgencies(Call().get(), all, &response).ok());
  EXPECT_EQ(response.agencies_size(), 17);
  // A Quảng Ngãi commune of 2019 nobody wrote by hand.
  v1::ListAgenciesRequest search;
  search.set_query("ubnd xa binh chau binh son");
  ASSERT_TRUE(agencies_->ListAgencies(Call().get(), search, &response).ok());
  std::map<std::string, std::string> found;
  for (const v1::Agency& agency : response.agencies()) {
    found[agency.name()] = agency.display_name();
  }
  EXPECT_EQ(found["agencies/ubnd-21112-until-20250630"],
            "Ủy ban nhân dân xã Bình Châu, huyện Bình Sơn, tỉnh Quảng Ngãi");
  // The national bodies alone.
  v1::ListAgenciesRequest national;
  national.set_national_only(true);
  national.set_page_size(1000);
  ASSERT_TRUE(agencies_->ListAgencies(Call().get(), national, &response).ok());
  std::set<std::string> national_names;
  for (const v1::Agency& agency : response.agencies()) {
    EXPECT_EQ(agency.unit(), "") << agency.name();
    national_names.insert(agency.name());
  }
  EXPECT_TRUE(national_names.count("agencies/moha")) << response.agencies_size();
  national.set_unit("units/79");
  grpc::Status refused = agencies_->ListAgencies(Call().get(), national, &response);
  ASSERT_EQ(refused.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(FieldViolationsOf(FromGrpcStatus(refused)).at(0).field, "national_only");
  all.set_unit_level(static_cast<v1::UnitLevel>(42));
  grpc::Status status = agencies_->ListAgencies(Call().get(), all, &response);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(FieldViolationsOf(FromGrpcStatus(status)).at(0).field, "unit_level");
}

TEST_F(AgenciesIntegrationTest, OversizedMessagesAreRefusedAndNothingIsWritten) {
  // A field over its own limit: INVALID_ARGUMENT naming it.
  v1::CreateAgencyRequest request;
  request.set_agency_id("oversized-name");
  request.mutable_agency()->set_display_name(std::string(5000, 'x'));
  request.mutable_agency()->set_kind(v1::AGENCY_KIND_OTHER);
  v1::Agency agency;
  grpc::Status status = agencies_->CreateAgency(Call().get(), request, &agency);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(FieldViolationsOf(FromGrpcStatus(status)).at(0).field, "agency.display_name");
  // A message over the transport limit (8 MiB by default).
  request.mutable_agency()->set_display_name(std::string(9 << 20, 'x'));
  status = agencies_->CreateAgency(Call().get(), request, &agency);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  v1::GetAgencyRequest get;
  get.set_name("agencies/oversized-name");
  EXPECT_EQ(agencies_->GetAgency(Call().get(), get, &agency).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(AgenciesIntegrationTest, HealthAnswersForTheServerAndEachService) {
  auto health = grpc::health::v1::Health::NewStub(service_->NewChannel());
  for (const char* name :
       {"", "interplan.agencies.v1.UnitService", "interplan.agencies.v1.AgencyService"}) {
    grpc::health::v1::HealthCheckRequest request;
    request.set_service(name);
    grpc::health::v1::HealthCheckResponse response;
    ASSERT_TRUE(health->Check(Call().get(), request, &response).ok()) << name;
    EXPECT_EQ(response.status(), grpc::health::v1::HealthCheckResponse::SERVING) << name;
  }
  grpc::health::v1::HealthCheckRequest unknown;
  unknown.set_service("no.such.Service");
  grpc::health::v1::HealthCheckResponse response;
  EXPECT_EQ(health->Check(Call().get(), unknown, &response).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

// The reference People's Committee of unit 46, renamed on 2025-01-01: one
// agency whose name as of a date is the name it bore then, found by its old
// name too.
TEST_F(AgenciesIntegrationTest, ClientShowsTheNameAnAgencyBoreOnADate) {
  const std::map<std::string, std::string> env = {{"INTERPLAN_AGENCIES_ADDR", service_->address()}};
  absl::StatusOr<testing::CommandResult> old_name =
      testing::RunClient({"agencies", "get", "hue-ubnd", "--as-of", "2024-06-01"}, env);
  ASSERT_TRUE(old_name.ok()) << old_name.status();
  EXPECT_EQ(old_name->exit_code, 0) << old_name->output;
  EXPECT_THAT(old_name->output, HasSubstr("display_name  Ủy ban nhân dân tỉnh Thừa Thiên Huế"));
  EXPECT_THAT(old_name->output, HasSubstr("short_name    UBND tỉnh Thừa Thiên Huế"));
  EXPECT_THAT(old_name->output,
              HasSubstr("earlier_name  Ủy ban nhân dân tỉnh Thừa Thiên Huế (UBND tỉnh Thừa "
                        "Thiên Huế) ..2024-12-31"));

  absl::StatusOr<testing::CommandResult> current =
      testing::RunClient({"agencies", "get", "hue-ubnd"}, env);
  ASSERT_TRUE(current.ok()) << current.status();
  EXPECT_THAT(current->output, HasSubstr("display_name  Ủy ban nhân dân thành phố Huế"));

  v1::ListAgenciesRequest search;
  search.set_query("thua thien hue");
  search.set_kind(v1::AGENCY_KIND_PEOPLES_COMMITTEE);
  // The province's committee (its wards' committees bear the name too).
  search.set_unit_level(v1::UNIT_LEVEL_PROVINCE);
  v1::ListAgenciesResponse found;
  grpc::Status status = agencies_->ListAgencies(Call().get(), search, &found);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(found.agencies_size(), 1);
  EXPECT_EQ(found.agencies(0).name(), "agencies/hue-ubnd");
  EXPECT_EQ(found.agencies(0).display_name(), "Ủy ban nhân dân thành phố Huế");
}

TEST_F(AgenciesIntegrationTest, ReflectionListsTheServices) {
  auto reflection = grpc::reflection::v1alpha::ServerReflection::NewStub(service_->NewChannel());
  auto context = Call();
  auto stream = reflection->ServerReflectionInfo(context.get());
  grpc::reflection::v1alpha::ServerReflectionRequest request;
  request.set_list_services("");
  ASSERT_TRUE(stream->Write(request));
  grpc::reflection::v1alpha::ServerReflectionResponse response;
  ASSERT_TRUE(stream->Read(&response));
  std::set<std::string> services;
  for (const auto& s : response.list_services_response().service()) services.insert(s.name());
  EXPECT_TRUE(services.count("interplan.agencies.v1.UnitService"));
  EXPECT_TRUE(services.count("interplan.agencies.v1.AgencyService"));
  EXPECT_TRUE(services.count("interplan.agencies.v1.CredentialService"));
  EXPECT_TRUE(services.count("grpc.health.v1.Health"));
  // And a client can fetch the schema of a method's messages.
  request.set_file_containing_symbol("interplan.agencies.v1.UnitService");
  ASSERT_TRUE(stream->Write(request));
  ASSERT_TRUE(stream->Read(&response));
  EXPECT_GT(response.file_descriptor_response().file_descriptor_proto_size(), 0);
  stream->WritesDone();
  EXPECT_TRUE(stream->Finish().ok());
}

absl::StatusOr<v1::Principal> AuthenticateKey(v1::CredentialService::Stub& stub,
                                              const std::string& key) {
  v1::AuthenticateRequest request;
  request.set_api_key(key);
  v1::Principal principal;
  grpc::Status status = stub.Authenticate(Call().get(), request, &principal);
  if (!status.ok()) return FromGrpcStatus(status);
  return principal;
}

TEST_F(AgenciesIntegrationTest, ApiKeyCreatedAuthenticatesUntilRevoked) {
  auto credentials = v1::CredentialService::NewStub(service_->NewChannel());
  v1::CreateApiKeyRequest create;
  create.set_agency("agencies/dong-nai-so-noi-vu");
  create.set_display_name("integration test");
  create.set_request_id("integration-key-1");
  v1::CreateApiKeyResponse created;
  grpc::Status status = credentials->CreateApiKey(Call().get(), create, &created);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(created.api_key().role(), v1::ROLE_PROVINCIAL_COORDINATOR);
  // A retry through the wire returns the same secret.
  v1::CreateApiKeyResponse retried;
  ASSERT_TRUE(credentials->CreateApiKey(Call().get(), create, &retried).ok());
  EXPECT_EQ(retried.secret(), created.secret());

  absl::StatusOr<v1::Principal> principal = AuthenticateKey(*credentials, created.secret());
  ASSERT_TRUE(principal.ok()) << principal.status();
  EXPECT_EQ(principal->agency(), "agencies/dong-nai-so-noi-vu");
  EXPECT_EQ(principal->unit(), "units/75");

  v1::RevokeApiKeyRequest revoke;
  revoke.set_name(created.api_key().name());
  v1::ApiKey revoked;
  ASSERT_TRUE(credentials->RevokeApiKey(Call().get(), revoke, &revoked).ok());
  EXPECT_TRUE(revoked.has_revoke_time());
  principal = AuthenticateKey(*credentials, created.secret());
  EXPECT_TRUE(absl::IsUnauthenticated(principal.status())) << principal.status();
}

TEST_F(AgenciesIntegrationTest, ClientCreatesListsAndRevokesKeys) {
  const std::map<std::string, std::string> env = {{"INTERPLAN_AGENCIES_ADDR", service_->address()}};
  absl::StatusOr<testing::CommandResult> created =
      testing::RunClient({"keys", "create", "--agency", "dong-nai-so-noi-vu", "--name",
                          "Sở Nội vụ's reporting system", "--expires", "2099-12-31"},
                         env);
  ASSERT_TRUE(created.ok()) << created.status();
  ASSERT_EQ(created->exit_code, 0) << created->output;
  EXPECT_THAT(created->output, HasSubstr("secret: ipk_"));
  EXPECT_THAT(created->output, HasSubstr("cannot be shown again"));
  EXPECT_THAT(created->output, HasSubstr("provincial-coordinator"));
  const size_t at = created->output.find("agencies/dong-nai-so-noi-vu/apiKeys/");
  ASSERT_NE(at, std::string::npos);
  const std::string name = created->output.substr(at, created->output.find(' ', at) - at);

  absl::StatusOr<testing::CommandResult> listed =
      testing::RunClient({"keys", "list", "--agency", "dong-nai-so-noi-vu"}, env);
  ASSERT_TRUE(listed.ok()) << listed.status();
  EXPECT_THAT(listed->output, HasSubstr(name));
  EXPECT_THAT(listed->output, ::testing::Not(HasSubstr("secret")));

  absl::StatusOr<testing::CommandResult> revoked =
      testing::RunClient({"keys", "revoke", name}, env);
  ASSERT_TRUE(revoked.ok()) << revoked.status();
  EXPECT_EQ(revoked->exit_code, 0) << revoked->output;
  listed = testing::RunClient({"keys", "list", "--agency", "dong-nai-so-noi-vu"}, env);
  EXPECT_THAT(listed->output, ::testing::Not(HasSubstr(name)));
}

TEST(AgenciesBootstrapTest, BootstrapKeyFileHoldsAnOperatorKeyKeptAcrossRestarts) {
  absl::StatusOr<std::string> dir = testing::MakeTempDir("agencies-bootstrap");
  ASSERT_TRUE(dir.ok()) << dir.status();
  // The service does not own a data folder it is given: removed here, after
  // each start's process has stopped, whatever the outcome.
  absl::Cleanup remove_dir = [dir = *dir] { testing::RemoveTree(dir); };
  const std::string key_file = absl::StrCat(*dir, "/var/credentials/operator.key");
  const std::string data_dir = *dir;
  std::string key;
  for (int start = 0; start < 2; ++start) {
    absl::StatusOr<std::unique_ptr<ServiceProcess>> service =
        ServiceProcess::Start({.service = "agencies",
                               .env = {{"INTERPLAN_BOOTSTRAP_KEY_FILE", key_file}},
                               .data_dir = data_dir});
    ASSERT_TRUE(service.ok()) << service.status();
    struct stat info;
    ASSERT_EQ(stat(key_file.c_str(), &info), 0) << (*service)->Log();
    EXPECT_EQ(info.st_mode & 0777, 0600);
    std::string content = testing::ReadFileOrEmpty(key_file);
    while (!content.empty() && content.back() == '\n') content.pop_back();
    EXPECT_THAT(content, ::testing::StartsWith("ipk_"));
    if (start == 0) key = content;
    EXPECT_EQ(content, key) << "a valid bootstrap key is left alone";
    auto credentials = v1::CredentialService::NewStub((*service)->NewChannel());
    absl::StatusOr<v1::Principal> principal = AuthenticateKey(*credentials, content);
    ASSERT_TRUE(principal.ok()) << principal.status();
    EXPECT_EQ(principal->role(), v1::ROLE_OPERATOR);
    EXPECT_EQ(principal->agency(), "");
  }
}

TEST(AgenciesDrainTest, SigtermLetsAnInFlightCallFinishThenExitsZero) {
  // Every GetUnit is held 2 s, so one is surely in flight at SIGTERM.
  absl::StatusOr<std::unique_ptr<ServiceProcess>> service = ServiceProcess::Start(
      {.service = "agencies",
       .extra_args = {"--fault_delay_method=/interplan.agencies.v1.UnitService/GetUnit",
                      "--fault_delay=2s"}});
  ASSERT_TRUE(service.ok()) << service.status();
  auto stub = v1::UnitService::NewStub((*service)->NewChannel());
  std::future<grpc::Status> in_flight = std::async(std::launch::async, [&stub] {
    v1::GetUnitRequest request;
    request.set_name("units/79");
    v1::Unit unit;
    return stub->GetUnit(Call().get(), request, &unit);
  });
  absl::SleepFor(absl::Milliseconds(500));
  const absl::Time signalled = absl::Now();
  ASSERT_TRUE((*service)->process().Signal(SIGTERM).ok());
  // Draining: the health check says so (or the port is already closed).
  absl::SleepFor(absl::Milliseconds(200));
  auto health = grpc::health::v1::Health::NewStub((*service)->NewChannel());
  grpc::health::v1::HealthCheckResponse health_response;
  grpc::ClientContext health_context;
  health_context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Milliseconds(500)));
  grpc::Status health_status =
      health->Check(&health_context, grpc::health::v1::HealthCheckRequest(), &health_response);
  EXPECT_FALSE(health_status.ok() &&
               health_response.status() == grpc::health::v1::HealthCheckResponse::SERVING);

  grpc::Status finished = in_flight.get();
  const absl::Duration waited = absl::Now() - signalled;
  // The call completed normally: no data yet, so NOT_FOUND from the handler,
  // not CANCELLED or UNAVAILABLE from a cut connection.
  EXPECT_EQ(finished.error_code(), grpc::StatusCode::NOT_FOUND) << finished.error_message();
  EXPECT_GT(waited, absl::Milliseconds(1000));
  absl::StatusOr<int> exit_code = (*service)->process().Wait(absl::Seconds(30));
  ASSERT_TRUE(exit_code.ok());
  EXPECT_EQ(*exit_code, 0);
  const std::string log = (*service)->Log();
  EXPECT_THAT(log, HasSubstr("\"msg\":\"draining\""));
  EXPECT_THAT(log, HasSubstr("\"method\":\"/interplan.agencies.v1.UnitService/GetUnit\""));
  EXPECT_THAT(log, HasSubstr("\"msg\":\"stopped\""));
}

TEST(AgenciesStartupTest, BadConfigurationStopsStartupNamingTheValue) {
  testing::SubprocessOptions options;
  options.argv = {testing::BuildPath("services/agencies/interplan-agencies")};
  options.env = {{"INTERPLAN_DRAIN_TIMEOUT", "soon"}};
  absl::StatusOr<testing::CommandResult> result = testing::RunCommand(options);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->exit_code, 2);
  EXPECT_THAT(result->output, HasSubstr("--drain_timeout"));
  EXPECT_THAT(result->output, HasSubstr("INTERPLAN_DRAIN_TIMEOUT"));
}

TEST(AgenciesPostgresTest, TheBinaryServesFromPostgres) {
  absl::StatusOr<testing::PostgresServer*> postgres = testing::SharedPostgresServer();
  ASSERT_TRUE(postgres.ok()) << postgres.status();
  absl::StatusOr<std::unique_ptr<ServiceProcess>> service = ServiceProcess::Start(
      {.service = "agencies",
       .extra_args = {absl::StrCat("--database_url=", (*postgres)->Url("postgres"))}});
  ASSERT_TRUE(service.ok()) << service.status();
  const std::string output = ImportReference(**service);
  EXPECT_THAT(output, HasSubstr("links: 10034 commune"));
  auto units = v1::UnitService::NewStub((*service)->NewChannel());
  v1::ListUnitsRequest request;
  request.set_level(v1::UNIT_LEVEL_COMMUNE);
  *request.mutable_as_of() = Day(2025, 8, 1);
  v1::ListUnitsResponse response;
  ASSERT_TRUE(units->ListUnits(Call().get(), request, &response).ok());
  EXPECT_EQ(response.total_size(), 3321);
}

}  // namespace
}  // namespace interplan
