// interplan-agencies: the registry of administrative units and agencies.
#include "common/config/flags.h"
#include "common/server/server_config.h"
#include "common/server/service_server.h"
#include "services/agencies/agency_registry.h"
#include "services/agencies/agency_service_handler.h"
#include "services/agencies/schema.h"
#include "services/agencies/unit_importer.h"
#include "services/agencies/unit_registry.h"
#include "services/agencies/unit_service_handler.h"

int main(int argc, char** argv) {
  using namespace interplan;
  ServerConfig config = DefaultServerConfig("agencies", 50051);
  Flags flags("interplan-agencies");
  AddServerFlags(flags, &config);
  int exit_code = 0;
  if (!ParseFlagsOrExplain(flags, argc, argv, &exit_code)) return exit_code;

  ServiceServer server(config);
  absl::StatusOr<std::unique_ptr<storage::Database>> db = OpenServiceDatabase(config);
  if (!db.ok()) return StartupFailure(config, db.status());
  if (absl::Status migrated = (*db)->Migrate(agencies::AgenciesMigrations());
      !migrated.ok()) {
    return StartupFailure(config, migrated);
  }
  agencies::UnitRegistry units(**db);
  agencies::UnitImporter importer(**db);
  agencies::AgencyRegistry registry(**db, units);
  agencies::UnitServiceHandler unit_handler(server.gate(), units, importer);
  agencies::AgencyServiceHandler agency_handler(server.gate(), registry);
  server.AddService(&unit_handler, "interplan.agencies.v1.UnitService");
  server.AddService(&agency_handler, "interplan.agencies.v1.AgencyService");
  if (absl::Status started = server.Start(); !started.ok()) {
    return StartupFailure(config, started);
  }
  server.SetServing();
  return server.RunUntilSignalled();
}
