// A tabular answer as CSV for spreadsheets: the rows of one repeated
// message field of the answer, one column per scalar field of a row
// (nested messages flattened to "a.b" columns, named as in the JSON
// mapping), values as in the JSON mapping (enums by name), dates
// YYYY-MM-DD (YYYY-MM or YYYY when partial). A repeated scalar is joined with "; " in its cell, a
// repeated message written as JSON. RFC 4180 quoting and CRLF line ends,
// UTF-8 with a byte-order mark so that Excel shows Vietnamese correctly.
#ifndef INTERPLAN_GATEWAY_PROTO_CSV_H_
#define INTERPLAN_GATEWAY_PROTO_CSV_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"

namespace interplan::gateway {

inline constexpr char kCsvContentType[] = "text/csv; charset=utf-8";

// The table at `path` ("rows", or "current.children": singular message
// fields down to a repeated message field) of `answer`. INTERNAL when the
// path does not lead to a repeated message field.
absl::StatusOr<std::string> TableCsv(const google::protobuf::Message& answer,
                                     absl::string_view path);

// The row type of the table at `path` of `answer_type`; null when the path
// does not lead to a repeated message field.
const google::protobuf::Descriptor* TableRowType(const google::protobuf::Descriptor& answer_type,
                                                 absl::string_view path);

}  // namespace interplan::gateway

#endif  // INTERPLAN_GATEWAY_PROTO_CSV_H_
