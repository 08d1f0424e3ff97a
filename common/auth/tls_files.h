// TLS from PEM files, the one switch for the suite's transport security.
//
// Server: a certificate and key turn TLS on; a client CA additionally
// asks clients for certificates and verifies those presented (and, with
// `require_client_certificate`, refuses connections without one). A
// verified certificate's common name is then a credential (AuthGuard).
//
// Client: a CA file turns TLS on (verifying the server against it); a
// certificate and key add a client certificate (mTLS). Without a CA file
// the channel is plaintext.
#ifndef INTERPLAN_COMMON_AUTH_TLS_FILES_H_
#define INTERPLAN_COMMON_AUTH_TLS_FILES_H_

#include <grpcpp/security/credentials.h>
#include <grpcpp/security/server_credentials.h>

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace interplan::auth {

struct ServerTlsFiles {
  std::string cert_file;
  std::string key_file;
  // CA of client certificates; empty: client certificates are not asked for.
  std::string client_ca_file;
  bool require_client_certificate = false;

  bool enabled() const { return !cert_file.empty() || !key_file.empty(); }
};

struct ClientTlsFiles {
  // CA the server's certificate is checked against; empty: plaintext.
  std::string ca_file;
  // A client certificate and its key, for mTLS; both or neither.
  std::string cert_file;
  std::string key_file;
  // The name the server's certificate must carry, when it is not the host
  // dialled (tests, or addresses by IP).
  std::string server_name;

  bool enabled() const { return !ca_file.empty(); }
};

// INTERPLAN_TLS_CA_FILE, INTERPLAN_TLS_CERT_FILE, INTERPLAN_TLS_KEY_FILE,
// INTERPLAN_TLS_SERVER_NAME.
ClientTlsFiles ClientTlsFilesFromEnvironment();

// The whole of a file; NOT_FOUND naming it when it cannot be read.
absl::StatusOr<std::string> ReadTextFile(absl::string_view path);

// Insecure credentials when TLS is off; INVALID_ARGUMENT for half a pair
// (certificate without key) or a client CA without a certificate.
absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> ServerCredentialsFrom(
    const ServerTlsFiles& files);
absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> ChannelCredentialsFrom(
    const ClientTlsFiles& files);

}  // namespace interplan::auth

#endif  // INTERPLAN_COMMON_AUTH_TLS_FILES_H_
