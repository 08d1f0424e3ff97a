#include "common/errors/errors.h"

#include <utility>

#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "google/protobuf/duration.pb.h"

namespace interplan {
namespace {

template <typename Message>
bool GetDetail(const absl::Status& status, Message* message) {
  absl::optional<absl::Cord> payload = status.GetPayload(TypeUrlOf(*message));
  if (!payload.has_value()) return false;
  return message->ParseFromString(std::string(*payload));
}

template <typename Message>
void SetDetail(const Message& message, absl::Status* status) {
  status->SetPayload(TypeUrlOf(message), absl::Cord(message.SerializeAsString()));
}

// Copies every payload of `from` to `to`.
void CopyPayloads(const absl::Status& from, absl::Status* to) {
  from.ForEachPayload(
      [to](absl::string_view url, const absl::Cord& payload) { to->SetPayload(url, payload); });
}

std::string SummaryOf(const std::vector<FieldViolation>& violations) {
  if (violations.empty()) return "invalid argument";
  const FieldViolation& first = violations.front();
  std::string summary = absl::StrCat(first.field, ": ", first.description);
  if (violations.size() > 1) {
    absl::StrAppend(&summary, " (and ", violations.size() - 1, " more)");
  }
  return summary;
}

}  // namespace

std::string TypeUrlOf(const google::protobuf::Message& message) {
  return absl::StrCat("type.googleapis.com/", message.GetTypeName());
}

void FieldViolations::Add(std::string field, std::string description) {
  violations_.push_back({std::move(field), std::move(description)});
}

void FieldViolations::AddFrom(absl::string_view prefix, const absl::Status& status) {
  if (status.ok()) return;
  std::vector<FieldViolation> nested = FieldViolationsOf(status);
  if (nested.empty()) {
    Add(std::string(prefix), std::string(status.message()));
    return;
  }
  for (FieldViolation& v : nested) {
    std::string field = v.field.empty()
                            ? std::string(prefix)
                            : (prefix.empty() ? v.field : absl::StrCat(prefix, ".", v.field));
    Add(std::move(field), std::move(v.description));
  }
}

absl::Status FieldViolations::ToStatus() const {
  if (violations_.empty()) return absl::OkStatus();
  return InvalidArgumentError(violations_);
}

absl::Status InvalidArgumentError(std::vector<FieldViolation> violations) {
  google::rpc::BadRequest bad_request;
  for (const FieldViolation& v : violations) {
    auto* fv = bad_request.add_field_violations();
    fv->set_field(v.field);
    fv->set_description(v.description);
  }
  absl::Status status = absl::InvalidArgumentError(SummaryOf(violations));
  SetDetail(bad_request, &status);
  std::map<std::string, std::string> metadata;
  if (!violations.empty()) metadata["field"] = violations.front().field;
  return WithErrorInfo(std::move(status), "INVALID_FIELD", std::move(metadata));
}

absl::Status InvalidFieldError(std::string field, std::string description) {
  return InvalidArgumentError({{std::move(field), std::move(description)}});
}

absl::Status ResourceNotFoundError(absl::string_view resource_type, absl::string_view resource_name,
                                   absl::string_view description) {
  google::rpc::ResourceInfo info;
  info.set_resource_type(std::string(resource_type));
  info.set_resource_name(std::string(resource_name));
  info.set_description(std::string(description));
  absl::Status status =
      absl::NotFoundError(description.empty() ? absl::StrCat(resource_name, " not found")
                                              : absl::StrCat(resource_name, ": ", description));
  SetDetail(info, &status);
  return WithErrorInfo(std::move(status), "RESOURCE_NOT_FOUND",
                       {{"resource", std::string(resource_name)}});
}

absl::Status EtagMismatchError(absl::string_view resource_name) {
  return WithErrorInfo(
      absl::AbortedError(absl::StrCat(
          resource_name, " has changed since it was read (stale etag); read it again")),
      "ETAG_MISMATCH", {{"resource", std::string(resource_name)}});
}

absl::Status UnavailableError(absl::string_view message, absl::Duration retry_after) {
  return WithRetryInfo(WithErrorInfo(absl::UnavailableError(message), "UNAVAILABLE"), retry_after);
}

absl::Status WithErrorInfo(absl::Status status, absl::string_view reason,
                           std::map<std::string, std::string> metadata) {
  if (status.ok()) return status;
  google::rpc::ErrorInfo info;
  info.set_reason(std::string(reason));
  info.set_domain(std::string(kErrorDomain));
  for (auto& [key, value] : metadata) {
    (*info.mutable_metadata())[key] = std::move(value);
  }
  SetDetail(info, &status);
  return status;
}

absl::Status WithRetryInfo(absl::Status status, absl::Duration retry_after) {
  if (status.ok()) return status;
  google::rpc::RetryInfo info;
  const int64_t millis = absl::ToInt64Milliseconds(retry_after);
  info.mutable_retry_delay()->set_seconds(millis / 1000);
  info.mutable_retry_delay()->set_nanos(static_cast<int32_t>(millis % 1000) * 1000000);
  SetDetail(info, &status);
  return status;
}

absl::Status PrefixFields(absl::string_view prefix, const absl::Status& status) {
  if (status.ok()) return status;
  std::vector<FieldViolation> violations = FieldViolationsOf(status);
  if (violations.empty()) {
    absl::Status prefixed(status.code(), absl::StrCat(prefix, ": ", status.message()));
    CopyPayloads(status, &prefixed);
    return prefixed;
  }
  // Same code and details; only the field paths (and the summary) change.
  FieldViolations renamed;
  renamed.AddFrom(prefix, status);
  google::rpc::BadRequest bad_request;
  for (const FieldViolation& v : renamed.violations()) {
    auto* fv = bad_request.add_field_violations();
    fv->set_field(v.field);
    fv->set_description(v.description);
  }
  absl::Status prefixed(status.code(), SummaryOf(renamed.violations()));
  CopyPayloads(status, &prefixed);
  SetDetail(bad_request, &prefixed);
  google::rpc::ErrorInfo info;
  if (GetDetail(prefixed, &info) && info.metadata().count("field") > 0) {
    (*info.mutable_metadata())["field"] = renamed.violations().front().field;
    SetDetail(info, &prefixed);
  }
  return prefixed;
}

std::vector<FieldViolation> FieldViolationsOf(const absl::Status& status) {
  google::rpc::BadRequest bad_request;
  std::vector<FieldViolation> out;
  if (!GetDetail(status, &bad_request)) return out;
  for (const auto& fv : bad_request.field_violations()) {
    out.push_back({fv.field(), fv.description()});
  }
  return out;
}

bool GetErrorInfo(const absl::Status& status, google::rpc::ErrorInfo* info) {
  return GetDetail(status, info);
}

bool GetResourceInfo(const absl::Status& status, google::rpc::ResourceInfo* info) {
  return GetDetail(status, info);
}

bool GetRetryInfo(const absl::Status& status, google::rpc::RetryInfo* info) {
  return GetDetail(status, info);
}

std::string DescribeStatus(const absl::Status& status) {
  std::string out = absl::StrCat(absl::StatusCodeToString(status.code()), ": ", status.message());
  std::vector<FieldViolation> violations = FieldViolationsOf(status);
  for (const FieldViolation& v : violations) {
    absl::StrAppend(&out, "\n  ", v.field, ": ", v.description);
  }
  return out;
}

}  // namespace interplan
