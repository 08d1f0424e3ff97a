// The parser over the five seeds' text, resolving against
// interplan-agencies' real registries (in process, with the shipped
// reference data) and the shipped indicator catalogue, compared with what a
// careful person made of each seed (tests/fixtures/plans). It prints
// precision and recall per field group and asserts floors it reaches.
#include <google/protobuf/util/json_util.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/api/enum_names.h"
#include "common/reference/indicator_file.h"
#include "gtest/gtest.h"
#include "services/plans/import/plan_parser.h"
#include "services/plans/import/registry_resolver.h"
#include "tests/services/plans/import/seed_plans.h"
#include "tests/support/in_process_agencies.h"

namespace interplan::plans::import {
namespace {

using ::interplan::plans::import::testing::SeedFixture;
using ::interplan::plans::import::testing::SeedStems;
using ::interplan::plans::import::testing::SeedText;

// Matches, and how many the draft and the fixture have.
struct Score {
  int matched = 0;
  int drafted = 0;
  int expected = 0;
  double Precision() const { return drafted == 0 ? 1 : 1.0 * matched / drafted; }
  double Recall() const { return expected == 0 ? 1 : 1.0 * matched / expected; }
  void Add(const Score& other) {
    matched += other.matched;
    drafted += other.drafted;
    expected += other.expected;
  }
};

void Field(Score* score, const std::string& drafted, const std::string& expected) {
  if (!drafted.empty()) ++score->drafted;
  if (!expected.empty()) ++score->expected;
  if (!drafted.empty() && drafted == expected) ++score->matched;
}

std::string DateText(const google::type::Date& d) {
  return d.year() == 0 ? "" : absl::StrCat(d.year(), "-", d.month(), "-", d.day());
}

Score HeaderScore(const v1::Plan& draft, const v1::Plan& fixture) {
  Score s;
  Field(&s, draft.document_number(), fixture.document_number());
  Field(&s, DateText(draft.issue_date()), DateText(fixture.issue_date()));
  Field(&s, draft.place(), fixture.place());
  Field(&s, draft.title(), fixture.title());
  Field(&s, draft.period(), fixture.period());
  Field(&s, draft.issuer(), fixture.issuer());
  Field(&s, draft.unit(), fixture.unit());
  Field(&s, draft.implements_document().number(), fixture.implements_document().number());
  return s;
}

// Multiset match of keys.
Score KeyScore(const std::vector<std::string>& drafted, const std::vector<std::string>& expected) {
  Score s;
  std::multiset<std::string> left(expected.begin(), expected.end());
  for (const std::string& d : drafted) {
    if (d.empty()) continue;
    ++s.drafted;
    auto it = left.find(d);
    if (it != left.end()) {
      ++s.matched;
      left.erase(it);
    }
  }
  for (const std::string& e : expected) s.expected += e.empty() ? 0 : 1;
  return s;
}

void Tasks(const google::protobuf::RepeatedPtrField<v1::Section>& sections,
           std::map<std::string, const v1::Task*>* tasks, int* count) {
  for (const v1::Section& s : sections) {
    for (const v1::Task& t : s.tasks()) {
      (*tasks)[t.code()] = &t;
      ++*count;
    }
    Tasks(s.sections(), tasks, count);
  }
}

struct SeedFigures {
  Score header, bases, tasks, leads, coordinating, targets, indicators, assignments, budget,
      reporting, distribution;
};

void Targets(const google::protobuf::RepeatedPtrField<v1::Section>& sections,
             std::vector<std::string>* values, std::vector<std::string>* indicators) {
  for (const v1::Section& s : sections) {
    for (const v1::Target& t : s.targets()) {
      values->push_back(absl::StrCat(t.code(), "=", t.value(), " ", t.unit(), " ",
                                     v1::TargetComparison_Name(t.comparison())));
      indicators->push_back(absl::StrCat(t.code(), "=", t.indicator()));
    }
    Targets(s.sections(), values, indicators);
  }
}

SeedFigures Compare(const v1::Plan& draft, const v1::Plan& fixture) {
  SeedFigures f;
  f.header = HeaderScore(draft, fixture);
  std::vector<std::string> a, b;
  for (const auto& base : draft.legal_bases()) a.push_back(base.number());
  for (const auto& base : fixture.legal_bases()) b.push_back(base.number());
  f.bases = KeyScore(a, b);
  std::map<std::string, const v1::Task*> dt, ft;
  int dn = 0, fn = 0;
  Tasks(draft.sections(), &dt, &dn);
  Tasks(fixture.sections(), &ft, &fn);
  a.clear();
  b.clear();
  for (const auto& [code, t] : dt) a.push_back(code);
  for (const auto& [code, t] : ft) b.push_back(code);
  f.tasks = KeyScore(a, b);
  a.clear();
  b.clear();
  std::vector<std::string> ca, cb;
  for (const auto& [code, t] : dt) {
    a.push_back(code + "=" + t->lead());
    for (const std::string& c : t->coordinating()) ca.push_back(code + "~" + c);
  }
  for (const auto& [code, t] : ft) {
    b.push_back(code + "=" + t->lead());
    for (const std::string& c : t->coordinating()) cb.push_back(code + "~" + c);
  }
  f.leads = KeyScore(a, b);
  f.coordinating = KeyScore(ca, cb);
  std::vector<std::string> tv, ti, fv, fi;
  Targets(draft.sections(), &tv, &ti);
  Targets(fixture.sections(), &fv, &fi);
  f.targets = KeyScore(tv, fv);
  f.indicators = KeyScore(ti, fi);
  a.clear();
  b.clear();
  for (const auto& x : draft.assignments()) a.push_back(x.code() + "=" + x.agency());
  for (const auto& x : fixture.assignments()) b.push_back(x.code() + "=" + x.agency());
  f.assignments = KeyScore(a, b);
  a.clear();
  b.clear();
  for (const auto& x : draft.budget()) a.push_back(api::ShortEnumName(x.source()));
  for (const auto& x : fixture.budget()) b.push_back(api::ShortEnumName(x.source()));
  f.budget = KeyScore(a, b);
  a.clear();
  b.clear();
  for (const auto& x : draft.reporting()) a.push_back(x.due_text());
  for (const auto& x : fixture.reporting()) b.push_back(x.due_text());
  f.reporting = KeyScore(a, b);
  a.clear();
  b.clear();
  for (const auto& x : draft.distribution().addressees()) a.push_back(x.text() + "=" + x.agency());
  for (const auto& x : fixture.distribution().addressees())
    b.push_back(x.text() + "=" + x.agency());
  f.distribution = KeyScore(a, b);
  return f;
}

class PlanParserSeedsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto started = ::interplan::testing::InProcessAgencies::StartWithReference();
    ASSERT_TRUE(started.ok()) << started.status();
    agencies_ = std::move(*started).release();
    auto indicators = ReadIndicatorFile(DefaultIndicatorFile());
    ASSERT_TRUE(indicators.ok()) << indicators.status();
    indicators_ = new std::vector<reporting::v1::Indicator>(*indicators);
  }
  static void TearDownTestSuite() {
    delete agencies_;
    delete indicators_;
  }

