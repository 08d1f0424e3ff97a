// One stored version of an administrative unit, and how unit types are
// read from the official lists' labels ("Quận", "Thị trấn", "Đặc khu").
#ifndef INTERPLAN_SERVICES_AGENCIES_UNIT_RECORD_H_
#define INTERPLAN_SERVICES_AGENCIES_UNIT_RECORD_H_

#include <optional>
#include <string>

#include "absl/strings/string_view.h"
#include "common/time/validity.h"
#include "interplan/agencies/v1/units.pb.h"

namespace interplan::agencies {

// The act a link or a version's start rests on (v1::LegalBasis); empty
// when the official lists alone say so.
struct LegalBasisRecord {
  std::string document_number;
  std::string effective_date;  // stored form, "" when unset

  bool empty() const { return document_number.empty(); }
  void ToProto(v1::LegalBasis* basis) const;
};

struct UnitRecord {
  std::string code;
  time::Validity validity;
  std::string display_name;
  v1::UnitType type = v1::UNIT_TYPE_UNSPECIFIED;
  v1::UnitLevel level = v1::UNIT_LEVEL_UNSPECIFIED;
  std::string type_label;
  std::string parent_code;  // "" for a province
  std::string path;         // "79/764/26882"
  std::string snapshot_id;
  LegalBasisRecord start_basis;  // set when an operator moved the start

  // Fills the API message (without predecessor and successor links).
  void ToProto(v1::Unit* unit) const;
  void ToRef(v1::UnitRef* ref) const;
};

// The type and level a label denotes, accent- and case-insensitively:
// "Tỉnh", "Thành phố Trung ương", "Quận", "Huyện", "Thị xã", "Thành phố",
// "Xã", "Phường", "Thị trấn", "Đặc khu". nullopt for anything else.
struct UnitKind {
  v1::UnitType type;
  v1::UnitLevel level;
};
std::optional<UnitKind> UnitKindOfLabel(absl::string_view type_label);

// "units/<code>".
std::string UnitName(absl::string_view code);

}  // namespace interplan::agencies

#endif  // INTERPLAN_SERVICES_AGENCIES_UNIT_RECORD_H_
