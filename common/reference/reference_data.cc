#include "common/reference/reference_data.h"

#include <algorithm>
#include <filesystem>
#include <optional>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/config/reference_dir.h"
#include "common/reference/peoples_committees.h"
#include "common/reference/unit_history.h"
#include "common/text/search_fold.h"
#include "google/protobuf/util/json_util.h"
#include "interplan/reference/v1/reference_files.pb.h"

namespace interplan::agencies {
namespace {

absl::Status ParseJson(absl::string_view json, google::protobuf::Message* message,
                       absl::string_view what) {
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = true;
  auto status = google::protobuf::util::JsonStringToMessage(
      google::protobuf::StringPiece(json.data(), json.size()), message, options);
  if (!status.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("cannot read ", what, ": ", std::string(status.message())));
  }
  return absl::OkStatus();
}

// "Phường An Hội Tây" -> "Phường": the commune-level type a name starts with.
std::string CommuneTypeOfName(absl::string_view name) {
  for (const char* label : {"Phường", "Xã", "Đặc khu", "Thị trấn"}) {
    if (absl::StartsWith(name, absl::StrCat(label, " "))) return label;
  }
  return "";
}

void SetDay(int year, int month, int day, google::type::Date* out) {
  out->set_year(year);
  out->set_month(month);
  out->set_day(day);
}

}  // namespace

std::vector<std::string> DefaultReferenceFiles() {
  const std::string dir = ReferenceDir();
  std::vector<std::string> files = {dir + "/admin-units-2025-03.json",
                                    dir + "/admin-units-2025-07.json"};
  std::vector<std::string> history;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(dir + "/history", error)) {
    const std::string path = entry.path().string();
    if (HistorySnapshotDay(path).has_value()) history.push_back(path);
  }
  std::sort(history.begin(), history.end());
  files.insert(files.end(), history.begin(), history.end());
  files.push_back(dir + "/agencies.jsonl");
  return files;
}

void AddImportResponse(const v1::ImportUnitsRequest& request, v1::ImportUnitsResponse response,
                       v1::ImportUnitsResponse* all) {
  for (auto& counts : *response.mutable_snapshots()) *all->add_snapshots() = std::move(counts);
  response.clear_snapshots();
  if (request.mappings_size() > 0) all->MergeFrom(response);
}

absl::StatusOr<ReferenceFileKind> DetectReferenceFile(absl::string_view content) {
  absl::string_view head = absl::StripLeadingAsciiWhitespace(content);
  if (absl::StartsWith(head, "[")) return ReferenceFileKind::kUnitsAfterMerger;
  if (LooksLikeUnitHistory(head)) return ReferenceFileKind::kUnitHistory;
  if (absl::StartsWith(head, "{")) {
    // A JSON object per line is the agencies file; one big object with a
    // "data" array is the dvhcvn list.
    absl::string_view first_line = head.substr(0, head.find('\n'));
    if (absl::StrContains(first_line, "\"agency\"")) return ReferenceFileKind::kAgencies;
    if (absl::StrContains(head.substr(0, 200), "\"data\"")) {
      return ReferenceFileKind::kUnitsBeforeMerger;
    }
  }
  return absl::InvalidArgumentError(
      "not a reference file: expected the dvhcvn unit list, the address database "
      "export, a dated unit list (units-YYYY-MM-DD.jsonl.gz) or agency JSON lines");
}

