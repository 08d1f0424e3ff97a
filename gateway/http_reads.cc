#include "gateway/http_reads.h"

#include <grpcpp/client_context.h>

#include <memory>
#include <utility>

#include "absl/time/clock.h"
#include "common/auth/forward_caller.h"
#include "common/auth/principal_proto.h"
#include "common/errors/grpc_status.h"
#include "google/protobuf/empty.pb.h"
#include "interplan/agencies/v1/credentials.pb.h"
#include "interplan/campaigns/v1/campaigns.grpc.pb.h"
#include "interplan/gateway/v1/gateway.pb.h"
#include "interplan/plans/v1/plans.grpc.pb.h"
#include "interplan/reporting/v1/reporting.grpc.pb.h"

namespace interplan::gateway {
namespace {

using google::protobuf::Message;

// What a read says of itself beyond how it is fetched.
struct ReadInfo {
  std::string path;
  std::string summary;
  std::set<std::string> required;
  std::map<std::string, std::string> collections;
  std::string table;
};

HttpRead Described(ReadInfo info) {
  HttpRead read;
  read.path = std::move(info.path);
  read.summary = std::move(info.summary);
  read.required = std::move(info.required);
  read.collections = std::move(info.collections);
  read.table = std::move(info.table);
  return read;
}

// A ministry view: checked by ViewAccess, fetched (cached) by MinistryViews.
template <typename Request, typename View>
HttpRead ViewRead(
    ReadInfo info, ViewAccess& access,
    std::function<absl::StatusOr<MinistryViews::Bytes>(const Request&, absl::Time, const Caller&)>
        bytes) {
  HttpRead read = Described(std::move(info));
  read.request = Request::descriptor();
  read.answer = View::descriptor();
  read.check = [&access](const CallContext& call, const Message& request) {
    return access.MayRead(call, static_cast<const Request&>(request));
  };
  read.fetch = [bytes = std::move(bytes)](const Message& request,
                                          const CallContext& call) -> absl::StatusOr<HttpAnswer> {
    absl::StatusOr<MinistryViews::Bytes> got =
        bytes(static_cast<const Request&>(request), call.deadline, call.principal);
    if (!got.ok()) return got.status();
    auto view = std::make_unique<View>();
    if (!view->ParseFromString((*got)->bytes)) {
      return absl::InternalError("a stored view could not be read");
    }
    return HttpAnswer{std::move(view), (*got)->complete};
  };
  return read;
}

// A service's own read, called with the caller relayed.
template <typename Stub, typename Request, typename Response>
HttpRead ServiceRead(ReadInfo info, std::shared_ptr<Stub> stub,
                     grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&,
                                                  Response*)) {
  HttpRead read = Described(std::move(info));
  read.request = Request::descriptor();
  read.answer = Response::descriptor();
  read.fetch = [stub = std::move(stub), method](
                   const Message& request, const CallContext& call) -> absl::StatusOr<HttpAnswer> {
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(call.deadline));
    if (call.principal.has_value()) auth::ForwardPrincipal(*call.principal, &context);
    auto response = std::make_unique<Response>();
    const grpc::Status status =
        ((*stub).*method)(&context, static_cast<const Request&>(request), response.get());
    if (!status.ok()) return FromGrpcStatus(status);
    return HttpAnswer{std::move(response), true};
  };
  return read;
}

void AddViewReads(MinistryViews& views, ViewAccess& access, std::vector<HttpRead>& reads) {
  reads.push_back(ViewRead<v1::GetNationalOverviewRequest, v1::Overview>(
      {"/v1/overview/national",
       "The national overview: one row per province.",
       {"year"},
       {},
       "rows"},
      access, [&views](const v1::GetNationalOverviewRequest& r, absl::Time d, const Caller& c) {
        return views.NationalOverviewBytes(r, d, c);
      }));
  reads.push_back(ViewRead<v1::GetProvinceOverviewRequest, v1::Overview>(
      {"/v1/overview/province",
       "A province's overview: one row per district or commune.",
       {"unit", "year"},
       {{"unit", "units"}},
       "rows"},
      access, [&views](const v1::GetProvinceOverviewRequest& r, absl::Time d, const Caller& c) {
        return views.ProvinceOverviewBytes(r, d, c);
      }));
  reads.push_back(ViewRead<v1::GetIndicatorProgressRequest, v1::IndicatorProgress>(
      {"/v1/indicator-progress",
       "One indicator across the provinces.",
       {"indicator", "year"},
       {{"indicator", "indicators"}},
       "provinces"},
      access, [&views](const v1::GetIndicatorProgressRequest& r, absl::Time d, const Caller& c) {
        return views.IndicatorProgressBytes(r, d, c);
      }));
  reads.push_back(ViewRead<v1::GetAgencyWorkloadRequest, v1::AgencyWorkload>(
      {"/v1/agency-workload",
       "An agency's assignments and reporting obligations.",
       {"agency", "year"},
       {{"agency", "agencies"}},
       "obligations"},
      access, [&views](const v1::GetAgencyWorkloadRequest& r, absl::Time d, const Caller& c) {
        return views.AgencyWorkloadBytes(r, d, c);
      }));
}

