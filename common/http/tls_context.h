// The OpenSSL context of an HTTPS port (HttpServer::Options::tls): its
// certificate chain and private key from PEM files, TLS 1.2 or later, and
// with a client CA, client certificates asked for and verified (required
// with require_client_certificate) -- the rules of the gRPC port's
// --tls_* flags (common/auth/tls_files.h), so one set of files secures
// both.
#ifndef INTERPLAN_COMMON_HTTP_TLS_CONTEXT_H_
#define INTERPLAN_COMMON_HTTP_TLS_CONTEXT_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"

namespace boost::asio::ssl {
class context;
}  // namespace boost::asio::ssl

namespace interplan::http {

struct TlsFiles {
  std::string cert_file;
  std::string key_file;
  // CA of client certificates; empty: they are not asked for.
  std::string client_ca_file;
  bool require_client_certificate = false;

  // TLS is on when a certificate or key is named (both are then needed).
  bool enabled() const { return !cert_file.empty() || !key_file.empty(); }
};

// The context for `files` (enabled()). INVALID_ARGUMENT for half a pair, a
// client CA without a certificate, or a file OpenSSL cannot use (naming
// the file and OpenSSL's reason); a key that does not match the
// certificate is refused too.
absl::StatusOr<std::unique_ptr<boost::asio::ssl::context>> MakeServerTlsContext(
    const TlsFiles& files);

}  // namespace interplan::http

#endif  // INTERPLAN_COMMON_HTTP_TLS_CONTEXT_H_
