// Builders for the errors every layer returns: absl::Status values that carry
// google.rpc detail messages (BadRequest, ErrorInfo, ResourceInfo, RetryInfo)
// as payloads, so the gRPC edge can send them per AIP-193 without each
// caller knowing the wire format.
#ifndef INTERPLAN_COMMON_ERRORS_ERRORS_H_
#define INTERPLAN_COMMON_ERRORS_ERRORS_H_

#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "google/rpc/error_details.pb.h"

namespace interplan {

// The error domain of ErrorInfo details ("interplan.gov.vn").
inline constexpr absl::string_view kErrorDomain = "interplan.gov.vn";

struct FieldViolation {
  std::string field;        // the request field path: "agency.display_name"
  std::string description;  // what is wrong with it
};

// Collects every problem of a request, so one INVALID_ARGUMENT names them all.
class FieldViolations {
 public:
  void Add(std::string field, std::string description);
  // Adds the violations of `status` (an INVALID_ARGUMENT from a nested
  // validator) with their field paths prefixed by `prefix`.
  void AddFrom(absl::string_view prefix, const absl::Status& status);
  bool empty() const { return violations_.empty(); }
  const std::vector<FieldViolation>& violations() const { return violations_; }
  // OK when empty, else InvalidArgumentError(violations).
  absl::Status ToStatus() const;

 private:
  std::vector<FieldViolation> violations_;
};

// INVALID_ARGUMENT with a BadRequest detail listing every violation.
absl::Status InvalidArgumentError(std::vector<FieldViolation> violations);
absl::Status InvalidFieldError(std::string field, std::string description);

// NOT_FOUND naming the resource ("units/99", type "interplan.agencies.v1.Unit").
absl::Status ResourceNotFoundError(absl::string_view resource_type, absl::string_view resource_name,
                                   absl::string_view description = "");

// ABORTED for a stale etag (AIP-154).
absl::Status EtagMismatchError(absl::string_view resource_name);

// UNAVAILABLE with a RetryInfo hint.
absl::Status UnavailableError(absl::string_view message, absl::Duration retry_after);

// Adds an ErrorInfo detail (reason in UPPER_SNAKE_CASE) to `status`.
absl::Status WithErrorInfo(absl::Status status, absl::string_view reason,
                           std::map<std::string, std::string> metadata = {});

// Adds a RetryInfo detail to `status`.
absl::Status WithRetryInfo(absl::Status status, absl::Duration retry_after);

// Prefixes the message and every field path of `status`: used when a
// nested validator reports "name" and the caller knows it is "agency.name".
absl::Status PrefixFields(absl::string_view prefix, const absl::Status& status);

// The details carried by a status, if any.
std::vector<FieldViolation> FieldViolationsOf(const absl::Status& status);
bool GetErrorInfo(const absl::Status& status, google::rpc::ErrorInfo* info);
bool GetResourceInfo(const absl::Status& status, google::rpc::ResourceInfo* info);
bool GetRetryInfo(const absl::Status& status, google::rpc::RetryInfo* info);

// The type URL a detail message travels under ("type.googleapis.com/<name>").
std::string TypeUrlOf(const google::protobuf::Message& message);

// For people: "INVALID_ARGUMENT: <message>", then one indented line per
// field violation ("  agency.display_name: must not be empty").
std::string DescribeStatus(const absl::Status& status);

}  // namespace interplan

#endif  // INTERPLAN_COMMON_ERRORS_ERRORS_H_
