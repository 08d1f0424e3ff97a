// Tests of HttpServer over real sockets: a server on 127.0.0.1:0 and a raw
// client that writes bytes and reads responses, so framing, keep-alive,
// pipelining, errors, timeouts and shutdown are seen as a client sees them.
#include "common/http/http_server.h"

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/common/http/raw_client.h"

namespace interplan::http {
namespace {

using ::testing::HasSubstr;
using ::testing::MatchesRegex;

std::string Get(absl::string_view target, absl::string_view extra = "") {
  return absl::StrCat("GET ", target, " HTTP/1.1\r\nHost: test\r\n", extra, "\r\n");
}

std::string Post(absl::string_view target, absl::string_view body) {
  return absl::StrCat("POST ", target, " HTTP/1.1\r\nHost: test\r\n",
                      "Content-Length: ", body.size(), "\r\n\r\n", body);
}

HttpResponse Text(std::string body) {
  HttpResponse response;
  response.status = 200;
  response.content_type = "text/plain";
  response.body = std::move(body);
  return response;
}

class HttpServerTest : public ::testing::Test {
 protected:
  // Starts a server on 127.0.0.1:0 with the test routes.
  void StartServer(HttpServer::Options options = {}) {
    options.address = "127.0.0.1:0";
    server_ = std::make_unique<HttpServer>(options);
    server_->Handle("GET", "/echo", [](const HttpRequest& request) {
      std::string body = absl::StrCat(request.method, " ", request.path, "\n");
      for (const auto& [key, value] : request.query) {
        absl::StrAppend(&body, key, "=", value, "\n");
      }
      return Text(body);
    });
    server_->Handle("POST", "/echo", [](const HttpRequest& request) { return Text(request.body); });
    server_->Handle("GET", "/slow", [this](const HttpRequest&) {
      slow_started_.store(true);
      absl::SleepFor(absl::Milliseconds(300));
      return Text("slow");
    });
    server_->Handle("GET", "/count",
                    [this](const HttpRequest&) { return Text(absl::StrCat(++count_)); });
    ASSERT_TRUE(server_->Start().ok());
    ASSERT_GT(server_->port(), 0);
  }

  void TearDown() override {
    if (server_ != nullptr) server_->Shutdown();
  }

  std::unique_ptr<HttpServer> server_;
  // Whether /slow has started; polled by WaitForSlowHandler().
  std::atomic<bool> slow_started_{false};
  bool WaitForSlowHandler() {
    const absl::Time deadline = absl::Now() + absl::Seconds(5);
    while (!slow_started_.load()) {
      if (absl::Now() > deadline) return false;
      absl::SleepFor(absl::Milliseconds(1));
    }
    return true;
  }
  std::atomic<int> count_{0};
};

TEST_F(HttpServerTest, GetDecodesTheQuery) {
  StartServer();
  RawClient client(server_->port());
  ASSERT_TRUE(client.connected());
  ASSERT_TRUE(client.Send(Get("/echo?name=%C4%90%E1%BB%93ng+Nai&expr=a%2Bb&empty=&flag")));
  absl::StatusOr<ClientResponse> response = client.Read();
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "GET /echo\nempty=\nexpr=a+b\nflag=\nname=Đồng Nai\n");
  EXPECT_EQ(response->headers["content-type"], "text/plain");
  EXPECT_EQ(response->headers["content-length"], absl::StrCat(response->body.size()));
  EXPECT_THAT(response->headers["date"],
              MatchesRegex("[A-Z][a-z]{2}, [0-9]{2} [A-Z][a-z]{2} [0-9]{4} "
                           "[0-9]{2}:[0-9]{2}:[0-9]{2} GMT"));
  EXPECT_EQ(response->headers.count("connection"), 0u);
}

TEST_F(HttpServerTest, KeepAliveServesTwoRequestsOnOneConnection) {
  StartServer();
  RawClient client(server_->port());
  ASSERT_TRUE(client.Send(Get("/count")));
  absl::StatusOr<ClientResponse> first = client.Read();
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_TRUE(client.Send(Post("/echo", "second")));
  absl::StatusOr<ClientResponse> second = client.Read();
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(first->body, "1");
  EXPECT_EQ(second->body, "second");
}

TEST_F(HttpServerTest, PipelinedRequestsAreAnsweredInOrder) {
  StartServer();
  RawClient client(server_->port());
  ASSERT_TRUE(client.Send(
      absl::StrCat(Get("/slow"), Post("/echo", "two"), Get("/missing"), Get("/echo?n=4"))));
  std::vector<std::string> bodies;
  std::vector<int> statuses;
  for (int i = 0; i < 4; ++i) {
    absl::StatusOr<ClientResponse> response = client.Read();
    ASSERT_TRUE(response.ok()) << i << ": " << response.status();
    statuses.push_back(response->status);
    bodies.push_back(response->body);
  }
  EXPECT_THAT(statuses, ::testing::ElementsAre(200, 200, 404, 200));
  EXPECT_EQ(bodies[0], "slow");
  EXPECT_EQ(bodies[1], "two");
  EXPECT_EQ(bodies[3], "GET /echo\nn=4\n");
}

TEST_F(HttpServerTest, MalformedRequestLineIs400AndCloses) {
  StartServer();
  RawClient client(server_->port());
  ASSERT_TRUE(client.Send("GET /echo HTTP/1.1 extra\r\nHost: test\r\n\r\n"));
  absl::StatusOr<ClientResponse> response = client.Read();
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->status, 400);
  EXPECT_EQ(response->headers["connection"], "close");
  EXPECT_TRUE(client.ClosedWithin(absl::Seconds(5)));
}

