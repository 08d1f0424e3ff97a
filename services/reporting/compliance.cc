#include "services/reporting/compliance.h"

#include <map>
#include <memory>
#include <optional>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/errors/errors.h"
#include "common/logging/log.h"
#include "common/time/date.h"
#include "common/time/unit_era.h"
#include "common/time/validity.h"
#include "services/reporting/unit_succession.h"

namespace interplan::reporting {
namespace {

namespace av1 = ::interplan::agencies::v1;

void Count(const ObligationRow& o, const std::string& day, v1::ComplianceCounts* counts) {
  if (o.ceased) {
    counts->set_not_expected(counts->not_expected() + 1);
    return;
  }
  counts->set_expected(counts->expected() + 1);
  const bool submitted = !o.first_submit_date.empty() && o.first_submit_date <= day;
  if (submitted) {
    counts->set_submitted(counts->submitted() + 1);
    if (o.first_submit_date <= o.due_date) {
      counts->set_on_time(counts->on_time() + 1);
    } else {
      counts->set_late(counts->late() + 1);
    }
    if (o.report_status == v1::REPORT_STATUS_ACCEPTED) counts->set_accepted(counts->accepted() + 1);
    if (o.report_status == v1::REPORT_STATUS_RETURNED) counts->set_returned(counts->returned() + 1);
  } else if (o.due_date < day) {
    counts->set_missing(counts->missing() + 1);
  } else {
    counts->set_pending(counts->pending() + 1);
  }
}

void Rates(v1::ComplianceCounts* counts) {
  if (counts->expected() == 0) return;
  counts->set_submission_rate(100.0 * counts->submitted() / counts->expected());
  counts->set_on_time_rate(100.0 * counts->on_time() / counts->expected());
}

// Each obligation's unit path in the hierarchy of one day (and its era).
// The obligation names one version of its unit (code and first day), so
// the answer is the same for every obligation of that version, whatever
// its due date: it is looked up once, and kept in `memo` for later calls
// when it came from interplan-agencies' answers.
class PathsInEra {
 public:
  PathsInEra(RememberingAgenciesClient& registry, UnitPathMemo& memo, std::string era,
             absl::CivilDay day, absl::Time deadline)
      : registry_(registry),
        memo_(memo),
        era_(std::move(era)),
        day_(day),
        deadline_(deadline),
        day_key_(absl::StrCat(era_, "|", time::FormatDate(day))),
        remembered_(memo.Snapshot(day_key_)) {}

  // Hands what was found to the memo.
  ~PathsInEra() { memo_.Remember(day_key_, found_); }

  // "" for a national body; "?" when the unit is in no unit of the era.
  absl::StatusOr<std::string> PathOf(const ObligationRow& o) {
    if (o.unit_code.empty()) return std::string();  // a national body
    // One buffer for every row's key: a national count looks up 3,355.
    key_.clear();
    UnitPathMemo::AppendVersionKey(o.unit_code, o.unit_valid_from, o.unit_path, &key_);
    const std::string& key = key_;
    if (auto it = remembered_->find(key); it != remembered_->end()) return it->second;
    if (auto it = found_.find(key); it != found_.end()) return it->second;
    if (auto it = fallback_.find(key); it != fallback_.end()) return it->second;
    bool answered = false;
    absl::StatusOr<std::string> path = Resolve(o, answered);
    if (!path.ok()) return path.status();
    (answered ? found_ : fallback_)[key] = *path;
    return path;
  }

