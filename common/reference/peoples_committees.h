// Every administrative unit in force has a People's Committee by law. This
// derives one reference agency (PEOPLES_COMMITTEE, assignable) for each run
// of a code through the official lists of one era, so plans and reports can
// name the committee of any province, district or commune of 2019–2025 or of
// today's list, not only the few the hand-written agencies name.
#ifndef INTERPLAN_COMMON_REFERENCE_PEOPLES_COMMITTEES_H_
#define INTERPLAN_COMMON_REFERENCE_PEOPLES_COMMITTEES_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "interplan/agencies/v1/agencies.pb.h"
#include "interplan/agencies/v1/units.pb.h"

namespace interplan::agencies {

// A unit's name as written inside a sentence, its type word in lower case:
// "Phường 1" -> "phường 1", "Tỉnh Thừa Thiên Huế" -> "tỉnh Thừa Thiên Huế".
// A name without a known type word is returned as it is.
std::string LowerTypeWord(absl::string_view unit_name);

// One CreateAgencyRequest per run of a code: the consecutive lists of one
// era (lists chained by continues_previous) that show it. The agency runs
// from the run's first list's start to its last list's end; its id is
// "ubnd-<code>" while in force, "ubnd-<code>-until-<yyyymmdd>" otherwise.
// Its name is "Ủy ban nhân dân phường 1, quận Gò Vấp, thành phố Hồ Chí
// Minh" (short: "UBND phường 1, quận Gò Vấp"); when the unit or an ancestor
// is renamed inside the run, the earlier names are the agency's dated names.
// A run overlapped by a hand-written People's Committee of the same unit in
// `written` is left out: the hand-written one names it.
std::vector<v1::CreateAgencyRequest> PeoplesCommitteesOf(
    const std::vector<v1::ImportUnitsRequest>& unit_imports,
    const std::vector<v1::CreateAgencyRequest>& written);

}  // namespace interplan::agencies

#endif  // INTERPLAN_COMMON_REFERENCE_PEOPLES_COMMITTEES_H_
