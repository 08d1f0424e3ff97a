// Which views a caller may see (common/access/access_policy.h applied to
// the gateway): the national overview and indicator progress cover the
// whole country, so only callers who read everything (ministry, operator,
// service; anyone with --auth=off) get them; a province overview needs the
// province inside the caller's read scope (a provincial coordinator's own
// province, an agency's own unit); an agency's workload, that agency or one
// in the caller's scope. A refusal is PERMISSION_DENIED naming the view's
// resource, before anything is fanned out or cached.
//
// Units and agencies are looked up in interplan-agencies (the gateway keeps
// no database): the unit versions are remembered, history does not change.
#ifndef INTERPLAN_GATEWAY_VIEW_ACCESS_H_
#define INTERPLAN_GATEWAY_VIEW_ACCESS_H_

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "common/access/access_policy.h"
#include "common/call/call_context.h"
#include "common/clients/agencies_client.h"
#include "common/clients/unit_lookup.h"
#include "google/type/date.pb.h"
#include "interplan/gateway/v1/gateway.pb.h"

namespace interplan::gateway {

// UnitLookup over interplan-agencies' GetUnit, remembered per code and day.
class RemoteUnits : public UnitLookup {
 public:
  // `agencies` is not owned; it outlives this.
  explicit RemoteUnits(AgenciesClient& agencies);
  absl::StatusOr<std::optional<agencies::v1::Unit>> UnitAt(const std::string& code,
                                                           absl::CivilDay day,
                                                           absl::Time deadline) override;

 private:
  AgenciesClient& agencies_;
  std::mutex mu_;
  std::map<std::string, std::optional<agencies::v1::Unit>> memo_
      ABSL_GUARDED_BY(mu_);  // "code@day"
};

// The day a view's as_of names, or today when it names none or a bad one.
absl::CivilDay AsOfOrToday(const google::type::Date& as_of);

class ViewAccess {
 public:
  // `agencies` is not owned; it outlives this.
  explicit ViewAccess(AgenciesClient& agencies);

  // Whether `call` may read the view `request` asks for, whichever way it
  // came (gRPC or HTTP).
  absl::Status MayRead(const CallContext& call, const v1::GetNationalOverviewRequest& request);
  absl::Status MayRead(const CallContext& call, const v1::GetProvinceOverviewRequest& request);
  absl::Status MayRead(const CallContext& call, const v1::GetIndicatorProgressRequest& request);
  absl::Status MayRead(const CallContext& call, const v1::GetAgencyWorkloadRequest& request);

 private:
  // A view of the whole country: `resource` names it in a refusal
  // ("overviews/national", "indicators/X/progress").
  absl::Status CheckNational(const CallContext& call, const std::string& resource);
  // A view of `unit` ("units/51") as of `day`.
  absl::Status CheckUnit(const CallContext& call, const std::string& unit, absl::CivilDay day);
  // A view of `agency` ("agencies/x").
  absl::Status CheckAgency(const CallContext& call, const std::string& agency);

  RemoteUnits units_;
  access::AccessPolicy policy_;
  AgenciesClient& agencies_;
};

}  // namespace interplan::gateway

#endif  // INTERPLAN_GATEWAY_VIEW_ACCESS_H_
