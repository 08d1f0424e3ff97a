// The plan document import benchmark of issue 16: each seed document
// (tests/fixtures/documents/NNN_*.{txt,docx,pdf}) read with
// ExtractDocumentText, parsed with ParsePlanDocument against the real
// agencies registries in process (InProcessAgencies, loaded with the shipped
// reference data, the code interplan-agencies runs) and the shipped
// indicator catalogue, and the draft compared with what a careful person
// made of the seed (tests/fixtures/plans/NNN_*.json) by ComparePlans. It
// prints precision and recall per field group per document and per format,
// the time per document (extraction + parse, median of --runs), the
// difference of each format from the text form, and the issue's goals as
// MET or NOT MET. A program that prints figures, not a test; bench/README.md
// has the figures and the command.
//
//   plan_import_bench [--runs=5] [--source_dir=DIR] [--dump_dir=DIR] [--smoke]
//
// --dump_dir writes each draft as DIR/<seed>.<format>.json (CreatePlanRequest
// JSON, the fixtures' format) and its findings as DIR/<seed>.<format>.findings.txt,
// to see what a figure comes from.
// --smoke: the first seed, as .txt, one run (a ctest test, so that the
// benchmark keeps building and running). Exits 1 when a document cannot be
// read, extracted or parsed at all, or a registry call fails; a goal missed
// is printed, not an error.
#include <google/protobuf/util/json_util.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/reference/indicator_file.h"
#include "interplan/plans/v1/plans.pb.h"
#include "services/plans/import/document_text.h"
#include "services/plans/import/plan_comparison.h"
#include "services/plans/import/plan_parser.h"
#include "services/plans/import/registry_resolver.h"
#include "tests/support/in_process_agencies.h"

namespace interplan::bench {
namespace {

using plans::import::ComparePlans;
using plans::import::FieldGroup;
using plans::import::FieldGroupName;
using plans::import::Finding;
using plans::import::GroupScore;
using plans::import::kFieldGroupCount;
using plans::import::ParsedPlan;
using plans::import::PlanComparison;

struct Options {
  int runs = 5;
  bool smoke = false;
  std::string dump_dir;
  std::string source_dir = INTERPLAN_BENCH_SOURCE_DIR;
};

const std::vector<std::string>& Formats() {
  static const std::vector<std::string> formats = {"txt", "docx", "pdf"};
  return formats;
}

absl::StatusOr<Options> ParseOptions(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    absl::string_view arg = argv[i];
    if (arg == "--smoke") {
      options.smoke = true;
      options.runs = 1;
    } else if (absl::ConsumePrefix(&arg, "--runs=")) {
      if (!absl::SimpleAtoi(arg, &options.runs) || options.runs < 1) {
        return absl::InvalidArgumentError(absl::StrCat("bad --runs: ", arg));
      }
    } else if (absl::ConsumePrefix(&arg, "--dump_dir=")) {
      options.dump_dir = std::string(arg);
    } else if (absl::ConsumePrefix(&arg, "--source_dir=")) {
      options.source_dir = std::string(arg);
    } else {
      return absl::InvalidArgumentError(absl::StrCat(
          "unknown flag ", arg,
          "\nusage: plan_import_bench [--runs=5] [--source_dir=DIR] [--dump_dir=DIR] [--smoke]"));
    }
  }
  return options;
}

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot open ", path));
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// The stems of tests/fixtures/documents/*.txt that have a fixture plan.
std::vector<std::string> SeedStems(const std::string& source_dir) {
  std::vector<std::string> stems;
  std::error_code error;
  for (const auto& entry :
       std::filesystem::directory_iterator(source_dir + "/tests/fixtures/documents", error)) {
    if (entry.path().extension() != ".txt") continue;
    std::string stem = entry.path().stem().string();
    if (std::filesystem::exists(source_dir + "/tests/fixtures/plans/" + stem + ".json")) {
      stems.push_back(stem);
    }
  }
  std::sort(stems.begin(), stems.end());
  return stems;
}

absl::StatusOr<plans::v1::Plan> ReadFixture(const std::string& path) {
  absl::StatusOr<std::string> json = ReadFile(path);
  if (!json.ok()) return json.status();
  plans::v1::CreatePlanRequest request;
  auto status = google::protobuf::util::JsonStringToMessage(*json, &request);
  if (!status.ok()) return absl::InvalidArgumentError(absl::StrCat(path, ": ", status.ToString()));
  return request.plan();
}

void Dump(const std::string& dir, const std::string& file_name, const ParsedPlan& parsed) {
  plans::v1::CreatePlanRequest request;
  *request.mutable_plan() = parsed.plan;
  std::string json;
  google::protobuf::util::JsonPrintOptions print;
  print.add_whitespace = true;
  (void)google::protobuf::util::MessageToJsonString(request, &json, print);
  std::filesystem::create_directories(dir);
  std::ofstream(absl::StrCat(dir, "/", file_name, ".json")) << json;
  std::ofstream findings(absl::StrCat(dir, "/", file_name, ".findings.txt"));
  for (const Finding& f : parsed.findings) {
    findings << f.field << "\t" << f.confidence << "\t" << f.words << "\t" << f.note << "\n";
  }
}

// One document imported: its comparison with the fixture and the median
// time of extraction + parse.
struct Result {
  std::string stem;
  std::string format;
  PlanComparison comparison;
  absl::Duration median;             // extraction + parse
  absl::Duration median_extraction;  // of the same runs
  size_t paragraphs = 0;
  size_t findings = 0;
};

class Importer {
 public:
  Importer(AgenciesClient& agencies, std::vector<reporting::v1::Indicator> indicators)
      : agencies_(agencies), indicators_(std::move(indicators)) {}