  static ::interplan::testing::InProcessAgencies* agencies_;
  static std::vector<reporting::v1::Indicator>* indicators_;
};

::interplan::testing::InProcessAgencies* PlanParserSeedsTest::agencies_ = nullptr;
std::vector<reporting::v1::Indicator>* PlanParserSeedsTest::indicators_ = nullptr;

void Print(const std::string& stem, const std::string& group, const Score& s) {
  std::printf(
      "%-22s %-13s precision %5.1f%%  recall %5.1f%%  (%d matched, %d drafted, %d "
      "expected)\n",
      stem.c_str(), group.c_str(), 100 * s.Precision(), 100 * s.Recall(), s.matched, s.drafted,
      s.expected);
}

TEST_F(PlanParserSeedsTest, EachSeedAgainstItsFixture) {
  SeedFigures total;
  const char* dump = std::getenv("INTERPLAN_DUMP_DRAFTS");
  for (const std::string& stem : SeedStems()) {
    RegistryResolver resolver(*agencies_, *indicators_);
    absl::Time start = absl::Now();
    absl::StatusOr<ParsedPlan> parsed = ParsePlanDocument(SeedText(stem), resolver);
    absl::Duration took = absl::Now() - start;
    ASSERT_TRUE(parsed.ok()) << stem << ": " << parsed.status();
    EXPECT_TRUE(resolver.registry_status().ok()) << resolver.registry_status();
    v1::Plan fixture = SeedFixture(stem);
    SeedFigures f = Compare(parsed->plan, fixture);
    std::printf("%s: %s, %d registry calls, %zu findings\n", stem.c_str(),
                absl::FormatDuration(took).c_str(), resolver.registry_calls(),
                parsed->findings.size());
    // Floors this parser reaches on every seed (the figures above say by
    // how much): header fields and legal bases exact, tasks and leads
    // mostly.
    EXPECT_GE(f.header.Precision(), 0.95) << stem;
    EXPECT_GE(f.header.Recall(), 0.95) << stem;
    EXPECT_GE(f.bases.Precision(), 0.95) << stem;
    EXPECT_GE(f.bases.Recall(), 0.95) << stem;
    EXPECT_GE(f.tasks.Precision(), 0.75) << stem;
    EXPECT_GE(f.tasks.Recall(), 0.75) << stem;
    EXPECT_GE(f.leads.Precision(), 0.75) << stem;
    EXPECT_GE(f.leads.Recall(), 0.75) << stem;
    Print(stem, "header", f.header);
    Print(stem, "legal bases", f.bases);
    Print(stem, "tasks", f.tasks);
    Print(stem, "task leads", f.leads);
    Print(stem, "coordinating", f.coordinating);
    Print(stem, "targets", f.targets);
    Print(stem, "indicators", f.indicators);
    Print(stem, "assignments", f.assignments);
    Print(stem, "budget", f.budget);
    Print(stem, "reporting", f.reporting);
    Print(stem, "distribution", f.distribution);
    total.header.Add(f.header);
    total.bases.Add(f.bases);
    total.tasks.Add(f.tasks);
    total.leads.Add(f.leads);
    total.coordinating.Add(f.coordinating);
    total.targets.Add(f.targets);
    total.indicators.Add(f.indicators);
    total.assignments.Add(f.assignments);
    total.budget.Add(f.budget);
    total.reporting.Add(f.reporting);
    total.distribution.Add(f.distribution);
    // Every finding points at a paragraph of the text, or at none.
    for (const Finding& finding : parsed->findings) {
      EXPECT_GE(finding.paragraph, -1);
      EXPECT_LT(finding.paragraph, static_cast<int>(SeedText(stem).paragraphs.size()));
    }
    if (dump != nullptr) {
      std::string json;
      google::protobuf::util::JsonPrintOptions options;
      options.add_whitespace = true;
      (void)google::protobuf::util::MessageToJsonString(parsed->plan, &json, options);
      std::ofstream(absl::StrCat(dump, "/", stem, ".json")) << json;
      std::ofstream findings(absl::StrCat(dump, "/", stem, ".findings.txt"));
      for (const Finding& finding : parsed->findings) {
        findings << static_cast<int>(finding.kind) << "\t" << finding.field << "\t" << finding.words
                 << "\t" << finding.paragraph << "\t" << finding.note << "\n";
      }
    }
  }
  EXPECT_GE(total.tasks.Precision(), 0.9);
  EXPECT_GE(total.tasks.Recall(), 0.9);
  EXPECT_GE(total.leads.Precision(), 0.83);
  EXPECT_GE(total.leads.Recall(), 0.83);
  EXPECT_GE(total.budget.Recall(), 0.8);
  EXPECT_GE(total.targets.Recall(), 0.8);
  EXPECT_GE(total.indicators.Recall(), 0.8);
  EXPECT_GE(total.distribution.Recall(), 0.8);
  EXPECT_GE(total.reporting.Recall(), 0.6);
  Print("all", "header", total.header);
  Print("all", "legal bases", total.bases);
  Print("all", "tasks", total.tasks);
  Print("all", "task leads", total.leads);
  Print("all", "coordinating", total.coordinating);
  Print("all", "targets", total.targets);
  Print("all", "indicators", total.indicators);
  Print("all", "assignments", total.assignments);
  Print("all", "budget", total.budget);
  Print("all", "reporting", total.reporting);
  Print("all", "distribution", total.distribution);
}

