#include "tools/interplan/cli_context.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <mutex>

#include "absl/random/random.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "common/errors/errors.h"
#include "common/errors/grpc_status.h"
#include "common/time/date.h"

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

grpc::Status CallWithRetries(const CliContext& cli,
                             const std::function<grpc::Status(grpc::ClientContext*)>& rpc) {
  absl::Duration backoff = absl::Milliseconds(500);
  int unavailable = 0;
  const absl::Time give_up = absl::Now() + absl::Minutes(1);
  for (;;) {
    grpc::Status status = rpc(NewCall(cli).get());
    if (status.error_code() == grpc::StatusCode::UNAVAILABLE && ++unavailable < 5) {
      std::fprintf(stderr, "unavailable (%s); retrying in %s\n", status.error_message().c_str(),
                   absl::FormatDuration(backoff).c_str());
      absl::SleepFor(backoff);
      backoff *= 2;
      continue;
    }
    if (status.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED && absl::Now() < give_up) {
      google::rpc::RetryInfo retry;
      absl::Duration wait = absl::Milliseconds(100);
      if (GetRetryInfo(FromGrpcStatus(status), &retry)) {
        wait = absl::Seconds(retry.retry_delay().seconds()) +
               absl::Nanoseconds(retry.retry_delay().nanos());
      }
      absl::SleepFor(std::clamp(wait, absl::Milliseconds(5), absl::Seconds(5)));
      continue;
    }
    return status;
  }
}

absl::StatusOr<type::v1::PartialDate> AsOfOption(const Args& args) {
  type::v1::PartialDate date;
  std::optional<std::string> text = args.Get("as-of");
  if (!text.has_value()) return date;
  absl::StatusOr<absl::CivilDay> day = time::ParseDate(*text);
  if (!day.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("--as-of: ", day.status().message()));
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
