// interplan-agencies: the registry of administrative units, agencies and
// the credentials every service checks callers against.
#include <memory>

#include "common/config/flags.h"
#include "common/logging/log.h"
#include "common/server/server_config.h"
#include "common/server/service_server.h"
#include "services/agencies/agency_registry.h"
#include "services/agencies/agency_service_handler.h"
#include "services/agencies/bootstrap_key.h"
#include "services/agencies/credential_registry.h"
#include "services/agencies/credential_service_handler.h"
#include "services/agencies/local_authenticator.h"
#include "services/agencies/schema.h"
#include "services/agencies/secret_box.h"
#include "services/agencies/secret_file.h"
#include "services/agencies/unit_importer.h"
#include "services/agencies/unit_registry.h"
#include "services/agencies/unit_service_handler.h"

int main(int argc, char** argv) {
  using namespace interplan;
  ServerConfig config = DefaultServerConfig("agencies", 50051);
  Flags flags("interplan-agencies");
  AddServerFlags(flags, &config);
  std::string bootstrap_key_file;
  flags.AddString("bootstrap_key_file", &bootstrap_key_file,
                  "at start-up, unless the file holds an operator API key in force (or is "
                  "absent while one exists), create an operator key and write it there "
                  "(mode 0600); empty: none");
  std::string retry_key_file;
  flags.AddString("credential_retry_key_file", &retry_key_file,
                  "32-byte key sealing new API key secrets for an hour so a retried "
                  "CreateApiKey returns the same secret; created if absent; replicas sharing "
                  "a database must share it (default: <data_dir>/agencies-retry.key)");
  int exit_code = 0;
  if (!ParseFlagsOrExplain(flags, argc, argv, &exit_code)) return exit_code;
  if (retry_key_file.empty()) retry_key_file = config.data_dir + "/agencies-retry.key";

  ServiceServer server(config);
  absl::StatusOr<std::unique_ptr<storage::Database>> db = OpenServiceDatabase(config);
  if (!db.ok()) return StartupFailure(config, db.status());
  if (absl::Status migrated = (*db)->Migrate(agencies::AgenciesMigrations()); !migrated.ok()) {
    return StartupFailure(config, migrated);
  }
  absl::StatusOr<std::string> retry_key =
      agencies::LoadOrCreateRandomKey(retry_key_file, agencies::SecretBox::kKeyBytes);
  if (!retry_key.ok()) return StartupFailure(config, retry_key.status());
  absl::StatusOr<agencies::SecretBox> retry_box = agencies::SecretBox::Create(*retry_key);
  if (!retry_box.ok()) return StartupFailure(config, retry_box.status());

  agencies::UnitRegistry units(**db);
  agencies::UnitImporter importer(**db);
  agencies::UnitCorrections corrections(**db, units);
  agencies::AgencyRegistry registry(**db, units);
  agencies::CredentialRegistry credentials(**db, units, std::move(*retry_box));
  if (!bootstrap_key_file.empty()) {
    absl::StatusOr<agencies::BootstrapOutcome> bootstrapped =
        agencies::EnsureBootstrapKey(credentials, bootstrap_key_file);
    if (!bootstrapped.ok()) return StartupFailure(config, bootstrapped.status());
    switch (*bootstrapped) {
      case agencies::BootstrapOutcome::kCreated:
        LogInfo("created an operator API key", {{"file", bootstrap_key_file}});
        break;
      case agencies::BootstrapOutcome::kFileKeyValid:
        LogInfo("bootstrap operator key in force", {{"file", bootstrap_key_file}});
        break;
      case agencies::BootstrapOutcome::kOperatorKeyExists:
        LogInfo("an operator API key exists; no bootstrap key written",
                {{"file", bootstrap_key_file}});
        break;
    }
  }
  // With --auth=on, callers are authenticated from this store, in process
  // (the other services ask CredentialService/Authenticate over gRPC).
  server.SetAuthenticator(std::make_unique<agencies::LocalAuthenticator>(credentials));
  agencies::UnitServiceHandler unit_handler(server.gate(), units, importer, corrections);
  agencies::AgencyServiceHandler agency_handler(server.gate(), registry);
  agencies::CredentialServiceHandler credential_handler(server.gate(), credentials);
  server.EnableAudit(**db);
  server.AddService(&unit_handler, "interplan.agencies.v1.UnitService");
  server.AddService(&agency_handler, "interplan.agencies.v1.AgencyService");
  server.AddService(&credential_handler, "interplan.agencies.v1.CredentialService");
  if (absl::Status started = server.Start(); !started.ok()) {
    return StartupFailure(config, started);
  }
  server.SetServing();
  return server.RunUntilSignalled();
}
