// The HTTP reads' request and table handling alone: a gRPC request filled
// from query parameters by reflection (proto_query.h), and a tabular
// answer written as CSV (proto_csv.h).
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "common/http/query_params.h"
#include "gateway/proto_csv.h"
#include "gateway/proto_query.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "interplan/gateway/v1/gateway.pb.h"
#include "interplan/plans/v1/plans.pb.h"

namespace interplan::gateway {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

http::QueryParams Params(std::map<std::string, std::string> query,
                         const google::protobuf::Descriptor& type) {
  http::HttpRequest request;
  request.query = std::move(query);
  absl::StatusOr<http::QueryParams> params = http::QueryParams::Read(request, QueryFieldsOf(type));
  EXPECT_TRUE(params.ok()) << params.status();
  return params.ok() ? *params : http::QueryParams();
}

TEST(ProtoQueryTest, TheRequestsSingularFieldsAreItsParameters) {
  EXPECT_THAT(QueryFieldsOf(*v1::GetProvinceOverviewRequest::descriptor()),
              ElementsAre("as_of", "unit", "year"));
}

TEST(ProtoQueryTest, FillsEachTypeAndNamesBareIds) {
  plans::v1::ListPlansRequest request;
  FieldViolations violations;
  FillFromQuery(Params({{"unit", "51"},
                        {"year", "2022"},
                        {"asOf", "2022-12-31"},
                        {"status", "issued"},
                        {"page_size", "5"}},
                       *request.GetDescriptor()),
                {{"unit", "units"}}, request, violations);
  EXPECT_TRUE(violations.empty());
  EXPECT_EQ(request.unit(), "units/51");
  EXPECT_EQ(request.year(), 2022);
  EXPECT_EQ(request.as_of().year(), 2022);
  EXPECT_EQ(request.as_of().month(), 12);
  EXPECT_EQ(request.as_of().day(), 31);
  EXPECT_EQ(request.status(), plans::v1::PLAN_STATUS_ISSUED);
  EXPECT_EQ(request.page_size(), 5);

  plans::v1::ListPlansRequest named;
  FillFromQuery(
      Params({{"unit", "units/79"}, {"status", "PLAN_STATUS_DRAFT"}}, *named.GetDescriptor()),
      {{"unit", "units"}}, named, violations);
  EXPECT_EQ(named.unit(), "units/79");
  EXPECT_EQ(named.status(), plans::v1::PLAN_STATUS_DRAFT);
}

TEST(ProtoQueryTest, ValuesThatCannotBeReadAreViolationsNamingTheParameter) {
  plans::v1::ListPlansRequest request;
  FieldViolations violations;
  FillFromQuery(Params({{"year", "twenty"}, {"as_of", "2022-13-45"}, {"status", "lost"}},
                       *request.GetDescriptor()),
                {}, request, violations);
  std::vector<std::string> fields;
  for (const FieldViolation& v : violations.violations()) fields.push_back(v.field);
  EXPECT_THAT(fields, ElementsAre("as_of", "status", "year"));
}

TEST(ProtoCsvTest, OneQuotedLinePerRowAfterAByteOrderMarkAndAHeader) {
  v1::Overview overview;
  v1::OverviewRow* row = overview.add_rows();
  row->set_unit("units/51");
  row->set_display_name("Quảng Ngãi, \"tỉnh\"");
  row->mutable_plans()->set_plans(2);
  row->mutable_plans()->mutable_latest_issue_date()->set_year(2022);
  row->mutable_plans()->mutable_latest_issue_date()->set_month(3);
  row->mutable_plans()->mutable_latest_issue_date()->set_day(4);
  absl::StatusOr<std::string> csv = TableCsv(overview, "rows");
  ASSERT_TRUE(csv.ok()) << csv.status();
  ASSERT_TRUE(absl::StartsWith(*csv, "\xEF\xBB\xBF"));
  std::vector<std::string> lines = absl::StrSplit(csv->substr(3), "\r\n", absl::SkipEmpty());
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_THAT(lines[0], HasSubstr("unit,displayName,plans.plans,plans.drafts,"
                                  "plans.latestIssueDate,"));
  EXPECT_THAT(lines[1], HasSubstr("units/51,\"Quảng Ngãi, \"\"tỉnh\"\"\",2,0,2022-03-04,"));
  // A partial date as far as it is known.
  row->mutable_plans()->mutable_latest_issue_date()->set_day(0);
  EXPECT_THAT(*TableCsv(overview, "rows"), HasSubstr(",2,0,2022-03,"));
  EXPECT_FALSE(TableCsv(overview, "no_such_table").ok());
  EXPECT_EQ(TableRowType(*v1::Overview::descriptor(), "rows"), v1::OverviewRow::descriptor());
}

}  // namespace
}  // namespace interplan::gateway
