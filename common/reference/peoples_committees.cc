#include "common/reference/peoples_committees.h"

#include <cstdio>
#include <limits>
#include <map>
#include <optional>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/civil_time.h"
#include "common/text/normalize.h"

namespace interplan::agencies {
namespace {

// One official list with its units by code.
struct OfficialList {
  const v1::UnitSnapshot* snapshot = nullptr;
  std::map<std::string, const v1::SnapshotUnit*> by_code;
};

// The names a committee has while its unit and ancestors keep theirs.
struct CommitteeNames {
  std::string display_name;
  std::string short_name;
  bool operator==(const CommitteeNames& other) const {
    return display_name == other.display_name && short_name == other.short_name;
  }
};

// A code's consecutive lists in one era, with the list where each of its
// names begins.
struct Run {
  std::string code;
  int first = 0;
  int last = 0;
  std::vector<std::pair<int, CommitteeNames>> names;  // (first list, names)
};

std::vector<OfficialList> ListsInOrder(const std::vector<v1::ImportUnitsRequest>& unit_imports) {
  std::vector<OfficialList> lists;
  for (const v1::ImportUnitsRequest& request : unit_imports) {
    for (const v1::UnitSnapshot& snapshot : request.snapshots()) {
      OfficialList& list = lists.emplace_back();
      list.snapshot = &snapshot;
      for (const v1::SnapshotUnit& unit : snapshot.units()) list.by_code[unit.code()] = &unit;
    }
  }
  return lists;
}

// "Phường 1", "quận Gò Vấp", "thành phố Hồ Chí Minh": the unit and its
// ancestors in `list`, as a sentence writes them.
std::vector<std::string> NamePath(const OfficialList& list, const v1::SnapshotUnit& unit) {
  std::vector<std::string> parts = {LowerTypeWord(unit.display_name())};
  std::string parent = unit.parent_code();
  // Three levels: a commune's path has at most two ancestors.
  for (int depth = 0; depth < 3 && !parent.empty(); ++depth) {
    auto it = list.by_code.find(parent);
    if (it == list.by_code.end()) break;
    parts.push_back(LowerTypeWord(it->second->display_name()));
    parent = it->second->parent_code();
  }
  return parts;
}

CommitteeNames NamesIn(const OfficialList& list, const v1::SnapshotUnit& unit) {
  const std::vector<std::string> parts = NamePath(list, unit);
  const size_t short_parts = parts.size() < 2 ? parts.size() : 2;
  // NFC, as the service stores names: some lists write names decomposed.
  return {text::ToNfc(absl::StrCat("Ủy ban nhân dân ", absl::StrJoin(parts, ", "))),
          text::ToNfc(absl::StrCat(
              "UBND ", absl::StrJoin(parts.begin(), parts.begin() + short_parts, ", ")))};
}

std::vector<Run> RunsOf(const std::vector<OfficialList>& lists) {
  std::vector<Run> finished;
  std::map<std::string, Run> open;  // by code: runs that reached the list before
  for (int i = 0; i < static_cast<int>(lists.size()); ++i) {
    const bool continues = i > 0 && lists[i].snapshot->continues_previous();
    std::map<std::string, Run> next;
    for (const auto& [code, unit] : lists[i].by_code) {
      const CommitteeNames names = NamesIn(lists[i], *unit);
      auto it = continues ? open.find(code) : open.end();
      if (it == open.end()) {
        next[code] = Run{code, i, i, {{i, names}}};
        continue;
      }
      Run run = std::move(it->second);
      open.erase(it);
      run.last = i;
      if (!(run.names.back().second == names)) run.names.emplace_back(i, names);
      next[code] = std::move(run);
    }
    for (auto& [code, run] : open) finished.push_back(std::move(run));
    open = std::move(next);
  }
  for (auto& [code, run] : open) finished.push_back(std::move(run));
  return finished;
}

absl::CivilDay FirstDay(const google::type::Date& date) {
  if (date.year() == 0) return absl::CivilDay(std::numeric_limits<int>::min() / 2, 1, 1);
  return absl::CivilDay(date.year(), date.month() == 0 ? 1 : date.month(),
                        date.day() == 0 ? 1 : date.day());
}

absl::CivilDay LastDay(const google::type::Date& date) {
  if (date.year() == 0) return absl::CivilDay(std::numeric_limits<int>::max() / 2, 12, 31);
  if (date.month() == 0) return absl::CivilDay(date.year(), 12, 31);
  if (date.day() == 0) return absl::CivilDay(date.year(), date.month() + 1, 1) - 1;
  return absl::CivilDay(date.year(), date.month(), date.day());
}

bool WrittenCommitteeOverlaps(const std::vector<v1::CreateAgencyRequest>& written,
                              const std::string& unit, const google::type::Date& from,
                              const google::type::Date& to) {
  for (const v1::CreateAgencyRequest& request : written) {
    const v1::Agency& agency = request.agency();
    if (agency.kind() != v1::AGENCY_KIND_PEOPLES_COMMITTEE || agency.unit() != unit) continue;
    if (FirstDay(agency.valid_from()) <= LastDay(to) &&
        FirstDay(from) <= LastDay(agency.valid_to())) {
      return true;
    }
  }
  return false;
}

std::string CommitteeId(const std::string& code, const google::type::Date& valid_to) {
  if (valid_to.year() == 0) return absl::StrCat("ubnd-", code);
  char day[16];
  std::snprintf(day, sizeof(day), "%04d%02d%02d", valid_to.year(), valid_to.month(),
                valid_to.day());
  return absl::StrCat("ubnd-", code, "-until-", day);
}

v1::CreateAgencyRequest CommitteeOf(const Run& run, const std::vector<OfficialList>& lists) {
  v1::CreateAgencyRequest request;
  v1::Agency& agency = *request.mutable_agency();
  const google::type::Date& valid_to = lists[run.last].snapshot->valid_to();
  request.set_agency_id(CommitteeId(run.code, valid_to));
  agency.set_display_name(run.names.back().second.display_name);
  agency.set_short_name(run.names.back().second.short_name);
  agency.set_kind(v1::AGENCY_KIND_PEOPLES_COMMITTEE);
  agency.set_unit(absl::StrCat("units/", run.code));
  agency.set_assignable(true);
  if (lists[run.first].snapshot->has_valid_from()) {
    *agency.mutable_valid_from() = lists[run.first].snapshot->valid_from();
  }
  if (valid_to.year() != 0) *agency.mutable_valid_to() = valid_to;
  for (size_t i = 0; i + 1 < run.names.size(); ++i) {
    v1::DatedName& earlier = *agency.add_names();
    earlier.set_display_name(run.names[i].second.display_name);
    earlier.set_short_name(run.names[i].second.short_name);
    if (run.names[i].first != run.first) {
      *earlier.mutable_valid_from() = lists[run.names[i].first].snapshot->valid_from();
    }
    *earlier.mutable_valid_to() = lists[run.names[i + 1].first - 1].snapshot->valid_to();
  }
  return request;
}

}  // namespace

std::string LowerTypeWord(absl::string_view unit_name) {
  static constexpr std::pair<absl::string_view, absl::string_view> kTypeWords[] = {
      {"Thành phố ", "thành phố "}, {"Thị xã ", "thị xã "}, {"Thị trấn ", "thị trấn "},
      {"Đặc khu ", "đặc khu "},     {"Tỉnh ", "tỉnh "},     {"Quận ", "quận "},
      {"Huyện ", "huyện "},         {"Phường ", "phường "}, {"Xã ", "xã "},
  };
  for (const auto& [upper, lower] : kTypeWords) {
    if (absl::StartsWith(unit_name, upper)) {
      return absl::StrCat(lower, unit_name.substr(upper.size()));
    }
  }
  return std::string(unit_name);
}

std::vector<v1::CreateAgencyRequest> PeoplesCommitteesOf(
    const std::vector<v1::ImportUnitsRequest>& unit_imports,
    const std::vector<v1::CreateAgencyRequest>& written) {
  const std::vector<OfficialList> lists = ListsInOrder(unit_imports);
  std::vector<v1::CreateAgencyRequest> committees;
  for (const Run& run : RunsOf(lists)) {
    if (WrittenCommitteeOverlaps(written, absl::StrCat("units/", run.code),
                                 lists[run.first].snapshot->valid_from(),
                                 lists[run.last].snapshot->valid_to())) {
      continue;
    }
    committees.push_back(CommitteeOf(run, lists));
  }
  return committees;
}

}  // namespace interplan::agencies
