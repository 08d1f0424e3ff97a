// The values that cross the storage interface: statement parameters and
// result cells, the same on SQLite and PostgreSQL.
#ifndef INTERPLAN_COMMON_STORAGE_SQL_VALUE_H_
#define INTERPLAN_COMMON_STORAGE_SQL_VALUE_H_

#include <cstdint>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "absl/strings/string_view.h"

namespace interplan::storage {

// Binary data (BYTEA on PostgreSQL, BLOB on SQLite), kept apart from text so
// each engine binds it as bytes.
struct Blob {
  std::string bytes;
};

struct Null {};

// A statement parameter or a result cell. Text is UTF-8.
class SqlValue {
 public:
  SqlValue() : value_(Null{}) {}
  SqlValue(Null) : value_(Null{}) {}
  SqlValue(int64_t v) : value_(v) {}
  SqlValue(int v) : value_(static_cast<int64_t>(v)) {}
  SqlValue(bool v) : value_(static_cast<int64_t>(v ? 1 : 0)) {}
  SqlValue(double v) : value_(v) {}
  SqlValue(std::string v) : value_(std::move(v)) {}
  SqlValue(absl::string_view v) : value_(std::string(v)) {}
  SqlValue(const char* v) : value_(std::string(v)) {}
  SqlValue(Blob v) : value_(std::move(v)) {}

  bool is_null() const { return std::holds_alternative<Null>(value_); }
  bool is_int() const { return std::holds_alternative<int64_t>(value_); }
  bool is_double() const { return std::holds_alternative<double>(value_); }
  bool is_text() const { return std::holds_alternative<std::string>(value_); }
  bool is_blob() const { return std::holds_alternative<Blob>(value_); }

  // Conversions are lenient where the engines differ (PostgreSQL returns
  // every cell as text): AsInt parses text, AsText prints numbers (a double
  // with the fewest digits that read back as the same double), AsBytes
  // returns text or blob bytes. Null reads as 0, 0.0 or "".
  int64_t AsInt() const;
  double AsDouble() const;
  std::string AsText() const;
  const std::string& AsBytes() const;
  bool AsBool() const { return AsInt() != 0; }

 private:
  std::variant<Null, int64_t, double, std::string, Blob> value_;
};

using Row = std::vector<SqlValue>;
using Params = std::vector<SqlValue>;

}  // namespace interplan::storage

#endif  // INTERPLAN_COMMON_STORAGE_SQL_VALUE_H_