TEST_F(HttpServerTest, BareLineFeedsAre400WithoutWaitingForMore) {
  StartServer();
  RawClient client(server_->port());
  ASSERT_TRUE(client.Send("GET /echo HTTP/1.1\nHost: test\n"));
  absl::StatusOr<ClientResponse> response = client.Read(absl::Seconds(2));
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->status, 400);
}

// Strict parsing: what is malformed, ambiguous (request smuggling) or not
// supported is answered with its status and the connection closed; the
// server never guesses what the client meant.
TEST_F(HttpServerTest, StrictParsingRefusesWhatItDoesNotUnderstand) {
  StartServer();
  struct Case {
    std::string request;
    int status;
  };
  const std::vector<Case> cases = {
      {"GARBAGE\r\n\r\n", 400},
      {"GET  /echo HTTP/1.1\r\nHost: h\r\n\r\n", 400},
      {"GET http://x/echo HTTP/1.1\r\nHost: h\r\n\r\n", 400},
      {"GET /echo#frag HTTP/1.1\r\nHost: h\r\n\r\n", 400},
      {"GET /echo HTTX/1.1\r\nHost: h\r\n\r\n", 400},
      {"GET /echo HTTP/2.0\r\nHost: h\r\n\r\n", 400},  // Beast: "bad version"
      {"GET /echo HTTP/1.1\r\n\r\n", 400},             // no Host
      {"GET /echo HTTP/1.1\r\nHost: h\r\nHost: i\r\n\r\n", 400},
      {"GET /echo HTTP/1.1\r\nHost : h\r\n\r\n", 400},
      {"GET /echo HTTP/1.1\r\nHost: h\r\nNoColon\r\n\r\n", 400},
      {"GET /echo HTTP/1.1\r\nHost: h\r\nX: a\x01b\r\n\r\n", 400},
      {"POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: -1\r\n\r\n", 400},
      {"POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 1x\r\n\r\n", 400},
      {"POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab", 400},
      {"POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 99999999999999999999999\r\n\r\n", 400},
      {"POST /echo HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 501},
      // Smuggling: both framings at once, in either order.
      {"POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n"
       "0\r\n\r\n",
       400},
      {"POST /echo HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\n"
       "0\r\n\r\n",
       400},
      {"POST /echo HTTP/1.1\r\nHost: h\r\nExpect: magic\r\nContent-Length: 1\r\n\r\nx", 417},
  };
  for (const Case& c : cases) {
    RawClient client(server_->port());
    ASSERT_TRUE(client.Send(c.request));
    absl::StatusOr<ClientResponse> response = client.Read();
    ASSERT_TRUE(response.ok()) << absl::CEscape(c.request) << ": " << response.status();
    EXPECT_EQ(response->status, c.status) << absl::CEscape(c.request) << ": " << response->body;
    EXPECT_EQ(response->headers["connection"], "close") << absl::CEscape(c.request);
  }
}

TEST_F(HttpServerTest, UnknownPathIs404AndKeepsTheConnection) {
  StartServer();
  RawClient client(server_->port());
  ASSERT_TRUE(client.Send(Get("/nowhere")));
  absl::StatusOr<ClientResponse> response = client.Read();
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->status, 404);
  EXPECT_EQ(response->headers["content-type"], "application/json; charset=utf-8");
  EXPECT_EQ(response->body,
            "{\"error\":{\"code\":404,\"message\":\"no such path: /nowhere\","
            "\"status\":\"NOT_FOUND\",\"details\":[]}}\n");
  // Routing is on the raw path: an escaped "/echo" is another path.
  ASSERT_TRUE(client.Send(Get("/%65cho")));
  response = client.Read();
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->status, 404);
}

