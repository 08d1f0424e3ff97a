#include "tools/interplan/reference_commands.h"

#include <cstdio>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/api/fingerprint.h"
#include "common/client/service_address.h"
#include "common/config/reference_dir.h"
#include "common/errors/grpc_status.h"
#include "common/reference/reference_data.h"
#include "interplan/agencies/v1/agencies.grpc.pb.h"
#include "interplan/agencies/v1/units.grpc.pb.h"
#include "tools/interplan/cli_output.h"

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
    if (!status.ok()) return FromGrpcStatus(status);
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

// Creates the agencies not there yet; an existing one is left as it is and
// reported when it differs from the file.
int ImportAgencies(const CliContext& cli, const std::vector<v1::CreateAgencyRequest>& requests) {
  auto stub = v1::AgencyService::NewStub(OpenChannel(ServiceAddress("agencies")));
  const absl::Time start = absl::Now();
  int created = 0, unchanged = 0, differing = 0;
  for (v1::CreateAgencyRequest request : requests) {
    const std::string name = AgencyName(request.agency_id());
    v1::GetAgencyRequest get;
    get.set_name(name);
    v1::Agency existing;
    grpc::Status status = stub->GetAgency(NewCall(cli).get(), get, &existing);
    if (status.ok()) {
      v1::Agency wanted = request.agency();
      wanted.set_name(name);
      if (!wanted.has_assignable()) wanted.set_assignable(existing.assignable());
      for (v1::Agency* a : {&existing, &wanted}) {
        a->clear_etag();
        a->clear_revision();
        a->clear_create_time();
        a->clear_update_time();
      }
      if (DeterministicBytes(existing) == DeterministicBytes(wanted)) {
        ++unchanged;
      } else {
        ++differing;
        std::fprintf(stderr, "%s exists and differs from the reference file; kept as is\n",
                     name.c_str());
      }
      continue;
    }
    if (status.error_code() != grpc::StatusCode::NOT_FOUND) return ReportError(status);
    request.set_request_id(absl::StrCat("reference-", request.agency_id(), "-",
                                        absl::Hex(MessageFingerprint(request))));
    v1::Agency agency;
    status = stub->CreateAgency(NewCall(cli).get(), request, &agency);
    if (!status.ok()) {
      std::fprintf(stderr, "creating %s:\n", name.c_str());
      return ReportError(status);
    }
    ++created;
  }
  std::printf("agencies: %d created, %d already there, %d differing, in %.2f s\n", created,
              unchanged, differing, absl::ToDoubleSeconds(absl::Now() - start));
  return 0;
}

}  // namespace

int RunReferenceCommand(const CliContext& cli) {
  if (cli.args.Word(1) != "import") {
    return ReportError(absl::InvalidArgumentError(
        "usage: interplan reference import [FILE...]   (default: the shipped data in " +
        ReferenceDir() + ")"));
  }
  std::vector<std::string> paths(cli.args.positional().begin() + 2, cli.args.positional().end());
  if (paths.empty()) paths = agencies::DefaultReferenceFiles();
  absl::StatusOr<agencies::ReferenceData> data = agencies::LoadReferenceFiles(paths);
  if (!data.ok()) return ReportError(data.status());
  if (!data->unit_imports.empty()) {
    if (int code = ImportUnits(cli, std::move(data->unit_imports)); code != 0) return code;
  }
  if (!data->agencies.empty()) return ImportAgencies(cli, data->agencies);
  return 0;
}

}  // namespace interplan::cli
