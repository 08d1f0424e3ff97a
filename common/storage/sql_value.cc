#include "common/storage/sql_value.h"

#include <charconv>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace interplan::storage {

int64_t SqlValue::AsInt() const {
  if (const auto* i = std::get_if<int64_t>(&value_)) return *i;
  if (const auto* d = std::get_if<double>(&value_)) {
    return static_cast<int64_t>(*d);
  }
  if (const auto* s = std::get_if<std::string>(&value_)) {
    int64_t out = 0;
    if (absl::SimpleAtoi(*s, &out)) return out;
    if (*s == "t" || *s == "true") return 1;
    return 0;
  }
  return 0;
}

double SqlValue::AsDouble() const {
  if (const auto* d = std::get_if<double>(&value_)) return *d;
  if (const auto* i = std::get_if<int64_t>(&value_)) {
    return static_cast<double>(*i);
  }
  if (const auto* s = std::get_if<std::string>(&value_)) {
    double out = 0;
    if (absl::SimpleAtod(*s, &out)) return out;
  }
  return 0;
}

std::string SqlValue::AsText() const {
  if (const auto* s = std::get_if<std::string>(&value_)) return *s;
  if (const auto* i = std::get_if<int64_t>(&value_)) return absl::StrCat(*i);
  if (const auto* d = std::get_if<double>(&value_)) {
    // The shortest text that reads back as the same double (StrCat keeps
    // six digits: 2345678.5 would reach PostgreSQL as 2.34568e+06).
    char buffer[32];
    const std::to_chars_result printed = std::to_chars(buffer, buffer + sizeof(buffer), *d);
    return std::string(buffer, printed.ptr);
  }
  if (const auto* b = std::get_if<Blob>(&value_)) return b->bytes;
  return "";
}

const std::string& SqlValue::AsBytes() const {
  static const std::string* empty = new std::string;
  if (const auto* b = std::get_if<Blob>(&value_)) return b->bytes;
  if (const auto* s = std::get_if<std::string>(&value_)) return *s;
  return *empty;
}

}  // namespace interplan::storage
