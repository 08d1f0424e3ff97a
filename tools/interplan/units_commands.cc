#include "tools/interplan/units_commands.h"

#include <cstdio>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/api/enum_names.h"
#include "common/client/service_address.h"
#include "interplan/agencies/v1/units.grpc.pb.h"
#include "tools/interplan/cli_errors.h"
#include "tools/interplan/cli_output.h"
#include "tools/interplan/error_report.h"
#include "tools/interplan/unit_history_commands.h"

namespace interplan::cli {
namespace {

namespace v1 = ::interplan::agencies::v1;

std::string LevelName(v1::UnitLevel level) {
  switch (level) {
    case v1::UNIT_LEVEL_PROVINCE:
      return "province";
    case v1::UNIT_LEVEL_DISTRICT:
      return "district";
    case v1::UNIT_LEVEL_COMMUNE:
      return "commune";
    default:
      return "";
  }
}

void PrintUnits(const CliContext& cli, const google::protobuf::RepeatedPtrField<v1::Unit>& units) {
  if (cli.json) {
    for (const v1::Unit& unit : units) PrintJson(unit);
    return;
  }
  Table table({"CODE", "NAME", "TYPE", "PARENT", "VALID"});
  for (const v1::Unit& unit : units) {
    table.AddRow({unit.code(), unit.display_name(), unit.type_label(),
                  unit.parent().empty() ? "" : unit.parent().substr(6),
                  FormatValidity(unit.valid_from(), unit.valid_to())});
  }
  table.Print();
}

int List(const CliContext& cli, v1::UnitService::Stub& stub) {
  v1::ListUnitsRequest request;
  if (auto parent = cli.args.Get("parent")) request.set_parent(UnitName(*parent));
  absl::StatusOr<google::type::Date> as_of = AsOfOption(cli.args);
  if (!as_of.ok()) return ReportError(as_of.status());
  *request.mutable_as_of() = *as_of;
  if (auto query = cli.args.Get("query")) request.set_query(*query);
  request.set_descendants(cli.args.Has("descendants"));
  if (auto level = cli.args.Get("level")) {
    const std::string l = absl::AsciiStrToLower(*level);
    if (l == "province")
      request.set_level(v1::UNIT_LEVEL_PROVINCE);
    else if (l == "district")
      request.set_level(v1::UNIT_LEVEL_DISTRICT);
    else if (l == "commune")
      request.set_level(v1::UNIT_LEVEL_COMMUNE);
    else
      return ReportError(UsageError("--level: province, district or commune"));
  }
  if (auto size = cli.args.Get("page-size")) {
    int value = 0;
    if (!absl::SimpleAtoi(*size, &value)) {
      return ReportError(UsageError("--page-size: expected a number"));
    }
    request.set_page_size(value);
  }
  if (auto token = cli.args.Get("page-token")) request.set_page_token(*token);
  // Every page unless the caller pages by hand.
  const bool all_pages = !cli.args.Has("page-size") && !cli.args.Has("page-token");
  google::protobuf::RepeatedPtrField<v1::Unit> units;
  int total = 0;
  std::string next;
  do {
    v1::ListUnitsResponse response;
    grpc::Status status = stub.ListUnits(NewCall(cli).get(), request, &response);
    if (!status.ok()) return ReportError(status);
    for (auto& unit : *response.mutable_units()) *units.Add() = std::move(unit);
    total = response.total_size();
    next = response.next_page_token();
    request.set_page_token(next);
  } while (all_pages && !next.empty());
  PrintUnits(cli, units);
  if (!cli.json) {
    std::printf("%d of %d units%s\n", units.size(), total,
                next.empty() ? "" : absl::StrCat("; next page: --page-token ", next).c_str());
  }
  return 0;
}

void PrintUnitDetail(const v1::Unit& unit) {
  Table table({"FIELD", "VALUE"});
  table.AddRow({"name", unit.name()});
  table.AddRow({"display_name", unit.display_name()});
  table.AddRow({"type", absl::StrCat(unit.type_label(), " (", api::ShortEnumName(unit.type()), ", ",
                                     LevelName(unit.level()), ")")});
  table.AddRow({"parent", unit.parent()});
  table.AddRow({"valid_from", FormatDate(unit.valid_from())});
  table.AddRow({"valid_to", FormatDate(unit.valid_to())});
  for (const v1::UnitRef& ref : unit.predecessors()) {
    table.AddRow(
        {"predecessor", absl::StrCat(ref.unit(), " ", ref.display_name(), " (",
                                     FormatValidity(ref.valid_from(), ref.valid_to()), ")")});
  }
  for (const v1::UnitRef& ref : unit.successors()) {
    table.AddRow(
        {"successor", absl::StrCat(ref.unit(), " ", ref.display_name(), " (",
                                   FormatValidity(ref.valid_from(), ref.valid_to()), ")")});
  }
  table.Print();
}

int Get(const CliContext& cli, v1::UnitService::Stub& stub) {
  v1::GetUnitRequest request;
  request.set_name(UnitName(cli.args.Word(2)));
  absl::StatusOr<google::type::Date> as_of = AsOfOption(cli.args);
  if (!as_of.ok()) return ReportError(as_of.status());
  *request.mutable_as_of() = *as_of;
  v1::Unit unit;
  grpc::Status status = stub.GetUnit(NewCall(cli).get(), request, &unit);
  if (!status.ok()) return ReportError(status);
  if (cli.json) {
    PrintJson(unit);
  } else {
    PrintUnitDetail(unit);
  }
  return 0;
}

template <typename Request>
absl::Status FillNameAndDate(const CliContext& cli, Request* request) {
  request->set_name(UnitName(cli.args.Word(2)));
  absl::StatusOr<google::type::Date> as_of = AsOfOption(cli.args);
  if (!as_of.ok()) return as_of.status();
  *request->mutable_as_of() = *as_of;
  return absl::OkStatus();
}

int Ancestors(const CliContext& cli, v1::UnitService::Stub& stub) {
  v1::ListAncestorsRequest request;
  if (absl::Status s = FillNameAndDate(cli, &request); !s.ok()) return ReportError(s);
  v1::ListAncestorsResponse response;
  grpc::Status status = stub.ListAncestors(NewCall(cli).get(), request, &response);
  if (!status.ok()) return ReportError(status);
  PrintUnits(cli, response.units());
  return 0;
}

int Successors(const CliContext& cli, v1::UnitService::Stub& stub) {
  v1::ListSuccessorsRequest request;
  if (absl::Status s = FillNameAndDate(cli, &request); !s.ok()) return ReportError(s);
  v1::ListSuccessorsResponse response;
  grpc::Status status = stub.ListSuccessors(NewCall(cli).get(), request, &response);
  if (!status.ok()) return ReportError(status);
  if (!cli.json) {
    std::printf("successors of %s %s (%s):\n", response.unit().code().c_str(),
                response.unit().display_name().c_str(),
                FormatValidity(response.unit().valid_from(), response.unit().valid_to()).c_str());
  }
  PrintUnits(cli, response.units());
  return 0;
}

int Predecessors(const CliContext& cli, v1::UnitService::Stub& stub) {
  v1::ListPredecessorsRequest request;
  if (absl::Status s = FillNameAndDate(cli, &request); !s.ok()) return ReportError(s);
  v1::ListPredecessorsResponse response;
  grpc::Status status = stub.ListPredecessors(NewCall(cli).get(), request, &response);
  if (!status.ok()) return ReportError(status);
  if (!cli.json) {
    std::printf("predecessors of %s %s (%s):\n", response.unit().code().c_str(),
                response.unit().display_name().c_str(),
                FormatValidity(response.unit().valid_from(), response.unit().valid_to()).c_str());
  }
  PrintUnits(cli, response.units());
  return 0;
}

}  // namespace

int RunUnitsCommand(const CliContext& cli) {
  auto stub = v1::UnitService::NewStub(OpenChannel(ServiceAddress("agencies")));
  const std::string verb = cli.args.Word(1);
  if (verb == "list") return List(cli, *stub);
  if (IsUnitHistoryVerb(verb)) return RunUnitHistoryCommand(cli, *stub);
  if (verb != "get" && verb != "ancestors" && verb != "successors" && verb != "predecessors") {
    return ReportError(
        UsageError("usage: interplan units "
                   "list|get|ancestors|successors|predecessors|history|link|correct-start ..."));
  }
  if (cli.args.Word(2).empty()) {
    return ReportError(
        UsageError(absl::StrCat("usage: interplan units ", verb, " CODE [--as-of YYYY-MM-DD]")));
  }
  if (verb == "get") return Get(cli, *stub);
  if (verb == "ancestors") return Ancestors(cli, *stub);
  if (verb == "successors") return Successors(cli, *stub);
  return Predecessors(cli, *stub);
}

}  // namespace interplan::cli
