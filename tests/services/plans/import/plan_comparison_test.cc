// ComparePlans on small plans built by hand: what a perfect draft, a missing
// task, a wrong lead, a reworded number or a misread target does to each
// field group's precision and recall.
#include "services/plans/import/plan_comparison.h"

#include <google/protobuf/text_format.h>

#include <string>

#include "gtest/gtest.h"

namespace interplan::plans::import {
namespace {

v1::Plan PlanOf(const std::string& text) {
  v1::Plan plan;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &plan)) << text;
  return plan;
}

// A plan with every group filled.
v1::Plan Fixture() {
  return PlanOf(R"pb(
    document_number: "38/KH-UBND"
    issue_date { year: 2021 month: 6 day: 21 }
    place: "Đồng Nai"
    issuer: "agencies/dong-nai-ubnd"
    title: "Thực hiện công tác bình đẳng giới năm 2021"
    period: "2021"
    unit: "units/75"
    legal_bases {
      kind: DOCUMENT_KIND_OFFICIAL_LETTER
      number: "356/LĐTBXH-BĐG"
      date { year: 2021 month: 2 day: 19 }
    }
    legal_bases {
      kind: DOCUMENT_KIND_LAW
      number: "73/2006/QH11"
      date { year: 2006 month: 11 day: 29 }
    }
    sections {
      code: "II"
      title: "NỘI DUNG"
      sections {
        code: "II.1"
        title: "Công tác truyền thông"
        tasks {
          code: "II.1.a"
          content: "Tổ chức tuyên truyền về bình đẳng giới trong lĩnh vực chính trị cho cán bộ chủ chốt"
          lead: "agencies/so-ldtbxh"
          coordinating: "agencies/so-noi-vu"
          coordinating: "agencies/hoi-lhpn"
        }
        tasks {
          code: "II.1.b"
          content: "Kiểm tra, thanh tra việc thực hiện pháp luật về bình đẳng giới tại các doanh nghiệp"
          lead: "agencies/so-ldtbxh"
          requested: "agencies/ldld"
        }
        targets {
          code: "II.1.1"
          indicator: "indicators/NSGE-1.1"
          description: "Tỷ lệ nữ đại biểu Hội đồng nhân dân"
          value: 30
          unit: TARGET_UNIT_PERCENT
          comparison: TARGET_COMPARISON_AT_LEAST
        }
      }
    }
    budget {
      source: BUDGET_SOURCE_STATE_BUDGET
      level: BUDGET_LEVEL_PROVINCIAL
      description: "Ngân sách tỉnh"
    }
    budget { source: BUDGET_SOURCE_OTHER_LAWFUL description: "Các nguồn hợp pháp khác" }
    reporting {
      kind: REPORT_KIND_ANNUAL
      period: "2021"
      due_date { year: 2021 month: 12 day: 15 }
      reporting_agencies: "agencies/so-noi-vu"
      reporting_agencies: "agencies/hoi-lhpn"
      recipient: "agencies/so-ldtbxh"
      description: "Báo cáo kết quả trước ngày 15/12"
    }
    assignments { code: "IV.1" agency: "agencies/so-ldtbxh" role: ASSIGNMENT_ROLE_ASSIGNED }
    assignments { code: "IV.2" agency: "agencies/hoi-lhpn" role: ASSIGNMENT_ROLE_REQUESTED }
  )pb");
}

v1::Task* TaskAt(v1::Plan* plan, int index) {
  return plan->mutable_sections(0)->mutable_sections(0)->mutable_tasks(index);
}

void ExpectPerfect(const PlanComparison& c) {
  for (int g = 0; g < kFieldGroupCount; ++g) {
    SCOPED_TRACE(FieldGroupName(static_cast<FieldGroup>(g)));
    EXPECT_EQ(c.groups[g].matched, c.groups[g].drafted);
    EXPECT_EQ(c.groups[g].matched, c.groups[g].expected);
    EXPECT_DOUBLE_EQ(c.groups[g].Precision(), 1.0);
    EXPECT_DOUBLE_EQ(c.groups[g].Recall(), 1.0);
  }
}

TEST(PlanComparisonTest, TheFixtureAgainstItselfIsAPerfectMatch) {
  PlanComparison c = ComparePlans(Fixture(), Fixture());
  ExpectPerfect(c);
  EXPECT_EQ(c[FieldGroup::kHeader].expected, 7);
  EXPECT_EQ(c[FieldGroup::kLegalBases].expected, 2);
  EXPECT_EQ(c[FieldGroup::kSections].expected, 4);  // two codes, two titles
  EXPECT_EQ(c[FieldGroup::kTasks].expected, 2);
  EXPECT_EQ(c[FieldGroup::kTaskAgencies].expected, 5);  // 2 leads, 2 coordinating, 1 requested
  EXPECT_EQ(c[FieldGroup::kTargets].expected, 4);       // indicator, value, comparison, unit
  EXPECT_EQ(c[FieldGroup::kBudget].expected, 3);        // two sources, one level
  EXPECT_EQ(c[FieldGroup::kReporting].expected, 6);     // kind, period, due, 2 reporters, recipient
  EXPECT_EQ(c[FieldGroup::kAssignments].expected, 2);
}

