// Pure checks of an ImportUnitsRequest before anything is read or stored:
// each snapshot's id, validity, codes, names, types and parents (known, of
// a higher level, no cycles), snapshots of the same request that collide,
// and the mappings' effective day. What passes comes back ready to store,
// with every unit's path computed. No I/O.
#ifndef INTERPLAN_SERVICES_AGENCIES_UNIT_VALIDATOR_H_
#define INTERPLAN_SERVICES_AGENCIES_UNIT_VALIDATOR_H_

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "common/errors/errors.h"
#include "common/time/validity.h"
#include "interplan/agencies/v1/units.pb.h"
#include "services/agencies/unit_record.h"

namespace interplan::agencies {

// Violations of a large import, capped (at 100) so the error stays
// readable.
class CappedViolations {
 public:
  void Add(std::string field, std::string description);
  bool empty() const { return violations_.empty(); }
  // INVALID_ARGUMENT naming each field, and how many more there were.
  absl::Status ToStatus() const;

 private:
  std::vector<FieldViolation> violations_;
  size_t dropped_ = 0;
};

// A snapshot that passed validation, ready to store.
struct CheckedSnapshot {
  std::string id;
  time::Validity validity;
  // UnitSnapshot.continues_previous: unchanged units carry on the versions
  // of the list ending the day before.
  bool continues_previous = false;
  std::string fingerprint;
  std::vector<UnitRecord> units;  // paths computed
  int provinces = 0;
  int districts = 0;
  int communes = 0;
  // Set while storing: the same snapshot is already there.
  bool already_stored = false;
};

// An import that passed validation.
struct CheckedImport {
  std::vector<CheckedSnapshot> snapshots;
  // The day the mappings take effect; set when there are mappings.
  std::optional<absl::CivilDay> effective;
};

// INVALID_ARGUMENT naming each field (at most 100) when anything is wrong.
absl::StatusOr<CheckedImport> ValidateImport(const v1::ImportUnitsRequest& request);

// An operator's succession link, checked: which versions, on what basis.
struct CheckedSuccession {
  std::string old_code;
  std::optional<absl::CivilDay> old_as_of;  // nullopt: its last version
  std::string new_code;
  absl::CivilDay new_as_of;  // the basis's effective date unless given
  LegalBasisRecord basis;
};
absl::StatusOr<CheckedSuccession> ValidateSuccession(const v1::AddUnitSuccessionRequest& request);

// An operator's correction of a version's first day, checked.
struct CheckedStartCorrection {
  std::string code;
  std::optional<absl::CivilDay> as_of;  // nullopt: the code's last version
  absl::CivilDay new_start;             // the basis's effective date
  LegalBasisRecord basis;
};
absl::StatusOr<CheckedStartCorrection> ValidateStartCorrection(
    const v1::CorrectUnitVersionStartRequest& request);

}  // namespace interplan::agencies

#endif  // INTERPLAN_SERVICES_AGENCIES_UNIT_VALIDATOR_H_
