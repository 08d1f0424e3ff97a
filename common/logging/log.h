// Structured logging: one JSON object per line on stderr, so operators can
// grep and ship logs without parsing prose. Abseil 20220623 has no absl/log.
#ifndef INTERPLAN_COMMON_LOGGING_LOG_H_
#define INTERPLAN_COMMON_LOGGING_LOG_H_

#include <cstdint>
#include <initializer_list>
#include <string>
#include <utility>
#include <variant>

#include "absl/strings/string_view.h"

namespace interplan {

// A field value: text, integer, floating point or boolean.
using LogValue = std::variant<absl::string_view, int64_t, double, bool>;
using LogField = std::pair<absl::string_view, LogValue>;

enum class LogLevel { kInfo, kWarning, kError };

// Writes {"ts":...,"level":...,"msg":...,<fields>} as one line, atomically
// with respect to other log calls.
void Log(LogLevel level, absl::string_view message, std::initializer_list<LogField> fields = {});

inline void LogInfo(absl::string_view message, std::initializer_list<LogField> fields = {}) {
  Log(LogLevel::kInfo, message, fields);
}
inline void LogWarning(absl::string_view message, std::initializer_list<LogField> fields = {}) {
  Log(LogLevel::kWarning, message, fields);
}
inline void LogError(absl::string_view message, std::initializer_list<LogField> fields = {}) {
  Log(LogLevel::kError, message, fields);
}

// Appends s to out as a JSON string literal, quotes included.
void AppendJsonString(absl::string_view s, std::string* out);

}  // namespace interplan

#endif  // INTERPLAN_COMMON_LOGGING_LOG_H_