TEST_F(HttpServerTest, HeadIsGetWithoutTheBody) {
  StartServer();
  RawClient client(server_->port());
  ASSERT_TRUE(client.Send(Get("/echo?a=1")));
  absl::StatusOr<ClientResponse> get = client.Read();
  ASSERT_TRUE(get.ok()) << get.status();
  ASSERT_TRUE(client.Send("HEAD /echo?a=1 HTTP/1.1\r\nHost: test\r\n\r\n"));
  absl::StatusOr<ClientResponse> head = client.Read(absl::Seconds(5), /*to_head=*/true);
  ASSERT_TRUE(head.ok()) << head.status();
  EXPECT_EQ(head->status, 200);
  EXPECT_EQ(head->headers["content-length"],
            absl::StrCat(get->body.size() + 1));  // "HEAD" vs "GET"
  EXPECT_EQ(head->headers["content-type"], get->headers["content-type"]);
  // Nothing follows the head: the next answer on the connection is the next request's.
  ASSERT_TRUE(client.Send(Get("/echo?a=2")));
  absl::StatusOr<ClientResponse> next = client.Read();
  ASSERT_TRUE(next.ok()) << next.status();
  EXPECT_EQ(next->body, "GET /echo\na=2\n");
}

TEST_F(HttpServerTest, ARepeatedQueryParameterIs400NamingIt) {
  StartServer();
  RawClient client(server_->port());
  ASSERT_TRUE(client.Send(Get("/echo?year=2022&year=2023")));
  absl::StatusOr<ClientResponse> response = client.Read();
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->status, 400);
  EXPECT_THAT(response->body, HasSubstr("\\\"year\\\" is given more than once"));
  EXPECT_THAT(response->body, HasSubstr("\"status\":\"INVALID_ARGUMENT\""));
}

TEST_F(HttpServerTest, WrongMethodIs405WithAllow) {
  StartServer();
  RawClient client(server_->port());
  ASSERT_TRUE(client.Send("DELETE /echo HTTP/1.1\r\nHost: test\r\n\r\n"));
  absl::StatusOr<ClientResponse> response = client.Read();
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->status, 405);
  EXPECT_EQ(response->headers["allow"], "GET, HEAD, POST");
  EXPECT_EQ(response->headers["content-type"], "application/json; charset=utf-8");
  EXPECT_THAT(response->body, HasSubstr("\"code\":405"));
  EXPECT_THAT(response->body, HasSubstr("\"status\":\"UNIMPLEMENTED\""));
  ASSERT_TRUE(client.Send("POST /slow HTTP/1.1\r\nHost: test\r\n\r\n"));
  response = client.Read();
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->status, 405);
  EXPECT_EQ(response->headers["allow"], "GET, HEAD");
}

TEST_F(HttpServerTest, OversizedBodyIs413EvenWhileTheClientKeepsSending) {
  HttpServer::Options options;
  options.max_request_bytes = 1024;
  StartServer(options);
  RawClient client(server_->port());
  ASSERT_TRUE(client.Send("POST /echo HTTP/1.1\r\nHost: test\r\nContent-Length: 100000\r\n\r\n"));
  // Part of the body is on its way when the server answers; the server
  // drains it rather than resetting the connection under the answer.
  ASSERT_TRUE(client.Send(std::string(20000, 'x')));
  absl::StatusOr<ClientResponse> response = client.Read();
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->status, 413);
  EXPECT_EQ(response->headers["connection"], "close");
  EXPECT_TRUE(client.ClosedWithin(absl::Seconds(5)));

  RawClient fits(server_->port());
  ASSERT_TRUE(fits.Send(Post("/echo", std::string(1024, 'y'))));
  response = fits.Read();
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body.size(), 1024u);
}

