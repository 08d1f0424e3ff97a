#include "tools/interplan/reference_commands.h"

#include <cstdio>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/api/fingerprint.h"
#include "common/client/service_address.h"
#include "common/config/reference_dir.h"
#include "common/reference/reference_data.h"
#include "interplan/agencies/v1/agencies.grpc.pb.h"
#include "interplan/agencies/v1/units.grpc.pb.h"
#include "tools/interplan/cli_errors.h"
#include "tools/interplan/cli_output.h"
#include "tools/interplan/error_report.h"

namespace interplan::cli {
namespace {

namespace v1 = ::interplan::agencies::v1;

// Sends the requests in order (the lists of the old era oldest first, so a
// unit unchanged from one list to the next continues its version) and
// reports them as one import.
absl::StatusOr<v1::ImportUnitsResponse> SendUnitImports(
    const CliContext& cli, std::vector<v1::ImportUnitsRequest> requests) {
  auto stub = v1::UnitService::NewStub(OpenChannel(ServiceAddress("agencies")));
  v1::ImportUnitsResponse all;
  for (v1::ImportUnitsRequest& request : requests) {
    // The same request id on every attempt of this call (the channel
    // retries), a new one on the next import.
    if (request.request_id().empty()) request.set_request_id(NewRequestId());
    v1::ImportUnitsResponse response;
    grpc::Status status = stub->ImportUnits(NewCall(cli).get(), request, &response);
    if (!status.ok()) return ServerError(status);
    agencies::AddImportResponse(request, std::move(response), &all);
  }
  return all;
}

int ImportUnits(const CliContext& cli, std::vector<v1::ImportUnitsRequest> requests) {
  const absl::Time start = absl::Now();
  absl::StatusOr<v1::ImportUnitsResponse> imported = SendUnitImports(cli, std::move(requests));
  if (!imported.ok()) return ReportError(imported.status());
  const v1::ImportUnitsResponse& response = *imported;
  const double seconds = absl::ToDoubleSeconds(absl::Now() - start);
  if (cli.json) {
    PrintJson(response);
    return 0;
  }
  Table table({"SNAPSHOT", "PROVINCES", "DISTRICTS", "COMMUNES", "INSERTED", "CONTINUED", "CHANGED",
               "UNCHANGED"});
  for (const auto& s : response.snapshots()) {
    table.AddRow({s.snapshot_id(), absl::StrCat(s.provinces()), absl::StrCat(s.districts()),
                  absl::StrCat(s.communes()), absl::StrCat(s.inserted()),
                  absl::StrCat(s.continued()), absl::StrCat(s.changed()),
                  absl::StrCat(s.unchanged())});
  }
  table.Print();
  std::printf("mappings: %d rows; links: %d commune, %d province, %d district (derived)\n",
              response.mappings_total(), response.commune_links(), response.province_links(),
              response.district_links());
  for (const auto& skipped : response.skipped()) {
    std::printf("skipped %d mapping rows: %s (e.g. %s)\n", skipped.count(),
                skipped.reason().c_str(),
                skipped.examples().empty() ? "" : skipped.examples(0).c_str());
  }
  if (response.unmapped_old_units() > 0) {
    std::printf(
        "%d old communes have no successor (e.g. %s)\n", response.unmapped_old_units(),
        response.unmapped_old_examples().empty() ? "" : response.unmapped_old_examples(0).c_str());
  }
  std::printf("units imported in %.2f s\n", seconds);
  return 0;
}

// Counts of one import of agencies.
struct AgencyImportCounts {
  int created = 0;
  int unchanged = 0;
  int differing = 0;
};

// Whether `existing` is what `request` would create, apart from what the
// service sets (etag, revision, times).
bool SameAgency(v1::Agency existing, const v1::CreateAgencyRequest& request) {
  v1::Agency wanted = request.agency();
  wanted.set_name(existing.name());
  if (!wanted.has_assignable()) wanted.set_assignable(existing.assignable());
  for (v1::Agency* a : {&existing, &wanted}) {
    a->clear_etag();
    a->clear_revision();
    a->clear_create_time();
    a->clear_update_time();
  }
  return DeterministicBytes(existing) == DeterministicBytes(wanted);
}

// Creates the agencies of one call's worth of requests that are not there
// yet, in one all-or-nothing call.
absl::Status ImportAgencyBatch(const CliContext& cli, v1::AgencyService::Stub& stub,
                               const v1::BatchCreateAgenciesRequest& batch,
                               AgencyImportCounts& counts) {
  v1::BatchGetAgenciesRequest get;
  for (const v1::CreateAgencyRequest& request : batch.requests()) {
    get.add_names(AgencyName(request.agency_id()));
  }
  v1::BatchGetAgenciesResponse found;
  grpc::Status status = stub.BatchGetAgencies(NewCall(cli).get(), get, &found);
  if (!status.ok()) return ServerError(status);
  std::map<std::string, const v1::Agency*> existing;
  for (const v1::Agency& agency : found.agencies()) existing[agency.name()] = &agency;
  v1::BatchCreateAgenciesRequest create;
  for (const v1::CreateAgencyRequest& request : batch.requests()) {
    const std::string name = AgencyName(request.agency_id());
    auto it = existing.find(name);
    if (it == existing.end()) {
      *create.add_requests() = request;
    } else if (SameAgency(*it->second, request)) {
      ++counts.unchanged;
    } else {
      ++counts.differing;
      std::fprintf(stderr, "%s exists and differs from the reference file; kept as is\n",
                   name.c_str());
    }
  }
  if (create.requests().empty()) return absl::OkStatus();
  // The same id on every attempt of this batch: a retry is not applied twice.
  create.set_request_id(absl::StrCat("reference-agencies-", absl::Hex(MessageFingerprint(create))));
  v1::BatchCreateAgenciesResponse created;
  status = stub.BatchCreateAgencies(NewCall(cli).get(), create, &created);
  if (!status.ok()) return ServerError(status);
  counts.created += created.agencies_size();
  return absl::OkStatus();
}

// Creates the agencies not there yet; an existing one is left as it is and
// reported when it differs from the file.
int ImportAgencies(const CliContext& cli, const std::vector<v1::CreateAgencyRequest>& requests) {
  auto stub = v1::AgencyService::NewStub(OpenChannel(ServiceAddress("agencies")));
  const absl::Time start = absl::Now();
  AgencyImportCounts counts;
  size_t first = 0;
  for (const v1::BatchCreateAgenciesRequest& batch : agencies::AgencyBatches(requests)) {
    if (absl::Status s = ImportAgencyBatch(cli, *stub, batch, counts); !s.ok()) {
      std::fprintf(stderr, "creating reference agencies %zu to %zu:\n", first,
                   first + batch.requests_size() - 1);
      return ReportError(s);
    }
    first += batch.requests_size();
  }
  std::printf("agencies: %d created, %d already there, %d differing, in %.2f s\n", counts.created,
              counts.unchanged, counts.differing, absl::ToDoubleSeconds(absl::Now() - start));
  return 0;
}

}  // namespace

int RunReferenceCommand(const CliContext& cli) {
  if (cli.args.Word(1) != "import") {
    return ReportError(
        UsageError("usage: interplan reference import [FILE...]   (default: the shipped data in " +
                   ReferenceDir() + ")"));
  }
  std::vector<std::string> paths(cli.args.positional().begin() + 2, cli.args.positional().end());
  if (paths.empty()) paths = agencies::DefaultReferenceFiles();
  absl::StatusOr<agencies::ReferenceData> data = agencies::LoadReferenceFiles(paths);
  if (!data.ok()) {
    return ReportError(WithOrigin(data.status(), absl::IsInvalidArgument(data.status())
                                                     ? ErrorOrigin::kInput
                                                     : ErrorOrigin::kFile));
  }
  if (!data->unit_imports.empty()) {
    if (int code = ImportUnits(cli, std::move(data->unit_imports)); code != 0) return code;
  }
  if (!data->agencies.empty()) return ImportAgencies(cli, data->agencies);
  return 0;
}

}  // namespace interplan::cli
