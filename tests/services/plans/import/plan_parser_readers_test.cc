// Each reader of the plan parser on short Vietnamese snippets written for
// these tests (not taken from the seeds), with a table resolver; and the
// registry resolver against interplan-agencies' real registries.
#include <optional>
#include <string>
#include <vector>

#include "common/reference/indicator_file.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/plans/import/agency_mentions.h"
#include "services/plans/import/budget_reader.h"
#include "services/plans/import/document_outline.h"
#include "services/plans/import/document_references.h"
#include "services/plans/import/foot_reader.h"
#include "services/plans/import/header_reader.h"
#include "services/plans/import/paragraph_cleanup.h"
#include "services/plans/import/plan_parser.h"
#include "services/plans/import/registry_resolver.h"
#include "services/plans/import/reporting_reader.h"
#include "services/plans/import/target_reader.h"
#include "services/plans/import/vietnamese_dates.h"
#include "tests/services/plans/import/seed_plans.h"
#include "tests/services/plans/import/table_resolver.h"
#include "tests/support/in_process_agencies.h"

namespace interplan::plans::import {
namespace {

namespace v1 = ::interplan::plans::v1;
using ::interplan::plans::import::testing::TableResolver;
using ::interplan::plans::import::testing::TextOf;
using ::testing::ElementsAre;

TableResolver BinhPhuoc() {
  TableResolver table;
  table.AddAgency("agencies/bp-ubnd", "Ủy ban nhân dân tỉnh Bình Phước");
  table.AddAgency("agencies/bp-ubnd", "UBND tỉnh Bình Phước");
  table.AddAgency("agencies/bp-so-noi-vu", "Sở Nội vụ tỉnh Bình Phước");
  table.AddAgency("agencies/bp-so-y-te", "Sở Y tế tỉnh Bình Phước");
  table.AddAgency("agencies/bp-so-tu-phap", "Sở Tư pháp tỉnh Bình Phước");
  table.AddAgency("agencies/bp-cong-an", "Công an tỉnh Bình Phước");
  table.AddAgency("agencies/bp-hoi-lhpn", "Hội Liên hiệp Phụ nữ tỉnh Bình Phước");
  table.AddAgency("agencies/bp-so-ldtbxh", "Sở Lao động - Thương binh và Xã hội tỉnh Bình Phước");
  table.AddAgency("agencies/moh", "Bộ Y tế");
  table.AddUnit("units/70", "Tỉnh Bình Phước");
  table.AddIndicator("indicators/X-1", "cán bộ nữ được tập huấn");
  return table;
}

TEST(VietnameseDatesTest, BlankDayAndMonthAreZero) {
  std::optional<FoundDate> date = FindDate("ngay    thang 6 nam 2021");
  ASSERT_TRUE(date.has_value());
  EXPECT_EQ(date->date.year(), 2021);
  EXPECT_EQ(date->date.month(), 6);
  EXPECT_EQ(date->date.day(), 0);
  date = FindDate("ngay ... thang ... nam 2023");
  ASSERT_TRUE(date.has_value());
  EXPECT_EQ(date->date.month(), 0);
  date = FindDate("cong van ngay 7/3/2022 cua bo");
  ASSERT_TRUE(date.has_value());
  EXPECT_EQ(date->date.day(), 7);
  EXPECT_EQ(date->date.month(), 3);
  EXPECT_FALSE(FindDate("ngay 40 thang 13 nam 2021").has_value());
}

TEST(VietnameseDatesTest, DayOfYearIsNotPartOfAFullDate) {
  std::optional<FoundDate> day = FindDayOfYear("truoc ngay 15/12 hang nam");
  ASSERT_TRUE(day.has_value());
  EXPECT_EQ(day->date.day(), 15);
  EXPECT_EQ(day->date.month(), 12);
  EXPECT_EQ(day->date.year(), 0);
  EXPECT_FALSE(FindDayOfYear("ngay 15/12/2021").has_value());
  day = FindDayOfYear("truoc ngay 05 thang 11 hang nam");
  ASSERT_TRUE(day.has_value());
  EXPECT_EQ(day->date.day(), 5);
  EXPECT_EQ(day->date.month(), 11);
  EXPECT_FALSE(FindDayOfYear("ngay 05 thang 11 nam 2020").has_value());
}

TEST(DocumentReferencesTest, NumbersAsPrintedBlankOrNot) {
  EXPECT_EQ(DocumentNumberAt(FoldedText("Số: /KH-UBND"), 0), "/KH-UBND");
  EXPECT_EQ(DocumentNumberAt(FoldedText("Số: 38/KH-UBND"), 0), "38/KH-UBND");
  EXPECT_EQ(DocumentNumberAt(FoldedText("Số: 07 /KH-BCĐ"), 0), "07/KH-BCĐ");
  EXPECT_EQ(DocumentNumberAt(FoldedText("Số:    …/QĐ-UBND"), 0), "/QĐ-UBND");
}

TEST(DocumentReferencesTest, KindNumberDateIssuerAndTitle) {
  FoldedText text(
      "Căn cứ Quyết định số 2232/QĐ-TTg ngày 28/12/2021 của Thủ tướng Chính phủ về việc phê duyệt "
      "Chiến lược quốc gia; Công văn số 1234/SLĐTBXH-BĐG ngày 05 tháng 3 năm 2023 của Sở Lao động "
      "- Thương binh và Xã hội về hướng dẫn công tác năm 2023;");
  std::vector<FoundReference> refs = FindDocumentReferences(text);
  ASSERT_EQ(refs.size(), 2u);
  EXPECT_EQ(refs[0].reference.kind(), v1::DOCUMENT_KIND_DECISION);
  EXPECT_EQ(refs[0].reference.number(), "2232/QĐ-TTg");
  EXPECT_EQ(refs[0].reference.date().month(), 12);
  EXPECT_EQ(refs[0].reference.issuer(), "Thủ tướng Chính phủ");
  EXPECT_EQ(refs[0].reference.title(), "phê duyệt Chiến lược quốc gia");
  EXPECT_EQ(refs[1].reference.kind(), v1::DOCUMENT_KIND_OFFICIAL_LETTER);
  EXPECT_EQ(refs[1].reference.number(), "1234/SLĐTBXH-BĐG");
  EXPECT_EQ(refs[1].reference.date().year(), 2023);
  EXPECT_EQ(refs[1].reference.issuer(), "Sở Lao động - Thương binh và Xã hội");
}

TEST(HeaderReaderTest, BlankNumberAndDaySplitDateLine) {
  std::vector<std::string> p = TextOf(
                                   "ỦY BAN NHÂN DÂN\nTỈNH BÌNH PHƯỚC\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA "
                                   "VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nSố: /KH-UBND\nBình "
                                   "Phước, ngày\ntháng 6 năm 2021\nKẾ HOẠCH\nThực hiện công tác "
                                   "gia đình\nnăm 2021\nCăn cứ Luật Bình đẳng giới;\nI. MỤC ĐÍCH")
                                   .paragraphs;
  DocumentHeader header = ReadHeader(p, 0);
  EXPECT_EQ(header.kind, v1::DOCUMENT_KIND_PLAN);
  EXPECT_EQ(header.number, "/KH-UBND");
  EXPECT_EQ(header.place, "Bình Phước");
  EXPECT_EQ(header.issue_date.year(), 2021);
  EXPECT_EQ(header.issue_date.month(), 6);
  EXPECT_EQ(header.issue_date.day(), 0);
  EXPECT_EQ(header.title, "Thực hiện công tác gia đình năm 2021");
  EXPECT_EQ(header.issuer_words, "ỦY BAN NHÂN DÂN\nTỈNH BÌNH PHƯỚC");
  EXPECT_EQ(p[header.body_begin], "Căn cứ Luật Bình đẳng giới;");
}

TEST(HeaderReaderTest, AWordTableHeaderFlattenedIntoTwoLines) {
  std::vector<std::string> p =
      TextOf(
          "ỦY BAN NHÂN DÂN HUYỆN CỦ CHI CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh "
          "phúc\nSố: 125/KH-UBND Củ Chi, ngày 05 tháng 3 năm 2024\nKẾ HOẠCH\nVề công tác bình "
          "đẳng giới năm 2024\nI. MỤC ĐÍCH")
          .paragraphs;
  DocumentHeader header = ReadHeader(p, 0);
  EXPECT_EQ(header.number, "125/KH-UBND");
  EXPECT_EQ(header.place, "Củ Chi");
  EXPECT_EQ(header.issue_date.day(), 5);
  EXPECT_EQ(header.issuer_words, "ỦY BAN NHÂN DÂN HUYỆN CỦ CHI");
  EXPECT_EQ(header.title, "Về công tác bình đẳng giới năm 2024");
}

TEST(ParagraphCleanupTest, PageNumbersDroppedBrokenLinesJoined) {
  CleanParagraphs clean = CleanUp({"**II. NỘI DUNG**", "1. Tổ chức tập huấn cho", "cán bộ cấp xã.",
                                   "2", "- 3 -", "2. Kiểm tra"});
  EXPECT_THAT(clean.text,
              ElementsAre("II. NỘI DUNG", "1. Tổ chức tập huấn cho cán bộ cấp xã.", "2. Kiểm tra"));
  EXPECT_THAT(clean.origin, ElementsAre(0, 1, 5));
  EXPECT_EQ(CleanUp({"TT", "1", "Nội dung"}, DocumentFormat::kDocx).text.size(), 3u);
  // Ill-formed UTF-8 never reaches the readers (nor the registry).
  EXPECT_THAT(CleanUp({"S\xe1\xbb X\xff"}).text, ElementsAre("S\uFFFD\uFFFD X\uFFFD"));
}

TEST(ParagraphCleanupTest, PdfLinesRunningToTheMarginAreJoined) {
  std::vector<std::string> lines = {
      "II. NỘI DUNG",
      "1. Tuyên truyền",
      "Tổ chức tuyên truyền về Luật Bình đẳng giới cho cán bộ, công chức của các",
      "Sở, ban, ngành và Ủy ban nhân dân các huyện trên địa bàn tỉnh Bình Phước;",
      "Kiểm tra việc thực hiện chính sách về bình đẳng giới tại các cơ quan, đơn",
      "vị trong năm 2024.",
      "Tổng hợp kết quả.",
      "Triển khai các chương trình về bình đẳng giới của tỉnh, bao gồm: Chương",
      "trình truyền thông về bình đẳng giới đến năm 2030 của tỉnh Bình Phước;",
      "Chương trình phòng ngừa, ứng phó với bạo lực trên cơ sở giới.",
      "2. Kiểm tra"};
  CleanParagraphs pdf = CleanUp(lines, DocumentFormat::kPdf);
  EXPECT_THAT(pdf.text,
              ElementsAre("II. NỘI DUNG", "1. Tuyên truyền",
                          "Tổ chức tuyên truyền về Luật Bình đẳng giới cho cán bộ, công chức của "
                          "các Sở, ban, ngành và Ủy ban nhân dân các huyện trên địa bàn tỉnh Bình "
                          "Phước;",
                          "Kiểm tra việc thực hiện chính sách về bình đẳng giới tại các cơ quan, "
                          "đơn vị trong năm 2024.",
                          "Tổng hợp kết quả.",
                          // A list opened with ":" runs on past its items' ";".
                          "Triển khai các chương trình về bình đẳng giới của tỉnh, bao gồm: "
                          "Chương trình truyền thông về bình đẳng giới đến năm 2030 của tỉnh "
                          "Bình Phước; Chương trình phòng ngừa, ứng phó với bạo lực trên cơ sở "
                          "giới.",
                          "2. Kiểm tra"));
  // A Word or text paragraph is a paragraph, however long.
  EXPECT_EQ(CleanUp(lines, DocumentFormat::kDocx).text.size(), 9u);
  // A bold line (a heading) is not continued by a regular one, however far
  // it runs.
  std::vector<std::string> heading = {
      "6. Nâng cao năng lực và hiệu quả quản lý nhà nước về bình đẳng giới của",
      "Tổ chức các lớp tập huấn nâng cao nhận thức về bình đẳng giới cho cán bộ",
      "lãnh đạo các cấp."};
  EXPECT_EQ(CleanUp(heading, DocumentFormat::kPdf).text.size(), 1u);
  EXPECT_EQ(CleanUp(heading, DocumentFormat::kPdf, {true, false, false}).text.size(), 2u);
}

TEST(DocumentOutlineTest, MarkersAndNesting) {
  EXPECT_EQ(ReadMarker("II. NHIỆM VỤ").kind, MarkerKind::kRoman);
  Marker multi = ReadMarker("1.2. Tuyên truyền");
  EXPECT_EQ(multi.kind, MarkerKind::kMultiLevel);
  EXPECT_EQ(multi.depth, 2);
  Marker letter = ReadMarker("đ) Khen thưởng");
  EXPECT_EQ(letter.kind, MarkerKind::kLetter);
  EXPECT_EQ(letter.label, "đ");
  EXPECT_EQ(letter.text, "Khen thưởng");
  EXPECT_EQ(ReadMarker("(3) Tổ chức").kind, MarkerKind::kParen);
  EXPECT_EQ(ReadMarker("- a) Rà soát").label, "a");
  EXPECT_EQ(ReadMarker("+ Cấp xã").kind, MarkerKind::kPlus);
  EXPECT_EQ(ReadMarker("2021 là năm").kind, MarkerKind::kNone);
  std::vector<std::string> p = {"I. MỤC ĐÍCH", "1. Mục đích",  "a) Một",
                                "b) Hai",      "2. Yêu cầu",   "- Ba",
                                "Đoạn",        "II. NỘI DUNG", "1. Bốn"};
  OutlineNode root = BuildOutline(p, 0, static_cast<int>(p.size()));
  ASSERT_EQ(root.children.size(), 2u);
  ASSERT_EQ(root.children[0].children.size(), 2u);
  EXPECT_EQ(root.children[0].children[0].children.size(), 2u);
  // Text under a bullet belongs to the heading above it.
  EXPECT_THAT(root.children[0].children[1].body, ElementsAre(6));
  EXPECT_EQ(root.children[1].children.size(), 1u);
}

TEST(TargetReaderTest, ComparisonValueAndDescription) {
  std::vector<v1::Target> t =
      TargetsOfSentence("Phấn đấu đạt ít nhất 80% cán bộ nữ được tập huấn vào năm 2025");
  ASSERT_EQ(t.size(), 1u);
  EXPECT_EQ(t[0].value(), 80);
  EXPECT_EQ(t[0].unit(), v1::TARGET_UNIT_PERCENT);
  EXPECT_EQ(t[0].comparison_words(), "Phấn đấu đạt ít nhất");
  EXPECT_EQ(t[0].comparison(), v1::TARGET_COMPARISON_AT_LEAST);
  EXPECT_EQ(t[0].population(), "cán bộ nữ");
  EXPECT_EQ(t[0].due_date().year(), 2025);
  t = TargetsOfSentence("giảm xuống dưới 5% số hộ gia đình có bạo lực");
  ASSERT_EQ(t.size(), 1u);
  EXPECT_EQ(t[0].comparison(), v1::TARGET_COMPARISON_AT_MOST);
  t = TargetsOfSentence("khoảng 60,5% số xã; 40% số phường được hỗ trợ");
  ASSERT_EQ(t.size(), 2u);
  EXPECT_EQ(t[0].value(), 60.5);
  EXPECT_EQ(t[0].comparison(), v1::TARGET_COMPARISON_ABOUT);
  // The shared predicate completes the first wording.
  EXPECT_EQ(t[0].description(), "Tỷ lệ số xã được hỗ trợ");
  // A figure without words of its own compares as the one before it.
  EXPECT_EQ(t[1].comparison(), v1::TARGET_COMPARISON_ABOUT);
  t = TargetsOfSentence("60% số xã có mô hình");
  ASSERT_EQ(t.size(), 1u);
  EXPECT_EQ(t[0].comparison(), v1::TARGET_COMPARISON_UNSPECIFIED);
}

TEST(AgencyMentionsTest, GroupLeadsAndNamedCoordinators) {
  TableResolver table = BinhPhuoc();
  ResolveContext context{&table, "units/70", {}};
  FoldedText text(
      "UBND các huyện, thị xã, thành phố chủ trì, phối hợp Sở Y tế tổ chức tuyên "
      "truyền.");
  TaskAgencies found = ReadTaskAgencies(text, context);
  ASSERT_TRUE(found.lead.has_value());
  EXPECT_TRUE(found.lead->collective);
  EXPECT_EQ(found.lead->words, "UBND các huyện, thị xã, thành phố");
  ASSERT_EQ(found.coordinating.size(), 1u);
  EXPECT_EQ(found.coordinating[0].resolution->name, "agencies/bp-so-y-te");
  EXPECT_THAT(found.others, ElementsAre("UBND các huyện, thị xã, thành phố"));
}

TEST(AgencyMentionsTest, GiaoAndDeNghi) {
  TableResolver table = BinhPhuoc();
  ResolveContext context{&table, "units/70", {}};
  FoldedText given(
      "Giao Sở Tư pháp chủ trì, phối hợp với Công an tỉnh và các đơn vị liên quan "
      "triển khai thực hiện.");
  TaskAgencies found = ReadTaskAgencies(given, context);
  ASSERT_TRUE(found.lead.has_value());
  EXPECT_EQ(found.lead->resolution->name, "agencies/bp-so-tu-phap");
  EXPECT_FALSE(found.lead_requested);
  ASSERT_EQ(found.coordinating.size(), 1u);
  EXPECT_EQ(found.coordinating[0].resolution->name, "agencies/bp-cong-an");
  EXPECT_THAT(found.others, ElementsAre("các đơn vị liên quan"));
  FoldedText asked("Đề nghị Hội Liên hiệp Phụ nữ tỉnh chủ trì vận động hội viên.");
  found = ReadTaskAgencies(asked, context);
  ASSERT_TRUE(found.lead.has_value());
  EXPECT_EQ(found.lead->resolution->name, "agencies/bp-hoi-lhpn");
  EXPECT_TRUE(found.lead_requested);
}

TEST(ReportingReaderTest, YearlyOverAMultiYearPlanAndOnceOverOneYear) {
  TableResolver table = BinhPhuoc();
  std::vector<Finding> findings;
  std::vector<std::string> paragraphs = {""};
  ParseContext context;
  context.paragraphs = &paragraphs;
  context.findings = &findings;
  context.resolve = ResolveContext{&table, "units/70", {}};
  std::string sentence = "báo cáo kết quả về Sở Nội vụ trước ngày 15/12 hằng năm";
  std::vector<v1::ReportingRequirement> r =
      ReportingOfSentence(sentence, "agencies/bp-so-y-te", "", PlanYears{2021, 2025}, context, 0);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].recurrence(), v1::REPORT_RECURRENCE_EVERY_YEAR);
  EXPECT_EQ(r[0].annual_due().month(), 12);
  EXPECT_EQ(r[0].annual_due().day(), 15);
  EXPECT_EQ(r[0].recipient(), "agencies/bp-so-noi-vu");
  EXPECT_EQ(r[0].due_text(), "trước ngày 15/12 hằng năm");
  EXPECT_THAT(r[0].reporting_agencies(), ElementsAre("agencies/bp-so-y-te"));
  r = ReportingOfSentence(sentence, "", "các sở, ngành", PlanYears{2021, 2021}, context, 0);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].kind(), v1::REPORT_KIND_ANNUAL);
  EXPECT_EQ(r[0].period(), "2021");
  EXPECT_EQ(r[0].due_date().year(), 2021);
  EXPECT_EQ(r[0].reporters(), "các sở, ngành");
  r = ReportingOfSentence("gửi báo cáo 6 tháng trước ngày 10/6 và báo cáo năm trước ngày 10/12", "",
                          "", PlanYears{2022, 2022}, context, 0);
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].kind(), v1::REPORT_KIND_SEMI_ANNUAL);
  EXPECT_EQ(r[0].period(), "2022-H1");
  EXPECT_EQ(r[1].kind(), v1::REPORT_KIND_ANNUAL);
}

