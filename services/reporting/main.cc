// interplan-reporting: obligations, reports, compliance and roll-ups.
#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/auth/grpc_authenticator.h"
#include "common/client/service_address.h"
#include "common/clients/grpc_agencies_client.h"
#include "common/clients/grpc_plans_client.h"
#include "common/clients/remembering_agencies_client.h"
#include "common/config/flags.h"
#include "common/logging/log.h"
#include "common/reference/indicator_file.h"
#include "common/server/server_config.h"
#include "common/server/service_server.h"
#include "common/storage/group_commit.h"
#include "services/reporting/indicator_catalogue.h"
#include "services/reporting/plan_feed.h"
#include "services/reporting/report_registry.h"
#include "services/reporting/reporting_service_handler.h"
#include "services/reporting/rollup_engine.h"
#include "services/reporting/schema.h"

namespace interplan {
namespace {

// Obligations follow plans in the background too, so compliance is
// current without anyone asking first: a thread syncs the plan feed every
// `interval` from construction until Stop.
class BackgroundPlanSync {
 public:
  BackgroundPlanSync(reporting::PlanFeed& feed, absl::Duration interval)
      : feed_(feed), interval_(interval), thread_([this] { Run(); }) {}
  ~BackgroundPlanSync() { Stop(); }

  void Stop() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (stopping_) return;
      stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();
  }

 private:
  void Run() {
    bool reported = false;
    std::unique_lock<std::mutex> lock(mu_);
    while (!stopping_) {
      lock.unlock();
      absl::StatusOr<int> synced = feed_.Sync(absl::Now() + absl::Seconds(10));
      if (!synced.ok() && !reported) {
        LogWarning("plan feed sync failed; retrying", {{"error", synced.status().ToString()}});
      }
      reported = !synced.ok();
      if (synced.ok() && *synced > 0) LogInfo("plans synced", {{"plans", int64_t{*synced}}});
      lock.lock();
      wake_.wait_for(lock, absl::ToChronoNanoseconds(interval_));
    }
  }

  reporting::PlanFeed& feed_;
  const absl::Duration interval_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;  // last: it runs Run, which reads the fields above
};

// With Redis, what another service publishes is asked again only when its
// version counter moved: agency records (interplan-agencies), and the plan
// feed before a call that syncs it (interplan-plans).
std::function<absl::StatusOr<std::string>()> VersionProbe(ServiceServer& server,
                                                          std::string service) {
  return [&server, service = std::move(service)]() -> absl::StatusOr<std::string> {
    cache::VersionCounters* versions = server.version_counters();
    if (versions == nullptr) return absl::UnavailableError("no --redis_url");
    absl::StatusOr<std::string> snapshot = versions->Snapshot({service});
    // A counter never bumped: the service may not publish one (no
    // --redis_url there), so it proves nothing.
    if (snapshot.ok() && absl::EndsWith(*snapshot, ":0")) {
      return absl::UnavailableError(
          absl::StrCat("interplan-", service, " publishes no version counter"));
    }
    return snapshot;
  };
}

}  // namespace
}  // namespace interplan

int main(int argc, char** argv) {
  using namespace interplan;
  ServerConfig config = DefaultServerConfig("reporting", 50053);
  Flags flags("interplan-reporting");
  AddServerFlags(flags, &config);
  std::string agencies_address = ServiceAddress("agencies");
  flags.AddString("agencies_addr", &agencies_address, "address of interplan-agencies",
                  "INTERPLAN_AGENCIES_ADDR");
  std::string plans_address = ServiceAddress("plans");
  flags.AddString("plans_addr", &plans_address,
                  "address of interplan-plans, whose change feed makes the obligations",
                  "INTERPLAN_PLANS_ADDR");
  std::string indicators = DefaultIndicatorFile();
  flags.AddString("indicator_catalogue", &indicators,
                  "the shipped indicator catalogue (JSON lines), loaded at start-up");
  int64_t lock_after_days = 60;
  // Judged on the day a report reaches the service; loading an archive of
  // old paper reports needs years (or exceptions), hence the wide range.
  flags.AddInt("lock_after_days", &lock_after_days,
               "days after a report's due date before entry closes", 0, 36500);
  absl::Duration sync_interval = absl::Seconds(2);
  flags.AddDuration("plan_sync_interval", &sync_interval,
                    "how often obligations follow interplan-plans' changes");
  // A national GetCompliance judges about 3,400 agencies; asking for all
  // of them on every call was most of its time.
  absl::Duration agency_max_age = absl::Seconds(10);
  flags.AddDuration("agency_max_age", &agency_max_age,
                    "how old the agency records that compliance and obligation reads judge"
                    " by may be: a retirement counts at most this long after it is made"
                    " (0: ask interplan-agencies on every read)");
  int exit_code = 0;
  if (!ParseFlagsOrExplain(flags, argc, argv, &exit_code)) return exit_code;

  ServiceServer server(config);
  server.SetAuthenticator(std::make_unique<auth::GrpcAuthenticator>(
      OpenDependencyChannel(DialableAddress(agencies_address))));
  absl::StatusOr<std::vector<reporting::v1::Indicator>> shipped = ReadIndicatorFile(indicators);
  if (!shipped.ok()) return StartupFailure(config, shipped.status());
  absl::StatusOr<std::unique_ptr<storage::Database>> db = OpenServiceDatabase(config);
  if (!db.ok()) return StartupFailure(config, db.status());
  if (absl::Status migrated = (*db)->Migrate(reporting::ReportingMigrations()); !migrated.ok()) {
    return StartupFailure(config, migrated);
  }
  reporting::IndicatorCatalogue catalogue(**db);
  if (absl::Status seeded = catalogue.SeedAndLoad(*shipped); !seeded.ok()) {
    return StartupFailure(config, seeded);
  }
  storage::GroupCommitter committer(**db);
  GrpcAgenciesClient agencies(OpenDependencyChannel(DialableAddress(agencies_address)));
  RememberingAgenciesClient registry(**db, agencies);
  GrpcPlansClient plans(OpenChannel(DialableAddress(plans_address)));
  reporting::PlanFeed feed(**db, plans, registry, static_cast<int>(lock_after_days));
  feed.SetChangeListener([&server] { server.DataChanged(); });
  reporting::RollupEngine rollups(**db, catalogue, registry);
  reporting::ReportRegistry reports(**db, committer, catalogue, registry, feed, rollups,
                                    /*now=*/nullptr, agency_max_age);
  reports.SetAgencyChangeProbe(VersionProbe(server, "agencies"));
  feed.SetChangeProbe(VersionProbe(server, "plans"));
  reporting::ReportingServiceHandler handler(server.gate(), catalogue, reports);
  server.EnableAudit(**db);
  server.AddService(&handler, "interplan.reporting.v1.ReportingService");
  if (absl::Status started = server.Start(); !started.ok()) {
    return StartupFailure(config, started);
  }
  server.SetServing();

  BackgroundPlanSync syncer(feed, sync_interval);
  const int code = server.RunUntilSignalled();
  syncer.Stop();
  return code;
}
