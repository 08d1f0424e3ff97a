#include "services/reporting/unit_succession.h"

#include <vector>

#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
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

// The version of another code that took `unit` over inside its era (an
// operator's link), nullopt when there is none.
std::optional<av1::UnitRef> TakerInEra(const av1::Unit& unit) {
  const std::string own_era = EraOf(unit.valid_from());
  const av1::UnitRef* best = nullptr;
  for (const av1::UnitRef& ref : unit.successors()) {
    if (ref.unit() == unit.name() || EraOf(ref.valid_from()) != own_era) continue;
    if (best == nullptr || ref.level() > best->level()) best = &ref;
  }
  if (best == nullptr) return std::nullopt;
  return *best;
}

// The last day of `unit` when it had ceased before `on` (with nullopt:
// ceased at all), else nullopt.
std::optional<absl::CivilDay> CeasedBefore(const av1::Unit& unit,
                                           std::optional<absl::CivilDay> on) {
  absl::StatusOr<time::Validity> validity =
      time::Validity::FromProto(unit.valid_from(), unit.valid_to(), "", "");
  if (!validity.ok() || !validity->to.has_value()) return std::nullopt;
  if (on.has_value() && *validity->to >= *on) return std::nullopt;
  return validity->to;
}

}  // namespace

absl::StatusOr<HolderInEra> FollowInEra(RememberingAgenciesClient& registry, const av1::Unit& unit,
                                        std::optional<absl::CivilDay> on, absl::Time deadline) {
  HolderInEra held{unit, {}};
  // A code changes at most once per official list (20 lists), and links
  // seldom chain: 64 steps bound the walk, and a cycle of links.
  for (int hop = 0; hop < 64; ++hop) {
    std::optional<absl::CivilDay> last_day = CeasedBefore(held.holder, on);
    if (!last_day.has_value()) break;
    // Links are added after a unit ends: its current record, not the
    // one remembered when it was first looked up.
    absl::StatusOr<std::optional<av1::Unit>> current =
        registry.FreshUnitAt(held.holder.code(), *last_day, deadline);
    if (!current.ok()) return current.status();
    if (current->has_value()) held.holder = **current;
    std::optional<av1::UnitRef> next = ContinuationInEra(held.holder);
    const bool same_code = next.has_value();
    if (!same_code) next = TakerInEra(held.holder);
    if (!next.has_value()) break;
    absl::StatusOr<time::Validity> validity =
        time::Validity::FromProto(next->valid_from(), next->valid_to(), "", "");
    if (!validity.ok() || !validity->from.has_value()) break;
    const std::string code =
        same_code ? held.holder.code() : std::string(absl::StripPrefix(next->unit(), "units/"));
    absl::StatusOr<std::optional<av1::Unit>> found =
        registry.UnitAt(code, *validity->from, deadline);
    if (!found.ok()) return found.status();
    if (!found->has_value()) break;
    held.holder = **found;
    if (!same_code) held.takers.push_back(held.holder);
  }
  return held;
}

std::string EraOf(const google::type::Date& valid_from) {
  absl::StatusOr<time::Validity> validity =
      time::Validity::FromProto(valid_from, google::type::Date(), "", "");
  return time::EraOfStoredDay(validity.ok() ? validity->StoredFrom() : time::kOpenStart);
}

absl::StatusOr<std::optional<av1::UnitRef>> SuccessorOf(RememberingAgenciesClient& registry,
                                                        const av1::Unit& unit,
                                                        absl::string_view era,
                                                        absl::Time deadline) {
  absl::StatusOr<HolderInEra> held = FollowInEra(registry, unit, std::nullopt, deadline);
  if (!held.ok()) return held.status();
  const av1::Unit* last = &held->holder;
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
    absl::StatusOr<HolderInEra> ancestor_held =
        FollowInEra(registry, **ancestor, std::nullopt, deadline);
    if (!ancestor_held.ok()) return ancestor_held.status();
    if (std::optional<av1::UnitRef> taken = MostDetailedSuccessor(ancestor_held->holder, era)) {
      return taken;
    }
  }
  return std::optional<av1::UnitRef>();
}

}  // namespace interplan::reporting
