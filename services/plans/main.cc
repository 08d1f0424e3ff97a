// interplan-plans: the plans provinces and districts push.
#include "absl/strings/str_cat.h"
#include "common/auth/grpc_authenticator.h"
#include "common/client/service_address.h"
#include "common/clients/grpc_agencies_client.h"
#include "common/config/flags.h"
#include "common/config/reference_dir.h"
#include "common/reference/indicator_file.h"
#include "common/server/server_config.h"
#include "common/server/service_server.h"
#include "services/plans/agency_directory.h"
#include "services/plans/indicator_catalogue.h"
#include "services/plans/plan_importer.h"
#include "services/plans/plan_registry.h"
#include "services/plans/plan_service_handler.h"
#include "services/plans/schema.h"

int main(int argc, char** argv) {
  using namespace interplan;
  ServerConfig config = DefaultServerConfig("plans", 50052);
  Flags flags("interplan-plans");
  AddServerFlags(flags, &config);
  std::string agencies_address = ServiceAddress("agencies");
  flags.AddString("agencies_addr", &agencies_address,
                  "address of interplan-agencies, which plans' references are checked against",
                  "INTERPLAN_AGENCIES_ADDR");
  std::string indicators = absl::StrCat(ReferenceDir(), "/indicators.jsonl");
  flags.AddString("indicator_catalogue", &indicators,
                  "the indicator catalogue (JSON lines) targets may name");
  int exit_code = 0;
  if (!ParseFlagsOrExplain(flags, argc, argv, &exit_code)) return exit_code;
  if (agencies_address.rfind("0.0.0.0:", 0) == 0) {
    agencies_address = "localhost" + agencies_address.substr(7);
  }

  ServiceServer server(config);
  server.SetAuthenticator(std::make_unique<auth::GrpcAuthenticator>(
      OpenDependencyChannel(DialableAddress(agencies_address))));
  absl::StatusOr<plans::IndicatorMeasures> indicator_names =
      plans::LoadIndicatorMeasures(indicators);
  if (!indicator_names.ok()) return StartupFailure(config, indicator_names.status());
  absl::StatusOr<std::unique_ptr<storage::Database>> db = OpenServiceDatabase(config);
  if (!db.ok()) return StartupFailure(config, db.status());
  if (absl::Status migrated = (*db)->Migrate(plans::PlansMigrations()); !migrated.ok()) {
    return StartupFailure(config, migrated);
  }
  GrpcAgenciesClient agencies(OpenDependencyChannel(DialableAddress(agencies_address)));
  plans::ClientAgencyDirectory directory(agencies);
  plans::PlanRegistry registry(**db, directory, std::move(*indicator_names));
  absl::StatusOr<std::vector<reporting::v1::Indicator>> catalogue = ReadIndicatorFile(indicators);
  if (!catalogue.ok()) return StartupFailure(config, catalogue.status());
  plans::PlanImporter importer(registry, agencies, *std::move(catalogue));
  plans::PlanServiceHandler handler(server.gate(), registry, importer,
                                    [&server] { return server.SharedWriteVersion(); });
  server.EnableAudit(**db);
  server.AddService(&handler, "interplan.plans.v1.PlanService");
  if (absl::Status started = server.Start(); !started.ok()) {
    return StartupFailure(config, started);
  }
  server.SetServing();
  return server.RunUntilSignalled();
}