TEST(BudgetReaderTest, SourcesStatusAndAmount) {
  std::vector<v1::BudgetLine> lines = BudgetLinesOf(
      "Kinh phí thực hiện từ nguồn ngân sách nhà nước đã giao trong dự toán năm 2023; nguồn tài "
      "trợ của các tổ chức quốc tế và các nguồn hợp pháp khác.",
      1);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0].source(), v1::BUDGET_SOURCE_STATE_BUDGET);
  EXPECT_EQ(lines[0].status(), v1::BUDGET_STATUS_COMMITTED);
  EXPECT_EQ(lines[0].level(), v1::BUDGET_LEVEL_PROVINCIAL);
  EXPECT_EQ(lines[1].source(), v1::BUDGET_SOURCE_DONOR);
  EXPECT_EQ(lines[2].source(), v1::BUDGET_SOURCE_OTHER_LAWFUL);
  lines = BudgetLinesOf("Bố trí 500 triệu đồng từ ngân sách cấp tỉnh.", 1);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].amount_vnd(), 500000000);
}

TEST(FootReaderTest, AddresseesRemainderAndSignature) {
  std::vector<std::string> p = TextOf(
                                   "Trên đây là Kế hoạch.\nNơi nhận:\n- Bộ Y tế (b/c);\n- Các sở, "
                                   "ngành;\n- Lưu: VT, VX.\nTM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\n"
                                   "PHÓ CHỦ TỊCH\nNguyễn Văn An")
                                   .paragraphs;
  DocumentFoot foot = ReadFoot(p, 0, static_cast<int>(p.size()));
  EXPECT_EQ(foot.begin, 1);
  EXPECT_THAT(foot.addressees, ElementsAre("Bộ Y tế (b/c)", "Các sở, ngành"));
  EXPECT_EQ(foot.remainder, "Lưu: VT, VX.");
  EXPECT_EQ(foot.signatory, "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nNguyễn Văn An");
}

