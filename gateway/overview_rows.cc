#include "gateway/overview_rows.h"

#include <algorithm>
#include <set>

#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/time/partial_date.h"

namespace interplan::gateway {
namespace {

namespace av1 = ::interplan::agencies::v1;
namespace pv1 = ::interplan::plans::v1;

absl::CivilDay StartOf(const google::type::Date& from) {
  std::optional<absl::CivilDay> day = DayOf(from);
  return day.has_value() ? *day : absl::CivilDay(1, 1, 1);
}

// The first path element: the province a path lies in.
std::string ProvinceOfPath(const std::string& path) { return path.substr(0, path.find('/')); }

}  // namespace

std::string CodeOf(const std::string& name) { return name.substr(name.find('/') + 1); }

std::optional<absl::CivilDay> DayOf(const google::type::Date& date) {
  absl::StatusOr<time::PartialDate> partial = time::PartialDate::FromProto(date);
  if (!partial.ok() || !partial->IsSet()) return std::nullopt;
  return partial->LatestDay();
}

std::string OverviewRows::RowOfPath(const std::string& path) const {
  if (national) return ProvinceOfPath(path);
  if (path == scope_path) return unit_code;
  if (!absl::StartsWith(path, scope_path + "/")) return "";
  const std::string rest = path.substr(scope_path.size() + 1);
  return rest.substr(0, rest.find('/'));
}

std::string OverviewRows::RowOfOlder(const std::string& province) const {
  auto it = placed.find(province);
  if (it == placed.end()) return "";
  if (national) return it->second;
  return it->second == unit_code ? unit_code : "";
}

v1::OverviewRow* OverviewRows::Find(const std::string& key) const {
  auto it = rows.find(key);
  return it == rows.end() ? nullptr : it->second;
}

OverviewRows IndexRows(const OverviewAnswers& answers, v1::Overview* overview) {
  OverviewRows index;
  index.national = answers.national();
  index.unit_code = answers.unit_code;
  index.scope_path = answers.unit_code;
  if (answers.unit.has_value()) {
    index.scope_path = answers.unit->path();
    index.era_start = StartOf(answers.unit->valid_from());
  }
  if (answers.rows.has_value()) {
    for (const av1::Unit& unit : answers.rows->units()) {
      v1::OverviewRow* row = overview->add_rows();
      row->set_unit(unit.name());
      row->set_display_name(unit.display_name());
      index.rows[unit.code()] = row;
      index.era_start = std::max(index.era_start, StartOf(unit.valid_from()));
    }
  }
  if (!index.national) {
    index.own = overview->add_rows();
    index.own->set_unit(answers.unit_name());
    index.own->set_display_name(absl::StrCat(overview->display_name(), " (cấp tỉnh)"));
    index.rows[answers.unit_code] = index.own;
  }
  index.totals = overview->mutable_totals();
  index.totals->set_unit(answers.unit_name());
  index.totals->set_display_name(overview->display_name());
  return index;
}

std::vector<std::string> OlderUnitCodes(const OverviewAnswers& answers, const OverviewRows& rows) {
  // Only as deep as a province: an old district's successor is its new
  // province.
  if (rows.era_start <= absl::CivilDay(1, 1, 1)) return {};
  std::set<std::string> older;
  if (answers.digests.has_value()) {
    for (const pv1::PlanDigest& d : answers.digests->digests()) {
      std::optional<absl::CivilDay> day = DayOf(d.reference_date());
      if (day.has_value() && *day < rows.era_start) older.insert(ProvinceOfPath(d.unit_path()));
    }
  }
  if (answers.campaign.has_value()) {
    // The campaign's first day tells the hierarchy its units belong to.
    std::optional<absl::CivilDay> start = DayOf(answers.campaign->current().start_date());
    if (start.has_value() && *start < rows.era_start) {
      for (const auto& child : answers.campaign->current().children()) {
        older.insert(CodeOf(child.unit()));
      }
    }
  }
  return std::vector<std::string>(older.begin(), older.end());
}

}  // namespace interplan::gateway
