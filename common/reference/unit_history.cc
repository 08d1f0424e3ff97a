#include "common/reference/unit_history.h"

#include <zlib.h>

#include <algorithm>
#include <tuple>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/time/date.h"
#include "common/time/validity.h"
#include "google/protobuf/util/json_util.h"
#include "interplan/reference/v1/reference_files.pb.h"

namespace interplan::agencies {
namespace {

absl::CivilDay DayOf(const google::type::Date& date) {
  return absl::CivilDay(date.year(), date.month(), date.day());
}

using UnitRow = std::tuple<std::string, std::string, std::string, std::string>;

std::vector<UnitRow> SortedRows(const v1::UnitSnapshot& snapshot) {
  std::vector<UnitRow> rows;
  rows.reserve(snapshot.units_size());
  for (const v1::SnapshotUnit& u : snapshot.units()) {
    rows.emplace_back(u.code(), u.display_name(), u.type_label(), u.parent_code());
  }
  std::sort(rows.begin(), rows.end());
  return rows;
}

// "Phường 03" -> "Phường 3": the lists before 2025-01-01 pad a ward's
// number, the later ones and the 2025-03 list do not; unpadded, a padding
// is not taken for a rename.
std::string UnpaddedNumberName(const std::string& name) {
  const size_t space = name.rfind(' ');
  if (space == std::string::npos) return name;
  absl::string_view number = absl::string_view(name).substr(space + 1);
  if (number.size() < 2 || number[0] != '0') return name;
  for (char c : number) {
    if (c < '0' || c > '9') return name;
  }
  while (number.size() > 1 && number[0] == '0') number.remove_prefix(1);
  return absl::StrCat(name.substr(0, space + 1), number);
}

}  // namespace

absl::StatusOr<std::string> ReadMaybeGzipFile(const std::string& path) {
  gzFile file = gzopen(path.c_str(), "rb");
  if (file == nullptr) return absl::NotFoundError(absl::StrCat("cannot open ", path));
  std::string content;
  char buffer[1 << 16];
  while (true) {
    const int read = gzread(file, buffer, sizeof(buffer));
    if (read < 0) {
      int code = 0;
      const std::string error = gzerror(file, &code);
      gzclose(file);
      return absl::DataLossError(absl::StrCat("cannot read ", path, ": ", error));
    }
    if (read == 0) break;
    content.append(buffer, read);
  }
  gzclose(file);
  return content;
}

std::optional<absl::CivilDay> HistorySnapshotDay(absl::string_view path) {
  const size_t slash = path.rfind('/');
  absl::string_view name = slash == absl::string_view::npos ? path : path.substr(slash + 1);
  if (!absl::ConsumePrefix(&name, "units-")) return std::nullopt;
  if (!absl::ConsumeSuffix(&name, ".jsonl.gz") && !absl::ConsumeSuffix(&name, ".jsonl")) {
    return std::nullopt;
  }
  absl::StatusOr<absl::CivilDay> day = time::ParseDate(name);
  if (!day.ok()) return std::nullopt;
  return *day;
}

bool LooksLikeUnitHistory(absl::string_view content) {
  absl::string_view head = absl::StripLeadingAsciiWhitespace(content);
  if (!absl::ConsumePrefix(&head, "{")) return false;
  return absl::StartsWith(absl::StripLeadingAsciiWhitespace(head), "\"level\"");
}

absl::StatusOr<v1::UnitSnapshot> ParseUnitHistory(absl::string_view jsonl, absl::CivilDay day) {
  v1::UnitSnapshot snapshot;
  snapshot.set_snapshot_id(time::FormatDate(day));
  time::DayToProto(day, snapshot.mutable_valid_from());
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = true;
  int line_number = 0;
  for (absl::string_view line : absl::StrSplit(jsonl, '\n')) {
    ++line_number;
    line = absl::StripAsciiWhitespace(line);
    if (line.empty()) continue;
    reference::v1::HistoryUnitLine row;
    auto status = google::protobuf::util::JsonStringToMessage(
        google::protobuf::StringPiece(line.data(), line.size()), &row, options);
    if (!status.ok()) {
      return absl::InvalidArgumentError(absl::StrCat("snapshot ", snapshot.snapshot_id(), " line ",
                                                     line_number, ": ",
                                                     std::string(status.message())));
    }
    v1::SnapshotUnit* unit = snapshot.add_units();
    unit->set_code(row.code());
    unit->set_display_name(UnpaddedNumberName(row.name()));
    unit->set_type_label(row.type());
    unit->set_parent_code(row.parent());
  }
  return snapshot;
}

absl::StatusOr<std::vector<v1::UnitSnapshot>> ChainSnapshots(
    std::vector<v1::UnitSnapshot> snapshots, absl::CivilDay last_day) {
  std::stable_sort(snapshots.begin(), snapshots.end(),
                   [](const v1::UnitSnapshot& a, const v1::UnitSnapshot& b) {
                     return DayOf(a.valid_from()) < DayOf(b.valid_from());
                   });
  std::vector<v1::UnitSnapshot> chained;
  for (v1::UnitSnapshot& snapshot : snapshots) {
    if (!chained.empty() && DayOf(chained.back().valid_from()) == DayOf(snapshot.valid_from())) {
      if (SortedRows(chained.back()) != SortedRows(snapshot)) {
        return absl::InvalidArgumentError(
            absl::StrCat("snapshots ", chained.back().snapshot_id(), " and ",
                         snapshot.snapshot_id(), " are both of ",
                         time::FormatDate(DayOf(snapshot.valid_from())), " but list other units"));
      }
      continue;
    }
    chained.push_back(std::move(snapshot));
  }
  for (size_t i = 0; i < chained.size(); ++i) {
    const absl::CivilDay end =
        i + 1 < chained.size() ? DayOf(chained[i + 1].valid_from()) - 1 : last_day;
    time::DayToProto(end, chained[i].mutable_valid_to());
    chained[i].set_continues_previous(i > 0);
  }
  if (!chained.empty()) chained.front().clear_valid_from();
  return chained;
}

}  // namespace interplan::agencies