constexpr char kDecisionAndPlan[] = R"(ỦY BAN NHÂN DÂN
TỈNH BÌNH PHƯỚC
Số: 1502/QĐ-UBND
Bình Phước, ngày 03 tháng 8 năm 2023
QUYẾT ĐỊNH
Về việc ban hành Kế hoạch thực hiện công tác bình đẳng giới năm 2023
CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH
Căn cứ Luật Bình đẳng giới ngày 29 tháng 11 năm 2006;
Căn cứ Nghị quyết số 28/NQ-CP ngày 03/3/2021 của Chính phủ;
QUYẾT ĐỊNH:
Điều 1. Ban hành kèm theo Quyết định này Kế hoạch thực hiện công tác bình đẳng giới năm 2023.
Điều 2. Quyết định này có hiệu lực kể từ ngày ký.
Nơi nhận:
- Như Điều 2;
- Lưu: VT.
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Trần Thị Bình
ỦY BAN NHÂN DÂN
TỈNH BÌNH PHƯỚC
KẾ HOẠCH
Thực hiện công tác bình đẳng giới năm 2023 trên địa bàn tỉnh Bình Phước
(Ban hành kèm theo Quyết định số 1502/QĐ-UBND ngày 03/8/2023 của UBND tỉnh)
I. NHIỆM VỤ
1. Tổ chức tập huấn cho cán bộ nữ; Sở Nội vụ chủ trì, phối hợp Hội Liên hiệp Phụ nữ tỉnh.
2. Rà soát các mô hình hỗ trợ phụ nữ khởi nghiệp.
II. TỔ CHỨC THỰC HIỆN
1. Sở Lao động - Thương binh và Xã hội: theo dõi, đôn đốc; tổng hợp, báo cáo UBND tỉnh trước ngày 10/12/2023.
2. Đề nghị Hội Liên hiệp Phụ nữ tỉnh: vận động hội viên tham gia.
)";

