#include "tools/interplan/agencies_commands.h"

#include <cstdio>
#include <fstream>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/api/enum_names.h"
#include "common/client/service_address.h"
#include "common/time/date.h"
#include "interplan/agencies/v1/agencies.grpc.pb.h"
#include "tools/interplan/cli_errors.h"
#include "tools/interplan/cli_output.h"
#include "tools/interplan/error_report.h"
#include "tools/interplan/request_file.h"

namespace interplan::cli {
namespace {

namespace v1 = ::interplan::agencies::v1;

std::string KindName(v1::AgencyKind kind) {
  return absl::AsciiStrToLower(api::ShortEnumName(kind));
}

void PrintAgencies(const CliContext& cli,
                   const google::protobuf::RepeatedPtrField<v1::Agency>& agencies) {
  if (cli.json) {
    for (const v1::Agency& agency : agencies) PrintJson(agency);
    return;
  }
  Table table({"ID", "NAME", "KIND", "UNIT", "VALID", "ASSIGNABLE"});
  for (const v1::Agency& agency : agencies) {
    table.AddRow({agency.name().substr(9), agency.display_name(), KindName(agency.kind()),
                  agency.unit().empty() ? "" : agency.unit().substr(6),
                  FormatValidity(agency.valid_from(), agency.valid_to()),
                  agency.assignable() ? "yes" : "requested only"});
  }
  table.Print();
}

int List(const CliContext& cli, v1::AgencyService::Stub& stub, const std::string& query) {
  v1::ListAgenciesRequest request;
  request.set_query(query);
  if (auto unit = cli.args.Get("unit")) request.set_unit(UnitName(*unit));
  absl::StatusOr<google::type::Date> as_of = AsOfOption(cli.args);
  if (!as_of.ok()) return ReportError(as_of.status());
  *request.mutable_as_of() = *as_of;
  if (auto kind = cli.args.Get("kind")) {
    v1::AgencyKind value;
    if (!api::ParseEnumName(*kind, &value) || value == v1::AGENCY_KIND_UNSPECIFIED) {
      return ReportError(UsageError(absl::StrCat("--kind: unknown kind ", *kind)));
    }
    request.set_kind(value);
  }
  google::protobuf::RepeatedPtrField<v1::Agency> agencies;
  do {
    v1::ListAgenciesResponse response;
    grpc::Status status = stub.ListAgencies(NewCall(cli).get(), request, &response);
    if (!status.ok()) return ReportError(status);
    for (auto& agency : *response.mutable_agencies()) *agencies.Add() = std::move(agency);
    request.set_page_token(response.next_page_token());
  } while (!request.page_token().empty());
  PrintAgencies(cli, agencies);
  if (!cli.json) std::printf("%d agencies\n", agencies.size());
  return 0;
}

// `agencies get ID [--as-of DATE]`: the agency with its name on that day
// (today's name without --as-of), and its earlier names with their dates.
int Get(const CliContext& cli, v1::AgencyService::Stub& stub) {
  v1::GetAgencyRequest request;
  request.set_name(AgencyName(cli.args.Word(2)));
  absl::StatusOr<google::type::Date> as_of = AsOfOption(cli.args);
  if (!as_of.ok()) return ReportError(as_of.status());
  *request.mutable_as_of() = *as_of;
  v1::Agency agency;
  grpc::Status status = stub.GetAgency(NewCall(cli).get(), request, &agency);
  if (!status.ok()) return ReportError(status);
  if (cli.json) {
    PrintJson(agency);
    return 0;
  }
  Table table({"FIELD", "VALUE"});
  table.AddRow({"name", agency.name()});
  if (request.as_of().year() != 0) table.AddRow({"as_of", FormatDate(request.as_of())});
  table.AddRow({"display_name", agency.display_name()});
  table.AddRow({"short_name", agency.short_name()});
  table.AddRow({"kind", KindName(agency.kind())});
  table.AddRow({"unit", agency.unit()});
  table.AddRow({"parent", agency.parent()});
  table.AddRow({"valid", FormatValidity(agency.valid_from(), agency.valid_to())});
  table.AddRow({"successor", agency.successor()});
  table.AddRow({"assignable", agency.assignable() ? "yes" : "requested only"});
  for (const v1::DatedName& name : agency.names()) {
    table.AddRow({"earlier_name",
                  absl::StrCat(name.display_name(),
                               name.short_name().empty() ? "" : " (" + name.short_name() + ")", " ",
                               FormatDate(name.valid_from()), "..", FormatDate(name.valid_to()))});
  }
  table.AddRow({"etag", agency.etag()});
  table.Print();
  return 0;
}

// `agencies create FILE`: a CreateAgencyRequest in JSON.
int Create(const CliContext& cli, v1::AgencyService::Stub& stub) {
  v1::CreateAgencyRequest request;
  absl::Status read = ReadRequestFile(cli.args.Word(2), "an agency", &request);
  if (!read.ok()) return ReportError(read);
  if (request.request_id().empty()) request.set_request_id(NewRequestId());
  v1::Agency agency;
  grpc::Status status = stub.CreateAgency(NewCall(cli).get(), request, &agency);
  if (!status.ok()) return ReportError(status);
  google::protobuf::RepeatedPtrField<v1::Agency> one;
  *one.Add() = agency;
  PrintAgencies(cli, one);
  return 0;
}

// `agencies retire ID --valid-to YYYY-MM-DD [--successor ID]`.
int Retire(const CliContext& cli, v1::AgencyService::Stub& stub) {
  v1::RetireAgencyRequest request;
  request.set_name(AgencyName(cli.args.Word(2)));
  std::optional<std::string> valid_to = cli.args.Get("valid-to");
  if (!valid_to.has_value()) {
    return ReportError(UsageError("--valid-to is required"));
  }
  absl::StatusOr<google::type::Date> day = DateOption(cli.args, "valid-to");
  if (!day.ok()) return ReportError(day.status());
  *request.mutable_valid_to() = *day;
  if (auto successor = cli.args.Get("successor")) request.set_successor(AgencyName(*successor));
  request.set_request_id(NewRequestId());
  v1::Agency agency;
  grpc::Status status = stub.RetireAgency(NewCall(cli).get(), request, &agency);
  if (!status.ok()) return ReportError(status);
  google::protobuf::RepeatedPtrField<v1::Agency> one;
  *one.Add() = agency;
  PrintAgencies(cli, one);
  return 0;
}

}  // namespace

int RunAgenciesCommand(const CliContext& cli) {
  auto stub = v1::AgencyService::NewStub(OpenChannel(ServiceAddress("agencies")));
  const std::string verb = cli.args.Word(1);
  if (verb == "search") {
    if (cli.args.Word(2).empty()) {
      return ReportError(
          UsageError("usage: interplan agencies search \"WORDS\" [--unit CODE] [--as-of DATE]"));
    }
    return List(cli, *stub, cli.args.Word(2));
  }
  if (verb == "list") return List(cli, *stub, cli.args.Get("query").value_or(""));
  if ((verb == "get" || verb == "create" || verb == "retire") && !cli.args.Word(2).empty()) {
    if (verb == "get") return Get(cli, *stub);
    if (verb == "create") return Create(cli, *stub);
    return Retire(cli, *stub);
  }
  return ReportError(UsageError(
      "usage: interplan agencies search WORDS | list | get ID [--as-of DATE] | create FILE | "
      "retire ID --valid-to DATE [--successor ID]"));
}

}  // namespace interplan::cli
