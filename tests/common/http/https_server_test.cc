// Tests of HttpServer with TLS (Options::tls), over real sockets with
// certificates made by openssl: requests over TLS (keep-alive and
// pipelined), a plain-HTTP request on the HTTPS port refused with 400 and
// no handler called, clients that never finish a handshake closed at the
// header timeout, client certificates required and verified, and TLS
// files that cannot be used refused at Start() naming the file.
#include <stdlib.h>

#include <atomic>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <chrono>
#include <filesystem>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/http/http_server.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/common/http/raw_client.h"
#include "tests/support/https_get.h"
#include "tests/support/test_certificates.h"

namespace interplan::http {
namespace {

namespace asio = boost::asio;
namespace ssl = boost::asio::ssl;
namespace beast_http = boost::beast::http;
using boost::system::error_code;
using ::testing::HasSubstr;
using testing::TestCertificates;

std::string Get(absl::string_view target) {
  return absl::StrCat("GET ", target, " HTTP/1.1\r\nHost: localhost\r\n\r\n");
}

// One TLS connection to the server on 127.0.0.1, driven step by step with
// a deadline on each (the io_context runs only while a step waits).
class TlsConnection {
 public:
  TlsConnection(int port, const TestCertificates& certs, const std::string& client = "")
      : context_(ssl::context::tls_client), stream_(io_, context_) {
    context_.load_verify_file(certs.Pem("ca"));
    context_.set_verify_mode(ssl::verify_peer);
    if (!client.empty()) {
      context_.use_certificate_chain_file(certs.Pem(client));
      context_.use_private_key_file(certs.Key(client), ssl::context::pem);
    }
    error_code error;
    stream_.next_layer().connect({asio::ip::make_address("127.0.0.1"), static_cast<uint16_t>(port)},
                                 error);
    connected_ = !error;
  }

  // The client's side of the handshake; an error when it fails.
  error_code Handshake() {
    error_code result = asio::error::timed_out;
    stream_.async_handshake(ssl::stream_base::client, [&](error_code error) { result = error; });
    Run();
    return result;
  }

  bool Send(const std::string& bytes) {
    error_code result = asio::error::timed_out;
    asio::async_write(stream_, asio::buffer(bytes),
                      [&](error_code error, size_t) { result = error; });
    Run();
    return !result;
  }

  // One response; an error when none arrives whole.
  absl::StatusOr<beast_http::response<beast_http::string_body>> Read() {
    beast_http::response<beast_http::string_body> response;
    error_code result = asio::error::timed_out;
    beast_http::async_read(stream_, buffer_, response,
                           [&](error_code error, size_t) { result = error; });
    Run();
    if (result) return absl::UnavailableError(result.message());
    return response;
  }

  bool connected() const { return connected_; }

 private:
  void Run() {
    io_.restart();
    io_.run_for(std::chrono::seconds(5));
    if (!io_.stopped()) {  // the step is still waiting: abandon the connection
      error_code ignored;
      stream_.next_layer().close(ignored);
      io_.restart();
      io_.run_for(std::chrono::seconds(1));
    }
  }

  asio::io_context io_;
  ssl::context context_;
  ssl::stream<asio::ip::tcp::socket> stream_;
  boost::beast::flat_buffer buffer_;
  bool connected_ = false;
};

HttpResponse Text(std::string body) {
  HttpResponse response;
  response.status = 200;
  response.content_type = "text/plain";
  response.body = std::move(body);
  return response;
}

class HttpsServerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    char pattern[] = "/tmp/interplan-https-XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    absl::StatusOr<TestCertificates> made = TestCertificates::Make(pattern);
    ASSERT_TRUE(made.ok()) << made.status();
    certs_ = new TestCertificates(*made);
  }
  static void TearDownTestSuite() {
    if (certs_ != nullptr) std::filesystem::remove_all(certs_->dir());
    delete certs_;
    certs_ = nullptr;
  }

  void SetUp() override { ASSERT_NE(certs_, nullptr); }
  void TearDown() override {
    if (server_ != nullptr) server_->Shutdown();
  }

  static TlsFiles ServerFiles() {
    return {.cert_file = certs_->Pem("server"), .key_file = certs_->Key("server")};
  }

  // A TLS server on 127.0.0.1:0 with a counting route.
  void StartServer(HttpServer::Options options) {
    options.address = "127.0.0.1:0";
    server_ = std::make_unique<HttpServer>(options);
    server_->Handle("GET", "/count",
                    [this](const HttpRequest&) { return Text(absl::StrCat(++count_)); });
    absl::Status started = server_->Start();
    ASSERT_TRUE(started.ok()) << started;
  }
  void StartServer() {
    HttpServer::Options options;
    options.tls = ServerFiles();
    StartServer(options);
  }

  testing::HttpsClientTls ClientTls() const { return {.ca_file = certs_->Pem("ca")}; }

  static TestCertificates* certs_;
  std::unique_ptr<HttpServer> server_;
  std::atomic<int> count_{0};
};

TestCertificates* HttpsServerTest::certs_ = nullptr;

TEST_F(HttpsServerTest, AnswersOverTlsVerifiedAgainstItsCa) {
  StartServer();
  testing::HttpResult result = testing::HttpsGet(server_->port(), "/count", ClientTls());
  EXPECT_EQ(result.status, 200) << result.error;
  EXPECT_EQ(result.body, "1");
  // A client that checks another name refuses the server's certificate.
  testing::HttpsClientTls elsewhere = ClientTls();
  elsewhere.server_name = "gateway.example.org";
  testing::HttpResult refused = testing::HttpsGet(server_->port(), "/count", elsewhere);
  EXPECT_EQ(refused.status, 0);
  EXPECT_THAT(refused.error, HasSubstr("handshake"));
}

