// ImportPlanDocument through the real binaries with authentication on:
// interplan-agencies with the reference data and interplan-plans, and the
// `interplan` client a provincial officer uses. A seed's signed document
// (.docx, .pdf, .txt) in, a draft and a review report out, nothing stored
// until the officer pushes; bad documents refused with a clear error while
// the service keeps serving.
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "common/errors/errors.h"
#include "common/errors/grpc_status.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "interplan/plans/v1/plans.grpc.pb.h"
#include "tests/services/plans/import/test_documents.h"
#include "tests/support/secured_suite.h"
#include "tests/support/service_process.h"

namespace interplan {
namespace {

namespace v1 = plans::v1;
using plans::import::testing::MakeDocx;
using plans::import::testing::MakePdf;
using plans::import::testing::MakeZerosZip;
using plans::import::testing::ReadFixture;
using plans::import::testing::WordDocument;
using testing::CallAs;
using ::testing::HasSubstr;

v1::CreatePlanRequest ReadJsonFile(const std::string& path) {
  v1::CreatePlanRequest request;
  auto status =
      google::protobuf::util::JsonStringToMessage(testing::ReadFileOrEmpty(path), &request);
  EXPECT_TRUE(status.ok()) << path << ": " << status.message();
  return request;
}

class PlanImportTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<std::unique_ptr<testing::SecuredSuite>> suite = testing::SecuredSuite::Start();
    ASSERT_TRUE(suite.ok()) << suite.status();
    suite_ = suite->release();
    absl::StatusOr<std::string> dir = testing::MakeTempDir("interplan-import");
    ASSERT_TRUE(dir.ok()) << dir.status();
    dir_ = new std::string(*dir);
  }
  static void TearDownTestSuite() {
    delete suite_;
    suite_ = nullptr;
    if (dir_ != nullptr) testing::RemoveTree(*dir_);
    delete dir_;
    dir_ = nullptr;
  }

  void SetUp() override {
    ASSERT_NE(suite_, nullptr);
    stub_ = v1::PlanService::NewStub(suite_->plans()->NewChannel());
  }

  std::string KeyOf(const std::string& agency) {
    absl::StatusOr<std::string> key = suite_->KeyFor(agency);
    EXPECT_TRUE(key.ok()) << key.status();
    return key.ok() ? *key : "";
  }

  // The document (a fixture's bytes) written where the client reads it.
  std::string Place(const std::string& file_name) {
    const std::string path = absl::StrCat(*dir_, "/", file_name);
    std::ofstream(path, std::ios::binary) << ReadFixture(file_name);
    return path;
  }

  // `content` imported with the key of `agency` (Đồng Nai's Home Affairs
  // department unless said).
  grpc::Status Import(const std::string& content, const std::string& file_name,
                      v1::ImportPlanDocumentResponse* response,
                      const std::string& agency = "dong-nai-so-noi-vu") {
    v1::ImportPlanDocumentRequest request;
    request.set_content(content);
    request.set_file_name(file_name);
    return stub_->ImportPlanDocument(CallAs(KeyOf(agency)).get(), request, response);
  }

