#include "tools/interplan/cli_context.h"

#include <chrono>
#include <mutex>

#include "absl/random/random.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "common/time/date.h"
#include "tools/interplan/cli_errors.h"

namespace interplan::cli {

std::string NewRequestId() {
  static absl::BitGen* random = new absl::BitGen;
  static std::mutex* mu = new std::mutex;
  std::lock_guard<std::mutex> lock(*mu);
  return absl::StrFormat("cli-%016x", absl::Uniform<uint64_t>(*random));
}

std::unique_ptr<grpc::ClientContext> NewCall(const CliContext& cli) {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(absl::ToChronoTime(absl::Now() + cli.timeout));
  context->AddMetadata("x-request-id", NewRequestId());
  return context;
}

absl::StatusOr<google::type::Date> AsOfOption(const Args& args) {
  return DateOption(args, "as-of");
}

absl::StatusOr<google::type::Date> DateOption(const Args& args, const std::string& option) {
  google::type::Date date;
  std::optional<std::string> text = args.Get(option);
  if (!text.has_value()) return date;
  absl::StatusOr<absl::CivilDay> day = time::ParseDate(*text);
  if (!day.ok()) {
    return UsageError(absl::StrCat("--", option, ": ", day.status().message()));
  }
  date.set_year(static_cast<int32_t>(day->year()));
  date.set_month(day->month());
  date.set_day(day->day());
  return date;
}

std::string UnitName(const std::string& code_or_name) {
  return absl::StartsWith(code_or_name, "units/") ? code_or_name
                                                  : absl::StrCat("units/", code_or_name);
}

std::string AgencyName(const std::string& id_or_name) {
  return absl::StartsWith(id_or_name, "agencies/") ? id_or_name
                                                   : absl::StrCat("agencies/", id_or_name);
}

}  // namespace interplan::cli
