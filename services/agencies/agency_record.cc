#include "services/agencies/agency_record.h"

#include "absl/strings/str_cat.h"
#include "common/time/timestamp.h"
#include "google/protobuf/timestamp.pb.h"
#include "services/agencies/unit_record.h"

namespace interplan::agencies {

void AgencyRecord::ToProto(v1::Agency* agency) const {
  agency->Clear();
  agency->set_name(AgencyName(id));
  agency->set_display_name(display_name);
  agency->set_short_name(short_name);
  agency->set_kind(kind);
  if (!unit_code.empty()) agency->set_unit(UnitName(unit_code));
  if (!parent_id.empty()) agency->set_parent(AgencyName(parent_id));
  validity.ToProto(agency->mutable_valid_from(), agency->mutable_valid_to());
  if (!validity.from.has_value()) agency->clear_valid_from();
  if (!validity.to.has_value()) agency->clear_valid_to();
  if (!successor_id.empty()) agency->set_successor(AgencyName(successor_id));
  agency->set_assignable(assignable);
  agency->set_etag(etag());
  agency->set_revision(revision);
  *agency->mutable_create_time() = time::ToTimestamp(create_time);
  *agency->mutable_update_time() = time::ToTimestamp(update_time);
}

std::string AgencyRecord::etag() const { return absl::StrCat("\"", revision, "\""); }

std::string AgencyName(absl::string_view id) { return absl::StrCat("agencies/", id); }

}  // namespace interplan::agencies
