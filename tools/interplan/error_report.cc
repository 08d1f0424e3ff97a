#include "tools/interplan/error_report.h"

#include <cstdio>
#include <cstdlib>
#include <vector>

#include "absl/strings/cord.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/errors/errors.h"
#include "common/errors/http_status.h"
#include "google/protobuf/any.pb.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "google/rpc/error_details.pb.h"
#include "tools/interplan/cli_errors.h"
#include "tools/interplan/exit_codes.h"

namespace interplan::cli {
namespace {

bool json_errors = false;

// The ErrorInfo domain of the client's own errors.
constexpr char kClientDomain[] = "client.interplan.gov.vn";

bool ApiKeySet() {
  const char* key = std::getenv("INTERPLAN_API_KEY");
  return key != nullptr && key[0] != '\0';
}

// The message to show: the server's, except where it speaks of protocol a
// command-line user does not see (the authorization metadata).
std::string MessageOf(const absl::Status& status) {
  if (status.code() == absl::StatusCode::kUnauthenticated && !ApiKeySet() &&
      OriginOf(status) == ErrorOrigin::kServer) {
    return "no API key was presented: INTERPLAN_API_KEY is not set";
  }
  return std::string(status.message());
}

// What the user can do about `status`, when it is on their side.
std::vector<std::string> HintsFor(const absl::Status& status) {
  if (OriginOf(status) != ErrorOrigin::kServer) return {};
  google::rpc::ErrorInfo info;
  const bool has_info = GetErrorInfo(status, &info);
  switch (status.code()) {
    case absl::StatusCode::kUnauthenticated:
      if (!ApiKeySet()) {
        return {"set INTERPLAN_API_KEY to your API key: export INTERPLAN_API_KEY=ipk_...",
                "an operator makes one with `interplan keys create --agency ID` (the secret is "
                "shown once)"};
      }
      return {
          "the key in INTERPLAN_API_KEY was refused; ask an operator for a new key "
          "(`interplan keys create`) and export INTERPLAN_API_KEY=<the new secret>"};
    case absl::StatusCode::kPermissionDenied:
      return {
          "the key in INTERPLAN_API_KEY does not allow this (its role, or its agency's "
          "units); an operator can make a key that does"};
    case absl::StatusCode::kUnavailable:
      if (has_info) return {};  // the service answered: it is there, but busy
      return {
          "is the service running? Its address is INTERPLAN_<SERVICE>_ADDR "
          "(e.g. INTERPLAN_PLANS_ADDR=host:port; default localhost)"};
    case absl::StatusCode::kDeadlineExceeded:
      return {
          "the call took longer than --timeout (60 seconds unless given): try "
          "--timeout 300"};
    default:
      return {};
  }
}

// The headline of a server's INVALID_ARGUMENT: its summary repeats the
// first violation ("a: is required (and 2 more)"), which the list shows.
std::string Headline(const absl::Status& status, const std::vector<FieldViolation>& violations) {
  const std::string message = MessageOf(status);
  if (violations.empty()) return message;
  const FieldViolation& first = violations.front();
  if (!absl::StartsWith(message, absl::StrCat(first.field, ": ", first.description))) {
    return message;
  }
  return violations.size() == 1 ? "1 problem:" : absl::StrCat(violations.size(), " problems:");
}

}  // namespace

void SetJsonErrors(bool json) { json_errors = json; }

std::string ErrorText(const absl::Status& status) {
  const std::vector<FieldViolation> violations = FieldViolationsOf(status);
  std::string text = "error: ";
  if (OriginOf(status) == ErrorOrigin::kServer) {
    absl::StrAppend(&text, absl::StatusCodeToString(status.code()), ": ");
  }
  absl::StrAppend(&text, Headline(status, violations), "\n");
  for (const FieldViolation& v : violations) {
    absl::StrAppend(&text, "  ", v.field, ": ", v.description, "\n");
  }
  for (const std::string& hint : HintsFor(status)) absl::StrAppend(&text, "hint: ", hint, "\n");
  return text;
}

namespace {

// One detail as JSON ({"@type": ..., ...}); "" when its type is unknown.
std::string DetailJson(absl::string_view type_url, const absl::Cord& value) {
  google::protobuf::Any any;
  any.set_type_url(std::string(type_url));
  any.set_value(std::string(value));
  std::string json;
  if (!google::protobuf::util::MessageToJsonString(any, &json).ok()) return "";
  return json;
}

std::string JsonString(const std::string& text) {
  google::protobuf::Value value;
  value.set_string_value(text);
  std::string json;
  if (!google::protobuf::util::MessageToJsonString(value, &json).ok()) return "\"\"";
  return json;
}

// The details of `status` as JSON objects: its payloads (not the origin
// marker), an ErrorInfo for a local error, a Help with the hints.
std::vector<std::string> DetailsJson(const absl::Status& status) {
  std::vector<std::string> details;
  status.ForEachPayload([&details](absl::string_view url, const absl::Cord& value) {
    if (url == kOriginPayload) return;
    if (std::string json = DetailJson(url, value); !json.empty()) details.push_back(json);
  });
  const ErrorOrigin origin = OriginOf(status);
  if (origin != ErrorOrigin::kServer) {
    google::rpc::ErrorInfo info;
    info.set_domain(kClientDomain);
    info.set_reason(origin == ErrorOrigin::kUsage  ? "USAGE"
                    : origin == ErrorOrigin::kFile ? "FILE"
                                                   : "INPUT");
    details.push_back(DetailJson(TypeUrlOf(info), absl::Cord(info.SerializeAsString())));
  }
  google::rpc::Help help;
  for (const std::string& hint : HintsFor(status)) help.add_links()->set_description(hint);
  if (help.links_size() > 0) {
    details.push_back(DetailJson(TypeUrlOf(help), absl::Cord(help.SerializeAsString())));
  }
  return details;
}

}  // namespace

std::string ErrorJson(const absl::Status& status) {
  return absl::StrCat("{\"error\":{\"code\":", HttpStatusOf(status.code()),
                      ",\"status\":", JsonString(absl::StatusCodeToString(status.code())),
                      ",\"message\":", JsonString(MessageOf(status)), ",\"details\":[",
                      absl::StrJoin(DetailsJson(status), ","), "]}}\n");
}

int ReportError(const absl::Status& status) {
  const std::string out = json_errors ? ErrorJson(status) : ErrorText(status);
  std::fputs(out.c_str(), stderr);
  return ExitCodeFor(status);
}

int ReportError(const grpc::Status& status) { return ReportError(ServerError(status)); }

}  // namespace interplan::cli
