#include "services/agencies/agency_record.h"

#include "absl/strings/str_cat.h"
#include "common/time/timestamp.h"
#include "google/protobuf/timestamp.pb.h"
#include "services/agencies/unit_record.h"

namespace interplan::agencies {

void AgencyRecord::ToProto(v1::Agency* agency, std::optional<absl::CivilDay> as_of) const {
  agency->Clear();
  agency->set_name(AgencyName(id));
  const DatedName* earlier = as_of.has_value() ? NameOn(*as_of) : nullptr;
  agency->set_display_name(earlier != nullptr ? earlier->display_name : display_name);
  agency->set_short_name(earlier != nullptr ? earlier->short_name : short_name);
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
  for (const DatedName& name : names) {
    v1::DatedName* out = agency->add_names();
    out->set_display_name(name.display_name);
    out->set_short_name(name.short_name);
    name.validity.ToProto(out->mutable_valid_from(), out->mutable_valid_to());
    if (!name.validity.from.has_value()) out->clear_valid_from();
    if (!name.validity.to.has_value()) out->clear_valid_to();
  }
}

const DatedName* AgencyRecord::NameOn(absl::CivilDay day) const {
  for (const DatedName& name : names) {
    if (name.validity.Contains(day)) return &name;
  }
  return nullptr;
}

std::string AgencyRecord::etag() const { return absl::StrCat("\"", revision, "\""); }

std::string AgencyName(absl::string_view id) { return absl::StrCat("agencies/", id); }

}  // namespace interplan::agencies
