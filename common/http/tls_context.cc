#include "common/http/tls_context.h"

#include <openssl/ssl.h>

#include <boost/asio/ssl/context.hpp>

#include "absl/strings/str_cat.h"

namespace interplan::http {
namespace {

namespace ssl = boost::asio::ssl;
using boost::system::error_code;

absl::Status Refused(const std::string& what, const std::string& file, const error_code& error) {
  return absl::InvalidArgumentError(absl::StrCat("TLS ", what, " ", file, ": ", error.message()));
}

}  // namespace

absl::StatusOr<std::unique_ptr<ssl::context>> MakeServerTlsContext(const TlsFiles& files) {
  if (!files.enabled()) {
    return absl::InvalidArgumentError(
        files.client_ca_file.empty()
            ? "TLS needs a certificate file and a key file"
            : "a client CA needs TLS: set the server certificate and key too");
  }
  if (files.cert_file.empty() || files.key_file.empty()) {
    return absl::InvalidArgumentError("TLS needs both a certificate file and a key file");
  }
  auto context = std::make_unique<ssl::context>(ssl::context::tls_server);
  error_code error;
  context->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                           ssl::context::no_sslv3 | ssl::context::no_tlsv1 |
                           ssl::context::no_tlsv1_1 | ssl::context::single_dh_use,
                       error);
  if (error) return Refused("options", "", error);
  context->use_certificate_chain_file(files.cert_file, error);
  if (error) return Refused("certificate", files.cert_file, error);
  context->use_private_key_file(files.key_file, ssl::context::pem, error);
  if (error) return Refused("private key", files.key_file, error);
  if (SSL_CTX_check_private_key(context->native_handle()) != 1) {
    return absl::InvalidArgumentError(absl::StrCat(
        "TLS private key ", files.key_file, " does not match the certificate ", files.cert_file));
  }
  // Sessions resumed by a client come back to this context only.
  static constexpr unsigned char kSessionContext[] = "interplan-http";
  SSL_CTX_set_session_id_context(context->native_handle(), kSessionContext,
                                 sizeof(kSessionContext) - 1);
  if (!files.client_ca_file.empty()) {
    context->load_verify_file(files.client_ca_file, error);
    if (error) return Refused("client CA", files.client_ca_file, error);
    ssl::verify_mode mode = ssl::verify_peer;
    if (files.require_client_certificate) mode |= ssl::verify_fail_if_no_peer_cert;
    context->set_verify_mode(mode, error);
    if (error) return Refused("client CA", files.client_ca_file, error);
  }
  return context;
}

}  // namespace interplan::http
