#include "tools/interplan/plan_import_command.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "google/protobuf/util/json_util.h"
#include "tools/interplan/cli_errors.h"
#include "tools/interplan/cli_output.h"
#include "tools/interplan/error_report.h"
#include "tools/interplan/plans_commands.h"

namespace interplan::cli {
namespace {

namespace v1 = ::interplan::plans::v1;

// "ke-hoach-38.docx" -> "ke-hoach-38.draft.json", beside the document.
std::string DefaultDraftPath(const std::string& document) {
  std::filesystem::path path(document);
  return path.replace_extension(".draft.json").string();
}

absl::Status WriteDraft(const std::string& path, const v1::ImportPlanDocumentResponse& response) {
  v1::CreatePlanRequest draft;
  draft.set_plan_id(response.plan_id());
  *draft.mutable_plan() = response.plan();
  std::string json;
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  auto status = google::protobuf::util::MessageToJsonString(draft, &json, options);
  if (!status.ok()) return absl::InternalError(std::string(status.message()));
  const std::string temporary = path + ".tmp";
  {
    std::ofstream out(temporary, std::ios::trunc);
    out << json;
    if (!out.flush()) {
      return FileError("write", temporary, errno);
    }
  }
  std::error_code error;
  std::filesystem::rename(temporary, path, error);
  if (error) {
    return FileError("write", path, error.value());
  }
  return absl::OkStatus();
}

// One block of the report: the findings of one kind, with where they come
// from and what to check.
void PrintFindings(const v1::ImportPlanDocumentResponse& response, v1::ImportFinding::Kind kind,
                   const char* heading) {
  std::vector<const v1::ImportFinding*> found;
  for (const v1::ImportFinding& f : response.findings()) {
    if (f.kind() == kind) found.push_back(&f);
  }
  if (found.empty()) return;
  std::printf("\n%s (%zu):\n", heading, found.size());
  for (const v1::ImportFinding* f : found) {
    std::string where = f->paragraph() > 0 ? absl::StrCat("¶", f->paragraph()) : "-";
    std::printf("  %-6s %s", where.c_str(), f->field().c_str());
    if (!f->words().empty()) std::printf("  \"%s\"", f->words().c_str());
    std::printf("\n");
    if (!f->note().empty()) std::printf("         %s\n", f->note().c_str());
  }
}

void PrintReport(const std::string& document, const std::string& draft_path,
                 const v1::ImportPlanDocumentResponse& response) {
  int recognised = 0;
  for (const v1::ImportFinding& f : response.findings()) {
    if (f.kind() == v1::ImportFinding::KIND_RECOGNISED) ++recognised;
  }
  std::printf("%s: %s, %d paragraphs -> draft plans/%s\n", document.c_str(),
              response.format().c_str(), response.paragraphs(), response.plan_id().c_str());
  std::printf("  %s\n", response.plan().title().c_str());
  std::printf("%d parts recognised as the format writes them.\n", recognised);
  PrintFindings(response, v1::ImportFinding::KIND_GUESSED, "Check these (taken with doubt)");
  PrintFindings(response, v1::ImportFinding::KIND_UNRESOLVED,
                "Not found in the registry (kept as written in the draft)");
  PrintFindings(response, v1::ImportFinding::KIND_MISSING, "Not in the document");
  const v1::ValidatePlanResponse& validation = response.validation();
  if (!validation.violations().empty()) {
    std::printf("\nFix before pushing (%d):\n", validation.violations_size());
    for (const auto& v : validation.violations()) {
      std::printf("  %s: %s\n", v.field().c_str(), v.description().c_str());
    }
  }
  std::printf("\ndraft written to %s (%s)\n", draft_path.c_str(),
              validation.valid() ? "valid: push it with `interplan plans push`"
                                 : "edit it, then `interplan plans push` it");
}

}  // namespace

int RunPlanImport(const CliContext& cli, v1::PlanService::Stub& stub) {
  if (absl::Status known = cli.args.CheckKnown({"out", "push", "issue", "json", "timeout"});
      !known.ok()) {
    return ReportError(known);
  }
  const std::string document = cli.args.Word(2);
  absl::StatusOr<std::string> content = ReadFile(document);
  if (!content.ok()) return ReportError(content.status());
  v1::ImportPlanDocumentRequest request;
  request.set_content(*std::move(content));
  request.set_file_name(std::filesystem::path(document).filename().string());
  v1::ImportPlanDocumentResponse response;
  grpc::Status status = stub.ImportPlanDocument(NewCall(cli).get(), request, &response);
  if (!status.ok()) return ReportError(status);
  const std::string draft_path = cli.args.Get("out").value_or(DefaultDraftPath(document));
  if (absl::Status written = WriteDraft(draft_path, response); !written.ok()) {
    return ReportError(written);
  }
  if (cli.json) {
    PrintJson(response);
  } else {
    PrintReport(document, draft_path, response);
  }
  if (!cli.args.Has("push")) return 0;
  if (!response.validation().valid()) {
    return ReportError(
        WithOrigin(absl::FailedPreconditionError(absl::StrCat(
                       "not pushed: the draft has ", response.validation().violations_size(),
                       " violations; edit ", draft_path, " and push it with plans push")),
                   ErrorOrigin::kInput));
  }
  // A document pushes a new plan only: an existing plan of the same id is
  // amended after a review of the draft, with `plans push`.
  v1::GetPlanRequest get;
  get.set_name(absl::StrCat("plans/", response.plan_id()));
  v1::Plan existing;
  status = stub.GetPlan(NewCall(cli).get(), get, &existing);
  if (status.ok()) {
    return ReportError(WithOrigin(absl::AlreadyExistsError(absl::StrCat(
                                      "not pushed: plans/", response.plan_id(), " exists (",
                                      existing.title(), "); to amend it, review ", draft_path,
                                      " and push it with plans push, or change its "
                                      "planId for a new plan")),
                                  ErrorOrigin::kInput));
  }
  if (status.error_code() != grpc::StatusCode::NOT_FOUND) return ReportError(status);
  v1::CreatePlanRequest draft;
  draft.set_plan_id(response.plan_id());
  *draft.mutable_plan() = response.plan();
  return PushPlan(cli, stub, std::move(draft));
}

}  // namespace interplan::cli
