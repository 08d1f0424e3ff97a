// ImportPlanDocument: a plan document in, a draft plan out. The document's
// text (import/document_text.h), read by the parser (import/plan_parser.h)
// with names resolved against interplan-agencies and the indicator
// catalogue as of the plan's date (import/registry_resolver.h); a suggested
// plan id; and the draft's validation with the caller's key, as a push
// would be judged. Stores nothing.
#ifndef INTERPLAN_SERVICES_PLANS_PLAN_IMPORTER_H_
#define INTERPLAN_SERVICES_PLANS_PLAN_IMPORTER_H_

#include <vector>

#include "absl/status/statusor.h"
#include "common/call/call_context.h"
#include "common/clients/agencies_client.h"
#include "interplan/plans/v1/plans.pb.h"
#include "interplan/reporting/v1/reporting.pb.h"
#include "services/plans/plan_registry.h"

namespace interplan::plans {

class PlanImporter {
 public:
  // None is owned; each outlives this.
  PlanImporter(PlanRegistry& registry, AgenciesClient& agencies,
               std::vector<reporting::v1::Indicator> indicators);

  absl::StatusOr<v1::ImportPlanDocumentResponse> ImportPlanDocument(
      const v1::ImportPlanDocumentRequest& request, const CallContext& call);

 private:
  PlanRegistry& registry_;
  AgenciesClient& agencies_;
  const std::vector<reporting::v1::Indicator> indicators_;
};

// "go-vap-2019-2020-2021" from the plan's unit name, period and number: a
// suggestion the officer may change before pushing.
std::string SuggestedPlanId(const v1::Plan& plan, const std::string& unit_display_name);

}  // namespace interplan::plans

#endif  // INTERPLAN_SERVICES_PLANS_PLAN_IMPORTER_H_
