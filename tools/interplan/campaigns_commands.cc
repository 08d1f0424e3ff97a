#include "tools/interplan/campaigns_commands.h"

#include <cstdio>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/strip.h"
#include "common/api/enum_names.h"
#include "common/api/json_message.h"
#include "common/client/service_address.h"
#include "interplan/campaigns/v1/campaigns.grpc.pb.h"
#include "tools/interplan/cli_errors.h"
#include "tools/interplan/cli_output.h"
#include "tools/interplan/error_report.h"
#include "tools/interplan/request_file.h"

namespace interplan::cli {
namespace {

namespace v1 = ::interplan::campaigns::v1;

std::string Lower(const std::string& s) { return absl::AsciiStrToLower(s); }

std::string CampaignName(const std::string& id_or_name) {
  return id_or_name.rfind("campaigns/", 0) == 0 ? id_or_name : "campaigns/" + id_or_name;
}

std::unique_ptr<v1::CampaignService::Stub> Stub() {
  return v1::CampaignService::NewStub(OpenChannel(ServiceAddress("campaigns")));
}

// "action-month" -> CAMPAIGN_KIND_ACTION_MONTH_GENDER_EQUALITY; the enum names, in full or
// without their prefix ("commemorative-day"), in any case.
absl::StatusOr<v1::CampaignKind> KindOption(const std::string& text) {
  const std::string upper = absl::StrReplaceAll(absl::AsciiStrToUpper(text), {{"-", "_"}});
  if (upper == "ACTION_MONTH") return v1::CAMPAIGN_KIND_ACTION_MONTH_GENDER_EQUALITY;
  if (upper == "DOMESTIC_VIOLENCE_MONTH") return v1::CAMPAIGN_KIND_ACTION_MONTH_DOMESTIC_VIOLENCE;
  v1::CampaignKind kind;
  if (api::ParseEnumName(upper, &kind) && kind != v1::CAMPAIGN_KIND_UNSPECIFIED) return kind;
  return UsageError("--kind: action-month, domestic-violence-month, commemorative-day or other");
}

// A message of a line of a JSON-lines file: "not JSON: line 1, column 7"
// is the line's, so only the column is kept.
std::string LineError(absl::string_view error) {
  if (absl::ConsumePrefix(&error, "not JSON: line 1, ")) return absl::StrCat("not JSON: ", error);
  return std::string(error);
}

// The requests in a file: one JSON object, or one per line (JSON lines).
template <typename Message>
absl::StatusOr<std::vector<Message>> ReadJsonRequests(const std::string& path, const char* what) {
  absl::StatusOr<std::string> content = ReadFile(path);
  if (!content.ok()) return content.status();
  std::vector<Message> requests;
  Message whole;
  absl::Status read_whole = ReadJsonMessage(*content, &whole);
  if (read_whole.ok()) {
    requests.push_back(std::move(whole));
    return requests;
  }
  // One JSON document that does not fit: say where.
  const absl::Status whole_error = WithOrigin(
      absl::InvalidArgumentError(JsonErrorInFile(path, what, whole, read_whole.message())),
      ErrorOrigin::kInput);
  if (!absl::StartsWith(read_whole.message(), "not JSON")) return whole_error;
  std::istringstream lines(*content);
  std::string line;
  int number = 0;
  while (std::getline(lines, line)) {
    ++number;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    Message message;
    absl::Status status = ReadJsonMessage(line, &message);
    // Not JSON from its first line: one document over several lines.
    if (!status.ok() && requests.empty() && absl::StartsWith(status.message(), "not JSON")) {
      return whole_error;
    }
    if (!status.ok()) {
      return WithOrigin(absl::InvalidArgumentError(absl::StrCat(path, " line ", number, ": ",
                                                                LineError(status.message()))),
                        ErrorOrigin::kInput);
    }
    requests.push_back(std::move(message));
  }
  return requests;
}

void PrintCampaigns(const CliContext& cli,
                    const google::protobuf::RepeatedPtrField<v1::Campaign>& campaigns) {
  if (cli.json) {
    for (const auto& c : campaigns) PrintJson(c);
    return;
  }
  Table table({"NAME", "KIND", "YEAR", "DATES", "SCOPE", "THEME"});
  for (const auto& c : campaigns) {
    table.AddRow({c.name().substr(10), Lower(api::ShortEnumName(c.kind())), absl::StrCat(c.year()),
                  FormatValidity(c.start_date(), c.end_date()),
                  c.scope().empty() ? "national" : c.scope(), c.theme()});
  }
  table.Print();
}

void PrintFigures(const char* label, const v1::CampaignFigures& f) {
  std::printf("%s: %s (%d)\n", label, f.campaign().c_str(), f.year());
  std::printf(
      "  activities %lld; participants %lld (female %lld, male %lld, unspecified %lld);"
      " people reached %lld; media items %lld; spend %lld VND\n",
      static_cast<long long>(f.activities()), static_cast<long long>(f.participants().total()),
      static_cast<long long>(f.participants().female()),
      static_cast<long long>(f.participants().male()),
      static_cast<long long>(f.participants().unspecified()),
      static_cast<long long>(f.people_reached()), static_cast<long long>(f.media_items()),
      static_cast<long long>(f.spend_vnd()));
  for (const auto& t : f.by_type()) {
    std::printf("  %-20s %lld\n", Lower(api::ShortEnumName(t.type())).c_str(),
                static_cast<long long>(t.activities()));
  }
  std::printf("  units with no activity: %d of %d\n", f.units_without_activity_size(),
              f.child_units());
}

int Summary(const CliContext& cli) {
  v1::SummarizeCampaignRequest request;
  if (!cli.args.Word(2).empty()) request.set_campaign(CampaignName(cli.args.Word(2)));
  if (auto kind = cli.args.Get("kind")) {
    absl::StatusOr<v1::CampaignKind> parsed = KindOption(*kind);
    if (!parsed.ok()) return ReportError(parsed.status());
    request.set_kind(*parsed);
  }
  if (auto year = cli.args.Get("year")) {
    int value = 0;
    if (!absl::SimpleAtoi(*year, &value)) {
      return ReportError(UsageError("--year: expected a year"));
    }
    request.set_year(value);
  }
  if (auto unit = cli.args.Get("unit")) request.set_unit(UnitName(*unit));
  v1::CampaignSummary summary;
  grpc::Status status = Stub()->SummarizeCampaign(NewCall(cli).get(), request, &summary);
  if (!status.ok()) return ReportError(status);
  if (cli.json) {
    PrintJson(summary);
    return 0;
  }
  std::printf("%s\n", summary.unit_display_name().c_str());
  PrintFigures("this year", summary.current());
  if (summary.has_previous()) PrintFigures("previous year", summary.previous());
  if (!summary.current().children().empty()) {
    Table table({"UNIT", "ACTIVITIES", "FEMALE", "MALE", "REACHED", "SPEND VND"});
    for (const auto& c : summary.current().children()) {
      table.AddRow({absl::StrCat(c.unit().substr(6), " ", c.display_name()),
                    absl::StrCat(c.activities()), absl::StrCat(c.participants().female()),
                    absl::StrCat(c.participants().male()), absl::StrCat(c.people_reached()),
                    absl::StrCat(c.spend_vnd())});
    }
    table.Print();
  }
  return 0;
}

}  // namespace

int RunCampaignsCommand(const CliContext& cli) {
  const std::string verb = cli.args.Word(1);
  if (verb == "summary") return Summary(cli);
  if (verb == "list") {
    v1::ListCampaignsRequest request;
    if (auto kind = cli.args.Get("kind")) {
      absl::StatusOr<v1::CampaignKind> parsed = KindOption(*kind);
      if (!parsed.ok()) return ReportError(parsed.status());
      request.set_kind(*parsed);
    }
    if (auto year = cli.args.Get("year")) {
      int value = 0;
      if (!absl::SimpleAtoi(*year, &value)) {
        return ReportError(UsageError("--year: expected a year"));
      }
      request.set_year(value);
    }
    google::protobuf::RepeatedPtrField<v1::Campaign> all;
    auto stub = Stub();
    do {
      v1::ListCampaignsResponse response;
      grpc::Status status = stub->ListCampaigns(NewCall(cli).get(), request, &response);
      if (!status.ok()) return ReportError(status);
      for (auto& c : *response.mutable_campaigns()) *all.Add() = std::move(c);
      request.set_page_token(response.next_page_token());
    } while (!request.page_token().empty());
    PrintCampaigns(cli, all);
    return 0;
  }
  if (verb == "get" && !cli.args.Word(2).empty()) {
    v1::GetCampaignRequest request;
    request.set_name(CampaignName(cli.args.Word(2)));
    google::protobuf::RepeatedPtrField<v1::Campaign> one;
    grpc::Status status = Stub()->GetCampaign(NewCall(cli).get(), request, one.Add());
    if (!status.ok()) return ReportError(status);
    PrintCampaigns(cli, one);
    return 0;
  }
  if (verb == "create" && !cli.args.Word(2).empty()) {
    absl::StatusOr<std::vector<v1::CreateCampaignRequest>> requests =
        ReadJsonRequests<v1::CreateCampaignRequest>(cli.args.Word(2), "a campaign");
    if (!requests.ok()) return ReportError(requests.status());
    google::protobuf::RepeatedPtrField<v1::Campaign> created;
    auto stub = Stub();
    for (v1::CreateCampaignRequest& request : *requests) {
      if (request.request_id().empty()) request.set_request_id(NewRequestId());
      grpc::Status status = stub->CreateCampaign(NewCall(cli).get(), request, created.Add());
      if (!status.ok()) return ReportError(status);
    }
    PrintCampaigns(cli, created);
    return 0;
  }
  return ReportError(
      UsageError("usage: interplan campaigns list [--kind K] [--year Y] | get NAME | create FILE | "
                 "summary [NAME] [--kind action-month --year Y] [--unit CODE]"));
}

int RunActivitiesCommand(const CliContext& cli) {
  const std::string verb = cli.args.Word(1);
  if (verb == "record" && !cli.args.Word(2).empty()) {
    absl::StatusOr<std::vector<v1::RecordActivityRequest>> requests =
        ReadJsonRequests<v1::RecordActivityRequest>(cli.args.Word(2), "an activity");
    if (!requests.ok()) return ReportError(requests.status());
    auto stub = Stub();
    for (v1::RecordActivityRequest& request : *requests) {
      if (auto campaign = cli.args.Get("campaign")) request.set_parent(CampaignName(*campaign));
      if (request.request_id().empty()) request.set_request_id(NewRequestId());
      v1::Activity activity;
      grpc::Status status = stub->RecordActivity(NewCall(cli).get(), request, &activity);
      if (!status.ok()) return ReportError(status);
      if (cli.json) {
        PrintJson(activity);
      } else {
        std::printf("%s  version %d  %s\n", activity.name().c_str(), activity.version(),
                    activity.title().c_str());
      }
    }
    return 0;
  }
  if (verb == "list") {
    v1::ListActivitiesRequest request;
    request.set_parent(CampaignName(cli.args.Get("campaign").value_or("")));
    if (auto unit = cli.args.Get("unit")) request.set_unit(UnitName(*unit));
    if (auto organiser = cli.args.Get("organiser")) request.set_organiser(AgencyName(*organiser));
    if (auto venue = cli.args.Get("venue")) request.set_venue(UnitName(*venue));
    Table table(
        {"ACTIVITY", "TYPE", "UNIT", "VENUE", "DATES", "FEMALE", "MALE", "REACHED", "TITLE"});
    auto stub = Stub();
    do {
      v1::ListActivitiesResponse response;
      grpc::Status status = stub->ListActivities(NewCall(cli).get(), request, &response);
      if (!status.ok()) return ReportError(status);
      for (const v1::Activity& a : response.activities()) {
        if (cli.json) {
          PrintJson(a);
          continue;
        }
        table.AddRow(
            {a.name().substr(a.name().rfind('/') + 1), Lower(api::ShortEnumName(a.type())),
             a.unit().substr(6), a.venue().empty() ? "-" : a.venue().substr(6),
             FormatValidity(a.start_date(), a.end_date()), absl::StrCat(a.participants().female()),
             absl::StrCat(a.participants().male()), absl::StrCat(a.people_reached()), a.title()});
      }
      request.set_page_token(response.next_page_token());
    } while (!request.page_token().empty());
    if (!cli.json) table.Print();
    return 0;
  }
  return ReportError(
      UsageError("usage: interplan activities record FILE [--campaign C] | "
                 "list --campaign C [--unit CODE] [--organiser A] [--venue CODE]"));
}

}  // namespace interplan::cli
