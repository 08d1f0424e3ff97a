#include "tools/interplan/request_file.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/api/json_message.h"
#include "tools/interplan/cli_errors.h"

namespace interplan::cli {

std::string JsonErrorInFile(const std::string& path, absl::string_view what,
                            const google::protobuf::Message& message, absl::string_view error) {
  if (absl::StartsWith(error, "not JSON")) return absl::StrCat(path, ": ", error);
  return absl::StrCat(path, " is not ", what, " (", message.GetDescriptor()->name(),
                      " JSON): ", error);
}

absl::Status ReadRequestFile(const std::string& path, absl::string_view what,
                             google::protobuf::Message* out) {
  absl::StatusOr<std::string> content = ReadFile(path);
  if (!content.ok()) return content.status();
  absl::Status parsed = ReadJsonMessage(*content, out);
  if (parsed.ok()) return parsed;
  return WithOrigin(absl::InvalidArgumentError(JsonErrorInFile(path, what, *out, parsed.message())),
                    ErrorOrigin::kInput);
}

}  // namespace interplan::cli
