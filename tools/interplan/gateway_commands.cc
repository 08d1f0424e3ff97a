#include "tools/interplan/gateway_commands.h"

#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/time.h"
#include "common/client/service_address.h"
#include "interplan/gateway/v1/gateway.grpc.pb.h"
#include "tools/interplan/cli_errors.h"
#include "tools/interplan/cli_output.h"
#include "tools/interplan/error_report.h"

namespace interplan::cli {
namespace {

namespace v1 = ::interplan::gateway::v1;

std::unique_ptr<v1::MinistryService::Stub> Stub() {
  return v1::MinistryService::NewStub(OpenChannel(ServiceAddress("gateway")));
}

std::string SectionName(v1::Section section) {
  switch (section) {
    case v1::SECTION_UNITS:
      return "units (interplan-agencies)";
    case v1::SECTION_PLANS:
      return "plans (interplan-plans)";
    case v1::SECTION_REPORTING:
      return "reporting (interplan-reporting)";
    case v1::SECTION_CAMPAIGNS:
      return "campaigns (interplan-campaigns)";
    default:
      return "unknown section";
  }
}

// "assembled 2026-12-03 10:15:02 UTC (from the cache)", and a line per
// section that could not be filled.
void PrintProvenance(const google::protobuf::Timestamp& assembled_at, bool from_cache,
                     const google::protobuf::RepeatedPtrField<v1::SectionStatus>& sections) {
  const absl::Time when = absl::FromUnixSeconds(assembled_at.seconds());
  std::printf("assembled %s%s\n",
              absl::FormatTime("%Y-%m-%d %H:%M:%S UTC", when, absl::UTCTimeZone()).c_str(),
              from_cache ? " (from the cache)" : "");
  for (const v1::SectionStatus& s : sections) {
    if (!s.available()) {
      std::printf("UNAVAILABLE: %s: %s\n", SectionName(s.section()).c_str(), s.reason().c_str());
    }
  }
}

std::string Number(double value) {
  if (value == static_cast<double>(static_cast<long long>(value))) {
    return absl::StrCat(static_cast<long long>(value));
  }
  return absl::StrFormat("%.1f", value);
}

// "on time + late / expected (missing, accepted)": "12/54 (40 missing, 5 acc)".
std::string ComplianceCell(const v1::ComplianceFigures& c) {
  if (c.expected() == 0) return "-";
  return absl::StrFormat("%d/%d (%d late, %d missing, %d acc)", c.on_time() + c.late(),
                         c.expected(), c.late(), c.missing(), c.accepted());
}

std::string IndicatorCell(const v1::IndicatorFigures& f) {
  if (!f.has_value()) return "-";
  return Number(f.value());
}

std::string TargetCell(const v1::IndicatorFigures& f) {
  if (f.target_year() == 0) return "";
  return absl::StrCat(f.comparison(), " ", Number(f.target()), " by ", f.target_year());
}

std::string TargetState(const v1::IndicatorFigures& f) {
  if (f.target_year() == 0 || !f.has_value()) return "";
  return f.meets_target() ? "meets" : "below";
}

void PrintOverview(const v1::Overview& overview) {
  std::printf("%s, %d, units as of %s\n",
              overview.unit().empty() ? "Nation" : overview.display_name().c_str(), overview.year(),
              FormatDate(overview.as_of()).c_str());
  PrintProvenance(overview.assembled_at(), overview.from_cache(), overview.sections());
  // The year's reporting periods, in the order the totals list them.
  std::vector<std::string> periods;
  for (const v1::ComplianceFigures& c : overview.totals().compliance()) {
    periods.push_back(c.period());
  }
  std::vector<std::string> headers = {"UNIT", "PLANS", "LATEST ISSUE", "TASKS", "AGENCIES"};
  for (const std::string& p : periods) headers.push_back("REPORTS " + p);
  for (const char* h : {"ACTIVITIES", "FEMALE", "MALE", "REACHED"}) headers.push_back(h);
  Table table(headers);
  auto add = [&](const v1::OverviewRow& row, const std::string& label) {
    std::vector<std::string> cells = {
        label, absl::StrCat(row.plans().plans()), FormatDate(row.plans().latest_issue_date()),
        absl::StrCat(row.plans().tasks()), absl::StrCat(row.plans().assigned_agencies())};
    for (const std::string& p : periods) {
      std::string cell = "-";
      for (const v1::ComplianceFigures& c : row.compliance()) {
        if (c.period() == p) cell = ComplianceCell(c);
      }
      cells.push_back(cell);
    }
    cells.push_back(absl::StrCat(row.campaigns().activities()));
    cells.push_back(absl::StrCat(row.campaigns().female()));
    cells.push_back(absl::StrCat(row.campaigns().male()));
    cells.push_back(absl::StrCat(row.campaigns().people_reached()));
    table.AddRow(std::move(cells));
  };
  for (const v1::OverviewRow& row : overview.rows()) {
    const std::string code = row.unit().rfind("units/", 0) == 0 ? row.unit().substr(6) : row.unit();
    add(row, code.empty() ? row.display_name() : absl::StrCat(code, " ", row.display_name()));
  }
  add(overview.totals(), "TOTAL");
  table.Print();
  if (!overview.totals().indicators().empty()) {
    std::printf("\nKey indicators (%s):\n",
                overview.unit().empty() ? "nation" : overview.display_name().c_str());
    Table indicators({"INDICATOR", "NAME", "VALUE", "TARGET", ""});
    for (const v1::IndicatorFigures& f : overview.totals().indicators()) {
      // The names are given once, beside the rows.
      std::string name = f.display_name();
      for (const v1::IndicatorInfo& info : overview.indicators()) {
        if (info.indicator() == f.indicator()) name = info.display_name();
      }
      indicators.AddRow(
          {f.indicator().rfind("indicators/", 0) == 0 ? f.indicator().substr(11) : f.indicator(),
           name, IndicatorCell(f), TargetCell(f), TargetState(f)});
    }
    indicators.Print();
  }
}

absl::StatusOr<int> YearOption(const Args& args) {
  std::optional<std::string> text = args.Get("year");
  int year = 0;
  if (!text.has_value() || !absl::SimpleAtoi(*text, &year) || year < 1900 || year > 9999) {
    return UsageError("--year: expected a year, e.g. --year 2022");
  }
  return year;
}

}  // namespace

int RunOverviewCommand(const CliContext& cli) {
  const std::string scope = cli.args.Word(1);
  if (absl::Status known = cli.args.CheckKnown({"year", "as-of", "json", "timeout"}); !known.ok()) {
    return ReportError(known);
  }
  absl::StatusOr<int> year = YearOption(cli.args);
  if (!year.ok()) return ReportError(year.status());
  absl::StatusOr<google::type::Date> as_of = AsOfOption(cli.args);
  if (!as_of.ok()) return ReportError(as_of.status());
  v1::Overview overview;
  grpc::Status status;
  if (scope == "national" && cli.args.Word(2).empty()) {
    v1::GetNationalOverviewRequest request;
    request.set_year(*year);
    *request.mutable_as_of() = *as_of;
    status = Stub()->GetNationalOverview(NewCall(cli).get(), request, &overview);
  } else if (scope == "province" && !cli.args.Word(2).empty()) {
    v1::GetProvinceOverviewRequest request;
    request.set_unit(UnitName(cli.args.Word(2)));
    request.set_year(*year);
    *request.mutable_as_of() = *as_of;
    status = Stub()->GetProvinceOverview(NewCall(cli).get(), request, &overview);
  } else {
    return ReportError(
        UsageError("usage: interplan overview national --year Y [--as-of DATE] | "
                   "province CODE --year Y [--as-of DATE]"));
  }
  if (!status.ok()) return ReportError(status);
  if (cli.json) {
    PrintJson(overview);
  } else {
    PrintOverview(overview);
  }
  return 0;
}

int RunIndicatorProgressCommand(const CliContext& cli) {
  const std::string code = cli.args.Word(1);
  if (absl::Status known = cli.args.CheckKnown({"year", "as-of", "json", "timeout"}); !known.ok()) {
    return ReportError(known);
  }
  if (code.empty()) {
    return ReportError(
        UsageError("usage: interplan indicator-progress CODE --year Y [--as-of DATE]"));
  }
  absl::StatusOr<int> year = YearOption(cli.args);
  if (!year.ok()) return ReportError(year.status());
  absl::StatusOr<google::type::Date> as_of = AsOfOption(cli.args);
  if (!as_of.ok()) return ReportError(as_of.status());
  v1::GetIndicatorProgressRequest request;
  request.set_indicator(code.rfind("indicators/", 0) == 0 ? code : "indicators/" + code);
  request.set_year(*year);
  *request.mutable_as_of() = *as_of;
  v1::IndicatorProgress progress;
  grpc::Status status = Stub()->GetIndicatorProgress(NewCall(cli).get(), request, &progress);
  if (!status.ok()) return ReportError(status);
  if (cli.json) {
    PrintJson(progress);
    return 0;
  }
  std::printf("%s %s, %d, units as of %s\n", progress.indicator().c_str(),
              progress.display_name().c_str(), progress.year(),
              FormatDate(progress.as_of()).c_str());
  PrintProvenance(progress.assembled_at(), progress.from_cache(), progress.sections());
  Table table({"UNIT", "VALUE", "NUMERATOR", "DENOMINATOR", "TARGET", ""});
  auto add = [&](const std::string& label, const v1::IndicatorFigures& f) {
    table.AddRow({label, IndicatorCell(f), f.has_value() ? Number(f.numerator()) : "",
                  f.has_value() ? Number(f.denominator()) : "", TargetCell(f), TargetState(f)});
  };
  for (const auto& p : progress.provinces()) {
    add(absl::StrCat(p.unit().substr(p.unit().rfind('/') + 1), " ", p.display_name()), p.figures());
  }
  add("NATION", progress.national());
  table.Print();
  return 0;
}

int RunWorkloadCommand(const CliContext& cli) {
  const std::string agency = cli.args.Word(1);
  if (absl::Status known = cli.args.CheckKnown({"year", "json", "timeout"}); !known.ok()) {
    return ReportError(known);
  }
  if (agency.empty()) {
    return ReportError(UsageError("usage: interplan workload AGENCY --year Y"));
  }
  absl::StatusOr<int> year = YearOption(cli.args);
  if (!year.ok()) return ReportError(year.status());
  v1::GetAgencyWorkloadRequest request;
  request.set_agency(AgencyName(agency));
  request.set_year(*year);
  v1::AgencyWorkload workload;
  grpc::Status status = Stub()->GetAgencyWorkload(NewCall(cli).get(), request, &workload);
  if (!status.ok()) return ReportError(status);
  if (cli.json) {
    PrintJson(workload);
    return 0;
  }
  std::printf("%s %s, %d\n", workload.agency().c_str(), workload.display_name().c_str(),
              workload.year());
  PrintProvenance(workload.assembled_at(), workload.from_cache(), workload.sections());
  Table assignments({"PLAN", "TASK", "ROLE", "DUE", "TITLE"});
  for (const auto& a : workload.assignments()) {
    assignments.AddRow(
        {a.plan(), a.code(), absl::AsciiStrToLower(a.kind()), FormatDate(a.due_date()), a.title()});
  }
  std::printf("\nAssignments (%zu):\n", assignments.size());
  assignments.Print();
  Table obligations({"PLAN", "KIND", "PERIOD", "DUE", "STATE", "REPORT"});
  for (const auto& o : workload.obligations()) {
    obligations.AddRow({o.plan(), absl::AsciiStrToLower(o.kind()), o.period(),
                        FormatDate(o.due_date()), absl::AsciiStrToLower(o.state()), o.report()});
  }
  std::printf("\nReports owed (%zu):\n", obligations.size());
  obligations.Print();
  return 0;
}

}  // namespace interplan::cli