// A sample of leads, each read by a different rule: named in the task
// ("Phòng Văn hóa và Thông tin chủ trì"), named by the section's title
// ("Hoạt động của Ban Vì sự tiến bộ của phụ nữ"), handed over by the first
// addressee of "Tổ chức thực hiện" ("Giao Sở Lao động ... chủ trì"), or the
// drafting body when the text names none.
TEST_F(PlanParserSeedsTest, SampleLeads) {
  struct Sample {
    std::string stem, code, lead;
  };
  const std::vector<Sample> samples = {
      {"002_go_vap_2019_2020", "II.1.1.2.c.(1)", "agencies/go-vap-phong-vhtt"},
      {"002_go_vap_2019_2020", "II.1.2.2.a.(1)", "agencies/go-vap-chi-cuc-thong-ke"},
      {"001_quang_ngai_2022", "II.5.a", "agencies/quang-ngai-bvstbpn"},
      {"003_dak_lak_2020", "II.4.(1)", "agencies/dak-lak-bvstbpn"},
      {"004_lai_chau_2024", "II.1.(1)", "agencies/lai-chau-so-ldtbxh"},
      {"000_dong_nai_2021", "II.1.a", "agencies/dong-nai-so-ldtbxh"},
  };
  for (const Sample& sample : samples) {
    RegistryResolver resolver(*agencies_, *indicators_);
    absl::StatusOr<ParsedPlan> parsed = ParsePlanDocument(SeedText(sample.stem), resolver);
    ASSERT_TRUE(parsed.ok()) << parsed.status();
    std::map<std::string, const v1::Task*> tasks;
    int count = 0;
    Tasks(parsed->plan.sections(), &tasks, &count);
    ASSERT_TRUE(tasks.count(sample.code)) << sample.stem << " " << sample.code;
    EXPECT_EQ(tasks[sample.code]->lead(), sample.lead) << sample.stem << " " << sample.code;
  }
}

}  // namespace
}  // namespace interplan::plans::import
