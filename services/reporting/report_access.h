// Who may submit, review and read which obligations and reports: the
// suite's access rules (common/access/access_policy.h) applied to
// reporting, each record judged as of its due date.
//
// - SubmitReport: an agency whose jurisdiction holds the obligation's unit
//   (the obligation's agency itself, or one above it); a national body's
//   obligation (no unit) by that body or the ministry. A requested-only
//   body (a party board or a mass organisation: its Agency record has
//   assignable false) submits nothing: plans ask it, they do not assign it
//   reports.
// - AcceptReport, ReturnReport, OpenException: the recipient acts; so may
//   an agency whose jurisdiction holds the recipient's unit as of the due
//   date (the recipient's successor, once it is retired), unless it is
//   requested-only. Whoever acts, the report's unit (the recipient's, for
//   a national body's report) must lie in its jurisdiction: a recipient in
//   another province decides nothing here. The obligation's own agency
//   never acts on its own report unless it is also the recipient.
// - Reads: an obligation or report by its agency, its recipient, and
//   whoever's read scope holds its unit; ministry, operator and services
//   read everything. A read naming a unit outside the caller's scope is
//   refused naming the unit; one naming none is narrowed to the scope.
//
// Without a principal (--auth=off) everything is allowed and nothing is
// asked of interplan-agencies.
#ifndef INTERPLAN_SERVICES_REPORTING_REPORT_ACCESS_H_
#define INTERPLAN_SERVICES_REPORTING_REPORT_ACCESS_H_

#include <map>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/access/access_policy.h"
#include "common/call/call_context.h"
#include "common/clients/remembering_agencies_client.h"
#include "services/reporting/agency_validity.h"
#include "services/reporting/obligation_store.h"

namespace interplan::reporting {

class ReportAccess {
 public:
  // `agency_max_age`: how old the caller's and recipients' agency records
  // may be (AgencyCache::Get). Neither argument is owned.
  ReportAccess(RememberingAgenciesClient& registry, AgencyCache& agencies,
               absl::Duration agency_max_age);

  // SubmitReport, before anything else: PERMISSION_DENIED (REQUESTED_ONLY)
  // naming `resource` (what the report is for) when the caller's own
  // agency is requested-only.
  absl::Status CheckSubmitter(const CallContext& call, const std::string& resource);
  // SubmitReport for `obligation`: PERMISSION_DENIED naming it otherwise.
  absl::Status CheckSubmit(const CallContext& call, const ObligationRow& obligation);
  // AcceptReport, ReturnReport (resource "reports/...") and OpenException
  // (resource "obligations/...") on `obligation`.
  absl::Status CheckRecipientAct(const CallContext& call, const ObligationRow& obligation,
                                 const std::string& resource);

  // What the caller may read as of `day`.
  absl::StatusOr<access::ReadScope> ScopeOf(const CallContext& call, absl::CivilDay day);
  // OK, or PERMISSION_DENIED naming target.resource (a plan's progress).
  absl::Status CheckRead(const CallContext& call, const access::Target& target);
  // The unit a read naming `unit` ("units/51"; "" for the nation) may
  // cover in `scope`, as of `day`: `unit` itself when the scope holds it,
  // the scope's own subtree when `unit` is empty ("" when the scope has
  // none, or is everything), else PERMISSION_DENIED naming `unit`. A
  // malformed or unknown unit comes back unchanged, for the read to refuse.
  absl::StatusOr<std::string> UnitToRead(const CallContext& call, const access::ReadScope& scope,
                                         const std::string& unit, absl::CivilDay day);

  // Record-by-record read checks for one call, each obligation (or the
  // report made for it) judged as of its due date.
  class Reader {
   public:
    // True when the caller reads everything: no check needs a lookup.
    bool everything() const { return everything_; }
    absl::StatusOr<bool> MayRead(const ObligationRow& obligation);
    // OK, or PERMISSION_DENIED naming `resource`.
    absl::Status CheckRead(const ObligationRow& obligation, const std::string& resource);

   private:
    friend class ReportAccess;
    Reader(access::AccessPolicy& policy, const CallContext& call, bool everything)
        : policy_(&policy), call_(&call), everything_(everything) {}

    access::AccessPolicy* policy_;
    const CallContext* call_;
    bool everything_;
    std::map<std::string, access::ReadScope> scopes_;  // by due date
  };
  // `call` must outlive the reader.
  Reader ReaderFor(const CallContext& call);

 private:
  // PERMISSION_DENIED (REQUESTED_ONLY) naming `resource` when the caller's
  // agency is requested-only: "it does not <what>".
  absl::Status RefuseRequestedOnly(const CallContext& call, const std::string& resource,
                                   absl::string_view what);
  // The path of `agency_id`'s unit as of `day`; "" for a national body
  // or an agency interplan-agencies does not know.
  absl::StatusOr<std::string> AgencyUnitPath(const std::string& agency_id, absl::CivilDay day,
                                             absl::Time deadline);

  RememberingAgenciesClient& registry_;
  AgencyCache& agencies_;
  const absl::Duration agency_max_age_;
  access::AccessPolicy policy_;
};

// The obligation as the access rules see it.
access::Target TargetOf(const ObligationRow& obligation, const std::string& resource);

}  // namespace interplan::reporting

#endif  // INTERPLAN_SERVICES_REPORTING_REPORT_ACCESS_H_
