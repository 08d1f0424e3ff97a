// A validity period of whole days with optional ends: when a unit, an
// agency or a credential is in force. Stored as two ISO date strings where
// an open start is "0001-01-01" and an open end "9999-12-31", so a database
// tests "valid on D" as valid_from <= D AND valid_to >= D.
#ifndef INTERPLAN_COMMON_TIME_VALIDITY_H_
#define INTERPLAN_COMMON_TIME_VALIDITY_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "google/type/date.pb.h"

namespace interplan::time {

inline constexpr char kOpenStart[] = "0001-01-01";
inline constexpr char kOpenEnd[] = "9999-12-31";

struct Validity {
  std::optional<absl::CivilDay> from;  // nullopt: open start
  std::optional<absl::CivilDay> to;    // nullopt: still valid (inclusive end)

  bool Contains(absl::CivilDay day) const;
  bool Overlaps(const Validity& other) const;
  // Whether every day of `inner` is inside this period.
  bool Covers(const Validity& inner) const;

  std::string StoredFrom() const;
  std::string StoredTo() const;
  static absl::StatusOr<Validity> FromStored(absl::string_view from, absl::string_view to);

  // From API messages: unset = open; a set date must be complete and the
  // end not before the start. Errors name `from_field` / `to_field`.
  static absl::StatusOr<Validity> FromProto(const google::type::Date& from,
                                            const google::type::Date& to,
                                            absl::string_view from_field,
                                            absl::string_view to_field);
  void ToProto(google::type::Date* from, google::type::Date* to) const;

  // "2025-07-01..", "..2025-06-30", "2021-01-01..2025-06-30", "always".
  std::string ToString() const;

  friend bool operator==(const Validity&, const Validity&) = default;
};

// A full date from an API message: unset gives nullopt, a partial or
// invalid date is INVALID_ARGUMENT naming `field`.
absl::StatusOr<std::optional<absl::CivilDay>> OptionalDayFromProto(const google::type::Date& date,
                                                                   absl::string_view field);
void DayToProto(absl::CivilDay day, google::type::Date* out);

}  // namespace interplan::time

#endif  // INTERPLAN_COMMON_TIME_VALIDITY_H_