void AddReportingReads(const std::shared_ptr<grpc::Channel>& channel,
                       std::vector<HttpRead>& reads) {
  using Service = reporting::v1::ReportingService;
  std::shared_ptr<Service::Stub> stub = Service::NewStub(channel);
  reads.push_back(ServiceRead(
      {"/v1/indicators", "The indicator catalogue, a page at a time.", {}, {}, "indicators"}, stub,
      &Service::Stub::ListIndicators));
  reads.push_back(ServiceRead({"/v1/indicator",
                               "One indicator of the catalogue (name=NSGE-1.1).",
                               {"name"},
                               {{"name", "indicators"}},
                               ""},
                              stub, &Service::Stub::GetIndicator));
  reads.push_back(ServiceRead({"/v1/rollup",
                               "An indicator's values rolled up over a unit (by_child: and "
                               "for each of its children).",
                               {"indicator", "period"},
                               {{"indicator", "indicators"}, {"unit", "units"}},
                               "values"},
                              stub, &Service::Stub::GetRollup));
  reads.push_back(ServiceRead({"/v1/compliance",
                               "Who reported what was due for a period, by agency.",
                               {"unit"},
                               {{"unit", "units"}, {"plan", "plans"}},
                               "by_agency"},
                              stub, &Service::Stub::GetCompliance));
  reads.push_back(ServiceRead({"/v1/target-progress",
                               "A plan's targets and how far each is met.",
                               {"plan"},
                               {{"plan", "plans"}},
                               "items"},
                              stub, &Service::Stub::GetTargetProgress));
}

void AddPlanReads(const std::shared_ptr<grpc::Channel>& channel, std::vector<HttpRead>& reads) {
  using Service = plans::v1::PlanService;
  std::shared_ptr<Service::Stub> stub = Service::NewStub(channel);
  reads.push_back(ServiceRead({"/v1/plans",
                               "Plans, filtered by unit subtree, year, status, issuer or words, "
                               "a page at a time.",
                               {},
                               {{"unit", "units"}},
                               "plans"},
                              stub, &Service::Stub::ListPlans));
  reads.push_back(ServiceRead({"/v1/plan",
                               "One plan, at its latest revision or the one asked for.",
                               {"name"},
                               {{"name", "plans"}},
                               ""},
                              stub, &Service::Stub::GetPlan));
  reads.push_back(ServiceRead({"/v1/plan-revisions",
                               "Every revision of a plan, oldest first.",
                               {"name"},
                               {{"name", "plans"}},
                               "plans"},
                              stub, &Service::Stub::ListPlanRevisions));
}

void AddCampaignReads(const std::shared_ptr<grpc::Channel>& channel, std::vector<HttpRead>& reads) {
  using Service = campaigns::v1::CampaignService;
  std::shared_ptr<Service::Stub> stub = Service::NewStub(channel);
  reads.push_back(ServiceRead({"/v1/campaigns",
                               "Campaigns, by kind, year or series, a page at a time.",
                               {},
                               {},
                               "campaigns"},
                              stub, &Service::Stub::ListCampaigns));
  reads.push_back(ServiceRead({"/v1/campaign-summary",
                               "A campaign's figures over a unit's subtree, against the "
                               "previous year's.",
                               {},
                               {{"campaign", "campaigns"}, {"unit", "units"}},
                               "current.children"},
                              stub, &Service::Stub::SummarizeCampaign));
}

// Who the caller is, as the gateway authenticated its key: its agency, role
// and unit, from which a page knows what to offer (the ministry's roles
// read the whole country, an agency its unit's subtree). The credential's
// name is left out: the answer describes the caller, not the key. Empty
// when authentication is off.
void AddSessionRead(std::vector<HttpRead>& reads) {
  HttpRead read = Described(
      {"/v1/session", "The caller: its agency, role and unit, as its key says.", {}, {}, ""});
  read.request = google::protobuf::Empty::descriptor();
  read.answer = agencies::v1::Principal::descriptor();
  read.fetch = [](const Message&, const CallContext& call) -> absl::StatusOr<HttpAnswer> {
    auto principal = std::make_unique<agencies::v1::Principal>();
    if (call.principal.has_value()) {
      *principal = auth::PrincipalToProto(*call.principal);
      principal->clear_credential();
    }
    return HttpAnswer{std::move(principal), true};
  };
  reads.push_back(std::move(read));
}

}  // namespace

std::vector<HttpRead> GatewayReads(MinistryViews& views, ViewAccess& access,
                                   const ServiceChannels& channels) {
  std::vector<HttpRead> reads;
  AddViewReads(views, access, reads);
  AddReportingReads(channels.reporting, reads);
  AddPlanReads(channels.plans, reads);
  AddCampaignReads(channels.campaigns, reads);
  AddSessionRead(reads);
  return reads;
}

}  // namespace interplan::gateway