absl::StatusOr<v1::UnitSnapshot> ParseUnitsBeforeMerger(absl::string_view json) {
  reference::v1::DvhcvnFile file;
  if (absl::Status s = ParseJson(json, &file, "the 2025-03 unit list"); !s.ok()) return s;
  v1::UnitSnapshot snapshot;
  snapshot.set_snapshot_id("2025-03");
  SetDay(kBeforeMergerListYear, kBeforeMergerListMonth, 1, snapshot.mutable_valid_from());
  SetDay(kMergerYear, kMergerMonth - 1, 30, snapshot.mutable_valid_to());
  for (const auto& province : file.data()) {
    v1::SnapshotUnit* p = snapshot.add_units();
    p->set_code(province.level1_id());
    p->set_display_name(province.name());
    p->set_type_label(province.type());
    for (const auto& district : province.level2s()) {
      v1::SnapshotUnit* d = snapshot.add_units();
      d->set_code(district.level2_id());
      d->set_display_name(district.name());
      d->set_type_label(district.type());
      d->set_parent_code(province.level1_id());
      for (const auto& commune : district.level3s()) {
        v1::SnapshotUnit* c = snapshot.add_units();
        c->set_code(commune.level3_id());
        c->set_display_name(commune.name());
        c->set_type_label(commune.type());
        c->set_parent_code(district.level2_id());
      }
    }
  }
  return snapshot;
}

absl::StatusOr<UnitsAfterMerger> ParseUnitsAfterMerger(absl::string_view json) {
  reference::v1::AddressDatabaseFile file;
  const std::string wrapped = absl::StrCat("{\"items\":", json, "}");
  if (absl::Status s = ParseJson(wrapped, &file, "the 2025-07 unit list"); !s.ok()) {
    return s;
  }
  UnitsAfterMerger result;
  v1::UnitSnapshot& snapshot = result.snapshot;
  snapshot.set_snapshot_id("2025-07");
  SetDay(kMergerYear, kMergerMonth, kMergerDay, snapshot.mutable_valid_from());
  for (const auto& item : file.items()) {
    if (item.type() != "table") continue;
    for (const auto& row : item.data()) {
      if (item.name() == "provinces") {
        v1::SnapshotUnit* p = snapshot.add_units();
        p->set_code(row.province_code());
        // The list writes "Lai Châu" but "Thành phố Hà Nội": give every
        // province its type, as the 2025-03 list does.
        const bool city = text::FoldForSearch(row.place_type()) == "thanh pho trung uong";
        const std::string prefix = city ? "Thành phố" : "Tỉnh";
        p->set_display_name(absl::StartsWith(row.name(), prefix)
                                ? row.name()
                                : absl::StrCat(prefix, " ", row.name()));
        p->set_type_label(city ? "Thành phố Trung ương" : "Tỉnh");
      } else if (item.name() == "wards") {
        v1::SnapshotUnit* w = snapshot.add_units();
        w->set_code(row.ward_code());
        w->set_display_name(row.name());
        w->set_type_label(CommuneTypeOfName(row.name()));
        w->set_parent_code(row.province_code());
      } else if (item.name() == "ward_mappings") {
        v1::SuccessionMapping mapping;
        mapping.set_old_code(row.old_ward_code());
        mapping.set_new_code(row.new_ward_code());
        mapping.set_old_name(row.old_ward_name());
        mapping.set_new_name(row.new_ward_name());
        result.mappings.push_back(std::move(mapping));
      }
    }
  }
  return result;
}

absl::StatusOr<std::vector<v1::CreateAgencyRequest>> ParseAgencies(absl::string_view jsonl) {
  std::vector<v1::CreateAgencyRequest> requests;
  int line_number = 0;
  for (absl::string_view line : absl::StrSplit(jsonl, '\n')) {
    ++line_number;
    line = absl::StripAsciiWhitespace(line);
    if (line.empty()) continue;
    v1::CreateAgencyRequest request;
    absl::Status status = ParseJson(line, &request, absl::StrCat("agencies line ", line_number));
    if (!status.ok()) return status;
    requests.push_back(std::move(request));
  }
  return requests;
}