TEST(PlanComparisonTest, TwoEmptyPlansHaveNothingToBeWrongAbout) {
  ExpectPerfect(ComparePlans(v1::Plan(), v1::Plan()));
}

TEST(PlanComparisonTest, SpellingCaseAccentsAndSoDoNotMatterInNumbersAndText) {
  v1::Plan draft = Fixture();
  draft.set_document_number("Số: 38 / kh-ubnd");
  draft.set_place("  ĐỒNG   NAI ");
  draft.set_title("THỰC HIỆN CÔNG TÁC BÌNH ĐẲNG GIỚI NĂM 2021");
  draft.mutable_legal_bases(0)->set_number("số 356/LĐTBXH - BĐG");
  ExpectPerfect(ComparePlans(draft, Fixture()));
}

TEST(PlanComparisonTest, TasksArePairedByTheirWordsNotByTheirCodesOrOrder) {
  v1::Plan draft = Fixture();
  v1::Task first = *TaskAt(&draft, 0);
  *TaskAt(&draft, 0) = *TaskAt(&draft, 1);
  *TaskAt(&draft, 1) = first;
  TaskAt(&draft, 0)->set_code("II.1.1");
  TaskAt(&draft, 1)->set_code("II.1.2");
  // Reworded slightly: a few words dropped and added.
  TaskAt(&draft, 1)->set_content(
      "Tổ chức tuyên truyền bình đẳng giới trong lĩnh vực chính trị cho cán bộ chủ chốt các cấp");
  PlanComparison c = ComparePlans(draft, Fixture());
  EXPECT_EQ(c[FieldGroup::kTasks].matched, 2);
  EXPECT_EQ(c[FieldGroup::kTaskAgencies].matched, 5);
}

TEST(PlanComparisonTest, AMissingTaskLowersRecallNotPrecision) {
  v1::Plan draft = Fixture();
  draft.mutable_sections(0)->mutable_sections(0)->mutable_tasks()->RemoveLast();
  PlanComparison c = ComparePlans(draft, Fixture());
  EXPECT_DOUBLE_EQ(c[FieldGroup::kTasks].Precision(), 1.0);
  EXPECT_DOUBLE_EQ(c[FieldGroup::kTasks].Recall(), 0.5);
  // The missing task's lead and requested agency are missed too.
  EXPECT_DOUBLE_EQ(c[FieldGroup::kTaskAgencies].Precision(), 1.0);
  EXPECT_DOUBLE_EQ(c[FieldGroup::kTaskAgencies].Recall(), 3.0 / 5);
}

TEST(PlanComparisonTest, AnUnrelatedExtraTaskLowersPrecisionNotRecall) {
  v1::Plan draft = Fixture();
  v1::Task* extra = draft.mutable_sections(0)->mutable_sections(0)->add_tasks();
  extra->set_content("Bố trí kinh phí hỗ trợ mô hình câu lạc bộ nữ công nhân nhà trọ");
  extra->set_lead("agencies/so-tai-chinh");
  PlanComparison c = ComparePlans(draft, Fixture());
  EXPECT_DOUBLE_EQ(c[FieldGroup::kTasks].Precision(), 2.0 / 3);
  EXPECT_DOUBLE_EQ(c[FieldGroup::kTasks].Recall(), 1.0);
  EXPECT_DOUBLE_EQ(c[FieldGroup::kTaskAgencies].Precision(), 5.0 / 6);
}

TEST(PlanComparisonTest, AWrongLeadLowersPrecisionAndRecallOfTaskAgenciesOnly) {
  v1::Plan draft = Fixture();
  TaskAt(&draft, 0)->set_lead("agencies/so-noi-vu");
  PlanComparison c = ComparePlans(draft, Fixture());
  EXPECT_DOUBLE_EQ(c[FieldGroup::kTasks].Precision(), 1.0);
  EXPECT_DOUBLE_EQ(c[FieldGroup::kTaskAgencies].Precision(), 4.0 / 5);
  EXPECT_DOUBLE_EQ(c[FieldGroup::kTaskAgencies].Recall(), 4.0 / 5);
}

