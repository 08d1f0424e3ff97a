#include "services/reporting/unit_succession.h"

#include <vector>

#include "absl/strings/str_split.h"
#include "common/time/unit_era.h"
#include "common/time/validity.h"

namespace interplan::reporting {
namespace {

namespace av1 = ::interplan::agencies::v1;

// The most detailed of `unit`'s own successors in `era`; with an empty
// `era`, in any era but the unit's own.
std::optional<av1::UnitRef> MostDetailedSuccessor(const av1::Unit& unit, absl::string_view era) {
  const std::string own_era = EraOf(unit.valid_from());
  const av1::UnitRef* best = nullptr;
  for (const av1::UnitRef& ref : unit.successors()) {
    const std::string ref_era = EraOf(ref.valid_from());
    if (era.empty() ? ref_era == own_era : ref_era != era) continue;
    if (best == nullptr || ref.level() > best->level()) best = &ref;
  }
  if (best == nullptr) return std::nullopt;
  return *best;
}

// The version the same code continues as inside the unit's era (a new
// name, type or parent), nullopt when there is none.
std::optional<av1::UnitRef> ContinuationInEra(const av1::Unit& unit) {
  const std::string own_era = EraOf(unit.valid_from());
  for (const av1::UnitRef& ref : unit.successors()) {
    if (ref.unit() == unit.name() && EraOf(ref.valid_from()) == own_era) return ref;
  }
  return std::nullopt;
}

// The last version of `unit`'s code in its era: the unit itself, or the
// version its renames and moves lead to.
absl::StatusOr<av1::Unit> LastVersionInEra(RememberingAgenciesClient& registry,
                                           const av1::Unit& unit, absl::Time deadline) {
  av1::Unit current = unit;
  // A code changes at most once per official list: 20 lists bound the walk.
  for (int hop = 0; hop < 32; ++hop) {
    std::optional<av1::UnitRef> next = ContinuationInEra(current);
    if (!next.has_value()) break;
    absl::StatusOr<time::Validity> validity =
        time::Validity::FromProto(next->valid_from(), next->valid_to(), "", "");
    if (!validity.ok() || !validity->from.has_value()) break;
    absl::StatusOr<std::optional<av1::Unit>> found =
        registry.UnitAt(current.code(), *validity->from, deadline);
    if (!found.ok()) return found.status();
    if (!found->has_value()) break;
    current = **found;
  }
  return current;
}

}  // namespace

std::string EraOf(const type::v1::PartialDate& valid_from) {
  absl::StatusOr<time::Validity> validity =
      time::Validity::FromProto(valid_from, type::v1::PartialDate(), "", "");
  return time::EraOfStoredDay(validity.ok() ? validity->StoredFrom() : time::kOpenStart);
}

absl::StatusOr<std::optional<av1::UnitRef>> SuccessorOf(RememberingAgenciesClient& registry,
                                                        const av1::Unit& unit,
                                                        absl::string_view era,
                                                        absl::Time deadline) {
  absl::StatusOr<av1::Unit> last = LastVersionInEra(registry, unit, deadline);
  if (!last.ok()) return last.status();
  if (std::optional<av1::UnitRef> own = MostDetailedSuccessor(*last, era)) return own;
  absl::StatusOr<time::Validity> validity =
      time::Validity::FromProto(last->valid_from(), last->valid_to(), "", "");
  if (!validity.ok()) return validity.status();
  // A unit still in force has not been taken over by anyone.
  if (!validity->to.has_value()) return std::optional<av1::UnitRef>();
  // Its ancestors as they were on its last day, nearest first.
  const std::vector<std::string> codes = absl::StrSplit(last->path(), '/', absl::SkipEmpty());
  for (int i = static_cast<int>(codes.size()) - 2; i >= 0; --i) {
    absl::StatusOr<std::optional<av1::Unit>> ancestor =
        registry.UnitAt(codes[i], *validity->to, deadline);
    if (!ancestor.ok()) return ancestor.status();
    if (!ancestor->has_value()) continue;
    absl::StatusOr<av1::Unit> ancestor_last = LastVersionInEra(registry, **ancestor, deadline);
    if (!ancestor_last.ok()) return ancestor_last.status();
    if (std::optional<av1::UnitRef> taken = MostDetailedSuccessor(*ancestor_last, era)) {
      return taken;
    }
  }
  return std::optional<av1::UnitRef>();
}

}  // namespace interplan::reporting
