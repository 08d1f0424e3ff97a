#include "tools/interplan/unit_history_commands.h"

#include <cstdio>

#include "absl/strings/str_cat.h"
#include "tools/interplan/cli_errors.h"
#include "tools/interplan/cli_output.h"
#include "tools/interplan/error_report.h"

namespace interplan::cli {
namespace {

namespace v1 = ::interplan::agencies::v1;

std::string KindWords(v1::SuccessionKind kind) {
  switch (kind) {
    case v1::SUCCESSION_KIND_COMMUNE_MAPPING:
      return "2025 commune mapping";
    case v1::SUCCESSION_KIND_DERIVED:
      return "derived from its communes";
    case v1::SUCCESSION_KIND_SAME_CODE:
      return "same code, next list";
    case v1::SUCCESSION_KIND_OPERATOR:
      return "added by an operator";
    default:
      return "";
  }
}

std::string BasisWords(const v1::LegalBasis& basis) {
  if (basis.document_number().empty()) return "";
  return absl::StrCat(basis.document_number(), ", effective ", FormatDate(basis.effective_date()));
}

std::string LinkWords(const v1::UnitRef& ref) {
  std::string words =
      absl::StrCat(ref.unit(), " ", ref.display_name(), " (",
                   FormatValidity(ref.valid_from(), ref.valid_to()), "); ", KindWords(ref.kind()));
  if (ref.has_legal_basis()) absl::StrAppend(&words, "; ", BasisWords(ref.legal_basis()));
  return words;
}

int History(const CliContext& cli, v1::UnitService::Stub& stub) {
  v1::ListUnitHistoryRequest request;
  request.set_name(UnitName(cli.args.Word(2)));
  v1::ListUnitHistoryResponse response;
  grpc::Status status = stub.ListUnitHistory(NewCall(cli).get(), request, &response);
  if (!status.ok()) return ReportError(status);
  if (cli.json) {
    PrintJson(response);
    return 0;
  }
  Table table({"VALID", "NAME", "TYPE", "PARENT", "LINKS"});
  for (const v1::Unit& version : response.versions()) {
    std::string valid = FormatValidity(version.valid_from(), version.valid_to());
    if (version.has_start_basis()) {
      absl::StrAppend(&valid, " (start: ", BasisWords(version.start_basis()), ")");
    }
    std::string links;
    for (const v1::UnitRef& ref : version.predecessors()) {
      absl::StrAppend(&links, links.empty() ? "" : " | ", "from ", LinkWords(ref));
    }
    for (const v1::UnitRef& ref : version.successors()) {
      absl::StrAppend(&links, links.empty() ? "" : " | ", "to ", LinkWords(ref));
    }
    table.AddRow({valid, version.display_name(), version.type_label(),
                  version.parent().empty() ? "" : version.parent().substr(6), links});
  }
  table.Print();
  std::printf("%d versions of %s\n", response.versions_size(), request.name().c_str());
  return 0;
}

// --basis NUMBER --effective YYYY-MM-DD, both required.
absl::StatusOr<v1::LegalBasis> BasisOptions(const Args& args) {
  v1::LegalBasis basis;
  std::optional<std::string> number = args.Get("basis");
  if (!number.has_value()) {
    return UsageError("--basis: the resolution's number, e.g. 1111/NQ-UBTVQH14");
  }
  basis.set_document_number(*number);
  if (!args.Has("effective")) {
    return UsageError("--effective: the day the resolution took effect");
  }
  absl::StatusOr<google::type::Date> effective = DateOption(args, "effective");
  if (!effective.ok()) return effective.status();
  *basis.mutable_effective_date() = *effective;
  return basis;
}

int Link(const CliContext& cli, v1::UnitService::Stub& stub) {
  if (cli.args.Word(3).empty()) {
    return ReportError(
        UsageError("usage: interplan units link OLD NEW --basis NUMBER --effective YYYY-MM-DD "
                   "[--old-as-of YYYY-MM-DD] [--new-as-of YYYY-MM-DD]"));
  }
  v1::AddUnitSuccessionRequest request;
  request.set_old_unit(UnitName(cli.args.Word(2)));
  request.set_new_unit(UnitName(cli.args.Word(3)));
  absl::StatusOr<v1::LegalBasis> basis = BasisOptions(cli.args);
  if (!basis.ok()) return ReportError(basis.status());
  *request.mutable_legal_basis() = *basis;
  absl::StatusOr<google::type::Date> old_as_of = DateOption(cli.args, "old-as-of");
  if (!old_as_of.ok()) return ReportError(old_as_of.status());
  *request.mutable_old_as_of() = *old_as_of;
  absl::StatusOr<google::type::Date> new_as_of = DateOption(cli.args, "new-as-of");
  if (!new_as_of.ok()) return ReportError(new_as_of.status());
  *request.mutable_new_as_of() = *new_as_of;
  v1::UnitRef successor;
  grpc::Status status = stub.AddUnitSuccession(NewCall(cli).get(), request, &successor);
  if (!status.ok()) return ReportError(status);
  if (cli.json) {
    PrintJson(successor);
  } else {
    std::printf("%s is succeeded by %s\n", request.old_unit().c_str(),
                LinkWords(successor).c_str());
  }
  return 0;
}

int CorrectStart(const CliContext& cli, v1::UnitService::Stub& stub) {
  v1::CorrectUnitVersionStartRequest request;
  request.set_name(UnitName(cli.args.Word(2)));
  absl::StatusOr<google::type::Date> as_of = AsOfOption(cli.args);
  if (!as_of.ok()) return ReportError(as_of.status());
  *request.mutable_as_of() = *as_of;
  absl::StatusOr<v1::LegalBasis> basis = BasisOptions(cli.args);
  if (!basis.ok()) return ReportError(basis.status());
  *request.mutable_legal_basis() = *basis;
  v1::Unit unit;
  grpc::Status status = stub.CorrectUnitVersionStart(NewCall(cli).get(), request, &unit);
  if (!status.ok()) return ReportError(status);
  if (cli.json) {
    PrintJson(unit);
  } else {
    std::printf("%s %s now valid %s (start: %s)\n", unit.name().c_str(),
                unit.display_name().c_str(),
                FormatValidity(unit.valid_from(), unit.valid_to()).c_str(),
                BasisWords(unit.start_basis()).c_str());
  }
  return 0;
}

}  // namespace

bool IsUnitHistoryVerb(const std::string& verb) {
  return verb == "history" || verb == "link" || verb == "correct-start";
}

int RunUnitHistoryCommand(const CliContext& cli, v1::UnitService::Stub& stub) {
  const std::string verb = cli.args.Word(1);
  if (cli.args.Word(2).empty()) {
    return ReportError(UsageError(
        absl::StrCat("usage: interplan units ", verb, " CODE",
                     verb == "history" ? "" : " ... --basis NUMBER --effective YYYY-MM-DD")));
  }
  if (verb == "history") return History(cli, stub);
  if (verb == "link") return Link(cli, stub);
  return CorrectStart(cli, stub);
}

}  // namespace interplan::cli
