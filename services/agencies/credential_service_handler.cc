#include "services/agencies/credential_service_handler.h"

namespace interplan::agencies {

grpc::Status CredentialServiceHandler::CreateApiKey(grpc::ServerContext* context,
                                                    const v1::CreateApiKeyRequest* request,
                                                    v1::CreateApiKeyResponse* response) {
  return gate_.RunWrite(context, *request, [&](const CallContext& call) {
    return Deliver(registry_.CreateApiKey(*request, call), response);
  });
}

grpc::Status CredentialServiceHandler::ListApiKeys(grpc::ServerContext* context,
                                                   const v1::ListApiKeysRequest* request,
                                                   v1::ListApiKeysResponse* response) {
  return gate_.Run(context, *request, [&](const CallContext& call) {
    return Deliver(registry_.ListApiKeys(*request, call), response);
  });
}

grpc::Status CredentialServiceHandler::RevokeApiKey(grpc::ServerContext* context,
                                                    const v1::RevokeApiKeyRequest* request,
                                                    v1::ApiKey* response) {
  return gate_.RunWrite(context, *request, [&](const CallContext& call) {
    return Deliver(registry_.RevokeApiKey(*request, call), response);
  });
}

grpc::Status CredentialServiceHandler::CreateCertificateBinding(
    grpc::ServerContext* context, const v1::CreateCertificateBindingRequest* request,
    v1::CertificateBinding* response) {
  return gate_.RunWrite(context, *request, [&](const CallContext& call) {
    return Deliver(registry_.CreateCertificateBinding(*request, call), response);
  });
}

grpc::Status CredentialServiceHandler::ListCertificateBindings(
    grpc::ServerContext* context, const v1::ListCertificateBindingsRequest* request,
    v1::ListCertificateBindingsResponse* response) {
  return gate_.Run(context, *request, [&](const CallContext& call) {
    return Deliver(registry_.ListCertificateBindings(*request, call), response);
  });
}

grpc::Status CredentialServiceHandler::DeleteCertificateBinding(
    grpc::ServerContext* context, const v1::DeleteCertificateBindingRequest* request,
    v1::CertificateBinding* response) {
  return gate_.RunWrite(context, *request, [&](const CallContext& call) {
    return Deliver(registry_.DeleteCertificateBinding(*request, call), response);
  });
}

grpc::Status CredentialServiceHandler::Authenticate(grpc::ServerContext* context,
                                                    const v1::AuthenticateRequest* request,
                                                    v1::Principal* response) {
  return gate_.Run(context, *request, [&](const CallContext& call) {
    return Deliver(registry_.Authenticate(*request, call), response);
  });
}

}  // namespace interplan::agencies
