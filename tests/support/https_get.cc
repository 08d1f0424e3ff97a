#include "tests/support/https_get.h"

#include <openssl/ssl.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <chrono>
#include <memory>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace interplan::testing {
namespace {

namespace asio = boost::asio;
namespace ssl = boost::asio::ssl;
namespace beast_http = boost::beast::http;
using asio::ip::tcp;
using boost::system::error_code;

// One exchange: connect, handshake, write, read; each step's completion
// starts the next, all on one io_context run for at most the timeout.
struct Exchange {
  Exchange(asio::io_context& io, ssl::context& context) : stream(io, context) {}

  ssl::stream<tcp::socket> stream;
  beast_http::request<beast_http::string_body> request;
  beast_http::response<beast_http::string_body> response;
  boost::beast::flat_buffer buffer;
  HttpResult result;
  bool done = false;

  void Fail(const std::string& step, const error_code& error) {
    result.error = absl::StrCat(step, ": ", error.message());
    done = true;
  }
};

absl::Status Configure(ssl::context& context, const HttpsClientTls& tls) {
  error_code error;
  context.load_verify_file(tls.ca_file, error);
  if (!error && !tls.cert_file.empty()) context.use_certificate_chain_file(tls.cert_file, error);
  if (!error && !tls.key_file.empty()) {
    context.use_private_key_file(tls.key_file, ssl::context::pem, error);
  }
  if (error) return absl::InvalidArgumentError(error.message());
  context.set_verify_mode(ssl::verify_peer);
  return absl::OkStatus();
}

}  // namespace

HttpResult HttpsGet(int port, const std::string& target, const HttpsClientTls& tls,
                    const std::vector<std::pair<std::string, std::string>>& headers,
                    absl::Duration timeout) {
  ssl::context context(ssl::context::tls_client);
  if (absl::Status configured = Configure(context, tls); !configured.ok()) {
    return {0, "", "", absl::StrCat("client TLS files: ", configured.message())};
  }
  asio::io_context io;
  auto exchange = std::make_shared<Exchange>(io, context);
  Exchange& x = *exchange;
  SSL_set_tlsext_host_name(x.stream.native_handle(), tls.server_name.c_str());
  x.stream.set_verify_callback(ssl::host_name_verification(tls.server_name));
  x.request = {beast_http::verb::get, target, 11};
  x.request.set(beast_http::field::host, tls.server_name);
  x.request.set(beast_http::field::connection, "close");
  for (const auto& [name, value] : headers) x.request.set(name, value);

  const tcp::endpoint server(asio::ip::make_address("127.0.0.1"), static_cast<uint16_t>(port));
  x.stream.next_layer().async_connect(server, [exchange](error_code error) {
    Exchange& x = *exchange;
    if (error) return x.Fail("connect", error);
    x.stream.async_handshake(ssl::stream_base::client, [exchange](error_code error) {
      Exchange& x = *exchange;
      if (error) return x.Fail("handshake", error);
      beast_http::async_write(x.stream, x.request, [exchange](error_code error, size_t) {
        Exchange& x = *exchange;
        if (error) return x.Fail("write", error);
        beast_http::async_read(
            x.stream, x.buffer, x.response, [exchange](error_code error, size_t) {
              Exchange& x = *exchange;
              if (error) return x.Fail("read", error);
              x.result.status = static_cast<int>(x.response.result_int());
              x.result.content_type = std::string(x.response[beast_http::field::content_type]);
              x.result.body = x.response.body();
              x.done = true;
            });
      });
    });
  });
  io.run_for(std::chrono::milliseconds(absl::ToInt64Milliseconds(timeout)));
  if (!x.done) x.result.error = "timeout";
  HttpResult result = x.result;
  error_code ignored;
  x.stream.next_layer().close(ignored);
  return result;
}

}  // namespace interplan::testing
