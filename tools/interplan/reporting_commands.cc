#include "tools/interplan/reporting_commands.h"

#include <cstdio>
#include <fstream>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "common/api/enum_names.h"
#include "common/client/service_address.h"
#include "interplan/reporting/v1/reporting.grpc.pb.h"
#include "tools/interplan/cli_errors.h"
#include "tools/interplan/cli_output.h"
#include "tools/interplan/error_report.h"
#include "tools/interplan/request_file.h"

namespace interplan::cli {
namespace {

namespace v1 = ::interplan::reporting::v1;

std::string Lower(const std::string& s) { return absl::AsciiStrToLower(s); }

// REPORT_STATUS_SUBMITTED -> "submitted"; no status yet is "new".
std::string StatusWord(v1::ReportStatus status) {
  return status == v1::REPORT_STATUS_UNSPECIFIED ? "new" : Lower(api::ShortEnumName(status));
}

std::string Named(const std::string& collection, const std::string& id_or_name) {
  return id_or_name.rfind(collection + "/", 0) == 0 ? id_or_name : collection + "/" + id_or_name;
}

std::string Categories(const google::protobuf::RepeatedPtrField<v1::Category>& categories) {
  std::vector<std::string> parts;
  for (const v1::Category& c : categories) {
    parts.push_back(absl::StrCat(Lower(api::ShortEnumName(c.dimension())), "=", c.value()));
  }
  return parts.empty() ? "total" : absl::StrJoin(parts, ",");
}

std::unique_ptr<v1::ReportingService::Stub> Stub() {
  return v1::ReportingService::NewStub(OpenChannel(ServiceAddress("reporting")));
}

void PrintReport(const CliContext& cli, const v1::Report& report) {
  if (cli.json) {
    PrintJson(report);
    return;
  }
  std::printf("%s  %s  version %d  %s  %s  due %s%s\n", report.name().c_str(),
              StatusWord(report.status()).c_str(), report.version(), report.agency().c_str(),
              report.period().c_str(), FormatDate(report.due_date()).c_str(),
              report.on_time() ? " (on time)" : " (late)");
  for (const v1::ReportTransition& t : report.history()) {
    std::printf("  %s -> %s%s%s\n", StatusWord(t.from()).c_str(), StatusWord(t.to()).c_str(),
                t.reason().empty() ? "" : ": ", t.reason().c_str());
  }
}

int Submit(const CliContext& cli) {
  v1::SubmitReportRequest request;
  absl::Status read = ReadRequestFile(cli.args.Word(2), "a report", &request);
  if (!read.ok()) return ReportError(read);
  if (request.request_id().empty()) request.set_request_id(NewRequestId());
  v1::Report report;
  grpc::Status status = Stub()->SubmitReport(NewCall(cli).get(), request, &report);
  if (!status.ok()) return ReportError(status);
  PrintReport(cli, report);
  return 0;
}

int Review(const CliContext& cli, bool accept) {
  v1::Report report;
  grpc::Status status;
  if (accept) {
    v1::AcceptReportRequest request;
    request.set_name(Named("reports", cli.args.Word(2)));
    request.set_request_id(NewRequestId());
    status = Stub()->AcceptReport(NewCall(cli).get(), request, &report);
  } else {
    v1::ReturnReportRequest request;
    request.set_name(Named("reports", cli.args.Word(2)));
    request.set_reason(cli.args.Get("reason").value_or(""));
    request.set_request_id(NewRequestId());
    status = Stub()->ReturnReport(NewCall(cli).get(), request, &report);
  }
  if (!status.ok()) return ReportError(status);
  PrintReport(cli, report);
  return 0;
}

int GetReport(const CliContext& cli) {
  v1::GetReportRequest request;
  request.set_name(Named("reports", cli.args.Word(2)));
  v1::Report report;
  grpc::Status status = Stub()->GetReport(NewCall(cli).get(), request, &report);
  if (!status.ok()) return ReportError(status);
  if (cli.json) {
    PrintJson(report);
    return 0;
  }
  PrintReport(cli, report);
  Table table({"INDICATOR", "CATEGORIES", "VALUE", "NUMERATOR", "DENOMINATOR", "LOCATION"});
  for (const v1::IndicatorValue& v : report.values()) {
    table.AddRow({v.indicator().substr(11), Categories(v.categories()),
                  v.has_value() ? absl::StrCat(v.value()) : "",
                  v.has_numerator() ? absl::StrCat(v.numerator()) : "",
                  v.has_denominator() ? absl::StrCat(v.denominator()) : "", v.location()});
  }
  if (table.size() > 0) table.Print();
  return 0;
}

int ListReports(const CliContext& cli) {
  v1::ListReportsRequest request;
  if (auto plan = cli.args.Get("plan")) request.set_plan(Named("plans", *plan));
  if (auto agency = cli.args.Get("agency")) request.set_agency(Named("agencies", *agency));
  if (auto period = cli.args.Get("period")) request.set_period(*period);
  Table table({"NAME", "STATUS", "VERSION", "AGENCY", "PERIOD", "ON TIME"});
  auto stub = Stub();
  do {
    v1::ListReportsResponse response;
    grpc::Status status = stub->ListReports(NewCall(cli).get(), request, &response);
    if (!status.ok()) return ReportError(status);
    for (const v1::Report& r : response.reports()) {
      if (cli.json) {
        PrintJson(r);
        continue;
      }
      table.AddRow({r.name().substr(8), StatusWord(r.status()), absl::StrCat(r.version()),
                    r.agency().substr(9), r.period(), r.on_time() ? "yes" : "late"});
    }
    request.set_page_token(response.next_page_token());
  } while (!request.page_token().empty());
  if (!cli.json) table.Print();
  return 0;
}

}  // namespace

int RunReportsCommand(const CliContext& cli) {
  const std::string verb = cli.args.Word(1);
  if (verb == "list") return ListReports(cli);
  if (!cli.args.Word(2).empty()) {
    if (verb == "submit") return Submit(cli);
    if (verb == "get") return GetReport(cli);
    if (verb == "accept") return Review(cli, true);
    if (verb == "return") return Review(cli, false);
  }
  return ReportError(UsageError(
      "usage: interplan reports submit FILE | get NAME | list [--plan P --agency A --period P] "
      "| accept NAME | return NAME --reason TEXT"));
}

int RunObligationsCommand(const CliContext& cli) {
  v1::ListObligationsRequest request;
  if (auto agency = cli.args.Get("agency")) request.set_agency(Named("agencies", *agency));
  if (auto plan = cli.args.Get("plan")) request.set_plan(Named("plans", *plan));
  if (auto period = cli.args.Get("period")) request.set_period(*period);
  absl::StatusOr<google::type::Date> as_of = AsOfOption(cli.args);
  if (!as_of.ok()) return ReportError(as_of.status());
  *request.mutable_as_of() = *as_of;
  Table table({"OBLIGATION", "PLAN", "AGENCY", "KIND", "PERIOD", "DUE", "STATE", "REPORT"});
  auto stub = Stub();
  int count = 0;
  do {
    v1::ListObligationsResponse response;
    grpc::Status status = stub->ListObligations(NewCall(cli).get(), request, &response);
    if (!status.ok()) return ReportError(status);
    for (const v1::Obligation& o : response.obligations()) {
      ++count;
      if (cli.json) {
        PrintJson(o);
        continue;
      }
      table.AddRow({o.name().substr(12), o.plan().substr(6), o.agency().substr(9),
                    Lower(api::ShortEnumName(o.kind())), o.period(), FormatDate(o.due_date()),
                    Lower(api::ShortEnumName(o.state())),
                    o.report().empty() ? "" : o.report().substr(8)});
    }
    request.set_page_token(response.next_page_token());
  } while (!request.page_token().empty());
  if (!cli.json) {
    table.Print();
    std::printf("%d obligations\n", count);
  }
  return 0;
}

namespace {

void AddCountsRow(Table& table, const std::string& key, const std::string& name,
                  const v1::ComplianceCounts& c) {
  table.AddRow({key, name, absl::StrCat(c.expected()), absl::StrCat(c.submitted()),
                absl::StrCat(c.on_time()), absl::StrCat(c.late()), absl::StrCat(c.missing()),
                absl::StrCat(c.pending()), absl::StrCat(c.accepted()), absl::StrCat(c.returned()),
                absl::StrFormat("%.1f%%", c.submission_rate())});
}

}  // namespace

int RunComplianceCommand(const CliContext& cli) {
  v1::GetComplianceRequest request;
  if (auto unit = cli.args.Get("unit")) request.set_unit(UnitName(*unit));
  if (auto plan = cli.args.Get("plan")) request.set_plan(Named("plans", *plan));
  request.set_period(cli.args.Get("period").value_or(""));
  absl::StatusOr<google::type::Date> as_of = AsOfOption(cli.args);
  if (!as_of.ok()) return ReportError(as_of.status());
  *request.mutable_as_of() = *as_of;
  v1::Compliance compliance;
  grpc::Status status = Stub()->GetCompliance(NewCall(cli).get(), request, &compliance);
  if (!status.ok()) return ReportError(status);
  if (cli.json) {
    PrintJson(compliance);
    return 0;
  }
  std::printf("%s, %s: states as of %s, units as of %s\n",
              compliance.unit().empty() ? "nation" : compliance.unit().c_str(),
              compliance.period().c_str(), FormatDate(compliance.as_of()).c_str(),
              FormatDate(compliance.units_as_of()).c_str());
  const std::vector<std::string> headers = {"KEY",      "NAME",     "EXPECTED", "SUBMITTED",
                                            "ON TIME",  "LATE",     "MISSING",  "PENDING",
                                            "ACCEPTED", "RETURNED", "RATE"};
  Table total(headers);
  AddCountsRow(total, compliance.unit().empty() ? "nation" : compliance.unit(), "total",
               compliance.total());
  for (const auto& g : compliance.by_child_unit()) {
    AddCountsRow(total, g.key(), g.display_name(), g.counts());
  }
  total.Print();
  std::printf("\n");
  Table agencies(headers);
  for (const auto& g : compliance.by_agency()) {
    AddCountsRow(agencies, g.key().substr(9), g.display_name(), g.counts());
  }
  agencies.Print();
  return 0;
}

int RunRollupCommand(const CliContext& cli) {
  v1::GetRollupRequest request;
  request.set_indicator(Named("indicators", cli.args.Get("indicator").value_or("")));
  if (auto unit = cli.args.Get("unit")) request.set_unit(UnitName(*unit));
  request.set_period(cli.args.Get("period").value_or(""));
  absl::StatusOr<google::type::Date> as_of = AsOfOption(cli.args);
  if (!as_of.ok()) return ReportError(as_of.status());
  *request.mutable_as_of() = *as_of;
  request.set_by_child(true);
  v1::Rollup rollup;
  grpc::Status status = Stub()->GetRollup(NewCall(cli).get(), request, &rollup);
  if (!status.ok()) return ReportError(status);
  if (cli.json) {
    PrintJson(rollup);
    return 0;
  }
  std::printf("%s over %s (%s), %s, as of %s\n", rollup.indicator().c_str(),
              rollup.unit_display_name().c_str(),
              rollup.unit().empty() ? "nation" : rollup.unit().c_str(), rollup.period().c_str(),
              FormatDate(rollup.as_of()).c_str());
  Table table({"UNIT", "CATEGORIES", "VALUE", "NUMERATOR", "DENOMINATOR", "VALUES"});
  for (const v1::RollupValue& v : rollup.values()) {
    table.AddRow({"total", Categories(v.categories()), absl::StrFormat("%.2f", v.value()),
                  absl::StrCat(v.numerator()), absl::StrCat(v.denominator()),
                  absl::StrCat(v.count())});
  }
  for (const auto& child : rollup.children()) {
    for (const v1::RollupValue& v : child.values()) {
      table.AddRow({absl::StrCat(child.unit().substr(6), " ", child.display_name()),
                    Categories(v.categories()), absl::StrFormat("%.2f", v.value()),
                    absl::StrCat(v.numerator()), absl::StrCat(v.denominator()),
                    absl::StrCat(v.count())});
    }
  }
  table.Print();
  if (rollup.has_data_as_of()) {
    std::printf(
        "newest data included: %s\n",
        absl::FormatTime("%Y-%m-%d %H:%M:%S UTC",
                         absl::FromUnixSeconds(rollup.data_as_of().seconds()), absl::UTCTimeZone())
            .c_str());
  }
  return 0;
}

namespace {

// "at least 70.00", "not stated" (a target the plan gives no number).
std::string TargetValueWords(const v1::TargetProgress::Item& item) {
  if (!item.has_target_value()) return "not stated";
  std::string words = absl::StrFormat("%.2f", item.target_value());
  return item.comparison().empty() ? words : absl::StrCat(item.comparison(), " ", words);
}

}  // namespace

int RunProgressCommand(const CliContext& cli) {
  v1::GetTargetProgressRequest request;
  request.set_plan(Named("plans", cli.args.Word(1)));
  absl::StatusOr<google::type::Date> as_of = AsOfOption(cli.args);
  if (!as_of.ok()) return ReportError(as_of.status());
  *request.mutable_as_of() = *as_of;
  v1::TargetProgress progress;
  grpc::Status status = Stub()->GetTargetProgress(NewCall(cli).get(), request, &progress);
  if (!status.ok()) return ReportError(status);
  if (cli.json) {
    PrintJson(progress);
    return 0;
  }
  Table table({"TARGET", "INDICATOR", "TARGET VALUE", "DUE", "VALUE", "PERIOD", "CLASS", "REASON"});
  for (const auto& item : progress.items()) {
    table.AddRow({item.target(), item.indicator().empty() ? "-" : item.indicator().substr(11),
                  TargetValueWords(item), FormatDate(item.due_date()),
                  item.period().empty() ? "" : absl::StrFormat("%.2f", item.value()), item.period(),
                  Lower(api::ShortEnumName(item.class_())), item.reason()});
  }
  table.Print();
  return 0;
}

}  // namespace interplan::cli
