// plan_duties: what a plan asks of each agency, read from the plan alone.
#include "services/plans/plan_duties.h"

#include <string>
#include <vector>

#include "common/api/enum_names.h"
#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"

namespace interplan::plans {
namespace {

using ::testing::ElementsAre;

// A plan with one task (a lead, one coordinating agency), one target, and a
// half-year report owed by every assigned agency to the province's people's
// committee.
v1::Plan SmallPlan() {
  v1::Plan plan;
  const bool parsed = google::protobuf::TextFormat::ParseFromString(
      R"pb(
        name: "plans/dn-2022"
        sections {
          code: "II"
          tasks {
            code: "II.1"
            title: "Tuyên truyền"
            lead: "agencies/dn-sldtbxh"
            coordinating: "agencies/dn-stttt"
          }
          targets { code: "T1" description: "Tỷ lệ nữ" lead: "agencies/dn-snv" }
        }
        reporting {
          kind: REPORT_KIND_SEMI_ANNUAL
          period: "2022-H1"
          all_assigned_agencies: true
          recipient: "agencies/dn-ubnd"
          description: "Báo cáo 6 tháng"
        }
      )pb",
      &plan);
  EXPECT_TRUE(parsed);
  return plan;
}

std::vector<std::string> Described(const std::vector<Duty>& duties) {
  std::vector<std::string> out;
  for (const Duty& duty : duties) {
    out.push_back(duty.agency_id + " " + api::ShortEnumName(duty.kind) + " " + duty.code);
  }
  return out;
}

TEST(PlanDutiesTest, DutiesComeInDocumentOrderAndReportsGoToTheAssignedAgencies) {
  EXPECT_THAT(Described(DutiesOf(SmallPlan())),
              ElementsAre("dn-sldtbxh LEADS II.1", "dn-stttt COORDINATES II.1",
                          "dn-snv TARGET_LEAD T1", "dn-sldtbxh REPORTS reporting[0]"));
}

TEST(PlanDutiesTest, ReadersAreTheAgenciesWithDutiesOnceEach) {
  EXPECT_THAT(ReadersOf(SmallPlan()), ElementsAre("dn-sldtbxh", "dn-snv", "dn-stttt"));
}

TEST(PlanDutiesTest, ADigestCountsTasksAndNamesEveryAgency) {
  const v1::PlanDigest digest = DigestOf(SmallPlan(), "75");
  EXPECT_EQ(digest.name(), "plans/dn-2022");
  EXPECT_EQ(digest.unit_path(), "75");
  EXPECT_EQ(digest.tasks(), 1);
  EXPECT_THAT(digest.agencies(), ElementsAre("dn-sldtbxh", "dn-snv", "dn-stttt"));
}

TEST(PlanDutiesTest, AReportDutyIsDescribedFromItsSchedule) {
  const v1::Plan plan = SmallPlan();
  v1::AgencyAssignment described;
  DescribeDuty(plan, Duty{"dn-sldtbxh", v1::ASSIGNMENT_KIND_REPORTS, "reporting[0]"}, &described);
  EXPECT_EQ(described.title(), "SEMI_ANNUAL report 2022-H1");
  EXPECT_EQ(described.content(), "Báo cáo 6 tháng");

  v1::AgencyAssignment task;
  DescribeDuty(plan, Duty{"dn-stttt", v1::ASSIGNMENT_KIND_COORDINATES, "II.1"}, &task);
  EXPECT_EQ(task.title(), "Tuyên truyền");

  // A code that names no part of the plan describes nothing.
  v1::AgencyAssignment missing;
  DescribeDuty(plan, Duty{"dn-stttt", v1::ASSIGNMENT_KIND_REPORTS, "reporting[7]"}, &missing);
  EXPECT_EQ(missing.title(), "");
}

}  // namespace
}  // namespace interplan::plans
