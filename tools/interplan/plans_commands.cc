#include "tools/interplan/plans_commands.h"

#include <cstdio>
#include <fstream>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "common/api/enum_names.h"
#include "common/api/fingerprint.h"
#include "common/client/service_address.h"
#include "common/model/plan_model.h"
#include "common/model/target_comparison.h"
#include "interplan/plans/v1/plans.grpc.pb.h"
#include "tools/interplan/cli_errors.h"
#include "tools/interplan/cli_output.h"
#include "tools/interplan/error_report.h"
#include "tools/interplan/exit_codes.h"
#include "tools/interplan/plan_import_command.h"
#include "tools/interplan/request_file.h"

namespace interplan::cli {
namespace {

namespace v1 = ::interplan::plans::v1;

std::string PlanName(const std::string& id_or_name) {
  return id_or_name.rfind("plans/", 0) == 0 ? id_or_name : "plans/" + id_or_name;
}

absl::StatusOr<v1::CreatePlanRequest> ReadPlanFile(const std::string& path) {
  v1::CreatePlanRequest request;
  if (absl::Status read = ReadRequestFile(path, "a plan", &request); !read.ok()) return read;
  return request;
}

void PrintPlanSummary(const CliContext& cli, const v1::Plan& plan) {
  if (cli.json) {
    PrintJson(plan);
    return;
  }
  std::printf("%s  revision %lld  %s  etag %s\n  %s\n", plan.name().c_str(),
              static_cast<long long>(plan.revision()), api::ShortEnumName(plan.status()).c_str(),
              plan.etag().c_str(), plan.title().c_str());
}

int CountTasks(const v1::Section& section) {
  int n = section.tasks_size();
  for (const v1::Section& sub : section.sections()) n += CountTasks(sub);
  return n;
}

// The plan and the version a push starts from, for its request ids: a
// retried push repeats them, a push after someone else's write does not.
std::string EtagId(const v1::Plan& plan) {
  std::string etag;
  for (char c : plan.etag()) {
    if (c != '"') etag += c;
  }
  return absl::StrCat(plan.name().substr(6), "-", etag);
}

// Content only: what push compares to decide whether to amend.
std::string ContentOf(v1::Plan plan) {
  plans::FillComparisonsFromWords(&plan);  // as the service stores a plan
  for (auto* field : {"name", "status", "revision", "etag", "create_time", "update_time",
                      "written_by", "reference_date", "revision_reason", "change_sequence"}) {
    plan.GetReflection()->ClearField(&plan, plan.GetDescriptor()->FindFieldByName(field));
  }
  return DeterministicBytes(plan);
}

}  // namespace

int PushPlan(const CliContext& cli, v1::PlanService::Stub& stub, v1::CreatePlanRequest request) {
  const bool issue = cli.args.Has("issue");
  v1::Plan plan;
  grpc::Status status = grpc::Status(grpc::StatusCode::NOT_FOUND, "");
  if (!request.plan_id().empty()) {
    v1::GetPlanRequest get;
    get.set_name(PlanName(request.plan_id()));
    status = stub.GetPlan(NewCall(cli).get(), get, &plan);
    if (!status.ok() && status.error_code() != grpc::StatusCode::NOT_FOUND) {
      return ReportError(status);
    }
  }
  const std::string content_id = absl::StrCat(absl::Hex(MessageFingerprint(request.plan())));
  if (status.error_code() == grpc::StatusCode::NOT_FOUND) {
    // The same file pushed again carries the same request_id.
    if (request.request_id().empty()) {
      request.set_request_id(absl::StrCat("push-", request.plan_id(), "-", content_id));
    }
    status = stub.CreatePlan(NewCall(cli).get(), request, &plan);
    if (!status.ok()) return ReportError(status);
    if (!cli.json) std::printf("created ");
  } else if (ContentOf(plan) == ContentOf(request.plan())) {
    if (!cli.json) std::printf("unchanged ");
  } else if (plan.status() == v1::PLAN_STATUS_DRAFT) {
    v1::UpdatePlanRequest update;
    *update.mutable_plan() = request.plan();
    update.mutable_plan()->set_name(plan.name());
    update.mutable_plan()->set_etag(plan.etag());
    update.mutable_update_mask()->add_paths("*");
    update.set_request_id(absl::StrCat("push-update-", EtagId(plan), "-", content_id));
    status = stub.UpdatePlan(NewCall(cli).get(), update, &plan);
    if (!status.ok()) return ReportError(status);
    if (!cli.json) std::printf("updated ");
  } else {
    v1::AmendPlanRequest amend;
    *amend.mutable_plan() = request.plan();
    amend.mutable_plan()->set_name(plan.name());
    amend.mutable_plan()->set_etag(plan.etag());
    amend.set_reason(cli.args.Get("reason").value_or(""));
    amend.set_request_id(absl::StrCat("push-amend-", EtagId(plan), "-", content_id));
    status = stub.AmendPlan(NewCall(cli).get(), amend, &plan);
    if (!status.ok()) return ReportError(status);
    if (!cli.json) std::printf("amended ");
  }
  if (issue && plan.status() == v1::PLAN_STATUS_DRAFT) {
    v1::IssuePlanRequest issue_request;
    issue_request.set_name(plan.name());
    issue_request.set_etag(plan.etag());
    issue_request.set_request_id(absl::StrCat("push-issue-", EtagId(plan)));
    status = stub.IssuePlan(NewCall(cli).get(), issue_request, &plan);
    if (!status.ok()) return ReportError(status);
    if (!cli.json) std::printf("and issued ");
  }
  PrintPlanSummary(cli, plan);
  return 0;
}

namespace {

int Push(const CliContext& cli, v1::PlanService::Stub& stub) {
  absl::StatusOr<v1::CreatePlanRequest> request = ReadPlanFile(cli.args.Word(2));
  if (!request.ok()) return ReportError(request.status());
  return PushPlan(cli, stub, *std::move(request));
}

int Validate(const CliContext& cli, v1::PlanService::Stub& stub) {
  absl::StatusOr<v1::CreatePlanRequest> request = ReadPlanFile(cli.args.Word(2));
  if (!request.ok()) return ReportError(request.status());
  v1::ValidatePlanRequest validate;
  *validate.mutable_plan() = request->plan();
  v1::ValidatePlanResponse response;
  grpc::Status status = stub.ValidatePlan(NewCall(cli).get(), validate, &response);
  if (!status.ok()) return ReportError(status);
  if (cli.json) {
    PrintJson(response);
  } else {
    for (const auto& v : response.violations()) {
      std::printf("%s: %s\n", v.field().c_str(), v.description().c_str());
    }
    for (const std::string& m : response.missing()) std::printf("blank: %s\n", m.c_str());
    std::printf("%s: %d violations\n", response.valid() ? "valid" : "invalid",
                response.violations_size());
  }
  return response.valid() ? kExitOk : kExitInvalid;
}

// Text written over several lines, on one table row.
std::string OneLine(std::string text) {
  for (char& c : text) {
    if (c == '\n') c = ' ';
  }
  return text;
}

// The rows of `plans get` that say how the plan was issued: the decision
// it is attached to, its preamble and whom it was sent to.
void AddIssuedRows(const v1::Plan& plan, Table& table) {
  if (plan.content() == v1::PLAN_CONTENT_HEADER_ONLY) {
    table.AddRow({"content", "header only: number, date, title and issuer; no text yet"});
  }
  if (plan.has_promulgated_by()) {
    const v1::PromulgatingDocument& decision = plan.promulgated_by();
    std::string effective = decision.effective_from_signing() ? "from signing" : "";
    if (decision.effective_date().year() != 0) {
      absl::StrAppend(&effective, effective.empty() ? "" : ", ",
                      FormatDate(decision.effective_date()));
    }
    table.AddRow(
        {"issued by", absl::StrCat(api::ShortEnumName(decision.kind()), " ", decision.number(),
                                   " of ", FormatDate(decision.issue_date()))});
    if (!decision.issuer().empty()) table.AddRow({"decision issuer", decision.issuer()});
    if (!decision.signatory().empty()) {
      table.AddRow({"decision signed", OneLine(decision.signatory())});
    }
    if (!effective.empty()) table.AddRow({"in force", effective});
  }
  if (!plan.preamble().empty()) table.AddRow({"preamble", OneLine(plan.preamble())});
  for (const v1::Distribution::Addressee& line : plan.distribution().addressees()) {
    table.AddRow({"sent to", line.agency().empty()
                                 ? OneLine(line.text())
                                 : absl::StrCat(OneLine(line.text()), " (", line.agency(), ")")});
  }
  if (!plan.distribution().remainder().empty()) {
    table.AddRow({"sent to", OneLine(plan.distribution().remainder())});
  }
}

// The plan the command's NAME and --revision name.
absl::StatusOr<v1::Plan> ReadPlan(const CliContext& cli, v1::PlanService::Stub& stub) {
  v1::GetPlanRequest request;
  request.set_name(PlanName(cli.args.Word(2)));
  if (auto revision = cli.args.Get("revision")) {
    int64_t value = 0;
    if (!absl::SimpleAtoi(*revision, &value)) {
      return UsageError("--revision: expected a number");
    }
    request.set_revision(value);
  }
  v1::Plan plan;
  grpc::Status status = stub.GetPlan(NewCall(cli).get(), request, &plan);
  if (!status.ok()) return ServerError(status);
  return plan;
}

// Every target of the plan: how it compares, in the plan's words too, and
// its value ("not stated" when the plan gives none).
int Targets(const CliContext& cli, v1::PlanService::Stub& stub) {
  absl::StatusOr<v1::Plan> plan = ReadPlan(cli, stub);
  if (!plan.ok()) return ReportError(plan.status());
  Table table({"TARGET", "INDICATOR", "COMPARISON", "VALUE", "UNIT", "DUE", "WORDS"});
  int count = 0;
  plans::ForEachTarget(*plan, [&](const v1::Target& target) {
    ++count;
    if (cli.json) {
      PrintJson(target);
      return;
    }
    const std::string comparison = plans::ComparisonPhrase(target.comparison());
    table.AddRow({target.code(), target.indicator().empty() ? "-" : target.indicator().substr(11),
                  comparison.empty() ? "-" : comparison,
                  target.has_value() ? absl::StrFormat("%g", target.value()) : "not stated",
                  absl::AsciiStrToLower(api::ShortEnumName(target.unit())),
                  FormatDate(target.due_date()), target.comparison_words()});
  });
  if (!cli.json) {
    table.Print();
    std::printf("%d targets\n", count);
  }
  return 0;
}

int Get(const CliContext& cli, v1::PlanService::Stub& stub) {
  absl::StatusOr<v1::Plan> read = ReadPlan(cli, stub);
  if (!read.ok()) return ReportError(read.status());
  const v1::Plan& plan = *read;
  if (cli.json) {
    PrintJson(plan);
    return 0;
  }
  int tasks = 0, targets = 0;
  std::function<void(const v1::Section&)> count = [&](const v1::Section& s) {
    tasks += s.tasks_size();
    targets += s.targets_size();
    for (const auto& sub : s.sections()) count(sub);
  };
  for (const auto& s : plan.sections()) count(s);
  Table table({"FIELD", "VALUE"});
  table.AddRow({"name", plan.name()});
  table.AddRow({"title", plan.title()});
  table.AddRow({"status", api::ShortEnumName(plan.status())});
  table.AddRow({"revision", absl::StrCat(plan.revision())});
  table.AddRow({"issuer", plan.issuer()});
  table.AddRow({"unit", plan.unit()});
  table.AddRow({"number", plan.document_number()});
  table.AddRow({"issued", FormatDate(plan.issue_date())});
  table.AddRow({"period", plan.period()});
  table.AddRow({"tasks", absl::StrCat(tasks)});
  table.AddRow({"targets", absl::StrCat(targets)});
  table.AddRow({"assignments", absl::StrCat(plan.assignments_size())});
  table.AddRow({"reporting", absl::StrCat(plan.reporting_size())});
  AddIssuedRows(plan, table);
  table.AddRow({"etag", plan.etag()});
  table.Print();
  return 0;
}

int List(const CliContext& cli, v1::PlanService::Stub& stub) {
  v1::ListPlansRequest request;
  if (auto unit = cli.args.Get("unit")) request.set_unit(UnitName(*unit));
  absl::StatusOr<google::type::Date> as_of = AsOfOption(cli.args);
  if (!as_of.ok()) return ReportError(as_of.status());
  *request.mutable_as_of() = *as_of;
  if (auto year = cli.args.Get("year")) {
    int value = 0;
    if (!absl::SimpleAtoi(*year, &value)) {
      return ReportError(UsageError("--year: expected a year"));
    }
    request.set_year(value);
  }
  if (auto status_name = cli.args.Get("status")) {
    v1::PlanStatus status;
    if (!api::ParseEnumName(*status_name, &status) || status == v1::PLAN_STATUS_UNSPECIFIED) {
      return ReportError(
          UsageError("--status: draft, issued, amended, "
                     "withdrawn or closed"));
    }
    request.set_status(status);
  }
  if (auto query = cli.args.Get("query")) request.set_query(*query);
  if (auto content = cli.args.Get("content")) {
    v1::PlanContent value;
    if (!api::ParseEnumName(*content, &value) || value == v1::PLAN_CONTENT_UNSPECIFIED) {
      return ReportError(UsageError("--content: full or header_only"));
    }
    request.set_content(value);
  }
  Table table({"NAME", "UNIT", "PERIOD", "STATUS", "REV", "NUMBER", "TITLE"});
  int count = 0;
  do {
    v1::ListPlansResponse response;
    grpc::Status status = stub.ListPlans(NewCall(cli).get(), request, &response);
    if (!status.ok()) return ReportError(status);
    for (const std::string& warning : response.warnings()) {
      std::fprintf(stderr, "warning: %s\n", warning.c_str());
    }
    for (const v1::Plan& plan : response.plans()) {
      ++count;
      if (cli.json) {
        PrintJson(plan);
        continue;
      }
      std::string title = plan.title();
      if (title.size() > 70) title = title.substr(0, title.find(' ', 60)) + " …";
      if (plan.content() == v1::PLAN_CONTENT_HEADER_ONLY) title = "[header only] " + title;
      const std::string number = plan.document_number().empty() && plan.has_promulgated_by()
                                     ? plan.promulgated_by().number()
                                     : plan.document_number();
      table.AddRow({plan.name().substr(6), plan.unit().substr(6), plan.period(),
                    absl::AsciiStrToLower(api::ShortEnumName(plan.status())),
                    absl::StrCat(plan.revision()), number, title});
    }
    request.set_page_token(response.next_page_token());
  } while (!request.page_token().empty());
  if (!cli.json) {
    table.Print();
    std::printf("%d plans\n", count);
  }
  return 0;
}

int Issue(const CliContext& cli, v1::PlanService::Stub& stub) {
  v1::IssuePlanRequest request;
  request.set_name(PlanName(cli.args.Word(2)));
  request.set_etag(cli.args.Get("etag").value_or(""));
  request.set_request_id(NewRequestId());
  v1::Plan plan;
  grpc::Status status = stub.IssuePlan(NewCall(cli).get(), request, &plan);
  if (!status.ok()) return ReportError(status);
  PrintPlanSummary(cli, plan);
  return 0;
}

int Revisions(const CliContext& cli, v1::PlanService::Stub& stub) {
  v1::ListPlanRevisionsRequest request;
  request.set_name(PlanName(cli.args.Word(2)));
  Table table({"REVISION", "STATUS", "UPDATED", "REASON"});
  do {
    v1::ListPlanRevisionsResponse response;
    grpc::Status status = stub.ListPlanRevisions(NewCall(cli).get(), request, &response);
    if (!status.ok()) return ReportError(status);
    for (const v1::Plan& plan : response.plans()) {
      if (cli.json) {
        PrintJson(plan);
        continue;
      }
      table.AddRow(
          {absl::StrCat(plan.revision()), api::ShortEnumName(plan.status()),
           absl::FormatTime("%Y-%m-%d %H:%M", absl::FromUnixSeconds(plan.update_time().seconds()),
                            absl::UTCTimeZone()),
           plan.revision_reason()});
    }
    request.set_page_token(response.next_page_token());
  } while (!request.page_token().empty());
  if (!cli.json) table.Print();
  return 0;
}

}  // namespace

int RunPlansCommand(const CliContext& cli) {
  auto stub = v1::PlanService::NewStub(OpenChannel(ServiceAddress("plans")));
  const std::string verb = cli.args.Word(1);
  if (verb == "list") return List(cli, *stub);
  if (!cli.args.Word(2).empty()) {
    if (verb == "push") return Push(cli, *stub);
    if (verb == "validate") return Validate(cli, *stub);
    if (verb == "import") return RunPlanImport(cli, *stub);
    if (verb == "get") return Get(cli, *stub);
    if (verb == "targets") return Targets(cli, *stub);
    if (verb == "issue") return Issue(cli, *stub);
    if (verb == "revisions") return Revisions(cli, *stub);
  }
  return ReportError(
      UsageError("usage: interplan plans push FILE [--issue] [--reason TEXT] | validate FILE | "
                 "import DOCUMENT [--out DRAFT.json] [--push [--issue]] | "
                 "get NAME [--revision N] | targets NAME [--revision N] | "
                 "list [--unit U --year Y --status S --query WORDS --content full|header_only] | "
                 "issue NAME | revisions NAME"));
}

int RunAssignmentsCommand(const CliContext& cli) {
  if (cli.args.Word(1).empty()) {
    return ReportError(UsageError("usage: interplan assignments AGENCY [--year Y]"));
  }
  auto stub = v1::PlanService::NewStub(OpenChannel(ServiceAddress("plans")));
  v1::ListAssignmentsRequest request;
  request.set_agency(AgencyName(cli.args.Word(1)));
  if (auto year = cli.args.Get("year")) {
    int value = 0;
    if (!absl::SimpleAtoi(*year, &value)) {
      return ReportError(UsageError("--year: expected a year"));
    }
    request.set_year(value);
  }
  Table table({"PLAN", "KIND", "CODE", "DUE", "WHAT"});
  int count = 0;
  do {
    v1::ListAssignmentsResponse response;
    grpc::Status status = stub->ListAssignments(NewCall(cli).get(), request, &response);
    if (!status.ok()) return ReportError(status);
    for (const v1::AgencyAssignment& a : response.assignments()) {
      ++count;
      if (cli.json) {
        PrintJson(a);
        continue;
      }
      std::string what = a.title().empty() ? a.content() : a.title();
      if (what.size() > 80) what = what.substr(0, what.find(' ', 70)) + " …";
      for (char& c : what) {
        if (c == '\n') c = ' ';
      }
      const std::string due = !a.timing().empty()        ? a.timing()
                              : a.due_date().year() != 0 ? FormatDate(a.due_date())
                                                         : FormatDate(a.end_date());
      table.AddRow({a.plan().substr(6), absl::AsciiStrToLower(api::ShortEnumName(a.kind())),
                    a.code(), due, what});
    }
    request.set_page_token(response.next_page_token());
  } while (!request.page_token().empty());
  if (!cli.json) {
    table.Print();
    std::printf("%d assignments\n", count);
  }
  return 0;
}

}  // namespace interplan::cli