TEST(PlanParserTest, DecisionPromulgatingAPlan) {
  TableResolver table = BinhPhuoc();
  absl::StatusOr<ParsedPlan> parsed = ParsePlanDocument(TextOf(kDecisionAndPlan), table);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  const v1::Plan& plan = parsed->plan;
  EXPECT_EQ(plan.promulgated_by().number(), "1502/QĐ-UBND");
  EXPECT_EQ(plan.promulgated_by().issue_date().day(), 3);
  EXPECT_TRUE(plan.promulgated_by().effective_from_signing());
  EXPECT_EQ(plan.promulgated_by().signatory(), "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nTrần Thị Bình");
  EXPECT_EQ(plan.title(),
            "Thực hiện công tác bình đẳng giới năm 2023 trên địa bàn tỉnh Bình Phước");
  EXPECT_EQ(plan.document_number(), "");
  EXPECT_EQ(plan.unit(), "units/70");
  EXPECT_EQ(plan.period(), "2023");
  EXPECT_EQ(plan.issuer(), "agencies/bp-ubnd");
  // The plan cites nothing itself: the decision's bases stand.
  ASSERT_EQ(plan.legal_bases_size(), 1);
  EXPECT_EQ(plan.legal_bases(0).number(), "28/NQ-CP");
  ASSERT_EQ(plan.sections_size(), 1);
  ASSERT_EQ(plan.sections(0).tasks_size(), 2);
  EXPECT_EQ(plan.sections(0).tasks(0).code(), "I.1");
  EXPECT_EQ(plan.sections(0).tasks(0).lead(), "agencies/bp-so-noi-vu");
  EXPECT_THAT(plan.sections(0).tasks(0).coordinating(), ElementsAre("agencies/bp-hoi-lhpn"));
  // No lead in the text: the drafting body, said as a guess.
  EXPECT_EQ(plan.sections(0).tasks(1).lead(), "agencies/bp-so-ldtbxh");
  bool guessed = false;
  for (const Finding& f : parsed->findings) {
    guessed |= f.field == "plan.sections[0].tasks[1].lead" && f.kind == Finding::Kind::kGuessed;
  }
  EXPECT_TRUE(guessed);
  ASSERT_EQ(plan.assignments_size(), 2);
  EXPECT_EQ(plan.assignments(1).role(), v1::ASSIGNMENT_ROLE_REQUESTED);
  EXPECT_EQ(plan.assignments(1).agency(), "agencies/bp-hoi-lhpn");
  ASSERT_GE(plan.reporting_size(), 1);
  EXPECT_EQ(plan.reporting(0).due_date().month(), 12);
  EXPECT_EQ(plan.reporting(0).recipient(), "agencies/bp-ubnd");
  // The missing number is a finding, not silence.
  bool number_missing = false;
  for (const Finding& f : parsed->findings) {
    number_missing |= f.field == "plan.document_number" && f.kind == Finding::Kind::kMissing;
  }
  EXPECT_TRUE(number_missing);
}

