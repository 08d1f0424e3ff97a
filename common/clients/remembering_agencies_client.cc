#include "common/clients/remembering_agencies_client.h"

#include <set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/clients/call_deadline.h"
#include "common/errors/errors.h"
#include "common/time/date.h"
#include "common/time/unit_era.h"
#include "common/time/validity.h"

namespace interplan {
namespace {

namespace av1 = ::interplan::agencies::v1;

// "agencies/dong-nai-ubnd" -> "dong-nai-ubnd".
std::string AgencyId(const av1::Agency& agency) { return agency.name().substr(9); }

absl::Status AgenciesUnavailable(const absl::Status& status) {
  return UnavailableError(absl::StrCat("interplan-agencies is unavailable: ", status.message()),
                          absl::Seconds(2));
}

// A failed call as this client reports it: unreachable becomes UNAVAILABLE
// with a retry delay; anything else is passed on as it came.
absl::Status CallFailed(const absl::Status& status) {
  return IsUnreachable(status) ? AgenciesUnavailable(status) : status;
}

// The key of unit `code` on `day` in the unit memo.
std::string UnitMemoKey(const std::string& code, absl::CivilDay day) {
  return absl::StrCat(code, "@", time::FormatDate(day));
}

}  // namespace

RememberingAgenciesClient::RememberingAgenciesClient(storage::Database& db,
                                                     AgenciesClient& agencies)
    : db_(db), agencies_(agencies) {}

absl::StatusOr<std::map<std::string, av1::Agency>> RememberingAgenciesClient::Agencies(
    const std::set<std::string>& ids, absl::Time deadline) {
  std::map<std::string, av1::Agency> found;
  if (ids.empty()) return found;
  av1::BatchGetAgenciesRequest request;
  for (const std::string& id : ids) request.add_names(absl::StrCat("agencies/", id));
  absl::StatusOr<av1::BatchGetAgenciesResponse> response =
      agencies_.BatchGetAgencies(request, deadline);
  if (!response.ok()) {
    if (!IsUnreachable(response.status())) return response.status();
    return RememberedAgencies(ids, response.status());
  }
  if (absl::Status stored = RememberAgencies(*response); !stored.ok()) return stored;
  for (const av1::Agency& agency : response->agencies()) found[AgencyId(agency)] = agency;
  return found;
}

absl::Status RememberingAgenciesClient::RememberAgencies(
    const av1::BatchGetAgenciesResponse& response) {
  // Only what changed is written: reads that ask for agencies every time
  // (compliance, obligations) would otherwise rewrite them all.
  std::map<std::string, std::string> changed;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (const av1::Agency& agency : response.agencies()) {
      std::string data = agency.SerializeAsString();
      auto it = stored_agencies_.find(AgencyId(agency));
      if (it == stored_agencies_.end() || it->second != data) {
        changed[AgencyId(agency)] = std::move(data);
      }
    }
  }
  if (changed.empty()) return absl::OkStatus();
  // READ COMMITTED: each row is a copy of what interplan-agencies said,
  // replaced in one statement; nothing is decided on what was read, so
  // replicas remembering one agency at once need no lock (the last wins).
  absl::Status stored = db_.WriteReadCommitted([&](storage::Transaction& txn) -> absl::Status {
    for (const auto& [id, data] : changed) {
      absl::Status s =
          txn.Execute(
                 "INSERT INTO known_agencies (id, data, fetch_time_micros) VALUES ($1, $2, $3)"
                 " ON CONFLICT (id) DO UPDATE SET data = $2, fetch_time_micros = $3",
                 {id, storage::Blob{data}, absl::ToUnixMicros(absl::Now())})
              .status();
      if (!s.ok()) return s;
    }
    return absl::OkStatus();
  });
  if (!stored.ok()) return stored;
  std::lock_guard<std::mutex> lock(mu_);
  for (auto& [id, data] : changed) stored_agencies_[id] = std::move(data);
  return absl::OkStatus();
}

