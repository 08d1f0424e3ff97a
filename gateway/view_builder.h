// Assembles the ministry's views from the four services: one concurrent
// round of calls per view (and a second, small one to place units of an
// older hierarchy), then the rows. A service that fails or is late leaves
// its section empty and marked unavailable, with the reason; the rest of
// the view is still there.
#ifndef INTERPLAN_GATEWAY_VIEW_BUILDER_H_
#define INTERPLAN_GATEWAY_VIEW_BUILDER_H_

#include <grpcpp/channel.h>

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/call/principal.h"
#include "gateway/fanout.h"
#include "gateway/overview_answers.h"
#include "interplan/agencies/v1/agencies.grpc.pb.h"
#include "interplan/agencies/v1/units.grpc.pb.h"
#include "interplan/campaigns/v1/campaigns.grpc.pb.h"
#include "interplan/gateway/v1/gateway.pb.h"
#include "interplan/plans/v1/plans.grpc.pb.h"
#include "interplan/reporting/v1/reporting.grpc.pb.h"

namespace interplan::gateway {

struct ServiceChannels {
  std::shared_ptr<grpc::Channel> agencies;
  std::shared_ptr<grpc::Channel> plans;
  std::shared_ptr<grpc::Channel> reporting;
  std::shared_ptr<grpc::Channel> campaigns;
};

// Who a view is built for (unset with --auth=off).
using Caller = std::optional<auth::Principal>;

class ViewBuilder {
 public:
  // `key_indicators`: the indicator codes the overviews show.
  ViewBuilder(const ServiceChannels& channels, std::vector<std::string> key_indicators);

  // Bad arguments are INVALID_ARGUMENT; anything a service does is in the
  // view's sections instead. `deadline` bounds the whole view.
  // `caller`, when known, is carried on to the services, which answer
  // what it may read.
  absl::StatusOr<v1::Overview> NationalOverview(const v1::GetNationalOverviewRequest& request,
                                                absl::CivilDay today, absl::Time deadline,
                                                const Caller& caller = std::nullopt);
  absl::StatusOr<v1::Overview> ProvinceOverview(const v1::GetProvinceOverviewRequest& request,
                                                absl::CivilDay today, absl::Time deadline,
                                                const Caller& caller = std::nullopt);
  absl::StatusOr<v1::IndicatorProgress> IndicatorProgress(
      const v1::GetIndicatorProgressRequest& request, absl::CivilDay today, absl::Time deadline,
      const Caller& caller = std::nullopt);
  absl::StatusOr<v1::AgencyWorkload> AgencyWorkload(const v1::GetAgencyWorkloadRequest& request,
                                                    absl::Time deadline,
                                                    const Caller& caller = std::nullopt);

 private:
  struct Scope;
  struct OverviewCalls;
  // An overview: gather the answers, index the rows, fill each section.
  absl::StatusOr<v1::Overview> Build(const Scope& scope, absl::Time deadline);
  // The one round of calls of an overview; a unit that does not exist on
  // as_of is INVALID_ARGUMENT.
  absl::StatusOr<OverviewAnswers> GatherOverview(const Scope& scope, absl::Time deadline);
  void StartUnitCalls(const Scope& scope, Fanout* fanout, OverviewCalls* calls);
  void StartPlanCalls(const Scope& scope, Fanout* fanout, OverviewCalls* calls);
  void StartComplianceCalls(const Scope& scope, Fanout* fanout, OverviewCalls* calls);
  void StartIndicatorCalls(const Scope& scope, Fanout* fanout, OverviewCalls* calls);
  void StartCampaignCall(const Scope& scope, Fanout* fanout, OverviewCalls* calls);
  // An unknown key indicator does not make the reporting section
  // unavailable (it is logged once instead).
  void ExcuseUnknownIndicators(const OverviewCalls& calls);
  OverviewAnswers TakeAnswers(const Scope& scope, OverviewCalls* calls);
  // The province of the as_of hierarchy each unit of an older hierarchy
  // (its code on `older_day`) went to, through succession; remembered
  // (history does not change). A failed lookup is merged into `sections`.
  std::map<std::string, std::string> PlaceOlderUnits(
      const std::vector<std::string>& codes, absl::CivilDay older_day, absl::Time deadline,
      google::protobuf::RepeatedPtrField<v1::SectionStatus>* sections);

  // Logs once per code that a key indicator is not in the catalogue.
  void WarnUnknownIndicator(const std::string& code);

  std::unique_ptr<agencies::v1::UnitService::Stub> units_;
  std::unique_ptr<agencies::v1::AgencyService::Stub> agencies_;
  std::unique_ptr<plans::v1::PlanService::Stub> plans_;
  std::unique_ptr<reporting::v1::ReportingService::Stub> reporting_;
  std::unique_ptr<campaigns::v1::CampaignService::Stub> campaigns_;
  const std::vector<std::string> key_indicators_;
  std::mutex mu_;
  // "code@day" -> province later ("": none)
  std::map<std::string, std::string> placed_ ABSL_GUARDED_BY(mu_);
  std::set<std::string> warned_ ABSL_GUARDED_BY(mu_);  // unknown key indicators logged
};

}  // namespace interplan::gateway

#endif  // INTERPLAN_GATEWAY_VIEW_BUILDER_H_
