#include "common/auth/grpc_authenticator.h"

#include <grpcpp/client_context.h>

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/auth/principal_proto.h"
#include "common/errors/errors.h"
#include "common/errors/grpc_status.h"
#include "common/logging/log.h"

namespace interplan::auth {

namespace v1 = ::interplan::agencies::v1;

GrpcAuthenticator::GrpcAuthenticator(std::shared_ptr<grpc::Channel> agencies,
                                     GrpcAuthenticatorOptions options)
    : stub_(v1::CredentialService::NewStub(std::move(agencies))), options_(std::move(options)) {}

absl::StatusOr<Principal> GrpcAuthenticator::Authenticate(const Credential& credential) {
  v1::AuthenticateRequest request;
  if (credential.kind == Credential::Kind::kApiKey) {
    request.set_api_key(credential.value);
  } else {
    request.set_certificate_subject(credential.value);
  }
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + options_.timeout));
  if (!options_.service_key.empty()) {
    context.AddMetadata("authorization", absl::StrCat("Bearer ", options_.service_key));
  }
  v1::Principal response;
  const grpc::Status status = stub_->Authenticate(&context, request, &response);
  if (status.ok()) return PrincipalFromProto(response);
  switch (status.error_code()) {
    case grpc::StatusCode::UNAUTHENTICATED:
      return absl::UnauthenticatedError(
          status.error_message().empty() ? "the credential is not valid" : status.error_message());
    case grpc::StatusCode::INVALID_ARGUMENT:
      return absl::UnauthenticatedError(
          absl::StrCat("the credential is malformed: ", status.error_message()));
    case grpc::StatusCode::PERMISSION_DENIED: {
      LogError("interplan-agencies refuses this service's own key",
               {{"error", status.error_message()}});
      return absl::InternalError("this service cannot check credentials (its own key is refused)");
    }
    default:
      return UnavailableError(absl::StrCat("credentials cannot be checked now: interplan-agencies "
                                           "answered ",
                                           DescribeStatus(FromGrpcStatus(status))),
                              absl::Seconds(1));
  }
}

}  // namespace interplan::auth