TEST_F(HttpsServerTest, KeepAliveAndPipeliningWorkOverTls) {
  StartServer();
  TlsConnection client(server_->port(), *certs_);
  ASSERT_TRUE(client.connected());
  ASSERT_FALSE(client.Handshake());
  ASSERT_TRUE(client.Send(Get("/count")));
  auto first = client.Read();
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->body(), "1");
  ASSERT_TRUE(client.Send(absl::StrCat(Get("/count"), Get("/missing"), Get("/count"))));
  std::vector<std::string> answers;
  for (int i = 0; i < 3; ++i) {
    auto response = client.Read();
    ASSERT_TRUE(response.ok()) << i << ": " << response.status();
    answers.push_back(absl::StrCat(response->result_int(), " ", response->body()));
  }
  EXPECT_EQ(answers[0], "200 2");
  EXPECT_THAT(answers[1], HasSubstr("404"));
  EXPECT_EQ(answers[2], "200 3");
}

TEST_F(HttpsServerTest, APlainHttpRequestIsRefusedWith400AndNoHandlerRuns) {
  StartServer();
  RawClient client(server_->port());
  ASSERT_TRUE(client.connected());
  ASSERT_TRUE(client.Send(absl::StrCat("GET /count HTTP/1.1\r\nHost: localhost\r\n",
                                       "Authorization: Bearer ipk_sent_in_the_clear\r\n\r\n")));
  absl::StatusOr<ClientResponse> response = client.Read();
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->status, 400);
  EXPECT_THAT(response->body, HasSubstr("HTTPS only"));
  EXPECT_EQ(response->headers["connection"], "close");
  EXPECT_TRUE(client.ClosedWithin(absl::Seconds(3)));
  EXPECT_EQ(count_.load(), 0);
  // TLS clients are still served.
  EXPECT_EQ(testing::HttpsGet(server_->port(), "/count", ClientTls()).status, 200);
}

TEST_F(HttpsServerTest, ClientsThatNeverFinishTheHandshakeAreClosedAtTheHeaderTimeout) {
  HttpServer::Options options;
  options.tls = ServerFiles();
  options.header_timeout = absl::Milliseconds(300);
  StartServer(options);
  RawClient silent(server_->port());
  RawClient stalled(server_->port());
  ASSERT_TRUE(silent.connected());
  // The start of a TLS record (handshake, TLS 1.0 framing, 512 bytes) that never comes whole.
  ASSERT_TRUE(stalled.Send(std::string("\x16\x03\x01\x02\x00\x01", 6)));
  const absl::Time start = absl::Now();
  EXPECT_TRUE(silent.ClosedWithin(absl::Seconds(3)));
  EXPECT_TRUE(stalled.ClosedWithin(absl::Seconds(3)));
  EXPECT_GE(absl::Now() - start, absl::Milliseconds(200));
  EXPECT_EQ(testing::HttpsGet(server_->port(), "/count", ClientTls()).status, 200);
}

TEST_F(HttpsServerTest, ARequiredClientCertificateMustBeOneOfTheClientCa) {
  HttpServer::Options options;
  options.tls = ServerFiles();
  options.tls.client_ca_file = certs_->Pem("ca");
  options.tls.require_client_certificate = true;
  StartServer(options);
  testing::HttpsClientTls with = ClientTls();
  with.cert_file = certs_->Pem("client");
  with.key_file = certs_->Key("client");
  testing::HttpResult accepted = testing::HttpsGet(server_->port(), "/count", with);
  EXPECT_EQ(accepted.status, 200) << accepted.error;

  testing::HttpResult without = testing::HttpsGet(server_->port(), "/count", ClientTls());
  EXPECT_EQ(without.status, 0) << without.body;
  testing::HttpsClientTls intruder = ClientTls();
  intruder.cert_file = certs_->Pem("intruder");
  intruder.key_file = certs_->Key("intruder");
  testing::HttpResult refused = testing::HttpsGet(server_->port(), "/count", intruder);
  EXPECT_EQ(refused.status, 0) << refused.body;
  EXPECT_EQ(count_.load(), 1);
}

TEST_F(HttpsServerTest, TlsFilesThatCannotBeUsedAreAnErrorNamingThem) {
  struct Case {
    TlsFiles files;
    std::string named;
  };
  const std::string missing = absl::StrCat(certs_->dir(), "/missing.pem");
  for (const Case& c : {
           Case{{.cert_file = missing, .key_file = certs_->Key("server")}, missing},
           Case{{.cert_file = certs_->Pem("server"), .key_file = missing}, missing},
           Case{{.cert_file = certs_->Pem("server")}, "key file"},
           Case{{.client_ca_file = certs_->Pem("ca")}, "client CA needs TLS"},
           Case{{.cert_file = certs_->Pem("server"), .key_file = certs_->Key("client")},
                certs_->Key("client")},
           Case{{.cert_file = certs_->Pem("server"),
           .key_file = certs_->Key("server"),
           .client_ca_file = missing},
                missing},
       }) {
    HttpServer::Options options;
    options.address = "127.0.0.1:0";
    options.tls = c.files;
    HttpServer server(options);
    absl::Status status = server.Start();
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << c.named << ": " << status;
    EXPECT_THAT(std::string(status.message()), HasSubstr(c.named));
  }
}

}  // namespace
}  // namespace interplan::http
