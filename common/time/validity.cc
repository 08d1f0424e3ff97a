#include "common/time/validity.h"

#include "absl/strings/str_cat.h"
#include "common/errors/errors.h"
#include "common/time/date.h"
#include "common/time/partial_date.h"

namespace interplan::time {

bool Validity::Contains(absl::CivilDay day) const {
  return (!from.has_value() || *from <= day) && (!to.has_value() || day <= *to);
}

bool Validity::Overlaps(const Validity& other) const {
  const bool this_ends_before = to.has_value() && other.from.has_value() && *to < *other.from;
  const bool other_ends_before = other.to.has_value() && from.has_value() && *other.to < *from;
  return !this_ends_before && !other_ends_before;
}

bool Validity::Covers(const Validity& inner) const {
  const bool start_ok = !from.has_value() || (inner.from.has_value() && *from <= *inner.from);
  const bool end_ok = !to.has_value() || (inner.to.has_value() && *inner.to <= *to);
  return start_ok && end_ok;
}

std::string Validity::StoredFrom() const {
  return from.has_value() ? FormatDate(*from) : kOpenStart;
}

std::string Validity::StoredTo() const { return to.has_value() ? FormatDate(*to) : kOpenEnd; }

absl::StatusOr<Validity> Validity::FromStored(absl::string_view from, absl::string_view to) {
  Validity validity;
  if (from != kOpenStart) {
    absl::StatusOr<absl::CivilDay> day = ParseDate(from);
    if (!day.ok()) return day.status();
    validity.from = *day;
  }
  if (to != kOpenEnd) {
    absl::StatusOr<absl::CivilDay> day = ParseDate(to);
    if (!day.ok()) return day.status();
    validity.to = *day;
  }
  return validity;
}

absl::StatusOr<std::optional<absl::CivilDay>> OptionalDayFromProto(const google::type::Date& date,
                                                                   absl::string_view field) {
  absl::StatusOr<PartialDate> partial = PartialDate::FromProto(date);
  if (!partial.ok()) {
    return InvalidFieldError(std::string(field), std::string(partial.status().message()));
  }
  if (!partial->IsSet()) return std::optional<absl::CivilDay>();
  if (!partial->IsComplete()) {
    return InvalidFieldError(
        std::string(field),
        absl::StrCat("needs a full date (year, month and day); got ", partial->ToString()));
  }
  return partial->ToDay();
}

void DayToProto(absl::CivilDay day, google::type::Date* out) {
  out->set_year(static_cast<int32_t>(day.year()));
  out->set_month(day.month());
  out->set_day(day.day());
}

absl::StatusOr<Validity> Validity::FromProto(const google::type::Date& from,
                                             const google::type::Date& to,
                                             absl::string_view from_field,
                                             absl::string_view to_field) {
  FieldViolations violations;
  Validity validity;
  absl::StatusOr<std::optional<absl::CivilDay>> start = OptionalDayFromProto(from, from_field);
  if (start.ok()) {
    validity.from = *start;
  } else {
    violations.AddFrom("", start.status());
  }
  absl::StatusOr<std::optional<absl::CivilDay>> end = OptionalDayFromProto(to, to_field);
  if (end.ok()) {
    validity.to = *end;
  } else {
    violations.AddFrom("", end.status());
  }
  if (violations.empty() && validity.from.has_value() && validity.to.has_value() &&
      *validity.to < *validity.from) {
    violations.Add(std::string(to_field),
                   absl::StrCat("ends (", FormatDate(*validity.to), ") before it starts (",
                                FormatDate(*validity.from), ")"));
  }
  if (!violations.empty()) return violations.ToStatus();
  return validity;
}

void Validity::ToProto(google::type::Date* from_out, google::type::Date* to_out) const {
  from_out->Clear();
  to_out->Clear();
  if (from.has_value()) DayToProto(*from, from_out);
  if (to.has_value()) DayToProto(*to, to_out);
}

std::string Validity::ToString() const {
  if (!from.has_value() && !to.has_value()) return "always";
  return absl::StrCat(from.has_value() ? FormatDate(*from) : "", "..",
                      to.has_value() ? FormatDate(*to) : "");
}

}  // namespace interplan::time
