// Reads the dated snapshots of the official unit list, 2019–2025
// (data/reference/history/units-YYYY-MM-DD.jsonl.gz: one unit per line,
// gzip-compressed), and lays snapshots of several dates end to end: each
// runs from its own date to the day before the next one's.
#ifndef INTERPLAN_COMMON_REFERENCE_UNIT_HISTORY_H_
#define INTERPLAN_COMMON_REFERENCE_UNIT_HISTORY_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "interplan/agencies/v1/units.pb.h"

namespace interplan::agencies {

// A file's whole content, gunzipped when it is gzip-compressed (zlib reads
// plain files as they are).
absl::StatusOr<std::string> ReadMaybeGzipFile(const std::string& path);

// "…/units-2019-09-11.jsonl.gz" -> 2019-09-11; nullopt for any other name.
std::optional<absl::CivilDay> HistorySnapshotDay(absl::string_view path);

// Whether decompressed content is a history snapshot (JSON lines with a
// "level" field).
bool LooksLikeUnitHistory(absl::string_view content);

// One snapshot: id "2019-09-11", valid from that day; the end is set by
// ChainSnapshots. A ward's zero-padded number is written as the later
// lists write it ("Phường 03" -> "Phường 3"). Errors name the line.
absl::StatusOr<v1::UnitSnapshot> ParseUnitHistory(absl::string_view jsonl, absl::CivilDay day);

// Sorts snapshots by start and sets each one's end to the day before the
// next one starts; the last one ends on `last_day`, the first one has an
// open start (a unit in the first list was there before it), and each one
// after the first continues the one before (UnitSnapshot.continues_previous). Two snapshots
// of the same day are INVALID_ARGUMENT unless their units are the same,
// when the one listed first is kept.
absl::StatusOr<std::vector<v1::UnitSnapshot>> ChainSnapshots(
    std::vector<v1::UnitSnapshot> snapshots, absl::CivilDay last_day);

}  // namespace interplan::agencies

#endif  // INTERPLAN_COMMON_REFERENCE_UNIT_HISTORY_H_
