#include "services/plans/plan_importer.h"

#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/errors/errors.h"
#include "common/text/search_fold.h"
#include "services/plans/import/document_text.h"
#include "services/plans/import/plan_parser.h"
#include "services/plans/import/registry_resolver.h"

namespace interplan::plans {
namespace {

namespace av1 = ::interplan::agencies::v1;

// The type words a unit's name starts with, accent-folded, longest first.
constexpr absl::string_view kTypeWords[] = {
    "thanh pho ", "thi xa ", "thi tran ", "dac khu ", "tinh ", "quan ", "huyen ", "phuong ", "xa "};

v1::ImportFinding::Kind KindOf(import::Finding::Kind kind) {
  switch (kind) {
    case import::Finding::Kind::kRecognised:
      return v1::ImportFinding::KIND_RECOGNISED;
    case import::Finding::Kind::kGuessed:
      return v1::ImportFinding::KIND_GUESSED;
    case import::Finding::Kind::kUnresolved:
      return v1::ImportFinding::KIND_UNRESOLVED;
    case import::Finding::Kind::kMissing:
      return v1::ImportFinding::KIND_MISSING;
  }
  return v1::ImportFinding::KIND_UNSPECIFIED;
}

const char* FormatName(import::DocumentFormat format) {
  switch (format) {
    case import::DocumentFormat::kDocx:
      return "docx";
    case import::DocumentFormat::kPdf:
      return "pdf";
    case import::DocumentFormat::kText:
      return "text";
  }
  return "text";
}

// The plan's unit as the registry names it on the plan's date ("Quận Gò
// Vấp"), or "" when it cannot say.
std::string UnitDisplayName(AgenciesClient& agencies, const v1::Plan& plan, absl::Time deadline) {
  if (plan.unit().empty()) return "";
  av1::GetUnitRequest request;
  request.set_name(plan.unit());
  if (plan.issue_date().year() != 0) {
    request.mutable_as_of()->set_year(plan.issue_date().year());
    request.mutable_as_of()->set_month(plan.issue_date().month() == 0 ? 12
                                                                      : plan.issue_date().month());
    request.mutable_as_of()->set_day(plan.issue_date().day() == 0 ? 1 : plan.issue_date().day());
  }
  absl::StatusOr<av1::Unit> unit = agencies.GetUnit(request, deadline);
  return unit.ok() ? unit->display_name() : "";
}

}  // namespace

std::string SuggestedPlanId(const v1::Plan& plan, const std::string& unit_display_name) {
  std::string place = text::FoldForSearch(unit_display_name);
  for (absl::string_view type : kTypeWords) {
    if (absl::StartsWith(place, type)) {
      place = place.substr(type.size());
      break;
    }
  }
  std::vector<std::string> parts;
  if (!place.empty()) parts.push_back(place);
  if (!plan.period().empty()) parts.push_back(plan.period());
  // "2021/KH-UBND" -> "2021"; nothing for a blank number ("/KH-UBND").
  const std::string number = plan.document_number().substr(0, plan.document_number().find('/'));
  if (!number.empty()) parts.push_back(number);
  std::string id;
  for (char c : absl::AsciiStrToLower(absl::StrJoin(parts, "-"))) {
    const bool keep = absl::ascii_isalnum(static_cast<unsigned char>(c));
    if (keep) {
      id += c;
    } else if (!id.empty() && id.back() != '-') {
      id += '-';
    }
  }
  while (!id.empty() && id.back() == '-') id.pop_back();
  if (id.empty() || !absl::ascii_isalpha(static_cast<unsigned char>(id[0]))) {
    id = absl::StrCat("plan-", id);
  }
  if (id.size() > 63) id.resize(63);
  while (id.back() == '-') id.pop_back();
  return id;
}

PlanImporter::PlanImporter(PlanRegistry& registry, AgenciesClient& agencies,
                           std::vector<reporting::v1::Indicator> indicators)
    : registry_(registry), agencies_(agencies), indicators_(std::move(indicators)) {}

absl::StatusOr<v1::ImportPlanDocumentResponse> PlanImporter::ImportPlanDocument(
    const v1::ImportPlanDocumentRequest& request, const CallContext& call) {
  absl::StatusOr<import::DocumentText> text =
      import::ExtractDocumentText(request.content(), request.file_name(), request.media_type());
  if (!text.ok()) return InvalidFieldError("content", std::string(text.status().message()));
  import::RegistryResolver resolver(agencies_, indicators_);
  absl::StatusOr<import::ParsedPlan> parsed = import::ParsePlanDocument(*text, resolver);
  if (!parsed.ok()) return InvalidFieldError("content", std::string(parsed.status().message()));
  if (!resolver.registry_status().ok()) {
    return UnavailableError(
        absl::StrCat("interplan-agencies did not answer, so the document's agencies and units "
                     "cannot be resolved; nothing was stored, try again: ",
                     resolver.registry_status().message()),
        absl::Seconds(2));
  }
  v1::ImportPlanDocumentResponse response;
  response.set_format(FormatName(text->format));
  response.set_paragraphs(static_cast<int32_t>(text->paragraphs.size()));
  *response.mutable_plan() = std::move(parsed->plan);
  response.set_plan_id(
      SuggestedPlanId(response.plan(), UnitDisplayName(agencies_, response.plan(), call.deadline)));
  for (const import::Finding& finding : parsed->findings) {
    v1::ImportFinding& out = *response.add_findings();
    out.set_kind(KindOf(finding.kind));
    out.set_field(finding.field);
    out.set_words(finding.words);
    out.set_paragraph(finding.paragraph < 0 ? 0 : finding.paragraph + 1);
    out.set_confidence(finding.confidence);
    out.set_note(finding.note);
  }
  v1::ValidatePlanRequest validate;
  *validate.mutable_plan() = response.plan();
  absl::StatusOr<v1::ValidatePlanResponse> validation = registry_.ValidatePlan(validate, call);
  if (validation.ok()) {
    *response.mutable_validation() = *std::move(validation);
  } else if (absl::IsPermissionDenied(validation.status())) {
    // The draft is the caller's to review even when their key may not push it.
    response.mutable_validation()->set_valid(false);
    auto* violation = response.mutable_validation()->add_violations();
    violation->set_field("plan.unit");
    violation->set_description(std::string(validation.status().message()));
  } else {
    return validation.status();
  }
  return response;
}

}  // namespace interplan::plans