TEST_F(HttpServerTest, OversizedHeadersAre431) {
  HttpServer::Options options;
  options.max_header_bytes = 1024;
  StartServer(options);
  RawClient client(server_->port());
  ASSERT_TRUE(client.Send(Get("/echo", absl::StrCat("X-Big: ", std::string(2000, 'a'), "\r\n"))));
  absl::StatusOr<ClientResponse> response = client.Read();
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->status, 431);
  EXPECT_TRUE(client.ClosedWithin(absl::Seconds(5)));
}

TEST_F(HttpServerTest, ConnectionCloseIsHonoured) {
  StartServer();
  RawClient client(server_->port());
  ASSERT_TRUE(client.Send(Get("/echo", "Connection: close\r\n")));
  absl::StatusOr<ClientResponse> response = client.Read();
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->headers["connection"], "close");
  EXPECT_TRUE(client.ClosedWithin(absl::Seconds(5)));
}

TEST_F(HttpServerTest, Http10ClosesUnlessAskedToKeepAlive) {
  StartServer();
  RawClient once(server_->port());
  ASSERT_TRUE(once.Send("GET /echo HTTP/1.0\r\n\r\n"));
  absl::StatusOr<ClientResponse> response = once.Read();
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->headers["connection"], "close");
  EXPECT_TRUE(once.ClosedWithin(absl::Seconds(5)));

  RawClient kept(server_->port());
  ASSERT_TRUE(kept.Send("GET /echo HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"));
  response = kept.Read();
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->headers["connection"], "keep-alive");
  ASSERT_TRUE(kept.Send("GET /echo HTTP/1.0\r\n\r\n"));
  EXPECT_TRUE(kept.Read().ok());
}

TEST_F(HttpServerTest, ExpectContinueGetsAnInterimResponse) {
  StartServer();
  RawClient client(server_->port());
  ASSERT_TRUE(
      client.Send("POST /echo HTTP/1.1\r\nHost: test\r\nExpect: 100-continue\r\n"
                  "Content-Length: 4\r\n\r\n"));
  absl::StatusOr<ClientResponse> interim = client.Read();
  ASSERT_TRUE(interim.ok()) << interim.status();
  EXPECT_EQ(interim->status, 100);
  ASSERT_TRUE(client.Send("body"));
  absl::StatusOr<ClientResponse> response = client.Read();
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->body, "body");
}

TEST_F(HttpServerTest, HalfClosedClientStillGetsItsAnswers) {
  StartServer();
  RawClient client(server_->port());
  ASSERT_TRUE(client.Send(absl::StrCat(Get("/echo?a=1"), Get("/echo?a=2"))));
  client.ShutdownWrite();
  absl::StatusOr<ClientResponse> first = client.Read();
  absl::StatusOr<ClientResponse> second = client.Read();
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(second->body, "GET /echo\na=2\n");
  EXPECT_TRUE(client.ClosedWithin(absl::Seconds(5)));
}

TEST_F(HttpServerTest, ConcurrentClients) {
  HttpServer::Options options;
  options.threads = 4;
  StartServer(options);
  constexpr int kClients = 16;
  constexpr int kRequests = 50;
  std::atomic<int> ok{0};
  std::vector<std::thread> clients;
  for (int i = 0; i < kClients; ++i) {
    clients.emplace_back([&, i] {
      RawClient client(server_->port());
      for (int j = 0; j < kRequests; ++j) {
        if (!client.Send(Get(absl::StrCat("/echo?c=", i, "&r=", j)))) return;
        absl::StatusOr<ClientResponse> response = client.Read();
        if (!response.ok() || response->status != 200) return;
        if (response->body != absl::StrCat("GET /echo\nc=", i, "\nr=", j, "\n")) {
          return;
        }
        ok.fetch_add(1);
      }
    });
  }
  for (std::thread& t : clients) t.join();
  EXPECT_EQ(ok.load(), kClients * kRequests);
}

TEST_F(HttpServerTest, IdleConnectionIsClosedAfterTheHeaderTimeout) {
  HttpServer::Options options;
  options.header_timeout = absl::Milliseconds(200);
  StartServer(options);
  RawClient client(server_->port());
  ASSERT_TRUE(client.Send(Get("/echo")));
  ASSERT_TRUE(client.Read().ok());
  const absl::Time start = absl::Now();
  EXPECT_TRUE(client.ClosedWithin(absl::Seconds(3)));
  EXPECT_GE(absl::Now() - start, absl::Milliseconds(150));
}

