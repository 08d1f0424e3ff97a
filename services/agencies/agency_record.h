// One stored agency, and its conversion to and from the API message.
#ifndef INTERPLAN_SERVICES_AGENCIES_AGENCY_RECORD_H_
#define INTERPLAN_SERVICES_AGENCIES_AGENCY_RECORD_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/time/validity.h"
#include "interplan/agencies/v1/agencies.pb.h"

namespace interplan::agencies {

// A name the agency bore before its current one, with its dates (an open
// start: from the agency's first day).
struct DatedName {
  std::string display_name;
  std::string short_name;
  time::Validity validity;

  friend bool operator==(const DatedName&, const DatedName&) = default;
};

struct AgencyRecord {
  std::string id;
  std::string display_name;
  std::string short_name;
  v1::AgencyKind kind = v1::AGENCY_KIND_UNSPECIFIED;
  std::string unit_code;  // "" for a national body
  std::string parent_id;
  time::Validity validity;
  std::string successor_id;
  bool assignable = true;
  int64_t revision = 0;
  absl::Time create_time;
  absl::Time update_time;
  std::vector<DatedName> names;  // earlier names, oldest first

  // With `as_of`, display_name and short_name are the names on that day.
  void ToProto(v1::Agency* agency, std::optional<absl::CivilDay> as_of = std::nullopt) const;
  std::string etag() const;
  // The earlier name in force on `day`, or nullptr when the current name is.
  const DatedName* NameOn(absl::CivilDay day) const;
};

// "agencies/<id>".
std::string AgencyName(absl::string_view id);

}  // namespace interplan::agencies

#endif  // INTERPLAN_SERVICES_AGENCIES_AGENCY_RECORD_H_