constexpr char kFieldLines[] = R"(KẾ HOẠCH
Công tác bình đẳng giới tỉnh Bình Phước năm 2023
I. NHIỆM VỤ
1. Tuyên truyền về bình đẳng giới
- Nội dung: Tổ chức các hoạt động truyền thông tại cơ sở.
- Chủ trì: Sở Y tế
- Phối hợp: Sở Tư pháp, Công an tỉnh
- Thời gian thực hiện: Quý III/2023
2. Phòng, chống mua bán người
- Nội dung: Rà soát các vụ việc.
- Cơ quan thực hiện: Công an tỉnh
)";

// "- Chủ trì:", "- Phối hợp:", "- Thời gian thực hiện:" lines are the
// fields of the task beside them, not tasks.
TEST(PlanParserTest, FieldLinesOfATask) {
  TableResolver table = BinhPhuoc();
  absl::StatusOr<ParsedPlan> parsed = ParsePlanDocument(TextOf(kFieldLines), table);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  ASSERT_EQ(parsed->plan.sections_size(), 1);
  const v1::Section& part = parsed->plan.sections(0);
  ASSERT_EQ(part.sections_size(), 2);
  ASSERT_EQ(part.sections(0).tasks_size(), 1);
  const v1::Task& task = part.sections(0).tasks(0);
  EXPECT_EQ(task.code(), "I.1");
  EXPECT_EQ(task.content(), "Tổ chức các hoạt động truyền thông tại cơ sở");
  EXPECT_EQ(task.lead(), "agencies/bp-so-y-te");
  EXPECT_THAT(task.coordinating(), ElementsAre("agencies/bp-so-tu-phap", "agencies/bp-cong-an"));
  EXPECT_EQ(task.timing(), "Quý III/2023");
  EXPECT_EQ(task.kind(), v1::TASK_KIND_COMMUNICATION);
  ASSERT_EQ(part.sections(1).tasks_size(), 1);
  EXPECT_EQ(part.sections(1).tasks(0).lead(), "agencies/bp-cong-an");
}

