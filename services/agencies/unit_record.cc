#include "services/agencies/unit_record.h"

#include "absl/strings/str_cat.h"
#include "common/text/search_fold.h"
#include "common/time/date.h"
#include "common/time/validity.h"

namespace interplan::agencies {

void LegalBasisRecord::ToProto(v1::LegalBasis* basis) const {
  basis->set_document_number(document_number);
  absl::StatusOr<absl::CivilDay> day = time::ParseDate(effective_date);
  if (day.ok()) time::DayToProto(*day, basis->mutable_effective_date());
}

void UnitRecord::ToProto(v1::Unit* unit) const {
  unit->set_name(UnitName(code));
  unit->set_code(code);
  unit->set_display_name(display_name);
  unit->set_type(type);
  unit->set_level(level);
  unit->set_type_label(type_label);
  unit->set_parent(parent_code.empty() ? "" : UnitName(parent_code));
  validity.ToProto(unit->mutable_valid_from(), unit->mutable_valid_to());
  if (!validity.from.has_value()) unit->clear_valid_from();
  if (!validity.to.has_value()) unit->clear_valid_to();
  unit->set_path(path);
  if (!start_basis.empty()) start_basis.ToProto(unit->mutable_start_basis());
}

void UnitRecord::ToRef(v1::UnitRef* ref) const {
  ref->set_unit(UnitName(code));
  ref->set_display_name(display_name);
  validity.ToProto(ref->mutable_valid_from(), ref->mutable_valid_to());
  if (!validity.from.has_value()) ref->clear_valid_from();
  if (!validity.to.has_value()) ref->clear_valid_to();
  ref->set_path(path);
  ref->set_level(level);
}

std::optional<UnitKind> UnitKindOfLabel(absl::string_view type_label) {
  const std::string folded = text::FoldForSearch(type_label);
  if (folded == "tinh") return UnitKind{v1::UNIT_TYPE_PROVINCE, v1::UNIT_LEVEL_PROVINCE};
  if (folded == "thanh pho trung uong" || folded == "thanh pho truc thuoc trung uong") {
    return UnitKind{v1::UNIT_TYPE_CENTRAL_CITY, v1::UNIT_LEVEL_PROVINCE};
  }
  if (folded == "quan" || folded == "huyen" || folded == "thi xa" || folded == "thanh pho") {
    return UnitKind{v1::UNIT_TYPE_DISTRICT, v1::UNIT_LEVEL_DISTRICT};
  }
  if (folded == "xa") return UnitKind{v1::UNIT_TYPE_COMMUNE, v1::UNIT_LEVEL_COMMUNE};
  if (folded == "phuong") return UnitKind{v1::UNIT_TYPE_WARD, v1::UNIT_LEVEL_COMMUNE};
  if (folded == "thi tran") return UnitKind{v1::UNIT_TYPE_TOWN, v1::UNIT_LEVEL_COMMUNE};
  if (folded == "dac khu") return UnitKind{v1::UNIT_TYPE_SPECIAL_ZONE, v1::UNIT_LEVEL_COMMUNE};
  return std::nullopt;
}

std::string UnitName(absl::string_view code) { return absl::StrCat("units/", code); }

}  // namespace interplan::agencies
