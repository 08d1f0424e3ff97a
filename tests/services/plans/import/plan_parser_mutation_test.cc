// A bounded random-mutation run of the parser over the seeds' text:
// paragraphs dropped, doubled, swapped, cut, joined, given stray markers,
// stray bytes (ill-formed UTF-8 among them) and huge or empty lines. Every
// parse must end, well within its time, with a plan or INVALID_ARGUMENT,
// and every finding must point inside the text it was given.
#include <random>
#include <string>
#include <vector>

#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "services/plans/import/plan_parser.h"
#include "services/plans/import/registry_resolver.h"
#include "tests/services/plans/import/seed_plans.h"
#include "tests/services/plans/import/table_resolver.h"
#include "tests/support/in_process_agencies.h"

namespace interplan::plans::import {
namespace {

namespace v1 = ::interplan::plans::v1;
using ::interplan::plans::import::testing::SeedStems;
using ::interplan::plans::import::testing::SeedText;
using ::interplan::plans::import::testing::TableResolver;

const char* const kStrays[] = {
    "I. ",          "1. ",      "a) ",           "(1) ",     "- ",       "+ ",        "Số: ",
    "ngày ",        "KẾ HOẠCH", "\xff\xfe",      "\xe1\xbb", "chủ trì ", "phối hợp ", "Nơi nhận:",
    "KT. CHỦ TỊCH", "100%",     "trước ngày 15/"};

void Mutate(std::mt19937& rng, std::vector<std::string>* p) {
  if (p->empty()) {
    p->push_back("KẾ HOẠCH");
    return;
  }
  auto pick = [&](size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng); };
  size_t i = pick(p->size());
  switch (pick(9)) {
    case 0:
      p->erase(p->begin() + i);
      break;
    case 1:
      p->insert(p->begin() + i, (*p)[pick(p->size())]);
      break;
    case 2:
      std::swap((*p)[i], (*p)[pick(p->size())]);
      break;
    case 3:
      (*p)[i] = (*p)[i].substr(0, pick((*p)[i].size() + 1));  // may cut inside a code point
      break;
    case 4:
      (*p)[i] = std::string(kStrays[pick(std::size(kStrays))]) + (*p)[i];
      break;
    case 5:
      (*p)[i].insert(pick((*p)[i].size() + 1), kStrays[pick(std::size(kStrays))]);
      break;
    case 6:
      if (i + 1 < p->size()) {
        (*p)[i] += " " + (*p)[i + 1];
        p->erase(p->begin() + i + 1);
      }
      break;
    case 7:
      (*p)[i] = std::string(30000, "a-1.;:(%"[pick(8)]);
      break;
    default:
      (*p)[i].push_back(static_cast<char>(pick(256)));
      break;
  }
}

TEST(PlanParserMutationTest, MutatedSeedsNeverCrashOrHang) {
  TableResolver table;
  table.AddAgency("agencies/a", "Sở Lao động - Thương binh và Xã hội");
  table.AddAgency("agencies/b", "Ủy ban nhân dân tỉnh");
  table.AddUnit("units/1", "Tỉnh Đồng Nai");
  std::mt19937 rng(16);
  absl::Time deadline = absl::Now() + absl::Seconds(60);
  int runs = 0;
  for (int round = 0; round < 400 && absl::Now() < deadline; ++round) {
    DocumentText text = SeedText(SeedStems()[round % SeedStems().size()]);
    int edits = 1 + static_cast<int>(rng() % 40);
    for (int e = 0; e < edits; ++e) Mutate(rng, &text.paragraphs);
    absl::Time start = absl::Now();
    absl::StatusOr<ParsedPlan> parsed = ParsePlanDocument(text, table);
    EXPECT_LT(absl::Now() - start, absl::Seconds(2)) << "round " << round;
    ++runs;
    if (!parsed.ok()) {
      EXPECT_EQ(parsed.status().code(), absl::StatusCode::kInvalidArgument) << parsed.status();
      continue;
    }
    // Every string of the draft is well-formed UTF-8: it parses back.
    std::string wire;
    ASSERT_TRUE(parsed->plan.SerializeToString(&wire));
    v1::Plan back;
    ASSERT_TRUE(back.ParseFromString(wire)) << "round " << round;
    for (const Finding& f : parsed->findings) {
      ASSERT_GE(f.paragraph, -1);
      ASSERT_LT(f.paragraph, static_cast<int>(text.paragraphs.size())) << f.field;
    }
  }
  EXPECT_GE(runs, 50);
  std::printf("%d mutated documents parsed\n", runs);
}

// The same against the real registry: whatever the words, the registry is
// asked well-formed questions and the parse ends.
TEST(PlanParserMutationTest, MutatedSeedsAgainstTheRegistry) {
  auto agencies = ::interplan::testing::InProcessAgencies::StartWithReference();
  ASSERT_TRUE(agencies.ok()) << agencies.status();
  std::mt19937 rng(1616);
  absl::Time deadline = absl::Now() + absl::Seconds(30);
  for (int round = 0; round < 40 && absl::Now() < deadline; ++round) {
    DocumentText text = SeedText(SeedStems()[round % SeedStems().size()]);
    int edits = 1 + static_cast<int>(rng() % 30);
    for (int e = 0; e < edits; ++e) Mutate(rng, &text.paragraphs);
    RegistryResolver resolver(**agencies, {});
    absl::Time start = absl::Now();
    absl::StatusOr<ParsedPlan> parsed = ParsePlanDocument(text, resolver);
    EXPECT_LT(absl::Now() - start, absl::Seconds(5)) << "round " << round;
    EXPECT_TRUE(resolver.registry_status().ok()) << resolver.registry_status();
    if (!parsed.ok()) {
      EXPECT_EQ(parsed.status().code(), absl::StatusCode::kInvalidArgument) << parsed.status();
    }
  }
}

}  // namespace
}  // namespace interplan::plans::import