  int PlanCount() {
    v1::ListPlansRequest request;
    request.set_page_size(100);
    v1::ListPlansResponse response;
    grpc::Status status =
        stub_->ListPlans(CallAs(suite_->operator_key()).get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.plans_size();
  }

  static testing::SecuredSuite* suite_;
  static std::string* dir_;
  std::unique_ptr<v1::PlanService::Stub> stub_;
};

testing::SecuredSuite* PlanImportTest::suite_ = nullptr;
std::string* PlanImportTest::dir_ = nullptr;

// Đồng Nai's plan of 2021 in each format, imported by the province's Home
// Affairs department with the client: the header as the fixture has it,
// a report of what to check, the draft written and nothing stored.
TEST_F(PlanImportTest, EachFormatGivesTheDraftAndAReportAndStoresNothing) {
  const v1::Plan fixture =
      ReadJsonFile(testing::SourcePath("tests/fixtures/plans/000_dong_nai_2021.json")).plan();
  const int plans_before = PlanCount();
  for (const char* format : {"txt", "docx", "pdf"}) {
    SCOPED_TRACE(format);
    const std::string document = Place(absl::StrCat("000_dong_nai_2021.", format));
    const std::string draft_path = absl::StrCat(*dir_, "/draft-", format, ".json");
    absl::StatusOr<testing::CommandResult> imported =
        testing::RunClient({"plans", "import", document, "--out", draft_path},
                           suite_->ClientEnv(KeyOf("dong-nai-so-noi-vu")));
    ASSERT_TRUE(imported.ok()) << imported.status();
    ASSERT_EQ(imported->exit_code, 0) << imported->output;
    EXPECT_THAT(imported->output,
                HasSubstr(absl::StrCat(format == std::string("txt") ? "text" : format, ", ")));
    EXPECT_THAT(imported->output, HasSubstr("draft written to " + draft_path));
    const v1::CreatePlanRequest draft = ReadJsonFile(draft_path);
    EXPECT_FALSE(draft.plan_id().empty());
    EXPECT_EQ(draft.plan().title(), fixture.title());
    EXPECT_EQ(draft.plan().unit(), fixture.unit());
    EXPECT_EQ(draft.plan().place(), fixture.place());
    EXPECT_EQ(draft.plan().issue_date().SerializeAsString(),
              fixture.issue_date().SerializeAsString());
    EXPECT_EQ(draft.plan().period(), fixture.period());
    EXPECT_EQ(draft.plan().legal_bases_size(), fixture.legal_bases_size());
  }
  EXPECT_EQ(PlanCount(), plans_before);
}

// The answer over gRPC: findings name the paragraph they come from, and
// the draft's validation is the caller's: another province's key may not
// push Đồng Nai's plan.
TEST_F(PlanImportTest, FindingsNameTheirParagraphAndValidationIsTheCallers) {
  const std::string document = ReadFixture("000_dong_nai_2021.docx");
  v1::ImportPlanDocumentResponse mine;
  grpc::Status status = Import(document, "000_dong_nai_2021.docx", &mine);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(mine.format(), "docx");
  ASSERT_GT(mine.findings_size(), 0);
  for (const v1::ImportFinding& finding : mine.findings()) {
    EXPECT_NE(finding.kind(), v1::ImportFinding::KIND_UNSPECIFIED);
    EXPECT_FALSE(finding.field().empty()) << finding.ShortDebugString();
    EXPECT_LE(finding.paragraph(), mine.paragraphs()) << finding.ShortDebugString();
    if (finding.kind() != v1::ImportFinding::KIND_MISSING) {
      EXPECT_GT(finding.paragraph(), 0) << finding.ShortDebugString();
    }
  }
  for (const auto& v : mine.validation().violations()) {
    EXPECT_THAT(v.description(), Not(HasSubstr("may not"))) << v.field();
  }

  v1::ImportPlanDocumentResponse theirs;
  status = Import(document, "000_dong_nai_2021.docx", &theirs, "quang-ngai-so-noi-vu");
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_FALSE(theirs.validation().valid());
  bool refused_unit = false;
  for (const auto& v : theirs.validation().violations()) {
    if (v.field() == "plan.unit") refused_unit = true;
  }
  EXPECT_TRUE(refused_unit) << theirs.validation().ShortDebugString();
}

// Review, then push: the officer imports Lai Châu's plan with --push
// --issue, and the plan read back is the draft, issued.
TEST_F(PlanImportTest, ImportPushAndReadBack) {
  const std::string document = Place("004_lai_chau_2024.docx");
  const std::string draft_path = absl::StrCat(*dir_, "/lai-chau-draft.json");
  const std::map<std::string, std::string> env = suite_->ClientEnv(KeyOf("lai-chau-so-noi-vu"));
  absl::StatusOr<testing::CommandResult> imported = testing::RunClient(
      {"plans", "import", document, "--out", draft_path, "--push", "--issue"}, env);
  ASSERT_TRUE(imported.ok()) << imported.status();
  ASSERT_EQ(imported->exit_code, 0) << imported->output;
  EXPECT_THAT(imported->output, HasSubstr("and issued"));
  const v1::CreatePlanRequest draft = ReadJsonFile(draft_path);

  v1::GetPlanRequest get;
  get.set_name(absl::StrCat("plans/", draft.plan_id()));
  v1::Plan stored;
  grpc::Status status = stub_->GetPlan(CallAs(KeyOf("lai-chau-so-noi-vu")).get(), get, &stored);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(stored.status(), v1::PLAN_STATUS_ISSUED);
  EXPECT_EQ(stored.title(), draft.plan().title());
  EXPECT_EQ(stored.issuer(), draft.plan().issuer());
  EXPECT_EQ(stored.sections_size(), draft.plan().sections_size());
  EXPECT_EQ(stored.reporting_size(), draft.plan().reporting_size());

  // The same document again: a document pushes new plans only; the one
  // stored is left as it is, and the officer is told how to amend it.
  imported = testing::RunClient({"plans", "import", document, "--out", draft_path, "--push"}, env);
  ASSERT_TRUE(imported.ok()) << imported.status();
  EXPECT_NE(imported->exit_code, 0) << imported->output;
  EXPECT_THAT(imported->output, HasSubstr("not pushed: plans/" + draft.plan_id() + " exists"));
  v1::Plan again;
  status = stub_->GetPlan(CallAs(KeyOf("lai-chau-so-noi-vu")).get(), get, &again);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(again.revision(), stored.revision());
}

// Đắk Lắk's plan of 2020 hands duties to "Ủy ban nhân dân các huyện, thị
// xã, thành phố": the draft names them as a group of the districts'
// committees, and the plans service finds its members as of 2020.
TEST_F(PlanImportTest, PeoplesCommitteesNamedAsAGroupBecomeAGroup) {
  v1::ImportPlanDocumentResponse response;
  grpc::Status status = Import(ReadFixture("003_dak_lak_2020.docx"), "003_dak_lak_2020.docx",
                               &response, "dak-lak-so-noi-vu");
  ASSERT_TRUE(status.ok()) << status.error_message();
  bool district_committees = false;
  for (const v1::Assignment& a : response.plan().assignments()) {
    for (const v1::AgencyGroup& group : a.addressee_groups()) {
      if (group.level() == agencies::v1::UNIT_LEVEL_DISTRICT &&
          group.kind() == agencies::v1::AGENCY_KIND_PEOPLES_COMMITTEE) {
        district_committees = true;
        EXPECT_THAT(group.text(), HasSubstr("huyện"));
      }
    }
  }
  EXPECT_TRUE(district_committees) << response.plan().ShortDebugString().substr(0, 2000);
  EXPECT_TRUE(response.validation().valid()) << response.validation().ShortDebugString();
}

// What is not a plan document is refused naming `content`, and the service
// serves the next import as before.
TEST_F(PlanImportTest, BadDocumentsAreRefusedAndTheServiceKeepsServing) {
  const int plans_before = PlanCount();
  struct Case {
    const char* what;
    std::string content;
    std::string file_name;
  };
  std::string random_bytes;
  for (int i = 0; i < 4096; ++i) random_bytes += static_cast<char>((i * 7919 + 13) % 251);
  const Case cases[] = {
      {"random bytes", random_bytes, "plan.bin"},
      {"an empty file", "", "plan.docx"},
      {"a zip bomb", MakeZerosZip("word/document.xml", size_t{200} << 20), "bomb.docx"},
      {"external entities",
       MakeDocx(
           R"(<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/passwd">]>)" +
           WordDocument("<w:p><w:r><w:t>&x;</w:t></w:r></w:p>")),
       "xxe.docx"},
      {"a scanned PDF", MakePdf(""), "scan.pdf"},
      {"an old Word file", std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) + random_bytes,
       "plan.doc"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    v1::ImportPlanDocumentResponse response;
    grpc::Status status = Import(c.content, c.file_name, &response);
    ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
    std::vector<FieldViolation> violations = FieldViolationsOf(FromGrpcStatus(status));
    ASSERT_FALSE(violations.empty()) << status.error_message();
    EXPECT_EQ(violations[0].field, "content");
    EXPECT_FALSE(violations[0].description.empty());
  }
  // 50 MB: over the transport's limit.
  v1::ImportPlanDocumentResponse response;
  grpc::Status status = Import(std::string(50 << 20, 'x'), "big.txt", &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED) << status.error_message();

  status = Import(ReadFixture("004_lai_chau_2024.txt"), "004_lai_chau_2024.txt", &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.format(), "text");
  EXPECT_EQ(PlanCount(), plans_before);
}

}  // namespace
}  // namespace interplan
