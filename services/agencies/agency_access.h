// Who may do what with units and agencies once calls are authenticated
// (--auth=on; with it off there is no principal and everything is
// allowed, see common/access/access_policy.h):
//
// - Units and agencies are reference data: every authenticated caller
//   reads them (GetUnit, ListUnits, GetAgency, ListAgencies, ...), so
//   reads need no check.
// - Every write (ImportUnits, CreateAgency, UpdateAgency, RetireAgency) is
//   the OPERATOR's alone.
//
// The registries ask first, before anything is read or written; a refusal
// is PERMISSION_DENIED naming the resource (ROLE_NOT_ALLOWED).
#ifndef INTERPLAN_SERVICES_AGENCIES_AGENCY_ACCESS_H_
#define INTERPLAN_SERVICES_AGENCIES_AGENCY_ACCESS_H_

#include "absl/status/status.h"
#include "common/call/call_context.h"
#include "interplan/agencies/v1/agencies.pb.h"
#include "interplan/agencies/v1/units.pb.h"

namespace interplan::agencies {

class AgencyAccess {
 public:
  static absl::Status MayImportUnits(const CallContext& call);
  // Names "agencies/<agency_id>", or "agencies" without one.
  static absl::Status MayCreateAgency(const CallContext& call,
                                      const v1::CreateAgencyRequest& request);
  static absl::Status MayUpdateAgency(const CallContext& call,
                                      const v1::UpdateAgencyRequest& request);
  static absl::Status MayRetireAgency(const CallContext& call,
                                      const v1::RetireAgencyRequest& request);
};

}  // namespace interplan::agencies

#endif  // INTERPLAN_SERVICES_AGENCIES_AGENCY_ACCESS_H_
