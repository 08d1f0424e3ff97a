#include "services/agencies/unit_corrections.h"

#include <optional>

#include "absl/strings/str_cat.h"
#include "common/errors/errors.h"
#include "common/time/date.h"
#include "services/agencies/agency_access.h"

namespace interplan::agencies {
namespace {

std::string Describe(const UnitRecord& unit) {
  return absl::StrCat(UnitName(unit.code), " (", unit.display_name, ", ", unit.validity.ToString(),
                      ")");
}

}  // namespace

absl::StatusOr<v1::UnitRef> UnitCorrections::AddSuccession(
    const v1::AddUnitSuccessionRequest& request, const CallContext& call) {
  if (absl::Status allowed = AgencyAccess::MayImportUnits(call); !allowed.ok()) return allowed;
  absl::StatusOr<CheckedSuccession> checked = ValidateSuccession(request);
  if (!checked.ok()) return checked.status();
  v1::UnitRef ref;
  absl::Status status = db_.Write([&](storage::Transaction& txn) -> absl::Status {
    absl::StatusOr<UnitRecord> old_unit =
        registry_.Resolve(txn, checked->old_code, checked->old_as_of);
    if (!old_unit.ok()) return old_unit.status();
    if (!old_unit->validity.to.has_value()) {
      return absl::FailedPreconditionError(absl::StrCat(
          Describe(*old_unit), " is still in force: only a unit that ceased has a successor"));
    }
    const absl::CivilDay day_after = *old_unit->validity.to + 1;
    absl::StatusOr<UnitRecord> new_unit =
        registry_.Resolve(txn, checked->new_code, checked->new_as_of);
    if (!new_unit.ok()) return new_unit.status();
    if (!new_unit->validity.Contains(day_after)) {
      return absl::FailedPreconditionError(
          absl::StrCat(Describe(*new_unit), " is not in force on ", time::FormatDate(day_after),
                       ", the day after ", Describe(*old_unit), " ended"));
    }
    UnitLink link{old_unit->code,      old_unit->validity.StoredFrom(),
                  new_unit->code,      new_unit->validity.StoredFrom(),
                  UnitLink::kOperator, checked->basis};
    absl::StatusOr<int64_t> inserted = store_.InsertLinks(txn, {link});
    if (!inserted.ok()) return inserted.status();
    LinkedUnit{*new_unit, UnitLink::kOperator, checked->basis}.ToRef(&ref);
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return ref;
}

absl::StatusOr<v1::Unit> UnitCorrections::CorrectVersionStart(
    const v1::CorrectUnitVersionStartRequest& request, const CallContext& call) {
  if (absl::Status allowed = AgencyAccess::MayImportUnits(call); !allowed.ok()) return allowed;
  absl::StatusOr<CheckedStartCorrection> checked = ValidateStartCorrection(request);
  if (!checked.ok()) return checked.status();
  absl::Status status = db_.Write([&](storage::Transaction& txn) -> absl::Status {
    absl::StatusOr<UnitRecord> version = registry_.Resolve(txn, checked->code, checked->as_of);
    if (!version.ok()) return version.status();
    if (version->validity.from == checked->new_start) return absl::OkStatus();
    if (absl::Status s = CheckStartMove(txn, *version, *checked); !s.ok()) return s;
    return store_.MoveVersionStart(txn, *version, checked->new_start, checked->basis);
  });
  if (!status.ok()) return status;
  v1::GetUnitRequest get;
  get.set_name(UnitName(checked->code));
  time::DayToProto(checked->new_start, get.mutable_as_of());
  return registry_.GetUnit(get);
}

absl::Status UnitCorrections::CheckStartMove(storage::Transaction& txn, const UnitRecord& version,
                                             const CheckedStartCorrection& correction) {
  const std::string new_start = time::FormatDate(correction.new_start);
  if (!version.validity.from.has_value()) {
    return absl::FailedPreconditionError(
        absl::StrCat(Describe(version), " has an open start: there is no first day to move"));
  }
  if (correction.new_start > *version.validity.from) {
    return InvalidFieldError(
        "legal_basis.effective_date",
        absl::StrCat(new_start, " is after the version's first day ",
                     time::FormatDate(*version.validity.from),
                     ": a list shows a change from its own date, so the resolution took "
                     "effect on that day or before"));
  }
  absl::StatusOr<std::vector<UnitRecord>> versions = store_.FindVersions(txn, version.code);
  if (!versions.ok()) return versions.status();
  for (const UnitRecord& other : *versions) {
    if (other.validity == version.validity || !other.validity.to.has_value()) continue;
    if (*other.validity.to < correction.new_start) continue;
    const bool adjacent = *other.validity.to == *version.validity.from - 1;
    const bool keeps_a_day =
        !other.validity.from.has_value() || *other.validity.from < correction.new_start;
    if (adjacent && keeps_a_day) continue;
    return absl::FailedPreconditionError(
        absl::StrCat("moving the start of ", Describe(version), " to ", new_start,
                     " would overlap ", Describe(other), adjacent ? " entirely" : ""));
  }
  return absl::OkStatus();
}

}  // namespace interplan::agencies
