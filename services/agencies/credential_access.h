// Who may manage and use credentials once calls are authenticated
// (--auth=on; with it off there is no principal and everything is
// allowed, see common/access/access_policy.h):
//
// - Every credential write (CreateApiKey, RevokeApiKey,
//   CreateCertificateBinding, DeleteCertificateBinding) and the listings
//   (ListApiKeys, ListCertificateBindings: an agency's keys are not
//   public) are the OPERATOR's alone.
// - Authenticate answers SERVICE callers (the suite's services resolving
//   their callers) and OPERATORs; never an agency or a ministry, which
//   could otherwise probe keys and certificate subjects.
//
// The registry asks first, before anything is read or written; a refusal
// is PERMISSION_DENIED naming the resource (ROLE_NOT_ALLOWED).
#ifndef INTERPLAN_SERVICES_AGENCIES_CREDENTIAL_ACCESS_H_
#define INTERPLAN_SERVICES_AGENCIES_CREDENTIAL_ACCESS_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "common/call/call_context.h"
#include "interplan/agencies/v1/credentials.pb.h"

namespace interplan::agencies {

class CredentialAccess {
 public:
  static absl::Status MayCreateApiKey(const CallContext& call,
                                      const v1::CreateApiKeyRequest& request);
  static absl::Status MayListApiKeys(const CallContext& call,
                                     const v1::ListApiKeysRequest& request);
  static absl::Status MayRevokeApiKey(const CallContext& call,
                                      const v1::RevokeApiKeyRequest& request);
  static absl::Status MayCreateCertificateBinding(const CallContext& call);
  static absl::Status MayListCertificateBindings(const CallContext& call);
  static absl::Status MayDeleteCertificateBinding(
      const CallContext& call, const v1::DeleteCertificateBindingRequest& request);
  static absl::Status MayAuthenticate(const CallContext& call,
                                      const v1::AuthenticateRequest& request);

  // The collection a key of `agency` ("agencies/x", or "" for operator and
  // service keys) is created in or listed from: "agencies/x/apiKeys", or
  // "apiKeys".
  static std::string ApiKeysOf(absl::string_view agency);
};

}  // namespace interplan::agencies

#endif  // INTERPLAN_SERVICES_AGENCIES_CREDENTIAL_ACCESS_H_
