#include "gateway/proto_csv.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/time/date.h"
#include "gateway/proto_query.h"
#include "google/protobuf/util/json_util.h"

namespace interplan::gateway {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

constexpr char kByteOrderMark[] = "\xEF\xBB\xBF";

bool IsFlattened(const FieldDescriptor& field) {
  return field.cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE && !field.is_repeated() &&
         !IsDateField(field);
}

// One column: the fields from the row down to a value.
using Column = std::vector<const FieldDescriptor*>;

void AddColumns(const Descriptor& type, Column prefix, std::vector<Column>& columns) {
  for (int i = 0; i < type.field_count(); ++i) {
    Column column = prefix;
    column.push_back(type.field(i));
    if (IsFlattened(*type.field(i))) {
      AddColumns(*type.field(i)->message_type(), std::move(column), columns);
    } else {
      columns.push_back(std::move(column));
    }
  }
}

std::string Quoted(absl::string_view cell) {
  if (cell.find_first_of(",\"\r\n") == absl::string_view::npos) return std::string(cell);
  std::string out = "\"";
  for (char c : cell) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

std::string DateText(const Message& date) {
  const Descriptor& type = *date.GetDescriptor();
  const Reflection& r = *date.GetReflection();
  const int year = r.GetInt32(date, type.FindFieldByName("year"));
  const int month = r.GetInt32(date, type.FindFieldByName("month"));
  const int day = r.GetInt32(date, type.FindFieldByName("day"));
  if (year == 0) return "";
  // A partial date (google.type.Date with day or month 0) as far as known.
  if (month == 0) return absl::StrFormat("%04d", year);
  if (day == 0) return absl::StrFormat("%04d-%02d", year, month);
  return time::FormatDate(absl::CivilDay(year, month, day));
}

std::string JsonOf(const Message& message) {
  std::string json;
  google::protobuf::util::MessageToJsonString(message, &json);
  // A well-known type written as a JSON string (a Timestamp) goes bare.
  if (json.size() >= 2 && json.front() == '"' && json.back() == '"') {
    return json.substr(1, json.size() - 2);
  }
  return json;
}

// The text of element `index` of `field` (-1: the singular field).
std::string ValueText(const Message& row, const FieldDescriptor& field, int index) {
  const Reflection& r = *row.GetReflection();
  const bool many = index >= 0;
  switch (field.cpp_type()) {
    case FieldDescriptor::CPPTYPE_STRING:
      return many ? r.GetRepeatedString(row, &field, index) : r.GetString(row, &field);
    case FieldDescriptor::CPPTYPE_INT32:
      return absl::StrCat(many ? r.GetRepeatedInt32(row, &field, index) : r.GetInt32(row, &field));
    case FieldDescriptor::CPPTYPE_INT64:
      return absl::StrCat(many ? r.GetRepeatedInt64(row, &field, index) : r.GetInt64(row, &field));
    case FieldDescriptor::CPPTYPE_UINT32:
      return absl::StrCat(many ? r.GetRepeatedUInt32(row, &field, index)
                               : r.GetUInt32(row, &field));
    case FieldDescriptor::CPPTYPE_UINT64:
      return absl::StrCat(many ? r.GetRepeatedUInt64(row, &field, index)
                               : r.GetUInt64(row, &field));
    case FieldDescriptor::CPPTYPE_DOUBLE:
      return absl::StrCat(many ? r.GetRepeatedDouble(row, &field, index)
                               : r.GetDouble(row, &field));
    case FieldDescriptor::CPPTYPE_FLOAT:
      return absl::StrCat(many ? r.GetRepeatedFloat(row, &field, index) : r.GetFloat(row, &field));
    case FieldDescriptor::CPPTYPE_BOOL:
      return (many ? r.GetRepeatedBool(row, &field, index) : r.GetBool(row, &field)) ? "true"
                                                                                     : "false";
    case FieldDescriptor::CPPTYPE_ENUM:
      return many ? r.GetRepeatedEnum(row, &field, index)->name() : r.GetEnum(row, &field)->name();
    case FieldDescriptor::CPPTYPE_MESSAGE: {
      const Message& value =
          many ? r.GetRepeatedMessage(row, &field, index) : r.GetMessage(row, &field);
      return IsDateField(field) ? DateText(value) : JsonOf(value);
    }
  }
  return "";
}

std::string Cell(const Message& row, const Column& column) {
  const Message* at = &row;
  for (size_t i = 0; i + 1 < column.size(); ++i) {
    at = &at->GetReflection()->GetMessage(*at, column[i]);
  }
  const FieldDescriptor& field = *column.back();
  if (!field.is_repeated()) return ValueText(*at, field, -1);
  const int size = at->GetReflection()->FieldSize(*at, &field);
  std::vector<std::string> values;
  for (int i = 0; i < size; ++i) values.push_back(ValueText(*at, field, i));
  if (field.cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE && !IsDateField(field)) {
    return absl::StrCat("[", absl::StrJoin(values, ","), "]");
  }
  return absl::StrJoin(values, "; ");
}

// The messages along `path` down to the repeated field; null field when
// the path is not a table.
const FieldDescriptor* TableField(const Descriptor& type, absl::string_view path,
                                  std::vector<const FieldDescriptor*>* through) {
  const Descriptor* at = &type;
  std::vector<std::string> names = absl::StrSplit(path, '.');
  for (size_t i = 0; i < names.size(); ++i) {
    const FieldDescriptor* field = at->FindFieldByName(names[i]);
    if (field == nullptr || field->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) return nullptr;
    if (i + 1 == names.size()) return field->is_repeated() ? field : nullptr;
    if (field->is_repeated()) return nullptr;
    if (through != nullptr) through->push_back(field);
    at = field->message_type();
  }
  return nullptr;
}

}  // namespace

const Descriptor* TableRowType(const Descriptor& answer_type, absl::string_view path) {
  const FieldDescriptor* field = TableField(answer_type, path, nullptr);
  return field == nullptr ? nullptr : field->message_type();
}

absl::StatusOr<std::string> TableCsv(const Message& answer, absl::string_view path) {
  std::vector<const FieldDescriptor*> through;
  const FieldDescriptor* table = TableField(*answer.GetDescriptor(), path, &through);
  if (table == nullptr) {
    return absl::InternalError(
        absl::StrCat("no table \"", path, "\" in ", answer.GetDescriptor()->full_name()));
  }
  const Message* at = &answer;
  for (const FieldDescriptor* field : through) {
    at = &at->GetReflection()->GetMessage(*at, field);
  }
  std::vector<Column> columns;
  AddColumns(*table->message_type(), {}, columns);
  std::string csv = kByteOrderMark;
  std::vector<std::string> header;
  for (const Column& column : columns) {
    std::vector<std::string> names;
    for (const FieldDescriptor* field : column) names.push_back(field->json_name());
    header.push_back(Quoted(absl::StrJoin(names, ".")));
  }
  absl::StrAppend(&csv, absl::StrJoin(header, ","), "\r\n");
  const int rows = at->GetReflection()->FieldSize(*at, table);
  for (int i = 0; i < rows; ++i) {
    const Message& row = at->GetReflection()->GetRepeatedMessage(*at, table, i);
    std::vector<std::string> cells;
    for (const Column& column : columns) cells.push_back(Quoted(Cell(row, column)));
    absl::StrAppend(&csv, absl::StrJoin(cells, ","), "\r\n");
  }
  return csv;
}

}  // namespace interplan::gateway