  // Each run with a fresh resolver, as the service has one per document.
  absl::StatusOr<plans::import::ParsedPlan> ImportOnce(const std::string& content,
                                                       const std::string& file_name,
                                                       size_t* paragraphs,
                                                       absl::Duration* extraction) {
    absl::Time start = absl::Now();
    auto text = plans::import::ExtractDocumentText(content, file_name, "");
    *extraction = absl::Now() - start;
    if (!text.ok()) return text.status();
    *paragraphs = text->paragraphs.size();
    plans::import::RegistryResolver resolver(agencies_, indicators_);
    auto parsed = plans::import::ParsePlanDocument(*text, resolver);
    if (!parsed.ok()) return parsed.status();
    if (!resolver.registry_status().ok()) return resolver.registry_status();
    return parsed;
  }

 private:
  AgenciesClient& agencies_;
  std::vector<reporting::v1::Indicator> indicators_;
};

absl::StatusOr<Result> Measure(Importer& importer, const Options& options, const std::string& stem,
                               const std::string& format) {
  const std::string file_name = absl::StrCat(stem, ".", format);
  absl::StatusOr<std::string> content =
      ReadFile(absl::StrCat(options.source_dir, "/tests/fixtures/documents/", file_name));
  if (!content.ok()) return content.status();
  absl::StatusOr<plans::v1::Plan> fixture =
      ReadFixture(absl::StrCat(options.source_dir, "/tests/fixtures/plans/", stem, ".json"));
  if (!fixture.ok()) return fixture.status();
  Result result{stem, format};
  std::vector<absl::Duration> times, extractions;
  for (int run = 0; run < options.runs; ++run) {
    absl::Time start = absl::Now();
    absl::Duration extraction;
    auto parsed = importer.ImportOnce(*content, file_name, &result.paragraphs, &extraction);
    times.push_back(absl::Now() - start);
    extractions.push_back(extraction);
    if (!parsed.ok()) {
      return absl::Status(parsed.status().code(),
                          absl::StrCat(file_name, ": ", parsed.status().message()));
    }
    if (run == 0) {
      result.comparison = ComparePlans(parsed->plan, *fixture);
      result.findings = parsed->findings.size();
      if (!options.dump_dir.empty()) Dump(options.dump_dir, file_name, *parsed);
    }
  }
  std::sort(times.begin(), times.end());
  result.median = times[times.size() / 2];
  std::sort(extractions.begin(), extractions.end());
  result.median_extraction = extractions[extractions.size() / 2];
  return result;
}

// ----- printing

std::string Percent(double fraction) { return absl::StrFormat("%.0f", 100 * fraction); }

// "-" when neither side has anything in the group.
std::string Cell(const GroupScore& s) {
  if (s.drafted == 0 && s.expected == 0) return "-";
  return absl::StrCat(Percent(s.Precision()), "/", Percent(s.Recall()));
}

void PrintHeading(const char* first) {
  std::printf("%-22s %-5s %8s %8s", first, "fmt", "ms", "extract");
  for (int g = 0; g < kFieldGroupCount; ++g) {
    std::string name(FieldGroupName(static_cast<FieldGroup>(g)));
    std::printf(" %13s", name.c_str());
  }
  std::printf("\n");
}

void PrintRow(const std::string& first, const std::string& format, absl::Duration time,
              absl::Duration extraction, const PlanComparison& c) {
  std::printf("%-22s %-5s %8.1f %8.1f", first.c_str(), format.c_str(),
              absl::ToDoubleMilliseconds(time), absl::ToDoubleMilliseconds(extraction));
  for (int g = 0; g < kFieldGroupCount; ++g) std::printf(" %13s", Cell(c.groups[g]).c_str());
  std::printf("\n");
}

struct FormatTotal {
  PlanComparison comparison;
  absl::Duration slowest;
  absl::Duration slowest_extraction;
  int documents = 0;
};

// Per format, in the order measured.
using FormatTotals = std::vector<std::pair<std::string, FormatTotal>>;

FormatTotals Totals(const std::vector<std::string>& formats, const std::vector<Result>& results) {
  FormatTotals totals;
  for (const std::string& format : formats) {
    FormatTotal t;
    for (const Result& r : results) {
      if (r.format != format) continue;
      t.comparison.Add(r.comparison);
      t.slowest = std::max(t.slowest, r.median);
      t.slowest_extraction = std::max(t.slowest_extraction, r.median_extraction);
      ++t.documents;
    }
    if (t.documents > 0) totals.emplace_back(format, t);
  }
  return totals;
}

// The text form's totals, nullptr when it was not measured.
const FormatTotal* TextTotal(const FormatTotals& totals) {
  for (const auto& [format, total] : totals) {
    if (format == "txt") return &total;
  }
  return nullptr;
}

void PrintDifferences(const FormatTotals& totals) {
  const FormatTotal* text = TextTotal(totals);
  if (text == nullptr || totals.size() < 2) return;
  std::printf("\nDifference from the text form, points (precision/recall; + is better):\n");
  PrintHeading("");
  for (const auto& [format, total] : totals) {
    if (format == "txt") continue;
    std::printf("%-22s %-5s %8s %8s", "", format.c_str(), "", "");
    for (int g = 0; g < kFieldGroupCount; ++g) {
      const GroupScore& a = total.comparison.groups[g];
      const GroupScore& b = text->comparison.groups[g];
      std::string cell = absl::StrFormat("%+.1f/%+.1f", 100 * (a.Precision() - b.Precision()),
                                         100 * (a.Recall() - b.Recall()));
      std::printf(" %13s", cell.c_str());
    }
    std::printf("\n");
  }
}

// ----- goals

struct Goal {
  std::string what;
  std::vector<FieldGroup> groups;
  double precision;
  double recall;
};

const std::vector<Goal>& Goals() {
  static const std::vector<Goal> goals = {
      {"header >= 98% P, >= 95% R", {FieldGroup::kHeader}, 0.98, 0.95},
      {"legal bases >= 98% P, >= 95% R", {FieldGroup::kLegalBases}, 0.98, 0.95},
      {"tasks >= 90% P and R", {FieldGroup::kTasks}, 0.90, 0.90},
      {"task agencies >= 90% P and R", {FieldGroup::kTaskAgencies}, 0.90, 0.90},
      {"targets >= 90% P and R", {FieldGroup::kTargets}, 0.90, 0.90},
  };
  return goals;
}

const char* Verdict(bool met) { return met ? "MET" : "NOT MET"; }

// Prints each goal per format; true when all are met.
bool PrintGoals(const FormatTotals& totals) {
  bool all = true;
  std::printf("\nGoals of issue 16, on each format's totals:\n");
  std::printf("%-34s", "goal");
  for (const auto& [format, total] : totals) std::printf(" %20s", format.c_str());
  std::printf("\n");
  for (const Goal& goal : Goals()) {
    std::printf("%-34s", goal.what.c_str());
    for (const auto& [format, total] : totals) {
      const GroupScore& s = total.comparison[goal.groups[0]];
      bool met = s.Precision() >= goal.precision && s.Recall() >= goal.recall;
      all = all && met;
      std::string cell = absl::StrCat(Cell(s), " ", Verdict(met));
      std::printf(" %20s", cell.c_str());
    }
    std::printf("\n");
  }
  std::printf("%-34s", "< 200 ms per document (slowest)");
  for (const auto& [format, total] : totals) {
    bool met = total.slowest < absl::Milliseconds(200);
    all = all && met;
    std::string cell =
        absl::StrFormat("%.1f ms %s", absl::ToDoubleMilliseconds(total.slowest), Verdict(met));
    std::printf(" %20s", cell.c_str());
  }
  std::printf("\n");
  return all;
}

// Every format within 2 points of the text form, in every field group.
bool PrintFormatGoal(const FormatTotals& totals) {
  const FormatTotal* text = TextTotal(totals);
  if (text == nullptr || totals.size() < 2) return true;
  bool all = true;
  for (const auto& [format, total] : totals) {
    if (format == "txt") continue;
    double worst = 0;
    std::string where;
    for (int g = 0; g < kFieldGroupCount; ++g) {
      const GroupScore& a = total.comparison.groups[g];
      const GroupScore& b = text->comparison.groups[g];
      double gap = 100 * std::max(std::abs(a.Precision() - b.Precision()),
                                  std::abs(a.Recall() - b.Recall()));
      if (gap > worst) worst = gap, where = std::string(FieldGroupName(static_cast<FieldGroup>(g)));
    }
    bool met = worst <= 2.0;
    all = all && met;
    std::printf("%-34s %s: largest gap %.1f points%s%s, %s\n", "every format within 2 points",
                format.c_str(), worst, where.empty() ? "" : " in ", where.c_str(), Verdict(met));
  }
  return all;
}

int Main(int argc, char** argv) {
  absl::StatusOr<Options> options = ParseOptions(argc, argv);
  if (!options.ok()) {
    std::fprintf(stderr, "%s\n", std::string(options.status().message()).c_str());
    return 2;
  }
  auto agencies = ::interplan::testing::InProcessAgencies::StartWithReference();
  if (!agencies.ok()) {
    std::fprintf(stderr, "registry: %s\n", agencies.status().ToString().c_str());
    return 1;
  }
  auto indicators = ReadIndicatorFile(DefaultIndicatorFile());
  if (!indicators.ok()) {
    std::fprintf(stderr, "indicators: %s\n", indicators.status().ToString().c_str());
    return 1;
  }
  Importer importer(**agencies, *indicators);
  std::vector<std::string> stems = SeedStems(options->source_dir);
  std::vector<std::string> formats = Formats();
  if (stems.empty()) {
    std::fprintf(stderr, "no seeds in %s/tests/fixtures/documents\n", options->source_dir.c_str());
    return 1;
  }
  if (options->smoke) stems.resize(1), formats.resize(1);

  std::printf("Plan document import: %zu seeds x %zu formats, median of %d runs each\n",
              stems.size(), formats.size(), options->runs);
  std::printf(
      "Cells: precision/recall in %% per field group (- : nothing in the group);\n"
      "ms: extraction + parse, extract: extraction alone (medians).\n\n");
  PrintHeading("seed");
  std::vector<Result> results;
  int failures = 0;
  for (const std::string& stem : stems) {
    for (const std::string& format : formats) {
      absl::StatusOr<Result> result = Measure(importer, *options, stem, format);
      if (!result.ok()) {
        std::printf("%-22s %-5s FAILED: %s\n", stem.c_str(), format.c_str(),
                    result.status().ToString().c_str());
        ++failures;
        continue;
      }
      PrintRow(stem, format, result->median, result->median_extraction, result->comparison);
      results.push_back(*std::move(result));
    }
  }
  FormatTotals totals = Totals(formats, results);
  std::printf("\nTotals per format (fields summed over the seeds; ms: the slowest document's):\n");
  PrintHeading("");
  for (const auto& [format, total] : totals) {
    PrintRow("all seeds", format, total.slowest, total.slowest_extraction, total.comparison);
  }
  PrintDifferences(totals);
  bool met = PrintGoals(totals);
  met = PrintFormatGoal(totals) && met;
  std::printf("\nAll goals: %s\n", Verdict(met));
  if (failures > 0) {
    std::printf("%d document(s) could not be imported\n", failures);
    return 1;
  }
  return 0;
}

}  // namespace
}  // namespace interplan::bench

int main(int argc, char** argv) { return interplan::bench::Main(argc, argv); }
