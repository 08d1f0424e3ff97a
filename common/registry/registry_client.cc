#include "common/registry/registry_client.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/errors/errors.h"
#include "common/errors/grpc_status.h"
#include "common/time/date.h"
#include "common/time/validity.h"

namespace interplan {
namespace {

namespace av1 = ::interplan::agencies::v1;

constexpr absl::Duration kCallTimeout = absl::Seconds(10);

std::unique_ptr<grpc::ClientContext> ContextWithDeadline(absl::Time deadline) {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(absl::ToChronoTime(std::min(deadline, absl::Now() + kCallTimeout)));
  return context;
}

bool Unreachable(const grpc::Status& status) {
  return status.error_code() == grpc::StatusCode::UNAVAILABLE ||
         status.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED;
}

absl::Status AgenciesUnavailable(const grpc::Status& status) {
  return UnavailableError(
      absl::StrCat("interplan-agencies is unavailable: ", status.error_message()),
      absl::Seconds(2));
}

}  // namespace

RegistryClient::RegistryClient(storage::Database& db, std::shared_ptr<grpc::Channel> channel)
    : db_(db),
      agencies_(av1::AgencyService::NewStub(channel)),
      units_(av1::UnitService::NewStub(channel)) {}

absl::StatusOr<std::map<std::string, av1::Agency>> RegistryClient::Agencies(
    const std::set<std::string>& ids, absl::Time deadline) {
  std::map<std::string, av1::Agency> found;
  if (ids.empty()) return found;
  av1::BatchGetAgenciesRequest request;
  for (const std::string& id : ids) request.add_names(absl::StrCat("agencies/", id));
  av1::BatchGetAgenciesResponse response;
  grpc::Status status =
      agencies_->BatchGetAgencies(ContextWithDeadline(deadline).get(), request, &response);
  if (status.ok()) {
    // Only what changed is written: reads that ask for agencies every
    // time (compliance, obligations) would otherwise rewrite them all.
    std::map<std::string, std::string> changed;
    {
      std::lock_guard<std::mutex> lock(mu_);
      for (const av1::Agency& agency : response.agencies()) {
        std::string data = agency.SerializeAsString();
        auto it = stored_agencies_.find(agency.name().substr(9));
        if (it == stored_agencies_.end() || it->second != data) {
          changed[agency.name().substr(9)] = std::move(data);
        }
      }
    }
    if (!changed.empty()) {
      absl::Status stored = db_.Write([&](storage::Transaction& txn) -> absl::Status {
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
    }
    for (const av1::Agency& agency : response.agencies()) found[agency.name().substr(9)] = agency;
    return found;
  }
  if (!Unreachable(status)) return FromGrpcStatus(status);
  // From memory, if everything asked for is remembered.
  absl::Status read = db_.Read([&](storage::Transaction& txn) -> absl::Status {
    for (const std::string& id : ids) {
      absl::StatusOr<std::vector<storage::Row>> rows =
          txn.Query("SELECT data FROM known_agencies WHERE id = $1", {id});
      if (!rows.ok()) return rows.status();
      if (rows->empty()) return AgenciesUnavailable(status);
      av1::Agency agency;
      agency.ParseFromString((*rows)[0][0].AsBytes());
      found[id] = std::move(agency);
    }
    return absl::OkStatus();
  });
  if (!read.ok()) return read;
  return found;
}

absl::StatusOr<std::optional<av1::Unit>> RegistryClient::RememberedUnit(const std::string& code,
                                                                        absl::CivilDay day) {
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

absl::StatusOr<std::optional<av1::Unit>> RegistryClient::UnitAt(const std::string& code,
                                                                absl::CivilDay day,
                                                                absl::Time deadline) {
  const std::string memo_key = absl::StrCat(code, "@", time::FormatDate(day));
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
  av1::GetUnitRequest request;
  request.set_name(absl::StrCat("units/", code));
  time::DayToProto(day, request.mutable_as_of());
  av1::Unit unit;
  grpc::Status status = units_->GetUnit(ContextWithDeadline(deadline).get(), request, &unit);
  if (status.error_code() == grpc::StatusCode::NOT_FOUND) {
    std::lock_guard<std::mutex> lock(mu_);
    unit_memo_[memo_key] = std::nullopt;
    return std::optional<av1::Unit>();
  }
  if (!status.ok()) {
    return Unreachable(status) ? AgenciesUnavailable(status) : FromGrpcStatus(status);
  }
  absl::StatusOr<time::Validity> validity =
      time::Validity::FromProto(unit.valid_from(), unit.valid_to(), "valid_from", "valid_to");
  if (!validity.ok()) return validity.status();
  absl::Status stored = db_.Write([&](storage::Transaction& txn) {
    return txn
        .Execute(
            "INSERT INTO known_units (code, valid_from, valid_to, data) VALUES ($1, $2, $3, $4)"
            " ON CONFLICT (code, valid_from) DO UPDATE SET valid_to = $3, data = $4",
            {code, validity->StoredFrom(), validity->StoredTo(),
             storage::Blob{unit.SerializeAsString()}})
        .status();
  });
  if (!stored.ok()) return stored;
  std::lock_guard<std::mutex> lock(mu_);
  unit_memo_[memo_key] = unit;
  return std::optional<av1::Unit>(unit);
}

absl::StatusOr<std::string> RegistryClient::EraAt(absl::CivilDay day, absl::Time deadline) {
  const std::string date = time::FormatDate(day);
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = era_memo_.find(date);
    if (it != era_memo_.end()) return it->second;
  }
  av1::ListUnitsRequest request;
  request.set_level(av1::PROVINCE_LEVEL);
  time::DayToProto(day, request.mutable_as_of());
  request.set_page_size(1);
  av1::ListUnitsResponse response;
  grpc::Status status = units_->ListUnits(ContextWithDeadline(deadline).get(), request, &response);
  std::string era;
  if (status.ok() && !response.units().empty()) {
    absl::StatusOr<time::Validity> validity = time::Validity::FromProto(
        response.units(0).valid_from(), response.units(0).valid_to(), "", "");
    if (!validity.ok()) return validity.status();
    era = validity->StoredFrom();
  } else if (status.ok() || Unreachable(status)) {
    // From the units seen so far: the latest list that began by `day`.
    absl::StatusOr<std::vector<std::string>> eras = Eras();
    if (!eras.ok()) return eras.status();
    era = time::kOpenStart;
    for (const std::string& e : *eras) {
      if (e <= date) era = e;
    }
    if (!status.ok()) return era;  // not remembered: agencies may know better next time
  } else {
    return FromGrpcStatus(status);
  }
  std::lock_guard<std::mutex> lock(mu_);
  era_memo_[date] = era;
  return era;
}

absl::StatusOr<std::vector<std::string>> RegistryClient::Eras() {
  std::vector<std::string> eras = {time::kOpenStart};
  absl::Status status = db_.Read([&](storage::Transaction& txn) -> absl::Status {
    absl::StatusOr<std::vector<storage::Row>> rows =
        txn.Query("SELECT DISTINCT valid_from FROM known_units ORDER BY valid_from");
    if (!rows.ok()) return rows.status();
    for (const storage::Row& row : *rows) {
      if (row[0].AsText() != time::kOpenStart) eras.push_back(row[0].AsText());
    }
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return eras;
}

absl::StatusOr<std::vector<av1::Unit>> RegistryClient::Children(const std::string& code,
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
    av1::ListUnitsResponse response;
    grpc::Status status =
        units_->ListUnits(ContextWithDeadline(deadline).get(), request, &response);
    if (!status.ok()) {
      return Unreachable(status) ? AgenciesUnavailable(status) : FromGrpcStatus(status);
    }
    for (av1::Unit& unit : *response.mutable_units()) children.push_back(std::move(unit));
    request.set_page_token(response.next_page_token());
  } while (!request.page_token().empty());
  std::lock_guard<std::mutex> lock(mu_);
  children_memo_[memo_key] = children;
  return children;
}

}  // namespace interplan
