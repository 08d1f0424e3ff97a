#include "services/reporting/indicator_catalogue.h"

#include <mutex>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/api/list_window.h"
#include "common/api/text_fields.h"
#include "common/errors/errors.h"
#include "common/storage/request_log.h"

namespace interplan::reporting {
namespace {

constexpr char kIndicatorType[] = "interplan.reporting.v1.Indicator";

bool IsIndicatorCode(absl::string_view code) {
  if (code.empty() || code.size() > 64) return false;
  for (char c : code) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '.' || c == '_';
    if (!ok) return false;
  }
  return true;
}

absl::string_view CodeOf(absl::string_view code_or_name) {
  if (absl::StartsWith(code_or_name, "indicators/")) code_or_name.remove_prefix(11);
  return code_or_name;
}

}  // namespace

std::string IndicatorName(absl::string_view code) { return absl::StrCat("indicators/", code); }

absl::Status IndicatorCatalogue::Reload() {
  std::map<std::string, v1::Indicator> loaded;
  absl::Status status = db_.Read([&](storage::Transaction& txn) -> absl::Status {
    loaded.clear();
    absl::StatusOr<std::vector<storage::Row>> rows = txn.Query("SELECT data FROM indicators");
    if (!rows.ok()) return rows.status();
    for (const storage::Row& row : *rows) {
      v1::Indicator indicator;
      if (!indicator.ParseFromString(row[0].AsBytes())) {
        return absl::DataLossError("stored indicator does not parse");
      }
      loaded[indicator.code()] = std::move(indicator);
    }
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  std::unique_lock<std::shared_mutex> lock(mu_);
  by_code_ = std::move(loaded);
  return absl::OkStatus();
}

absl::Status IndicatorCatalogue::SeedAndLoad(const std::vector<v1::Indicator>& shipped) {
  // READ COMMITTED: each insert stands alone, and the code's primary key
  // settles replicas seeding at once (ON CONFLICT DO NOTHING).
  absl::Status status = db_.WriteReadCommitted([&](storage::Transaction& txn) -> absl::Status {
    for (const v1::Indicator& indicator : shipped) {
      v1::Indicator stored = indicator;
      stored.set_name(IndicatorName(indicator.code()));
      absl::Status inserted =
          txn.Execute(
                 "INSERT INTO indicators (code, data, create_time_micros) VALUES ($1, $2, $3)"
                 " ON CONFLICT DO NOTHING",
                 {indicator.code(), storage::Blob{stored.SerializeAsString()},
                  absl::ToUnixMicros(absl::Now())})
              .status();
      if (!inserted.ok()) return inserted;
    }
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return Reload();
}

std::optional<v1::Indicator> IndicatorCatalogue::Find(absl::string_view code_or_name) const {
  const std::string code(CodeOf(code_or_name));
  {
    std::shared_lock<std::shared_mutex> lock(mu_);
    auto it = by_code_.find(code);
    if (it != by_code_.end()) return it->second;
  }
  if (!IsIndicatorCode(code) || !lookups_.Admit("indicator lookups").ok()) return std::nullopt;
  return LoadOne(code);
}

std::optional<v1::Indicator> IndicatorCatalogue::LoadOne(const std::string& code) const {
  std::optional<v1::Indicator> found;
  absl::Status status = db_.Read([&](storage::Transaction& txn) -> absl::Status {
    found.reset();
    absl::StatusOr<std::vector<storage::Row>> rows =
        txn.Query("SELECT data FROM indicators WHERE code = $1", {code});
    if (!rows.ok()) return rows.status();
    if (rows->empty()) return absl::OkStatus();
    v1::Indicator indicator;
    if (!indicator.ParseFromString((*rows)[0][0].AsBytes())) {
      return absl::DataLossError("stored indicator does not parse");
    }
    found = std::move(indicator);
    return absl::OkStatus();
  });
  if (!status.ok() || !found.has_value()) return std::nullopt;
  std::unique_lock<std::shared_mutex> lock(mu_);
  by_code_[code] = *found;
  return found;
}

absl::StatusOr<v1::Indicator> IndicatorCatalogue::GetIndicator(
    const v1::GetIndicatorRequest& request) const {
  if (!absl::StartsWith(request.name(), "indicators/")) {
    return InvalidFieldError("name", "is not of the form indicators/{code}");
  }
  std::optional<v1::Indicator> found = Find(request.name());
  if (!found.has_value()) return ResourceNotFoundError(kIndicatorType, request.name());
  return *found;
}

absl::StatusOr<v1::ListIndicatorsResponse> IndicatorCatalogue::ListIndicators(
    const v1::ListIndicatorsRequest& request) {
  // What other replicas created since: the list is read whole again (tens
  // of rows); a failed read lists what this one knows.
  Reload().IgnoreError();
  FieldViolations violations;
  const ListWindow window =
      ListWindow::Of(request, request.page_size(), request.page_token(), 100, 1000, &violations);
  if (!violations.empty()) return violations.ToStatus();
  v1::ListIndicatorsResponse response;
  std::shared_lock<std::shared_mutex> lock(mu_);
  for (auto it = by_code_.upper_bound(window.after()); it != by_code_.end(); ++it) {
    if (response.indicators_size() == window.page_size()) {
      response.set_next_page_token(window.TokenAfter(response.indicators().rbegin()->code()));
      break;
    }
    *response.add_indicators() = it->second;
  }
  return response;
}

absl::Status IndicatorCatalogue::Check(const v1::Indicator& indicator,
                                       const std::string& prefix) const {
  FieldViolations violations;
  if (!IsIndicatorCode(indicator.code())) {
    violations.Add(prefix + "code", "must be 1-64 letters, digits, '-', '.' or '_'");
  }
  if (indicator.display_name_vi().empty()) {
    violations.Add(prefix + "display_name_vi", "is required");
  }
  if (indicator.measure() == v1::MEASURE_UNSPECIFIED) {
    violations.Add(prefix + "measure", "is required");
  }
  if (indicator.aggregation() == v1::AGGREGATION_RULE_UNSPECIFIED) {
    violations.Add(prefix + "aggregation", "is required");
  }
  if (indicator.aggregation() == v1::AGGREGATION_RULE_RATIO_OF_SUMS) {
    for (const auto& [field, name] : {std::pair{"numerator", indicator.numerator()},
                                      std::pair{"denominator", indicator.denominator()}}) {
      if (name.empty()) {
        violations.Add(prefix + field, "a ratio of sums needs it");
      } else if (!Find(name).has_value()) {
        violations.Add(prefix + field, absl::StrCat("unknown indicator ", name));
      }
    }
  }
  if (indicator.aggregation() == v1::AGGREGATION_RULE_SUM &&
      indicator.measure() != v1::MEASURE_COUNT) {
    violations.Add(prefix + "aggregation", "only counts are summed");
  }
  std::set<int> seen;
  for (int i = 0; i < indicator.disaggregations_size(); ++i) {
    if (indicator.disaggregations(i) == v1::DISAGGREGATION_UNSPECIFIED ||
        !seen.insert(indicator.disaggregations(i)).second) {
      violations.Add(absl::StrCat(prefix, "disaggregations[", i, "]"),
                     "unspecified or listed twice");
    }
  }
  return violations.ToStatus();
}

absl::StatusOr<v1::Indicator> IndicatorCatalogue::CreateIndicator(
    const v1::CreateIndicatorRequest& request, storage::AuditEvent* audit) {
  v1::Indicator indicator = request.indicator();
  FieldViolations violations;
  CleanTextFields(&indicator, "indicator", violations);
  if (!violations.empty()) return violations.ToStatus();
  indicator.set_name(IndicatorName(indicator.code()));
  absl::Status checked = Check(indicator, "indicator.");
  if (!checked.ok()) return checked;
  v1::Indicator response;
  // READ COMMITTED: the code's primary key decides which of two creations
  // of one code wins (ON CONFLICT DO NOTHING: the loser inserts nothing).
  absl::Status status = storage::RunIdempotentWith(
      db_,
      [this](absl::FunctionRef<absl::Status(storage::Transaction&)> work) {
        return db_.WriteReadCommitted(work);
      },
      "CreateIndicator", request.request_id(), request, &response,
      [&](storage::Transaction& txn, google::protobuf::Message* out) -> absl::Status {
        absl::StatusOr<int64_t> inserted = txn.Execute(
            "INSERT INTO indicators (code, data, create_time_micros) VALUES ($1, $2, $3)"
            " ON CONFLICT DO NOTHING",
            {indicator.code(), storage::Blob{indicator.SerializeAsString()},
             absl::ToUnixMicros(absl::Now())});
        if (!inserted.ok()) return inserted.status();
        if (*inserted == 0) {
          return WithErrorInfo(
              absl::AlreadyExistsError(absl::StrCat(indicator.name(), " already exists")),
              "ALREADY_EXISTS", {{"resource", indicator.name()}});
        }
        static_cast<v1::Indicator*>(out)->CopyFrom(indicator);
        return absl::OkStatus();
      },
      audit);
  if (!status.ok()) return status;
  std::unique_lock<std::shared_mutex> lock(mu_);
  by_code_[indicator.code()] = indicator;
  return response;
}

}  // namespace interplan::reporting