absl::StatusOr<std::map<std::string, av1::Agency>> RememberingAgenciesClient::RememberedAgencies(
    const std::set<std::string>& ids, const absl::Status& unreachable) {
  std::map<std::string, av1::Agency> found;
  absl::Status read = db_.Read([&](storage::Transaction& txn) -> absl::Status {
    for (const std::string& id : ids) {
      absl::StatusOr<std::vector<storage::Row>> rows =
          txn.Query("SELECT data FROM known_agencies WHERE id = $1", {id});
      if (!rows.ok()) return rows.status();
      if (rows->empty()) return AgenciesUnavailable(unreachable);
      av1::Agency agency;
      agency.ParseFromString((*rows)[0][0].AsBytes());
      found[id] = std::move(agency);
    }
    return absl::OkStatus();
  });
  if (!read.ok()) return read;
  return found;
}

absl::StatusOr<std::optional<av1::Unit>> RememberingAgenciesClient::RememberedUnit(
    const std::string& code, absl::CivilDay day) {
  std::optional<av1::Unit> unit;
  const std::string date = time::FormatDate(day);
  absl::Status status = db_.Read([&](storage::Transaction& txn) -> absl::Status {
    absl::StatusOr<std::vector<storage::Row>> rows = txn.Query(
        "SELECT data FROM known_units WHERE code = $1 AND valid_from <= $2 AND valid_to >= $2",
        {code, date});
    if (!rows.ok()) return rows.status();
    if (rows->empty()) return absl::OkStatus();
    unit.emplace();
    unit->ParseFromString((*rows)[0][0].AsBytes());
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return unit;
}

absl::Status RememberingAgenciesClient::RememberUnit(const std::string& code,
                                                     const av1::Unit& unit) {
  absl::StatusOr<time::Validity> validity =
      time::Validity::FromProto(unit.valid_from(), unit.valid_to(), "valid_from", "valid_to");
  if (!validity.ok()) return validity.status();
  // READ COMMITTED, as RememberAgencies: one upsert of a copy.
  return db_.WriteReadCommitted([&](storage::Transaction& txn) {
    return txn
        .Execute(
            "INSERT INTO known_units (code, valid_from, valid_to, data) VALUES ($1, $2, $3, $4)"
            " ON CONFLICT (code, valid_from) DO UPDATE SET valid_to = $3, data = $4",
            {code, validity->StoredFrom(), validity->StoredTo(),
             storage::Blob{unit.SerializeAsString()}})
        .status();
  });
}

absl::StatusOr<std::optional<av1::Unit>> RememberingAgenciesClient::UnitAt(const std::string& code,
                                                                           absl::CivilDay day,
                                                                           absl::Time deadline) {
  const std::string memo_key = UnitMemoKey(code, day);
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = unit_memo_.find(memo_key);
    if (it != unit_memo_.end()) return it->second;
  }
  absl::StatusOr<std::optional<av1::Unit>> remembered = RememberedUnit(code, day);
  if (!remembered.ok()) return remembered.status();
  if (remembered->has_value()) {
    std::lock_guard<std::mutex> lock(mu_);
    unit_memo_[memo_key] = *remembered;
    return remembered;
  }
  absl::StatusOr<av1::Unit> unit = AskUnit(code, day, deadline);
  if (absl::IsNotFound(unit.status())) {
    std::lock_guard<std::mutex> lock(mu_);
    unit_memo_[memo_key] = std::nullopt;
    return std::optional<av1::Unit>();
  }
  if (!unit.ok()) return CallFailed(unit.status());
  if (absl::Status stored = RememberUnit(code, *unit); !stored.ok()) return stored;
  std::lock_guard<std::mutex> lock(mu_);
  unit_memo_[memo_key] = *unit;
  return std::optional<av1::Unit>(*std::move(unit));
}

absl::StatusOr<av1::Unit> RememberingAgenciesClient::AskUnit(const std::string& code,
                                                             absl::CivilDay day,
                                                             absl::Time deadline) {
  av1::GetUnitRequest request;
  request.set_name(absl::StrCat("units/", code));
  time::DayToProto(day, request.mutable_as_of());
  return agencies_.GetUnit(request, deadline);
}

absl::StatusOr<std::string> RememberingAgenciesClient::DisplayNameAt(const std::string& code,
                                                                     absl::CivilDay day,
                                                                     absl::Time deadline) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = unit_memo_.find(UnitMemoKey(code, day));
    if (it != unit_memo_.end()) {
      return it->second.has_value() ? it->second->display_name() : std::string();
    }
  }
  absl::StatusOr<std::optional<av1::Unit>> unit = UnitAt(code, day, deadline);
  if (!unit.ok()) return unit.status();
  return unit->has_value() ? (*unit)->display_name() : std::string();
}

