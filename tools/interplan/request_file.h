// Requests the client reads from files the user wrote (a plan, a report,
// an agency): protobuf JSON, with errors that say where: the file and the
// line and column of a syntax error, or the field path of a value that
// does not fit (common/api/json_message.h).
#ifndef INTERPLAN_TOOLS_INTERPLAN_REQUEST_FILE_H_
#define INTERPLAN_TOOLS_INTERPLAN_REQUEST_FILE_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"

namespace interplan::cli {

// Reads `path` into `out`. `what` names the file's kind for the message
// ("a plan"); the message type's name is added. A file that cannot be read
// is a FileError, one whose content does not fit an input error (both in
// cli_errors.h).
absl::Status ReadRequestFile(const std::string& path, absl::string_view what,
                             google::protobuf::Message* out);

// The message of a JSON error in `path` (from ReadJsonMessage), with the
// file named: "plan.json: not JSON: line 3, column 5: ...", or
// "plan.json is not a plan (CreatePlanRequest JSON): plan.title: ...".
std::string JsonErrorInFile(const std::string& path, absl::string_view what,
                            const google::protobuf::Message& message, absl::string_view error);

}  // namespace interplan::cli

#endif  // INTERPLAN_TOOLS_INTERPLAN_REQUEST_FILE_H_
