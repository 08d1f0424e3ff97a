// One stored agency, and its conversion to and from the API message.
#ifndef INTERPLAN_SERVICES_AGENCIES_AGENCY_RECORD_H_
#define INTERPLAN_SERVICES_AGENCIES_AGENCY_RECORD_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/time/validity.h"
#include "interplan/agencies/v1/agencies.pb.h"

namespace interplan::agencies {

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

  void ToProto(v1::Agency* agency) const;
  std::string etag() const;
};

// "agencies/<id>".
std::string AgencyName(absl::string_view id);

}  // namespace interplan::agencies

#endif  // INTERPLAN_SERVICES_AGENCIES_AGENCY_RECORD_H_
