// The indicator catalogue: stored in the service's database, held in
// memory for validation and roll-ups, seeded with the shipped catalogue at
// start-up, extensible through CreateIndicator. Several replicas of the
// service share one database: an indicator another replica created is read
// from the database when first asked for (Find), and a list reads the
// catalogue again.
#ifndef INTERPLAN_SERVICES_REPORTING_INDICATOR_CATALOGUE_H_
#define INTERPLAN_SERVICES_REPORTING_INDICATOR_CATALOGUE_H_

#include <map>
#include <optional>
#include <shared_mutex>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "common/auth/rate_limiter.h"
#include "common/storage/audit_log.h"
#include "common/storage/database.h"
#include "interplan/reporting/v1/reporting.pb.h"

namespace interplan::reporting {

class IndicatorCatalogue {
 public:
  explicit IndicatorCatalogue(storage::Database& db) : db_(db) {}

  // Stores the shipped indicators not there yet, then loads everything.
  absl::Status SeedAndLoad(const std::vector<v1::Indicator>& shipped);

  // By code ("NSGE-1.1") or name ("indicators/NSGE-1.1"); one not held
  // yet is looked up in the database. Never called inside a transaction.
  std::optional<v1::Indicator> Find(absl::string_view code_or_name) const;
  absl::StatusOr<v1::Indicator> GetIndicator(const v1::GetIndicatorRequest& request) const;
  absl::StatusOr<v1::ListIndicatorsResponse> ListIndicators(
      const v1::ListIndicatorsRequest& request);
  absl::StatusOr<v1::Indicator> CreateIndicator(const v1::CreateIndicatorRequest& request,
                                                storage::AuditEvent* audit = nullptr);

 private:
  // Checks an indicator against the rules and the rest of the catalogue.
  absl::Status Check(const v1::Indicator& indicator, const std::string& prefix) const;
  absl::Status Reload();
  // `code` from the database, kept when found.
  std::optional<v1::Indicator> LoadOne(const std::string& code) const;

  storage::Database& db_;
  mutable std::shared_mutex mu_;
  // Bounds the database lookups of codes not held: a report naming 100,000
  // unknown indicators costs at most the burst, not 100,000 reads. Past
  // it, a code not held is unknown (a report refused for an indicator
  // another replica created that second can be sent again).
  mutable auth::RateLimiter lookups_{{.per_second = 20, .burst = 100}};
  // A cache of the database's table: Find fills it from a const method.
  mutable std::map<std::string, v1::Indicator> by_code_ ABSL_GUARDED_BY(mu_);
};

// "indicators/<code>".
std::string IndicatorName(absl::string_view code);

}  // namespace interplan::reporting

#endif  // INTERPLAN_SERVICES_REPORTING_INDICATOR_CATALOGUE_H_
