#include "tests/services/campaigns/campaigns_test_support.h"

#include <algorithm>
#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/api/enum_names.h"
#include "common/errors/errors.h"
#include "common/reference/unit_history.h"
#include "common/time/date.h"
#include "google/protobuf/util/json_util.h"
#include "interplan/reference/v1/reference_files.pb.h"
#include "services/campaigns/schema.h"
#include "tests/support/database_fixture.h"
#include "tests/support/in_process_suite.h"
#include "tests/support/service_process.h"
#include "tests/support/subprocess.h"

namespace interplan::campaigns::test {
namespace {

const ::interplan::testing::InProcessSuite& Services() {
  const ::interplan::testing::InProcessSuite& suite = ::interplan::testing::SharedInProcessSuite();
  if (!suite.error.ok()) ADD_FAILURE() << "services could not be loaded: " << suite.error;
  return suite;
}

std::string ReadReference(const std::string& file) {
  const std::string path = ::interplan::testing::SourcePath("data/reference/" + file);
  std::string text = ::interplan::testing::ReadFileOrEmpty(path);
  EXPECT_FALSE(text.empty()) << path;
  return text;
}

google::protobuf::util::JsonParseOptions Lenient() {
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = true;
  return options;
}

const reference::v1::DvhcvnFile& March2025() {
  static const reference::v1::DvhcvnFile* file = [] {
    auto* parsed = new reference::v1::DvhcvnFile;
    auto status = google::protobuf::util::JsonStringToMessage(
        ReadReference("admin-units-2025-03.json"), parsed, Lenient());
    EXPECT_TRUE(status.ok()) << status.message();
    return parsed;
  }();
  return *file;
}

const reference::v1::AddressDatabaseFile& July2025() {
  static const reference::v1::AddressDatabaseFile* file = [] {
    auto* parsed = new reference::v1::AddressDatabaseFile;
    auto status = google::protobuf::util::JsonStringToMessage(
        absl::StrCat("{\"items\": ", ReadReference("admin-units-2025-07.json"), "}"), parsed,
        Lenient());
    EXPECT_TRUE(status.ok()) << status.message();
    return parsed;
  }();
  return *file;
}

std::vector<std::string> Sorted(std::vector<std::string> names) {
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace

::interplan::testing::InProcessAgencies* Agencies() { return Services().agencies; }
::interplan::testing::InProcessPlans* Plans() { return Services().plans; }

CallContext Call() {
  CallContext call;
  call.method = "/interplan.campaigns.v1.CampaignService/Test";
  call.deadline = absl::Now() + absl::Seconds(30);
  // No principal: as with --auth=off, everything is allowed (who may do
  // what is tested through the real binaries, campaigns_access_test).
  return call;
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

std::vector<std::string> FieldsOf(const absl::Status& status) {
  std::vector<std::string> fields;
  for (const FieldViolation& v : FieldViolationsOf(status)) fields.push_back(v.field);
  return fields;
}

std::vector<std::string> ReferenceChildren2025_03(const std::string& code) {
  std::vector<std::string> names;
  for (const auto& province : March2025().data()) {
    if (code.empty()) {
      names.push_back("units/" + province.level1_id());
      continue;
    }
    if (province.level1_id() == code) {
      for (const auto& district : province.level2s()) {
        names.push_back("units/" + district.level2_id());
      }
    }
    for (const auto& district : province.level2s()) {
      if (district.level2_id() != code) continue;
      for (const auto& commune : district.level3s()) {
        names.push_back("units/" + commune.level3_id());
      }
    }
  }
  return Sorted(std::move(names));
}

std::vector<std::string> ReferenceChildrenOn(const std::string& code, const std::string& day) {
  const std::string path = ::interplan::testing::SourcePath(
      absl::StrCat("data/reference/history/units-", day, ".jsonl.gz"));
  absl::StatusOr<std::string> content = agencies::ReadMaybeGzipFile(path);
  EXPECT_TRUE(content.ok()) << content.status();
  absl::StatusOr<absl::CivilDay> date = time::ParseDate(day);
  EXPECT_TRUE(date.ok()) << date.status();
  if (!content.ok() || !date.ok()) return {};
  absl::StatusOr<agencies::v1::UnitSnapshot> snapshot = agencies::ParseUnitHistory(*content, *date);
  EXPECT_TRUE(snapshot.ok()) << snapshot.status();
  std::vector<std::string> names;
  if (!snapshot.ok()) return names;
  for (const auto& unit : snapshot->units()) {
    if (unit.parent_code() == code) names.push_back("units/" + unit.code());
  }
  return Sorted(std::move(names));
}

std::vector<std::string> ReferenceChildren2025_07(const std::string& code) {
  std::vector<std::string> names;
  for (const auto& item : July2025().items()) {
    if (item.type() != "table") continue;
    for (const auto& row : item.data()) {
      if (item.name() == "provinces" && code.empty()) {
        names.push_back("units/" + row.province_code());
      } else if (item.name() == "wards" && !code.empty() && row.province_code() == code) {
        names.push_back("units/" + row.ward_code());
      }
    }
  }
  return Sorted(std::move(names));
}

v1::Activity ActivityOf(const ActivitySpec& spec) {
  v1::Activity activity;
  activity.set_organiser(spec.organiser);
  activity.set_unit(spec.unit);
  activity.set_type(spec.type);
  activity.set_title(spec.title.empty()
                         ? absl::StrCat(api::ShortEnumName(spec.type), " ", spec.unit)
                         : spec.title);
  *activity.mutable_start_date() = Day(spec.day);
  *activity.mutable_end_date() = Day(spec.day);
  v1::Participants* p = activity.mutable_participants();
  p->set_female(spec.female);
  p->set_male(spec.male);
  p->set_unspecified(spec.unspecified);
  p->set_total(spec.total);
  activity.set_people_reached(spec.reached);
  activity.set_media_items(spec.media);
  activity.set_spend_vnd(spec.spend);
  return activity;
}

void CampaignRegistryTest::SetUp() {
  absl::StatusOr<std::unique_ptr<storage::Database>> db =
      ::interplan::testing::OpenFreshDatabase(GetParam());
  ASSERT_TRUE(db.ok()) << db.status();
  db_ = std::move(*db);
  absl::Status migrated = db_->Migrate(CampaignsMigrations());
  ASSERT_TRUE(migrated.ok()) << migrated;
  ASSERT_NE(Agencies(), nullptr);
  ASSERT_NE(Plans(), nullptr);
  units_ = std::make_unique<RememberingAgenciesClient>(*db_, *Agencies());
  registry_ = std::make_unique<CampaignRegistry>(*db_, *units_, *Plans());
}

v1::Campaign CampaignRegistryTest::Create(const v1::CreateCampaignRequest& request) {
  absl::StatusOr<v1::Campaign> campaign = registry_->CreateCampaign(request, Call());
  EXPECT_TRUE(campaign.ok()) << DescribeStatus(campaign.status());
  return campaign.ok() ? *campaign : v1::Campaign();
}

v1::Campaign CampaignRegistryTest::CreateActionMonth(int year) {
  return Create(ActionMonthRequest(year));
}

absl::StatusOr<v1::Activity> CampaignRegistryTest::TryRecord(const std::string& campaign,
                                                             const v1::Activity& activity,
                                                             const std::string& request_id) {
  v1::RecordActivityRequest request;
  request.set_parent(campaign);
  *request.mutable_activity() = activity;
  request.set_request_id(request_id);
  return registry_->RecordActivity(request, Call());
}

v1::Activity CampaignRegistryTest::Record(const std::string& campaign, const v1::Activity& activity,
                                          const std::string& request_id) {
  absl::StatusOr<v1::Activity> recorded = TryRecord(campaign, activity, request_id);
  EXPECT_TRUE(recorded.ok()) << DescribeStatus(recorded.status());
  return recorded.ok() ? *recorded : v1::Activity();
}

std::vector<v1::Activity> CampaignRegistryTest::ListAll(v1::ListActivitiesRequest request,
                                                        int* pages) {
  std::vector<v1::Activity> all;
  std::set<std::string> seen;
  int page = 0;
  for (; page < 1000; ++page) {
    absl::StatusOr<v1::ListActivitiesResponse> response =
        registry_->ListActivities(request, Call());
    EXPECT_TRUE(response.ok()) << DescribeStatus(response.status());
    if (!response.ok()) break;
    if (request.page_size() > 0) {
      EXPECT_LE(response->activities_size(), request.page_size());
    }
    for (const v1::Activity& activity : response->activities()) {
      EXPECT_TRUE(seen.insert(activity.name()).second) << activity.name() << " returned twice";
      all.push_back(activity);
    }
    if (response->next_page_token().empty()) break;
    request.set_page_token(response->next_page_token());
  }
  if (pages != nullptr) *pages = page + 1;
  return all;
}

std::vector<std::string> CampaignRegistryTest::NamesOf(
    const std::vector<v1::Activity>& activities) {
  std::vector<std::string> names;
  for (const v1::Activity& activity : activities) names.push_back(activity.name());
  std::sort(names.begin(), names.end());
  return names;
}

absl::StatusOr<v1::CampaignSummary> CampaignRegistryTest::Summarize(const std::string& campaign,
                                                                    const std::string& unit) {
  v1::SummarizeCampaignRequest request;
  request.set_campaign(campaign);
  request.set_unit(unit);
  return registry_->SummarizeCampaign(request, Call());
}

int64_t CampaignRegistryTest::CountRows(absl::string_view table) {
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

std::string CampaignRegistryTest::DumpStore() {
  const std::pair<const char*, const char*> queries[] = {
      {"campaigns", "SELECT * FROM campaigns ORDER BY id"},
      {"activities", "SELECT * FROM activities ORDER BY campaign_id, activity_id"},
      {"activity_versions",
       "SELECT * FROM activity_versions ORDER BY campaign_id, activity_id, version"},
      {"request_log", "SELECT * FROM request_log ORDER BY method, request_id"},
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
    EXPECT_TRUE(status.ok()) << table << ": " << status;
    dump += part;
  }
  return dump;
}

}  // namespace interplan::campaigns::test
