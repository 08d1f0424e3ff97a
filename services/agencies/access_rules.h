// Who may call what in interplan-agencies once calls are authenticated
// (--auth=on; with it off there is no principal and everything is
// allowed, see common/access/access_policy.h):
//
// - Units and agencies are reference data: every authenticated caller
//   reads them (GetUnit, ListUnits, GetAgency, ListAgencies, ...).
// - Every write (ImportUnits, CreateAgency, UpdateAgency, RetireAgency,
//   CreateApiKey, RevokeApiKey, CreateCertificateBinding,
//   DeleteCertificateBinding) and the credential listings (ListApiKeys,
//   ListCertificateBindings: an agency's keys are not public) are the
//   OPERATOR's alone.
// - Authenticate answers SERVICE callers (the suite's services resolving
//   their callers) and OPERATORs; never an agency or a ministry, which
//   could otherwise probe keys and certificate subjects.
//
// The handlers check first, before anything is read or written; a
// refusal is PERMISSION_DENIED naming the resource (ROLE_NOT_ALLOWED).
#ifndef INTERPLAN_SERVICES_AGENCIES_ACCESS_RULES_H_
#define INTERPLAN_SERVICES_AGENCIES_ACCESS_RULES_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "common/call/call_context.h"

namespace interplan::agencies {

// OK for an OPERATOR (or no principal); else PERMISSION_DENIED naming
// `resource`.
absl::Status RequireOperator(const CallContext& call, absl::string_view resource);

// OK for a SERVICE or an OPERATOR (or no principal): who may ask
// Authenticate.
absl::Status RequireCredentialChecker(const CallContext& call, absl::string_view resource);

// The collection a key of `agency` ("agencies/x", or "" for operator and
// service keys) is created in or listed from: "agencies/x/apiKeys", or
// "apiKeys".
std::string ApiKeysOf(absl::string_view agency);

}  // namespace interplan::agencies

#endif  // INTERPLAN_SERVICES_AGENCIES_ACCESS_RULES_H_