 private:
  // Sets `answered` when the path rests on interplan-agencies' answers.
  absl::StatusOr<std::string> Resolve(const ObligationRow& o, bool& answered) {
    const bool same_era = time::EraOfStoredDay(o.unit_valid_from) == era_;
    // In its own era a unit is where it was recorded, unless it ceased
    // before the day and an operator linked it to the unit that took it
    // over; elsewhere, in no unit until a successor says which.
    std::string path = same_era ? o.unit_path : "?";
    // The version's first day ("0001-01-01" for an open start) is inside
    // it, unlike a due date after the unit ceased.
    absl::StatusOr<absl::CivilDay> first_day = time::ParseDate(o.unit_valid_from);
    if (!first_day.ok()) {
      answered = true;
      return path;
    }
    absl::StatusOr<std::optional<av1::Unit>> unit =
        registry_.UnitAt(o.unit_code, *first_day, deadline_);
    if (same_era) {
      // Without an answer from interplan-agencies, where it was recorded.
      if (!unit.ok()) return path;
      answered = true;
      if (!unit->has_value()) return path;
      absl::StatusOr<HolderInEra> held = FollowInEra(registry_, **unit, day_, deadline_);
      if (!held.ok()) answered = false;
      if (held.ok() && !held->takers.empty()) path = held->holder.path();
      return path;
    }
    if (!unit.ok()) return unit.status();
    answered = true;
    if (!unit->has_value()) return path;
    absl::StatusOr<std::optional<av1::UnitRef>> successor =
        SuccessorOf(registry_, **unit, era_, deadline_);
    if (!successor.ok()) return successor.status();
    if (successor->has_value()) path = (*successor)->path();
    return path;
  }

