// gRPC face of the credential registry: decode, run through the CallGate,
// encode. Who may call what is the registry's to ask first
// (credential_access.h):
//   CreateApiKey, ListApiKeys, RevokeApiKey, CreateCertificateBinding,
//   ListCertificateBindings, DeleteCertificateBinding: OPERATOR only.
//   Authenticate: SERVICE (the suite's services resolving their callers)
//   and OPERATOR; never an agency, which could otherwise probe keys. The
//   certificate_subject form must only be trusted from a service that
//   verified the peer certificate itself. interplan-agencies itself
//   authenticates its callers in process (LocalAuthenticator), not
//   through this method.
#ifndef INTERPLAN_SERVICES_AGENCIES_CREDENTIAL_SERVICE_HANDLER_H_
#define INTERPLAN_SERVICES_AGENCIES_CREDENTIAL_SERVICE_HANDLER_H_

#include "common/server/call_gate.h"
#include "interplan/agencies/v1/credentials.grpc.pb.h"
#include "services/agencies/credential_registry.h"

namespace interplan::agencies {

class CredentialServiceHandler final : public v1::CredentialService::Service {
 public:
  CredentialServiceHandler(CallGate& gate, CredentialRegistry& registry)
      : gate_(gate), registry_(registry) {}

  grpc::Status CreateApiKey(grpc::ServerContext* context, const v1::CreateApiKeyRequest* request,
                            v1::CreateApiKeyResponse* response) override;
  grpc::Status ListApiKeys(grpc::ServerContext* context, const v1::ListApiKeysRequest* request,
                           v1::ListApiKeysResponse* response) override;
  grpc::Status RevokeApiKey(grpc::ServerContext* context, const v1::RevokeApiKeyRequest* request,
                            v1::ApiKey* response) override;
  grpc::Status CreateCertificateBinding(grpc::ServerContext* context,
                                        const v1::CreateCertificateBindingRequest* request,
                                        v1::CertificateBinding* response) override;
  grpc::Status ListCertificateBindings(grpc::ServerContext* context,
                                       const v1::ListCertificateBindingsRequest* request,
                                       v1::ListCertificateBindingsResponse* response) override;
  grpc::Status DeleteCertificateBinding(grpc::ServerContext* context,
                                        const v1::DeleteCertificateBindingRequest* request,
                                        v1::CertificateBinding* response) override;
  grpc::Status Authenticate(grpc::ServerContext* context, const v1::AuthenticateRequest* request,
                            v1::Principal* response) override;

 private:
  CallGate& gate_;
  CredentialRegistry& registry_;
};

}  // namespace interplan::agencies

#endif  // INTERPLAN_SERVICES_AGENCIES_CREDENTIAL_SERVICE_HANDLER_H_