constexpr char kLocalities[] = R"(KẾ HOẠCH
Công tác bình đẳng giới tỉnh Bình Phước năm 2023
I. NHIỆM VỤ
1. Mô hình câu lạc bộ nữ công nhân
- Nội dung: Sinh hoạt chuyên đề về bình đẳng giới cho nữ công nhân.
- Cơ quan thực hiện: Ủy ban nhân dân Phường Tân Đồng, Phường Tiến Thành chủ trì, phối hợp với Sở Y tế.
2. Tập huấn cho hội viên
- Nội dung: Tập huấn kỹ năng phòng, chống bạo lực gia đình cho hội viên phụ nữ ở cơ sở.
II. TỔ CHỨC THỰC HIỆN
1. Sở Lao động - Thương binh và Xã hội: chủ trì, theo dõi việc thực hiện Kế hoạch.
2. Đề nghị Hội Liên hiệp Phụ nữ tỉnh: tập huấn kỹ năng phòng, chống bạo lực gia đình cho hội viên phụ nữ ở cơ sở.
)";

// Several People's Committees leading one task: each locality gets its own
// copy of it, with the same coordinating agencies. A task without a lead is
// not guessed onto a body the plan only requests (the Women's Union), even
// when its duty says the same words: the drafting body leads, as a guess.
TEST(PlanParserTest, LocalitiesLeadTheirOwnCopyAndRequestedBodiesAreNotGuessed) {
  TableResolver table = BinhPhuoc();
  table.AddAgency("agencies/bp-tan-dong-ubnd", "Ủy ban nhân dân Phường Tân Đồng");
  table.AddAgency("agencies/bp-tien-thanh-ubnd", "Ủy ban nhân dân Phường Tiến Thành");
  absl::StatusOr<ParsedPlan> parsed = ParsePlanDocument(TextOf(kLocalities), table);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  ASSERT_GE(parsed->plan.sections_size(), 1);
  const v1::Section& part = parsed->plan.sections(0);
  ASSERT_EQ(part.sections_size(), 2);
  const v1::Section& model = part.sections(0);
  ASSERT_EQ(model.tasks_size(), 2) << model.DebugString();
  EXPECT_EQ(model.tasks(0).code(), "I.1");
  EXPECT_EQ(model.tasks(0).lead(), "agencies/bp-tan-dong-ubnd");
  EXPECT_EQ(model.tasks(1).code(), "I.1-2");
  EXPECT_EQ(model.tasks(1).lead(), "agencies/bp-tien-thanh-ubnd");
  EXPECT_EQ(model.tasks(1).content(), model.tasks(0).content());
  EXPECT_THAT(model.tasks(0).coordinating(), ElementsAre("agencies/bp-so-y-te"));
  EXPECT_THAT(model.tasks(1).coordinating(), ElementsAre("agencies/bp-so-y-te"));
  ASSERT_EQ(part.sections(1).tasks_size(), 1);
  EXPECT_EQ(part.sections(1).tasks(0).lead(), "agencies/bp-so-ldtbxh");
}

