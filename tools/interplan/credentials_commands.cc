#include "tools/interplan/credentials_commands.h"

#include <cstdio>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/time/time.h"
#include "common/client/service_address.h"
#include "common/time/date.h"
#include "interplan/agencies/v1/credentials.grpc.pb.h"
#include "tools/interplan/cli_errors.h"
#include "tools/interplan/cli_output.h"
#include "tools/interplan/error_report.h"

namespace interplan::cli {
namespace {

namespace v1 = ::interplan::agencies::v1;

std::string RoleName(v1::Role role) {
  std::string name = absl::AsciiStrToLower(v1::Role_Name(role));
  if (absl::StartsWith(name, "role_")) name = name.substr(5);
  return absl::StrReplaceAll(name, {{"_", "-"}});
}

// "provincial-coordinator" or "PROVINCIAL_COORDINATOR" -> the enum.
absl::StatusOr<v1::Role> ParseRole(const std::string& text) {
  v1::Role role;
  std::string upper = absl::StrReplaceAll(absl::AsciiStrToUpper(text), {{"-", "_"}});
  if (!absl::StartsWith(upper, "ROLE_")) upper = absl::StrCat("ROLE_", upper);
  if (!v1::Role_Parse(upper, &role) || role == v1::ROLE_UNSPECIFIED) {
    return UsageError(
        absl::StrCat("--role: unknown role ", text,
                     " (agency, provincial-coordinator, ministry, operator, service)"));
  }
  return role;
}

std::string FormatTimestamp(const google::protobuf::Timestamp& t) {
  if (t.seconds() == 0 && t.nanos() == 0) return "";
  return absl::FormatTime("%Y-%m-%d %H:%M", absl::FromUnixSeconds(t.seconds()),
                          time::VietnamTimeZone());
}

void PrintKeys(const CliContext& cli, const google::protobuf::RepeatedPtrField<v1::ApiKey>& keys) {
  if (cli.json) {
    for (const v1::ApiKey& key : keys) PrintJson(key);
    return;
  }
  Table table({"NAME", "ROLE", "DISPLAY NAME", "PREFIX", "CREATED", "EXPIRES", "REVOKED"});
  for (const v1::ApiKey& key : keys) {
    table.AddRow({key.name(), RoleName(key.role()), key.display_name(), key.key_prefix(),
                  FormatTimestamp(key.create_time()),
                  key.has_expire_time() ? FormatTimestamp(key.expire_time()) : "never",
                  FormatTimestamp(key.revoke_time())});
  }
  table.Print();
}

// `keys create [--agency A] [--role R] [--expires DATE] [--name TEXT]`.
int Create(const CliContext& cli, v1::CredentialService::Stub& stub) {
  v1::CreateApiKeyRequest request;
  if (auto agency = cli.args.Get("agency")) request.set_agency(AgencyName(*agency));
  if (auto role = cli.args.Get("role")) {
    absl::StatusOr<v1::Role> parsed = ParseRole(*role);
    if (!parsed.ok()) return ReportError(parsed.status());
    request.set_role(*parsed);
  }
  if (auto expires = cli.args.Get("expires")) {
    absl::StatusOr<absl::CivilDay> day = time::ParseDate(*expires);
    if (!day.ok()) {
      return ReportError(UsageError(absl::StrCat("--expires: ", day.status().message())));
    }
    // In force through that whole day in Vietnam.
    const absl::Time end = absl::FromCivil(absl::CivilSecond(*day + 1), time::VietnamTimeZone());
    request.mutable_expire_time()->set_seconds(absl::ToUnixSeconds(end));
  }
  if (auto name = cli.args.Get("name")) request.set_display_name(*name);
  request.set_request_id(NewRequestId());
  v1::CreateApiKeyResponse response;
  grpc::Status status = stub.CreateApiKey(NewCall(cli).get(), request, &response);
  if (!status.ok()) return ReportError(status);
  if (cli.json) {
    PrintJson(response);
  } else {
    google::protobuf::RepeatedPtrField<v1::ApiKey> one;
    *one.Add() = response.api_key();
    PrintKeys(cli, one);
    std::printf("\nsecret: %s\n", response.secret().c_str());
  }
  std::fprintf(stderr,
               "warning: this is the only time the secret is shown; it is stored only as a "
               "salted hash and cannot be shown again. Keep it now (INTERPLAN_API_KEY).\n");
  return 0;
}

// `keys list [--agency A] [--revoked]`.
int List(const CliContext& cli, v1::CredentialService::Stub& stub) {
  v1::ListApiKeysRequest request;
  if (auto agency = cli.args.Get("agency")) request.set_agency(AgencyName(*agency));
  request.set_show_revoked(cli.args.Has("revoked"));
  google::protobuf::RepeatedPtrField<v1::ApiKey> keys;
  do {
    v1::ListApiKeysResponse response;
    grpc::Status status = stub.ListApiKeys(NewCall(cli).get(), request, &response);
    if (!status.ok()) return ReportError(status);
    for (auto& key : *response.mutable_api_keys()) *keys.Add() = std::move(key);
    request.set_page_token(response.next_page_token());
  } while (!request.page_token().empty());
  PrintKeys(cli, keys);
  if (!cli.json) std::printf("%d keys\n", keys.size());
  return 0;
}

// `keys revoke NAME`.
int Revoke(const CliContext& cli, v1::CredentialService::Stub& stub) {
  v1::RevokeApiKeyRequest request;
  request.set_name(cli.args.Word(2));
  request.set_request_id(NewRequestId());
  v1::ApiKey key;
  grpc::Status status = stub.RevokeApiKey(NewCall(cli).get(), request, &key);
  if (!status.ok()) return ReportError(status);
  google::protobuf::RepeatedPtrField<v1::ApiKey> one;
  *one.Add() = key;
  PrintKeys(cli, one);
  return 0;
}

}  // namespace

int RunKeysCommand(const CliContext& cli) {
  auto stub = v1::CredentialService::NewStub(OpenChannel(ServiceAddress("agencies")));
  const std::string verb = cli.args.Word(1);
  if (verb == "create") return Create(cli, *stub);
  if (verb == "list") return List(cli, *stub);
  if (verb == "revoke" && !cli.args.Word(2).empty()) return Revoke(cli, *stub);
  return ReportError(UsageError(
      "usage: interplan keys create [--agency A] [--role R] [--expires DATE] [--name TEXT] | "
      "list [--agency A] [--revoked] | revoke NAME"));
}

}  // namespace interplan::cli
