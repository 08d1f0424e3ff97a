#include "tests/services/plans/plans_test_support.h"

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/errors/errors.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/message_differencer.h"
#include "services/plans/indicator_catalogue.h"
#include "services/plans/schema.h"
#include "tests/support/database_fixture.h"
#include "tests/support/subprocess.h"
#include "tests/support/suite_processes.h"

namespace interplan::plans::test {
namespace {

void CollectTasks(v1::Section* section, const std::string& path, std::vector<TaskAt>* tasks,
                  std::vector<TargetAt>* targets) {
  for (int i = 0; i < section->tasks_size(); ++i) {
    if (tasks != nullptr) {
      tasks->push_back({absl::StrCat(path, ".tasks[", i, "]"), section->mutable_tasks(i)});
    }
  }
  for (int i = 0; i < section->targets_size(); ++i) {
    if (targets != nullptr) {
      targets->push_back({absl::StrCat(path, ".targets[", i, "]"), section->mutable_targets(i)});
    }
  }
  for (int i = 0; i < section->sections_size(); ++i) {
    CollectTasks(section->mutable_sections(i), absl::StrCat(path, ".sections[", i, "]"), tasks,
                 targets);
  }
}

void SectionFieldsNaming(const v1::Section& section, const std::string& path,
                         const std::string& agency, std::vector<std::string>* out) {
  for (int i = 0; i < section.tasks_size(); ++i) {
    const v1::Task& task = section.tasks(i);
    const std::string task_path = absl::StrCat(path, ".tasks[", i, "]");
    if (task.lead() == agency) out->push_back(task_path + ".lead");
    for (int j = 0; j < task.coordinating_size(); ++j) {
      if (task.coordinating(j) == agency) {
        out->push_back(absl::StrCat(task_path, ".coordinating[", j, "]"));
      }
    }
    for (int j = 0; j < task.requested_size(); ++j) {
      if (task.requested(j) == agency) {
        out->push_back(absl::StrCat(task_path, ".requested[", j, "]"));
      }
    }
  }
  for (int i = 0; i < section.targets_size(); ++i) {
    const v1::Target& target = section.targets(i);
    const std::string target_path = absl::StrCat(path, ".targets[", i, "]");
    if (target.lead() == agency) out->push_back(target_path + ".lead");
    for (int j = 0; j < target.coordinating_size(); ++j) {
      if (target.coordinating(j) == agency) {
        out->push_back(absl::StrCat(target_path, ".coordinating[", j, "]"));
      }
    }
  }
  for (int i = 0; i < section.sections_size(); ++i) {
    SectionFieldsNaming(section.sections(i), absl::StrCat(path, ".sections[", i, "]"), agency, out);
  }
}

}  // namespace

::interplan::testing::InProcessAgencies* Agencies() {
  static ::interplan::testing::InProcessAgencies* agencies = [] {
    absl::StatusOr<std::unique_ptr<::interplan::testing::InProcessAgencies>> started =
        ::interplan::testing::InProcessAgencies::StartWithReference();
    EXPECT_TRUE(started.ok()) << "agencies could not be loaded: " << started.status();
    return started.ok() ? started->release() : nullptr;
  }();
  if (agencies == nullptr) ADD_FAILURE() << "agencies could not be loaded";
  return agencies;
}

AgencyDirectory& LiveDirectory() {
  static ClientAgencyDirectory* directory = new ClientAgencyDirectory(*Agencies());
  return *directory;
}

AgencyDirectory& DeadDirectory() {
  static ::interplan::testing::UnreachableAgencies* agencies =
      new ::interplan::testing::UnreachableAgencies;
  static ClientAgencyDirectory* directory = new ClientAgencyDirectory(*agencies);
  return *directory;
}

const IndicatorMeasures& IndicatorNames() {
  static const IndicatorMeasures* names = [] {
    absl::StatusOr<IndicatorMeasures> loaded =
        LoadIndicatorMeasures(::interplan::testing::SourcePath("data/reference/indicators.jsonl"));
    EXPECT_TRUE(loaded.ok()) << loaded.status();
    return new IndicatorMeasures(loaded.ok() ? std::move(*loaded) : IndicatorMeasures());
  }();
  return *names;
}

CallContext Call() {
  CallContext call;
  call.method = "/interplan.plans.v1.PlanService/Test";
  call.deadline = absl::Now() + absl::Seconds(20);
  // No principal: authorization is off, as with --auth=off (who may do
  // what is tested through the real binaries, plans_access_test).
  return call;
}

std::vector<std::string> FixtureStems() {
  std::vector<std::string> stems;
  for (const std::string& path : ::interplan::testing::SeedPlanFixtures()) {
    const size_t slash = path.rfind('/');
    std::string stem = path.substr(slash + 1);
    stems.push_back(stem.substr(0, stem.size() - 5));  // ".json"
  }
  return stems;
}

std::string FixtureText(absl::string_view stem) {
  const std::string path =
      ::interplan::testing::SourcePath(absl::StrCat("tests/fixtures/plans/", stem, ".json"));
  std::string text = ::interplan::testing::ReadFileOrEmpty(path);
  EXPECT_FALSE(text.empty()) << path;
  return text;
}

v1::CreatePlanRequest ParseFixture(const std::string& json) {
  v1::CreatePlanRequest request;
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  auto status = google::protobuf::util::JsonStringToMessage(json, &request, options);
  EXPECT_TRUE(status.ok()) << status.message();
  return request;
}

v1::CreatePlanRequest Fixture(absl::string_view stem) { return ParseFixture(FixtureText(stem)); }

void ClearOutputOnly(v1::Plan* plan) {
  // change_sequence (the change feed) is output only where the API has it.
  for (const char* field : {"name", "status", "revision", "etag", "create_time", "update_time",
                            "written_by", "reference_date", "revision_reason", "change_sequence"}) {
    const google::protobuf::FieldDescriptor* descriptor =
        plan->GetDescriptor()->FindFieldByName(field);
    if (descriptor != nullptr) plan->GetReflection()->ClearField(plan, descriptor);
  }
}

std::string Diff(const google::protobuf::Message& expected,
                 const google::protobuf::Message& actual) {
  std::string diff;
  google::protobuf::util::MessageDifferencer differencer;
  differencer.ReportDifferencesToString(&diff);
  if (differencer.Compare(expected, actual)) return "";
  return diff.empty() ? "(differ)" : diff;
}

std::vector<std::string> FieldsOf(const absl::Status& status) {
  std::vector<std::string> fields;
  for (const FieldViolation& v : FieldViolationsOf(status)) fields.push_back(v.field);
  return fields;
}

std::string DescriptionOf(const absl::Status& status, const std::string& field) {
  for (const FieldViolation& v : FieldViolationsOf(status)) {
    if (v.field == field) return v.description;
  }
  return "";
}

google::type::Date Day(int year, int month, int day) {
  google::type::Date date;
  date.set_year(year);
  date.set_month(month);
  date.set_day(day);
  return date;
}

std::vector<TaskAt> TasksOf(v1::Plan* plan) {
  std::vector<TaskAt> tasks;
  for (int i = 0; i < plan->sections_size(); ++i) {
    CollectTasks(plan->mutable_sections(i), absl::StrCat("plan.sections[", i, "]"), &tasks,
                 nullptr);
  }
  return tasks;
}

std::vector<TargetAt> TargetsOf(v1::Plan* plan) {
  std::vector<TargetAt> targets;
  for (int i = 0; i < plan->sections_size(); ++i) {
    CollectTasks(plan->mutable_sections(i), absl::StrCat("plan.sections[", i, "]"), nullptr,
                 &targets);
  }
  return targets;
}

const TaskAt* FirstTaskLedOnlyBy(const std::vector<TaskAt>& tasks, const std::string& lead) {
  for (const TaskAt& at : tasks) {
    if (at.task->lead() == lead && at.task->coordinating().empty() &&
        at.task->requested().empty()) {
      return &at;
    }
  }
  return nullptr;
}

std::vector<std::string> FieldsNaming(const v1::Plan& plan, const std::string& agency) {
  std::vector<std::string> fields;
  if (plan.issuer() == agency) fields.push_back("plan.issuer");
  for (int i = 0; i < plan.sections_size(); ++i) {
    SectionFieldsNaming(plan.sections(i), absl::StrCat("plan.sections[", i, "]"), agency, &fields);
  }
  for (int i = 0; i < plan.reporting_size(); ++i) {
    const v1::ReportingRequirement& report = plan.reporting(i);
    for (int j = 0; j < report.reporting_agencies_size(); ++j) {
      if (report.reporting_agencies(j) == agency) {
        fields.push_back(absl::StrCat("plan.reporting[", i, "].reporting_agencies[", j, "]"));
      }
    }
    if (report.recipient() == agency) {
      fields.push_back(absl::StrCat("plan.reporting[", i, "].recipient"));
    }
  }
  for (int i = 0; i < plan.distribution().addressees_size(); ++i) {
    if (plan.distribution().addressees(i).agency() == agency) {
      fields.push_back(absl::StrCat("plan.distribution.addressees[", i, "].agency"));
    }
  }
  if (plan.promulgated_by().issuer() == agency) fields.push_back("plan.promulgated_by.issuer");
  for (int i = 0; i < plan.assignments_size(); ++i) {
    const v1::Assignment& assignment = plan.assignments(i);
    if (assignment.agency() == agency) {
      fields.push_back(absl::StrCat("plan.assignments[", i, "].agency"));
    }
    for (int j = 0; j < assignment.with_agencies_size(); ++j) {
      if (assignment.with_agencies(j) == agency) {
        fields.push_back(absl::StrCat("plan.assignments[", i, "].with_agencies[", j, "]"));
      }
    }
  }
  return fields;
}

void PlanRegistryTest::SetUp() {
  absl::StatusOr<std::unique_ptr<storage::Database>> db =
      ::interplan::testing::OpenFreshDatabase(GetParam());
  ASSERT_TRUE(db.ok()) << db.status();
  db_ = std::move(*db);
  absl::Status migrated = db_->Migrate(PlansMigrations());
  ASSERT_TRUE(migrated.ok()) << migrated;
  ASSERT_NE(Agencies(), nullptr);
  ASSERT_FALSE(IndicatorNames().empty());
  registry_ = std::make_unique<PlanRegistry>(*db_, LiveDirectory(), IndicatorNames(),
                                             [] { return kToday; });
}

PlanRegistry& PlanRegistryTest::Down() {
  if (down_ == nullptr) {
    down_ = std::make_unique<PlanRegistry>(*db_, DeadDirectory(), IndicatorNames(),
                                           [] { return kToday; });
  }
  return *down_;
}

v1::Plan PlanRegistryTest::Create(const v1::CreatePlanRequest& request) {
  absl::StatusOr<v1::Plan> plan = registry_->CreatePlan(request, Call());
  EXPECT_TRUE(plan.ok()) << DescribeStatus(plan.status());
  return plan.ok() ? *plan : v1::Plan();
}

v1::Plan PlanRegistryTest::CreateFixture(absl::string_view stem) { return Create(Fixture(stem)); }

v1::Plan PlanRegistryTest::Issue(const v1::Plan& plan) {
  v1::IssuePlanRequest request;
  request.set_name(plan.name());
  request.set_etag(plan.etag());
  absl::StatusOr<v1::Plan> issued = registry_->IssuePlan(request, Call());
  EXPECT_TRUE(issued.ok()) << DescribeStatus(issued.status());
  return issued.ok() ? *issued : v1::Plan();
}

v1::Plan PlanRegistryTest::CreateIssued(absl::string_view stem) {
  return Issue(CreateFixture(stem));
}

absl::StatusOr<v1::Plan> PlanRegistryTest::Get(const std::string& name, int64_t revision) {
  v1::GetPlanRequest request;
  request.set_name(name);
  request.set_revision(revision);
  return registry_->GetPlan(request);
}

std::vector<std::string> PlanRegistryTest::ListAll(v1::ListPlansRequest request,
                                                   std::vector<std::string>* warnings) {
  return ListAll(*registry_, std::move(request), warnings);
}

std::vector<std::string> PlanRegistryTest::ListAll(PlanRegistry& registry,
                                                   v1::ListPlansRequest request,
                                                   std::vector<std::string>* warnings) {
  std::vector<std::string> names;
  std::set<std::string> seen;
  for (int page = 0; page < 100; ++page) {
    absl::StatusOr<v1::ListPlansResponse> response = registry.ListPlans(request, Call());
    EXPECT_TRUE(response.ok()) << DescribeStatus(response.status());
    if (!response.ok()) break;
    for (const v1::Plan& plan : response->plans()) {
      EXPECT_TRUE(seen.insert(plan.name()).second) << plan.name() << " returned twice";
      names.push_back(plan.name());
    }
    if (warnings != nullptr) {
      warnings->insert(warnings->end(), response->warnings().begin(), response->warnings().end());
    }
    if (response->next_page_token().empty()) break;
    request.set_page_token(response->next_page_token());
  }
  return names;
}

std::vector<v1::AgencyAssignment> PlanRegistryTest::AssignmentsOf(const std::string& agency,
                                                                  int page_size, int year) {
  v1::ListAssignmentsRequest request;
  request.set_agency(agency);
  request.set_page_size(page_size);
  request.set_year(year);
  std::vector<v1::AgencyAssignment> all;
  for (int page = 0; page < 1000; ++page) {
    absl::StatusOr<v1::ListAssignmentsResponse> response = registry_->ListAssignments(request);
    EXPECT_TRUE(response.ok()) << DescribeStatus(response.status());
    if (!response.ok()) break;
    if (page_size > 0) {
      EXPECT_LE(response->assignments_size(), page_size);
    }
    all.insert(all.end(), response->assignments().begin(), response->assignments().end());
    if (response->next_page_token().empty()) break;
    request.set_page_token(response->next_page_token());
  }
  return all;
}

int64_t PlanRegistryTest::CountRows(absl::string_view table) {
  int64_t count = -1;
  absl::Status status = db_->Read([&](storage::Transaction& txn) -> absl::Status {
    absl::StatusOr<storage::Row> row = txn.QueryRow(absl::StrCat("SELECT COUNT(*) FROM ", table));
    if (!row.ok()) return row.status();
    count = (*row)[0].AsInt();
    return absl::OkStatus();
  });
  EXPECT_TRUE(status.ok()) << status;
  return count;
}

std::string PlanRegistryTest::DumpStore() {
  // Every column of every table (SELECT *), so columns added later count
  // too; the change-feed counter where the schema has one.
  const std::pair<const char*, const char*> queries[] = {
      {"plans", "SELECT * FROM plans ORDER BY id"},
      {"plan_revisions", "SELECT * FROM plan_revisions ORDER BY plan_id, revision"},
      {"plan_duties", "SELECT * FROM plan_duties ORDER BY plan_id, seq"},
      {"request_log", "SELECT * FROM request_log ORDER BY method, request_id"},
      {"plan_change_counter", "SELECT * FROM plan_change_counter ORDER BY id"},
  };
  std::string dump;
  for (const auto& [table, sql] : queries) {
    std::string part;
    absl::Status status = db_->Read([&](storage::Transaction& txn) -> absl::Status {
      part.clear();
      absl::StatusOr<std::vector<storage::Row>> rows = txn.Query(sql);
      if (!rows.ok()) return rows.status();
      absl::StrAppend(&part, table, ": ", rows->size(), " rows\n");
      for (const storage::Row& row : *rows) {
        for (const storage::SqlValue& value : row) absl::StrAppend(&part, value.AsText(), "|");
        part += "\n";
      }
      return absl::OkStatus();
    });
    if (status.ok()) {
      dump += part;
    } else if (std::string(table) != "plan_change_counter") {
      ADD_FAILURE() << table << ": " << status;
    }
  }
  return dump;
}

void PlanRegistryTest::ExpectNothingStored() {
  EXPECT_EQ(CountRows("plans"), 0);
  EXPECT_EQ(CountRows("plan_revisions"), 0);
  EXPECT_EQ(CountRows("plan_duties"), 0);
  EXPECT_EQ(CountRows("request_log"), 0);
  EXPECT_TRUE(ListAll(v1::ListPlansRequest()).empty());
}

}  // namespace interplan::plans::test