TEST(PlanParserTest, NotAPlan) {
  TableResolver table;
  EXPECT_EQ(ParsePlanDocument(DocumentText{}, table).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParsePlanDocument(TextOf("Xin chào.\nHẹn gặp lại."), table).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(RegistryResolverTest, AgenciesUnitsAndIndicatorsFromTheRegistry) {
  auto agencies = ::interplan::testing::InProcessAgencies::StartWithReference();
  ASSERT_TRUE(agencies.ok()) << agencies.status();
  auto indicators = ReadIndicatorFile(DefaultIndicatorFile());
  ASSERT_TRUE(indicators.ok());
  RegistryResolver resolver(**agencies, *indicators);
  google::type::Date june_2021;
  june_2021.set_year(2021);
  june_2021.set_month(6);
  june_2021.set_day(21);
  std::optional<Resolution> r =
      resolver.ResolveAgency("Sở Lao động - Thương binh và Xã hội", "units/75", june_2021);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->name, "agencies/dong-nai-so-ldtbxh");
  EXPECT_GE(r->confidence, 0.75);
  r = resolver.ResolveAgency("UBND tỉnh", "units/75", june_2021);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->name, "agencies/dong-nai-ubnd");
  r = resolver.ResolveAgency("Bộ LĐTBXH", "units/75", june_2021);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->name, "agencies/molisa");
  EXPECT_FALSE(resolver.ResolveAgency("Sở Không Có Thật", "units/75", june_2021).has_value());
  google::type::Date may_2019;
  may_2019.set_year(2019);
  may_2019.set_month(5);
  may_2019.set_day(8);
  std::optional<Resolution> unit = resolver.ResolveUnit("quận Gò Vấp", may_2019);
  ASSERT_TRUE(unit.has_value());
  EXPECT_EQ(unit->name, "units/764");
  std::optional<Resolution> indicator = resolver.ResolveIndicator(
      "Tỷ lệ cơ quan quản lý nhà nước, chính quyền địa phương các cấp có lãnh đạo chủ chốt là nữ");
  ASSERT_TRUE(indicator.has_value());
  EXPECT_EQ(indicator->name, "indicators/NSGE-1.1");
  EXPECT_TRUE(resolver.registry_status().ok());
}