TEST(PlanComparisonTest, AnExtraCoordinatingAgencyLowersPrecisionOnly) {
  v1::Plan draft = Fixture();
  TaskAt(&draft, 0)->add_coordinating("agencies/so-y-te");
  TaskAt(&draft, 0)->add_coordinating("agencies/so-noi-vu");  // twice counts once
  PlanComparison c = ComparePlans(draft, Fixture());
  EXPECT_DOUBLE_EQ(c[FieldGroup::kTaskAgencies].Precision(), 5.0 / 6);
  EXPECT_DOUBLE_EQ(c[FieldGroup::kTaskAgencies].Recall(), 1.0);
}

TEST(PlanComparisonTest, HeaderFieldsCountOneEachWhenPresent) {
  v1::Plan draft = Fixture();
  draft.clear_period();                       // missed: recall
  draft.mutable_issue_date()->set_day(12);    // wrong: both
  draft.set_document_number("Số: /KH-UBND");  // wrong: both
  PlanComparison c = ComparePlans(draft, Fixture());
  EXPECT_EQ(c[FieldGroup::kHeader].drafted, 6);
  EXPECT_EQ(c[FieldGroup::kHeader].expected, 7);
  EXPECT_EQ(c[FieldGroup::kHeader].matched, 4);
}

TEST(PlanComparisonTest, ALegalBasisMatchesByNumberThenDate) {
  v1::Plan draft = Fixture();
  draft.mutable_legal_bases(1)->mutable_date()->set_year(2007);
  draft.add_legal_bases()->set_number("15/2021/TT-BLĐTBXH");
  PlanComparison c = ComparePlans(draft, Fixture());
  EXPECT_EQ(c[FieldGroup::kLegalBases].matched, 1);
  EXPECT_EQ(c[FieldGroup::kLegalBases].drafted, 3);
  EXPECT_EQ(c[FieldGroup::kLegalBases].expected, 2);
}

TEST(PlanComparisonTest, ATargetWithTheWrongValueAndComparisonLosesThoseFields) {
  v1::Plan draft = Fixture();
  v1::Target* t = draft.mutable_sections(0)->mutable_sections(0)->mutable_targets(0);
  t->set_value(35);
  t->set_comparison(v1::TARGET_COMPARISON_ABOUT);
  t->clear_indicator();  // paired by its words
  PlanComparison c = ComparePlans(draft, Fixture());
  EXPECT_EQ(c[FieldGroup::kTargets].matched, 1);  // the unit
  EXPECT_EQ(c[FieldGroup::kTargets].drafted, 3);
  EXPECT_EQ(c[FieldGroup::kTargets].expected, 4);
}

TEST(PlanComparisonTest, ReportingComparesEachFieldAndEachReporter) {
  v1::Plan draft = Fixture();
  v1::ReportingRequirement* r = draft.mutable_reporting(0);
  r->clear_reporting_agencies();
  r->add_reporting_agencies("agencies/so-noi-vu");
  r->add_reporting_agencies("agencies/so-y-te");
  r->mutable_due_date()->set_day(5);
  PlanComparison c = ComparePlans(draft, Fixture());
  EXPECT_EQ(c[FieldGroup::kReporting].drafted, 6);
  EXPECT_EQ(c[FieldGroup::kReporting].matched, 4);  // kind, period, one reporter, recipient
}

TEST(PlanComparisonTest, BudgetAndAssignmentsPairOneToOne) {
  v1::Plan draft = Fixture();
  draft.mutable_budget(0)->clear_level();
  draft.mutable_assignments(1)->set_role(v1::ASSIGNMENT_ROLE_ASSIGNED);
  *draft.add_assignments() = draft.assignments(0);  // the same agency twice
  PlanComparison c = ComparePlans(draft, Fixture());
  EXPECT_EQ(c[FieldGroup::kBudget].matched, 2);
  EXPECT_EQ(c[FieldGroup::kBudget].expected, 3);
  EXPECT_EQ(c[FieldGroup::kAssignments].matched, 1);
  EXPECT_EQ(c[FieldGroup::kAssignments].drafted, 3);
}

TEST(PlanComparisonTest, WordSimilarityIsTheDiceCoefficientOfFoldedWords) {
  EXPECT_DOUBLE_EQ(WordSimilarity("Bình đẳng giới", "binh dang gioi"), 1.0);
  EXPECT_DOUBLE_EQ(WordSimilarity("a b c d", "a b x y"), 0.5);
  EXPECT_DOUBLE_EQ(WordSimilarity("", ""), 1.0);
  EXPECT_DOUBLE_EQ(WordSimilarity("a", ""), 0.0);
  EXPECT_EQ(NormalisedDocumentNumber("Số: 38/KH-UBND"), "38 kh ubnd");
  EXPECT_EQ(NormalisedDocumentNumber("Số:"), "");
}

}  // namespace
}  // namespace interplan::plans::import