namespace {

// What the files hold, before the lists of the old era are chained.
struct ReadFiles {
  std::vector<v1::UnitSnapshot> before_merger;
  std::optional<UnitsAfterMerger> after_merger;
  std::vector<v1::CreateAgencyRequest> agencies;
};

absl::Status ReadOneFile(const std::string& path, ReadFiles& read) {
  absl::StatusOr<std::string> content = ReadMaybeGzipFile(path);
  if (!content.ok()) return content.status();
  absl::StatusOr<ReferenceFileKind> kind = DetectReferenceFile(*content);
  if (!kind.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": ", kind.status().message()));
  }
  switch (*kind) {
    case ReferenceFileKind::kUnitsBeforeMerger: {
      absl::StatusOr<v1::UnitSnapshot> snapshot = ParseUnitsBeforeMerger(*content);
      if (!snapshot.ok()) return snapshot.status();
      read.before_merger.push_back(std::move(*snapshot));
      return absl::OkStatus();
    }
    case ReferenceFileKind::kUnitHistory: {
      std::optional<absl::CivilDay> day = HistorySnapshotDay(path);
      if (!day.has_value()) {
        return absl::InvalidArgumentError(absl::StrCat(
            path, ": a dated unit list is named for its day: units-YYYY-MM-DD.jsonl.gz"));
      }
      absl::StatusOr<v1::UnitSnapshot> snapshot = ParseUnitHistory(*content, *day);
      if (!snapshot.ok()) return snapshot.status();
      read.before_merger.push_back(std::move(*snapshot));
      return absl::OkStatus();
    }
    case ReferenceFileKind::kUnitsAfterMerger: {
      absl::StatusOr<UnitsAfterMerger> after = ParseUnitsAfterMerger(*content);
      if (!after.ok()) return after.status();
      read.after_merger = std::move(*after);
      return absl::OkStatus();
    }
    case ReferenceFileKind::kAgencies: {
      absl::StatusOr<std::vector<v1::CreateAgencyRequest>> agencies = ParseAgencies(*content);
      if (!agencies.ok()) return agencies.status();
      for (auto& a : *agencies) read.agencies.push_back(std::move(a));
      return absl::OkStatus();
    }
  }
  return absl::OkStatus();
}

}  // namespace

std::vector<v1::BatchCreateAgenciesRequest> AgencyBatches(
    const std::vector<v1::CreateAgencyRequest>& agencies) {
  constexpr size_t kPerCall = 1000;
  std::vector<v1::BatchCreateAgenciesRequest> batches;
  for (size_t i = 0; i < agencies.size(); ++i) {
    if (i % kPerCall == 0) batches.emplace_back();
    *batches.back().add_requests() = agencies[i];
  }
  return batches;
}

absl::StatusOr<ReferenceData> LoadReferenceFiles(const std::vector<std::string>& paths) {
  ReadFiles read;
  for (const std::string& path : paths) {
    if (absl::Status s = ReadOneFile(path, read); !s.ok()) return s;
  }
  ReferenceData data;
  absl::StatusOr<std::vector<v1::UnitSnapshot>> chained = ChainSnapshots(
      std::move(read.before_merger), absl::CivilDay(kMergerYear, kMergerMonth, kMergerDay) - 1);
  if (!chained.ok()) return chained.status();
  for (v1::UnitSnapshot& snapshot : *chained) {
    *data.unit_imports.emplace_back().add_snapshots() = std::move(snapshot);
  }
  if (read.after_merger.has_value()) {
    v1::ImportUnitsRequest& request = data.unit_imports.emplace_back();
    *request.add_snapshots() = std::move(read.after_merger->snapshot);
    for (auto& m : read.after_merger->mappings) *request.add_mappings() = std::move(m);
    SetDay(kMergerYear, kMergerMonth, kMergerDay, request.mutable_mappings_effective());
  }
  // The hand-written agencies first: the committees of their units leave
  // those out, and may name them as parents later.
  std::vector<v1::CreateAgencyRequest> committees =
      PeoplesCommitteesOf(data.unit_imports, read.agencies);
  data.agencies = std::move(read.agencies);
  for (v1::CreateAgencyRequest& committee : committees) {
    data.agencies.push_back(std::move(committee));
  }
  return data;
}

}  // namespace interplan::agencies