  RememberingAgenciesClient& registry_;
  UnitPathMemo& memo_;
  const std::string era_;
  const absl::CivilDay day_;
  const absl::Time deadline_;
  const std::string day_key_;
  const std::shared_ptr<const UnitPathMemo::Paths> remembered_;
  UnitPathMemo::Paths found_;     // from interplan-agencies' answers, new in this call
  UnitPathMemo::Paths fallback_;  // while it could not answer: this call only
  std::string key_;               // the key of the row being looked up
};

}  // namespace

ComplianceCalculator::ComplianceCalculator(storage::Database& db,
                                           RememberingAgenciesClient& registry,
                                           AgencyCache& agencies, absl::Duration agency_max_age)
    : db_(db), registry_(registry), agencies_(agencies), agency_max_age_(agency_max_age) {}

absl::StatusOr<v1::Compliance> ComplianceCalculator::Compute(const ComplianceQuery& query,
                                                             const access::ReadScope& scope,
                                                             absl::Time deadline) {
  absl::StatusOr<Subtree> subtree = SubtreeOf(query, deadline);
  if (!subtree.ok()) return subtree.status();
  absl::StatusOr<std::vector<ObligationRow>> rows = ObligationsOf(query);
  if (!rows.ok()) return rows.status();
  std::vector<std::string> paths;
  absl::Status kept = KeepInside(*subtree, scope, deadline, *rows, paths);
  if (!kept.ok()) return kept;
  // Whether each is still owed, by its agency as interplan-agencies knows
  // it now (records at most agency_max_age_ old).
  KnownAgencies agencies;
  absl::Status known = ApplyAgencyValidity(agencies_, agency_max_age_, deadline, *rows,
                                           query.omit_agencies ? nullptr : &agencies);
  if (!known.ok()) {
    LogWarning("compliance without the agencies' current validity", {{"error", known.ToString()}});
  }
  return Tally(query, *subtree, *rows, paths, agencies, deadline);
}

absl::StatusOr<ComplianceCalculator::Subtree> ComplianceCalculator::SubtreeOf(
    const ComplianceQuery& query, absl::Time deadline) {
  Subtree subtree;
  subtree.day = query.units_day;
  if (query.unit_code.empty()) {
    absl::StatusOr<std::string> era = registry_.EraAt(query.units_day, deadline);
    if (!era.ok()) return era.status();
    subtree.era = *era;
    return subtree;
  }
  absl::StatusOr<std::optional<av1::Unit>> unit =
      registry_.UnitAt(query.unit_code, query.units_day, deadline);
  if (!unit.ok()) return unit.status();
  if (!unit->has_value()) {
    return ResourceNotFoundError(
        "interplan.agencies.v1.Unit", query.unit_name,
        absl::StrCat("no unit with this code on ", time::FormatDate(query.units_day)));
  }
  subtree.era = EraOf((*unit)->valid_from());
  subtree.root = (*unit)->path();
  return subtree;
}

absl::StatusOr<std::vector<ObligationRow>> ComplianceCalculator::ObligationsOf(
    const ComplianceQuery& query) {
  std::vector<ObligationRow> rows;
  absl::Status status = db_.Read([&](storage::Transaction& txn) -> absl::Status {
    ObligationFilter filter;
    filter.plan_id = query.plan_id;
    if (query.exact_period) {
      filter.period = query.period;
    } else {
      filter.within_first = query.period_first;
      filter.within_last = query.period_last;
    }
    filter.limit = 1000000;
    absl::StatusOr<std::vector<ObligationRow>> found = obligations_.ListForCount(txn, filter);
    if (!found.ok()) return found.status();
    rows = std::move(*found);
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return rows;
}

absl::Status ComplianceCalculator::KeepInside(const Subtree& subtree,
                                              const access::ReadScope& scope, absl::Time deadline,
                                              std::vector<ObligationRow>& rows,
                                              std::vector<std::string>& paths) {
  PathsInEra paths_in_era(registry_, paths_, subtree.era, subtree.day, deadline);
  const std::string& root = subtree.root;
  const std::string root_prefix = root + "/";
  // Those kept are moved to the front, in order.
  size_t kept = 0;
  paths.reserve(rows.size());
  for (ObligationRow& o : rows) {
    absl::StatusOr<std::string> path = paths_in_era.PathOf(o);
    if (!path.ok()) return path.status();
    const bool in =
        root.empty() ? *path != "?" : (*path == root || absl::StartsWith(*path, root_prefix));
    if (!in) continue;
    // The obligation's recipient is not among the columns a count reads:
    // a caller with no subtree counts what its own agency owes.
    if (!scope.everything) {
      access::Target target;
      target.agency = o.agency_id;
      target.unit_path = *path;
      if (!scope.Allows(target)) continue;
    }
    if (&rows[kept] != &o) rows[kept] = std::move(o);
    ++kept;
    paths.push_back(std::move(*path));
  }
  rows.resize(kept);
  return absl::OkStatus();
}

v1::Compliance ComplianceCalculator::Tally(const ComplianceQuery& query, const Subtree& subtree,
                                           const std::vector<ObligationRow>& inside,
                                           const std::vector<std::string>& paths,
                                           const KnownAgencies& agencies, absl::Time deadline) {
  const std::string day_text = time::FormatDate(query.day);
  const std::string& root = subtree.root;
  v1::Compliance compliance;
  compliance.set_unit(query.unit_name);
  compliance.set_period(query.period);
  time::DayToProto(query.day, compliance.mutable_as_of());
  time::DayToProto(query.units_day, compliance.mutable_units_as_of());
  std::map<std::string, v1::ComplianceCounts> by_agency, by_child;
  for (size_t i = 0; i < inside.size(); ++i) {
    const ObligationRow& o = inside[i];
    const std::string& path = paths[i];
    Count(o, day_text, compliance.mutable_total());
    if (!query.omit_agencies) Count(o, day_text, &by_agency[o.agency_id]);
    // The child of the root the obligation falls under (or the root itself).
    std::string child = query.unit_code;
    const std::string rest = root.empty() ? path : path == root ? "" : path.substr(root.size() + 1);
    if (!rest.empty()) child = rest.substr(0, rest.find('/'));
    Count(o, day_text, &by_child[child]);
  }
  Rates(compliance.mutable_total());
  for (auto& [id, counts] : by_agency) {
    v1::Compliance::Group* group = compliance.add_by_agency();
    group->set_key(absl::StrCat("agencies/", id));
    if (auto it = agencies.find(id); it != agencies.end()) {
      group->set_display_name(it->second->agency.display_name());
    }
    Rates(&counts);
    *group->mutable_counts() = counts;
  }
  for (auto& [code, counts] : by_child) {
    v1::Compliance::Group* group = compliance.add_by_child_unit();
    group->set_key(code.empty() ? "" : absl::StrCat("units/", code));
    if (!code.empty()) {
      absl::StatusOr<std::string> name = registry_.DisplayNameAt(code, query.units_day, deadline);
      if (name.ok()) group->set_display_name(*name);
    } else {
      group->set_display_name("national bodies");
    }
    Rates(&counts);
    *group->mutable_counts() = counts;
  }
  return compliance;
}

}  // namespace interplan::reporting
