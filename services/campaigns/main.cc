// interplan-campaigns: campaigns, activities and reach.
#include "common/auth/grpc_authenticator.h"
#include "common/client/service_address.h"
#include "common/clients/grpc_agencies_client.h"
#include "common/clients/grpc_plans_client.h"
#include "common/clients/remembering_agencies_client.h"
#include "common/config/flags.h"
#include "common/server/server_config.h"
#include "common/server/service_server.h"
#include "services/campaigns/campaign_registry.h"
#include "services/campaigns/campaign_service_handler.h"
#include "services/campaigns/schema.h"

int main(int argc, char** argv) {
  using namespace interplan;
  ServerConfig config = DefaultServerConfig("campaigns", 50054);
  Flags flags("interplan-campaigns");
  AddServerFlags(flags, &config);
  std::string agencies_address = ServiceAddress("agencies");
  flags.AddString("agencies_addr", &agencies_address, "address of interplan-agencies",
                  "INTERPLAN_AGENCIES_ADDR");
  std::string plans_address = ServiceAddress("plans");
  flags.AddString("plans_addr", &plans_address,
                  "address of interplan-plans, to check the plan tasks campaigns carry out",
                  "INTERPLAN_PLANS_ADDR");
  int exit_code = 0;
  if (!ParseFlagsOrExplain(flags, argc, argv, &exit_code)) return exit_code;

  ServiceServer server(config);
  server.SetAuthenticator(std::make_unique<auth::GrpcAuthenticator>(
      OpenDependencyChannel(DialableAddress(agencies_address))));
  absl::StatusOr<std::unique_ptr<storage::Database>> db = OpenServiceDatabase(config);
  if (!db.ok()) return StartupFailure(config, db.status());
  if (absl::Status migrated = (*db)->Migrate(campaigns::CampaignsMigrations()); !migrated.ok()) {
    return StartupFailure(config, migrated);
  }
  GrpcAgenciesClient agencies(OpenDependencyChannel(DialableAddress(agencies_address)));
  RememberingAgenciesClient registry(**db, agencies);
  GrpcPlansClient plans(OpenDependencyChannel(DialableAddress(plans_address)));
  campaigns::CampaignRegistry logic(**db, registry, plans);
  campaigns::CampaignServiceHandler handler(server.gate(), logic,
                                            [&server] { return server.SharedWriteVersion(); });
  server.EnableAudit(**db);
  server.AddService(&handler, "interplan.campaigns.v1.CampaignService");
  if (absl::Status started = server.Start(); !started.ok()) {
    return StartupFailure(config, started);
  }
  server.SetServing();
  return server.RunUntilSignalled();
}