constexpr char kDongNaiPlan[] = R"(ỦY BAN NHÂN DÂN
TỈNH ĐỒNG NAI
Số: 77/KH-UBND
Đồng Nai, ngày 10 tháng 3 năm 2022
KẾ HOẠCH
Thực hiện công tác vì sự tiến bộ của phụ nữ tỉnh Đồng Nai năm 2022
Căn cứ Công văn số 12/LĐTBXH-BĐG ngày 05/01/2022 của Bộ Lao động - Thương binh và Xã hội;
I. NHIỆM VỤ
1. Sở Y tế chủ trì, phối hợp Sở Giáo dục và Đào tạo, UBND các huyện tổ chức truyền thông.
2. Giao Công an tỉnh chủ trì phòng, chống mua bán người.
II. TỔ CHỨC THỰC HIỆN
1. Sở Lao động - Thương binh và Xã hội: tổng hợp, báo cáo UBND tỉnh trước ngày 15/12/2022.
Nơi nhận:
- Bộ LĐTBXH;
- Lưu: VT.
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Nguyễn Văn Bình
)";

// A plan written for this test, read against the real registry: the
// issuing body from two header lines, the unit from the title, leads and
// coordinators by name, a group kept as written.
TEST(RegistryResolverTest, AWholePlanAgainstTheRegistry) {
  auto agencies = ::interplan::testing::InProcessAgencies::StartWithReference();
  ASSERT_TRUE(agencies.ok()) << agencies.status();
  RegistryResolver resolver(**agencies, {});
  absl::StatusOr<ParsedPlan> parsed = ParsePlanDocument(TextOf(kDongNaiPlan), resolver);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  const v1::Plan& plan = parsed->plan;
  EXPECT_EQ(plan.issuer(), "agencies/dong-nai-ubnd");
  EXPECT_EQ(plan.unit(), "units/75");
  EXPECT_EQ(plan.document_number(), "77/KH-UBND");
  EXPECT_EQ(plan.period(), "2022");
  ASSERT_EQ(plan.legal_bases_size(), 1);
  EXPECT_EQ(plan.legal_bases(0).issuer_agency(), "agencies/molisa");
  ASSERT_EQ(plan.sections_size(), 1);
  ASSERT_EQ(plan.sections(0).tasks_size(), 2);
  const v1::Task& first = plan.sections(0).tasks(0);
  EXPECT_EQ(first.lead(), "agencies/dong-nai-so-y-te");
  EXPECT_THAT(first.coordinating(), ElementsAre("agencies/dong-nai-so-gddt"));
  EXPECT_EQ(first.others(), "UBND các huyện");
  EXPECT_EQ(plan.sections(0).tasks(1).lead(), "agencies/dong-nai-cong-an");
  ASSERT_EQ(plan.assignments_size(), 1);
  EXPECT_EQ(plan.assignments(0).agency(), "agencies/dong-nai-so-ldtbxh");
  ASSERT_GE(plan.reporting_size(), 1);
  EXPECT_EQ(plan.reporting(0).recipient(), "agencies/dong-nai-ubnd");
  ASSERT_EQ(plan.distribution().addressees_size(), 1);
  EXPECT_EQ(plan.distribution().addressees(0).agency(), "agencies/molisa");
  EXPECT_EQ(plan.signatory(), "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nNguyễn Văn Bình");
}

TEST(RegistryResolverTest, UnreachableRegistryResolvesNothingAndSaysWhy) {
  ::interplan::testing::UnreachableAgencies down;
  RegistryResolver resolver(down, {}, absl::Milliseconds(200));
  google::type::Date date;
  date.set_year(2021);
  EXPECT_FALSE(resolver.ResolveAgency("Sở Nội vụ", "units/75", date).has_value());
  EXPECT_EQ(resolver.registry_status().code(), absl::StatusCode::kUnavailable);
  // The parse still ends, with everything it could not resolve listed.
  absl::StatusOr<ParsedPlan> parsed = ParsePlanDocument(TextOf(kDecisionAndPlan), resolver);
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->plan.issuer(), "");
  EXPECT_EQ(parsed->plan.promulgated_by().number(), "1502/QĐ-UBND");
}

}  // namespace
}  // namespace interplan::plans::import
