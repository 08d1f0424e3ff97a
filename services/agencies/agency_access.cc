#include "services/agencies/agency_access.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "common/access/access_policy.h"

namespace interplan::agencies {
namespace {

absl::Status RequireOperator(const CallContext& call, const std::string& resource) {
  return access::RequireRole(call, {auth::Role::kOperator}, resource);
}

// The agency a request names, or the collection when it names none.
std::string AgencyOrCollection(const std::string& name) {
  return name.empty() ? std::string("agencies") : name;
}

}  // namespace

absl::Status AgencyAccess::MayImportUnits(const CallContext& call) {
  return RequireOperator(call, "units");
}

absl::Status AgencyAccess::MayCreateAgency(const CallContext& call,
                                           const v1::CreateAgencyRequest& request) {
  return RequireOperator(call, request.agency_id().empty()
                                   ? std::string("agencies")
                                   : absl::StrCat("agencies/", request.agency_id()));
}

absl::Status AgencyAccess::MayUpdateAgency(const CallContext& call,
                                           const v1::UpdateAgencyRequest& request) {
  return RequireOperator(call, AgencyOrCollection(request.agency().name()));
}

absl::Status AgencyAccess::MayRetireAgency(const CallContext& call,
                                           const v1::RetireAgencyRequest& request) {
  return RequireOperator(call, AgencyOrCollection(request.name()));
}

}  // namespace interplan::agencies