absl::StatusOr<std::optional<av1::Unit>> RememberingAgenciesClient::FreshUnitAt(
    const std::string& code, absl::CivilDay day, absl::Time deadline) {
  const std::string memo_key = UnitMemoKey(code, day);
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = unit_memo_.find(memo_key);
    if (refreshed_.count(memo_key) > 0 && it != unit_memo_.end()) return it->second;
  }
  absl::StatusOr<av1::Unit> unit = AskUnit(code, day, deadline);
  if (absl::IsNotFound(unit.status())) {
    std::lock_guard<std::mutex> lock(mu_);
    unit_memo_[memo_key] = std::nullopt;
    refreshed_.insert(memo_key);
    return std::optional<av1::Unit>();
  }
  // Any other failure: what UnitAt knows (memory first) is no worse.
  if (!unit.ok()) return UnitAt(code, day, deadline);
  if (absl::Status stored = RememberUnit(code, *unit); !stored.ok()) return stored;
  std::lock_guard<std::mutex> lock(mu_);
  unit_memo_[memo_key] = *unit;
  refreshed_.insert(memo_key);
  return std::optional<av1::Unit>(*std::move(unit));
}

absl::StatusOr<std::string> RememberingAgenciesClient::EraAt(absl::CivilDay day,
                                                             absl::Time deadline) {
  const std::string date = time::FormatDate(day);
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = era_memo_.find(date);
    if (it != era_memo_.end()) return it->second;
  }
  av1::ListUnitsRequest request;
  request.set_level(av1::UNIT_LEVEL_PROVINCE);
  time::DayToProto(day, request.mutable_as_of());
  request.set_page_size(1);
  absl::StatusOr<av1::ListUnitsResponse> response = agencies_.ListUnits(request, deadline);
  std::string era;
  if (response.ok() && !response->units().empty()) {
    absl::StatusOr<time::Validity> validity = time::Validity::FromProto(
        response->units(0).valid_from(), response->units(0).valid_to(), "", "");
    if (!validity.ok()) return validity.status();
    era = time::EraOfStoredDay(validity->StoredFrom());
  } else if (response.ok() || IsUnreachable(response.status())) {
    // From the units seen so far: the latest list that began by `day`.
    absl::StatusOr<std::vector<std::string>> eras = Eras();
    if (!eras.ok()) return eras.status();
    era = time::kOpenStart;
    for (const std::string& e : *eras) {
      if (e <= date) era = e;
    }
    if (!response.ok()) return era;  // not remembered: agencies may know better next time
  } else {
    return response.status();
  }
  std::lock_guard<std::mutex> lock(mu_);
  era_memo_[date] = era;
  return era;
}

absl::StatusOr<std::vector<std::string>> RememberingAgenciesClient::Eras() {
  std::set<std::string> eras = {time::kOpenStart};
  absl::Status status = db_.Read([&](storage::Transaction& txn) -> absl::Status {
    absl::StatusOr<std::vector<storage::Row>> rows =
        txn.Query("SELECT DISTINCT valid_from FROM known_units");
    if (!rows.ok()) return rows.status();
    for (const storage::Row& row : *rows) eras.insert(time::EraOfStoredDay(row[0].AsText()));
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return std::vector<std::string>(eras.begin(), eras.end());
}

absl::StatusOr<std::vector<av1::Unit>> RememberingAgenciesClient::Children(const std::string& code,
                                                                           absl::CivilDay day,
                                                                           absl::Time deadline) {
  const std::string memo_key = absl::StrCat(code, "@", time::FormatDate(day));
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = children_memo_.find(memo_key);
    if (it != children_memo_.end()) return it->second;
  }
  av1::ListUnitsRequest request;
  if (!code.empty()) request.set_parent(absl::StrCat("units/", code));
  time::DayToProto(day, request.mutable_as_of());
  request.set_page_size(1000);
  std::vector<av1::Unit> children;
  do {
    absl::StatusOr<av1::ListUnitsResponse> response = agencies_.ListUnits(request, deadline);
    if (!response.ok()) return CallFailed(response.status());
    for (av1::Unit& unit : *response->mutable_units()) children.push_back(std::move(unit));
    request.set_page_token(response->next_page_token());
  } while (!request.page_token().empty());
  std::lock_guard<std::mutex> lock(mu_);
  children_memo_[memo_key] = children;
  return children;
}

}  // namespace interplan
