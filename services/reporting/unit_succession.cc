#include "services/reporting/unit_succession.h"

#include <vector>

#include "absl/strings/str_split.h"
#include "common/time/validity.h"

namespace interplan::reporting {
namespace {

namespace av1 = ::interplan::agencies::v1;

// The most detailed of `unit`'s own successors in `era` ("" any).
std::optional<av1::UnitRef> MostDetailedSuccessor(const av1::Unit& unit, absl::string_view era) {
  const av1::UnitRef* best = nullptr;
  for (const av1::UnitRef& ref : unit.successors()) {
    if (!era.empty() && EraOf(ref.valid_from()) != era) continue;
    if (best == nullptr || ref.level() > best->level()) best = &ref;
  }
  if (best == nullptr) return std::nullopt;
  return *best;
}

}  // namespace

std::string EraOf(const type::v1::PartialDate& valid_from) {
  absl::StatusOr<time::Validity> validity =
      time::Validity::FromProto(valid_from, type::v1::PartialDate(), "", "");
  return validity.ok() ? validity->StoredFrom() : time::kOpenStart;
}

absl::StatusOr<std::optional<av1::UnitRef>> SuccessorOf(RememberingAgenciesClient& registry,
                                                        const av1::Unit& unit,
                                                        absl::string_view era,
                                                        absl::Time deadline) {
  if (std::optional<av1::UnitRef> own = MostDetailedSuccessor(unit, era)) return own;
  absl::StatusOr<time::Validity> validity =
      time::Validity::FromProto(unit.valid_from(), unit.valid_to(), "", "");
  if (!validity.ok()) return validity.status();
  // A unit still in force has not been taken over by anyone.
  if (!validity->to.has_value()) return std::optional<av1::UnitRef>();
  // Its ancestors as they were on its last day, nearest first.
  const std::vector<std::string> codes = absl::StrSplit(unit.path(), '/', absl::SkipEmpty());
  for (int i = static_cast<int>(codes.size()) - 2; i >= 0; --i) {
    absl::StatusOr<std::optional<av1::Unit>> ancestor =
        registry.UnitAt(codes[i], *validity->to, deadline);
    if (!ancestor.ok()) return ancestor.status();
    if (!ancestor->has_value()) continue;
    if (std::optional<av1::UnitRef> taken = MostDetailedSuccessor(**ancestor, era)) return taken;
  }
  return std::optional<av1::UnitRef>();
}

}  // namespace interplan::reporting
