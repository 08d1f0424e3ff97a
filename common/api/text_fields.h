// Cleans every text field of a request message in place: valid UTF-8, no
// control characters but newline and tab, NFC, trimmed. Each bad field is
// one violation under its path ("plan.sections[2].tasks[0].content"), so a
// service normalises whole documents on the way in without listing fields.
#ifndef INTERPLAN_COMMON_API_TEXT_FIELDS_H_
#define INTERPLAN_COMMON_API_TEXT_FIELDS_H_

#include <string>

#include "common/errors/errors.h"
#include "google/protobuf/message.h"

namespace interplan {

void CleanTextFields(google::protobuf::Message* message, const std::string& path,
                     FieldViolations& violations);

}  // namespace interplan

#endif  // INTERPLAN_COMMON_API_TEXT_FIELDS_H_