TEST_F(HttpServerTest, TrickleClientGets408AtTheHeaderTimeout) {
  HttpServer::Options options;
  options.header_timeout = absl::Milliseconds(300);
  StartServer(options);
  RawClient client(server_->port());
  // A byte every 50 ms never completes a request within the timeout.
  const std::string request = Get("/echo");
  absl::StatusOr<ClientResponse> response;
  for (char c : request.substr(0, 12)) {
    if (!client.Send(std::string(1, c))) break;
    absl::SleepFor(absl::Milliseconds(50));
  }
  response = client.Read(absl::Seconds(3));
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->status, 408);
  EXPECT_TRUE(client.ClosedWithin(absl::Seconds(3)));
}

TEST_F(HttpServerTest, ShutdownWithSlowClientsReturnsPromptly) {
  StartServer();  // header timeout 10 s
  RawClient idle(server_->port());
  RawClient partial(server_->port());
  ASSERT_TRUE(partial.Send("GET /echo HTTP/1.1\r\nHos"));
  RawClient stalled(server_->port());
  ASSERT_TRUE(stalled.Send("POST /echo HTTP/1.1\r\nHost: test\r\nContent-Length: 100\r\n\r\nabc"));
  absl::SleepFor(absl::Milliseconds(100));  // let the server see them
  const absl::Time start = absl::Now();
  server_->Shutdown();
  EXPECT_LT(absl::Now() - start, absl::Seconds(1));
  EXPECT_TRUE(idle.ClosedWithin(absl::Seconds(1)));
  EXPECT_TRUE(partial.ClosedWithin(absl::Seconds(1)));
  EXPECT_TRUE(stalled.ClosedWithin(absl::Seconds(1)));
  RawClient late(server_->port());
  EXPECT_FALSE(late.connected());
}

TEST_F(HttpServerTest, ShutdownFinishesTheRequestInFlight) {
  StartServer();
  RawClient client(server_->port());
  ASSERT_TRUE(client.Send(absl::StrCat(Get("/slow"), Get("/echo"))));
  ASSERT_TRUE(WaitForSlowHandler());
  server_->Shutdown();
  absl::StatusOr<ClientResponse> response = client.Read();
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "slow");
  EXPECT_EQ(response->headers["connection"], "close");
  // The pipelined request behind it is never started.
  EXPECT_TRUE(client.ClosedWithin(absl::Seconds(2)));
}

TEST_F(HttpServerTest, ShutdownTwiceAndWithoutStartIsHarmless) {
  HttpServer never_started(HttpServer::Options{});
  never_started.Shutdown();
  StartServer();
  server_->Shutdown();
  server_->Shutdown();
}

TEST(HttpServerStartTest, BadAddressIsAnErrorNamingIt) {
  for (const char* address :
       {"nonsense", "127.0.0.1:http", "127.0.0.1:70000", "::1:80", "[::1:80", "256.1.1.1:0"}) {
    HttpServer::Options options;
    options.address = address;
    HttpServer server(options);
    absl::Status status = server.Start();
    EXPECT_FALSE(status.ok()) << address;
    EXPECT_THAT(std::string(status.message()), HasSubstr(address));
  }
}

TEST(HttpServerStartTest, PortInUseIsAnErrorNamingTheAddress) {
  HttpServer::Options options;
  options.address = "127.0.0.1:0";
  HttpServer first(options);
  ASSERT_TRUE(first.Start().ok());
  options.address = absl::StrCat("127.0.0.1:", first.port());
  HttpServer second(options);
  absl::Status status = second.Start();
  ASSERT_FALSE(status.ok());
  EXPECT_THAT(std::string(status.message()), HasSubstr(options.address));
  EXPECT_THAT(std::string(status.message()), HasSubstr("in use"));
  EXPECT_FALSE(first.Start().ok());  // already started
}

TEST(HttpServerStartTest, ListensOnIpv6Loopback) {
  HttpServer::Options options;
  options.address = "[::1]:0";
  HttpServer server(options);
  absl::Status status = server.Start();
  if (!status.ok()) GTEST_SKIP() << "no IPv6 here: " << status;
  EXPECT_GT(server.port(), 0);
}

}  // namespace
}  // namespace interplan::http
