// The limits of HttpServer over real sockets: the deadlines on a request's
// head and body, bodies refused on GET routes, the per-client and global
// connection limits with idle reaping (so clients that hold sockets and
// send nothing cannot keep out one with a request), the bound on bytes
// buffered across connections, query parameters that are not UTF-8 text,
// and a bounded random-mutation run of the request path. Clients bind to
// other loopback addresses (127.0.0.2, ...) to be other clients.
#include <atomic>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/http/http_server.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/common/http/fuzz_budget.h"
#include "tests/common/http/raw_client.h"

namespace interplan::http {
namespace {

using ::testing::HasSubstr;

std::string Get(absl::string_view target) {
  return absl::StrCat("GET ", target, " HTTP/1.1\r\nHost: test\r\n\r\n");
}

HttpResponse Text(std::string body) {
  HttpResponse response;
  response.content_type = "text/plain";
  response.body = std::move(body);
  return response;
}

class HttpLimitsTest : public ::testing::Test {
 protected:
  void StartServer(HttpServer::Options options) {
    options.address = "127.0.0.1:0";
    server_ = std::make_unique<HttpServer>(options);
    server_->Handle("GET", "/echo", [](const HttpRequest& request) {
      std::string body;
      for (const auto& [key, value] : request.query) absl::StrAppend(&body, key, "=", value, "\n");
      return Text(body);
    });
    server_->Handle("POST", "/echo", [](const HttpRequest& request) { return Text(request.body); });
    ASSERT_TRUE(server_->Start().ok());
  }
  int port() const { return server_->port(); }

  // One GET /echo on a new connection from `from`: its status (0 when no
  // answer came) and how long it took.
  int GetFrom(const std::string& from, absl::Duration* took = nullptr) {
    const absl::Time start = absl::Now();
    RawClient client(port(), from);
    if (!client.connected() || !client.Send(Get("/echo?x=1"))) return 0;
    absl::StatusOr<ClientResponse> response = client.Read(absl::Seconds(5));
    if (took != nullptr) *took = absl::Now() - start;
    return response.ok() ? response->status : 0;
  }

  std::unique_ptr<HttpServer> server_;
};

TEST_F(HttpLimitsTest, AConnectionThatSendsNothingIsClosedAtTheHeaderTimeout) {
  StartServer({.header_timeout = absl::Milliseconds(300)});
  RawClient silent(port());
  const absl::Time start = absl::Now();
  EXPECT_TRUE(silent.ClosedWithin(absl::Seconds(3)));
  EXPECT_GE(absl::Now() - start, absl::Milliseconds(250));
  EXPECT_TRUE(silent.buffered().empty());  // nothing begun, nothing to answer
}

TEST_F(HttpLimitsTest, AHeadNotWholeInTimeIs408EvenWhileBytesKeepComing) {
  StartServer({.header_timeout = absl::Milliseconds(400)});
  RawClient trickle(port());
  ASSERT_TRUE(trickle.Send("GET /echo HTTP/1.1\r\n"));
  for (int i = 0; i < 8; ++i) {
    if (!trickle.Send(absl::StrCat("X-", i, ": y\r\n"))) break;
    absl::SleepFor(absl::Milliseconds(100));
  }
  absl::StatusOr<ClientResponse> response = trickle.Read(absl::Seconds(3));
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->status, 408);
  EXPECT_TRUE(trickle.ClosedWithin(absl::Seconds(3)));
}

TEST_F(HttpLimitsTest, ABodyNotWholeInTimeIs408) {
  StartServer({.header_timeout = absl::Seconds(10), .body_timeout = absl::Milliseconds(300)});
  RawClient slow(port());
  ASSERT_TRUE(slow.Send("POST /echo HTTP/1.1\r\nHost: test\r\nContent-Length: 100\r\n\r\nabc"));
  const absl::Time start = absl::Now();
  absl::StatusOr<ClientResponse> response = slow.Read(absl::Seconds(3));
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->status, 408);
  EXPECT_LT(absl::Now() - start, absl::Seconds(2));
  EXPECT_TRUE(slow.ClosedWithin(absl::Seconds(3)));
}

TEST_F(HttpLimitsTest, ABodyOnAGetRouteIsRefusedUnread) {
  StartServer({});
  RawClient client(port());
  ASSERT_TRUE(client.Send("GET /echo HTTP/1.1\r\nHost: test\r\nContent-Length: 1040000\r\n\r\n"));
  ASSERT_TRUE(client.Send(std::string(64 << 10, 'x')));
  absl::StatusOr<ClientResponse> response = client.Read();
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->status, 413);
  EXPECT_THAT(response->body, HasSubstr("GET"));
  EXPECT_EQ(response->headers["connection"], "close");
  EXPECT_TRUE(client.ReadUntilClosed(absl::Seconds(5)));
  // An unrouted path with a body is answered without reading it too.
  RawClient nowhere(port());
  ASSERT_TRUE(
      nowhere.Send("POST /nowhere HTTP/1.1\r\nHost: test\r\nContent-Length: 500000\r\n\r\n"));
  response = nowhere.Read();
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->status, 404);
  EXPECT_EQ(response->headers["connection"], "close");
}

TEST_F(HttpLimitsTest, AClientAtItsLimitLosesItsLongestIdleConnectionFirst) {
  StartServer({.max_connections_per_client = 2});
  RawClient first(port(), "127.0.0.2");
  absl::SleepFor(absl::Milliseconds(50));
  RawClient second(port(), "127.0.0.2");
  absl::SleepFor(absl::Milliseconds(100));
  EXPECT_EQ(GetFrom("127.0.0.2"), 200);
  EXPECT_TRUE(first.ClosedWithin(absl::Seconds(2)));
  // The second is still served.
  ASSERT_TRUE(second.Send(Get("/echo")));
  absl::StatusOr<ClientResponse> response = second.Read();
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->status, 200);
}

TEST_F(HttpLimitsTest, AClientAtItsLimitWithNothingIdleIsRefusedAndOthersAreServed) {
  StartServer({.max_connections_per_client = 2});
  RawClient first(port(), "127.0.0.3");
  RawClient second(port(), "127.0.0.3");
  ASSERT_TRUE(first.Send("GET /echo HTTP/1.1\r\n"));  // requests begun: busy
  ASSERT_TRUE(second.Send("GET /echo HTTP/1.1\r\n"));
  absl::SleepFor(absl::Milliseconds(100));
  RawClient third(port(), "127.0.0.3");
  ASSERT_TRUE(third.connected());
  third.Send(Get("/echo"));
  absl::StatusOr<ClientResponse> refused = third.Read();
  if (refused.ok()) {
    EXPECT_EQ(refused->status, 503);
    // The JSON error shape, whole (its Content-Length is written by hand).
    EXPECT_EQ(refused->body,
              "{\"error\":{\"code\":503,\"message\":\"too many connections\",\"status\":"
              "\"UNAVAILABLE\",\"details\":[]}}\n");
  } else {
    EXPECT_TRUE(absl::IsUnavailable(refused.status())) << refused.status();  // reset
  }
  EXPECT_EQ(GetFrom("127.0.0.4"), 200);
  // The two that began are still served.
  ASSERT_TRUE(first.Send("Host: test\r\n\r\n"));
  absl::StatusOr<ClientResponse> response = first.Read();
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->status, 200);
}

TEST_F(HttpLimitsTest, WhenFullTheLongestIdleConnectionMakesRoomForARealClient) {
  StartServer({.max_connections = 8});
  std::vector<std::unique_ptr<RawClient>> idle;
  for (int i = 0; i < 8; ++i) {
    idle.push_back(std::make_unique<RawClient>(port(), absl::StrCat("127.0.1.", i + 1)));
    absl::SleepFor(absl::Milliseconds(10));
  }
  absl::SleepFor(absl::Milliseconds(100));
  absl::Duration took;
  EXPECT_EQ(GetFrom("127.0.2.1", &took), 200);
  EXPECT_LT(took, absl::Seconds(1));
  EXPECT_TRUE(idle[0]->ClosedWithin(absl::Seconds(2)));
}

TEST_F(HttpLimitsTest, IdleConnectionsReopenedAsTheyCloseNeverKeepARealClientWaiting) {
  StartServer({.max_connections = 64});
  std::atomic<bool> stop{false};
  std::atomic<int64_t> opened{0};
  // 4 attackers from their own addresses, 40 sockets each (160 > 64),
  // each re-opened as soon as the server closes it.
  std::vector<std::thread> attackers;
  for (int a = 0; a < 4; ++a) {
    attackers.emplace_back([&, a] {
      const std::string from = absl::StrCat("127.0.3.", a + 1);
      std::vector<std::unique_ptr<RawClient>> sockets(40);
      while (!stop.load()) {
        for (auto& socket : sockets) {
          if (socket == nullptr || socket->ClosedWithin(absl::ZeroDuration())) {
            socket = std::make_unique<RawClient>(port(), from);
            opened.fetch_add(1);
          }
        }
        absl::SleepFor(absl::Milliseconds(5));
      }
    });
  }
  absl::SleepFor(absl::Milliseconds(300));
  absl::Duration slowest;
  for (int i = 0; i < 20; ++i) {
    absl::Duration took;
    EXPECT_EQ(GetFrom("127.0.4.1", &took), 200) << i;
    slowest = std::max(slowest, took);
  }
  stop.store(true);
  for (std::thread& t : attackers) t.join();
  EXPECT_LT(slowest, absl::Seconds(1));
  EXPECT_GT(opened.load(), 160);  // the server did close idle ones to make room
}

TEST_F(HttpLimitsTest, BytesBufferedAcrossConnectionsAreBounded) {
  StartServer({.max_request_bytes = 200 << 10, .max_buffered_bytes = 256 << 10});
  const std::string head =
      absl::StrCat("POST /echo HTTP/1.1\r\nHost: test\r\nContent-Length: ", 150 << 10, "\r\n\r\n");
  RawClient first(port(), "127.0.5.1");
  ASSERT_TRUE(first.Send(head));
  ASSERT_TRUE(first.Send(std::string(100 << 10, 'a')));
  absl::SleepFor(absl::Milliseconds(200));
  RawClient second(port(), "127.0.5.2");
  ASSERT_TRUE(second.Send(head));
  absl::StatusOr<ClientResponse> refused = second.Read();
  ASSERT_TRUE(refused.ok()) << refused.status();
  EXPECT_EQ(refused->status, 503);
  EXPECT_EQ(refused->headers["connection"], "close");
  // The first finishes; its bytes are given back and a third fits.
  ASSERT_TRUE(first.Send(std::string(50 << 10, 'b')));
  absl::StatusOr<ClientResponse> echoed = first.Read();
  ASSERT_TRUE(echoed.ok()) << echoed.status();
  EXPECT_EQ(echoed->status, 200);
  EXPECT_EQ(echoed->body.size(), 150u << 10);
  RawClient third(port(), "127.0.5.3");
  ASSERT_TRUE(third.Send(head + std::string(150 << 10, 'c')));
  absl::StatusOr<ClientResponse> fits = third.Read();
  ASSERT_TRUE(fits.ok()) << fits.status();
  EXPECT_EQ(fits->status, 200);
}

TEST_F(HttpLimitsTest, AQueryParameterThatIsNotUtf8TextIs400NamingIt) {
  StartServer({});
  RawClient client(port());
  for (const char* target : {"/echo?unit=%ff%fe", "/echo?year=2022&unit=51%00x"}) {
    ASSERT_TRUE(client.Send(Get(target)));
    absl::StatusOr<ClientResponse> response = client.Read();
    ASSERT_TRUE(response.ok()) << response.status();
    EXPECT_EQ(response->status, 400) << target;
    // The message, in the JSON error body, quotes the parameter's name.
    EXPECT_THAT(response->body, HasSubstr("query parameter \\\"unit\\\"")) << target;
  }
  // The connection stays usable: the request itself was well framed.
  ASSERT_TRUE(client.Send(Get("/echo?unit=51")));
  absl::StatusOr<ClientResponse> response = client.Read();
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->body, "unit=51\n");
}

// Mutated requests over real sockets: byte flips, insertions of tokens
// that matter to HTTP framing, deletions, duplications and truncations of
// valid requests. Whatever arrives, the server answers with a well-formed
// status line or closes, never hangs past its deadlines, and keeps
// serving: a valid request is answered 200 after every batch.
TEST_F(HttpLimitsTest, TheRequestPathSurvivesRandomMutations) {
  StartServer({.max_request_bytes = 4096,
               .max_header_bytes = 2048,
               .header_timeout = absl::Milliseconds(500),
               .body_timeout = absl::Milliseconds(500)});
  const std::vector<std::string> seeds = {
      Get("/echo?unit=51&year=2022&name=%C4%90%E1%BB%93ng+Nai"),
      "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\nhello",
      absl::StrCat(Get("/echo?a=1"),
                   "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 2\r\n\r\nok"),
      "GET /echo HTTP/1.0\r\nConnection: keep-alive\r\n\r\n",
      "POST /echo HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\nabc",
      "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
      "DELETE /echo HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n",
  };
  const std::vector<std::string> tokens = {"\r\n",
                                           "\r\n\r\n",
                                           "\n",
                                           "\r",
                                           " ",
                                           ":",
                                           "%",
                                           "%ff",
                                           "%00",
                                           "?",
                                           "&",
                                           "=",
                                           "\0",
                                           "Content-Length: 99999\r\n",
                                           "Content-Length: 3\r\n",
                                           "Transfer-Encoding: chunked\r\n",
                                           "Host: x\r\n",
                                           "Expect: 100-continue\r\n",
                                           "HTTP/1.1",
                                           "HTTP/2.0",
                                           "GET ",
                                           "\xff\xfe"};
  std::mt19937_64 random(42);
  auto pick = [&](size_t n) { return n == 0 ? 0 : static_cast<size_t>(random() % n); };
  auto mutate = [&](std::string input) {
    const int edits = 1 + static_cast<int>(pick(4));
    for (int e = 0; e < edits; ++e) {
      const size_t at = pick(input.size() + 1);
      switch (pick(6)) {
        case 0:
          if (!input.empty()) input[pick(input.size())] = static_cast<char>(random());
          break;
        case 1:
          input.insert(at, tokens[pick(tokens.size())]);
          break;
        case 2:
          input.erase(at, pick(16));
          break;
        case 3:
          input.insert(at, input.substr(pick(input.size()), pick(32)));
          break;
        case 4:
          input.resize(at);
          break;
        default:
          input.insert(at, 1, static_cast<char>(random()));
          break;
      }
    }
    return input;
  };
  const absl::Time end = absl::Now() + FuzzBudget(absl::Seconds(3));
  int64_t executions = 0;
  int64_t answered = 0;
  while (absl::Now() < end) {
    for (int batch = 0; batch < 50; ++batch, ++executions) {
      const std::string input = mutate(seeds[pick(seeds.size())]);
      RawClient client(port());
      ASSERT_TRUE(client.connected());
      client.Send(input);
      client.ShutdownWrite();
      ASSERT_TRUE(client.ReadUntilClosed(absl::Seconds(5)))
          << "neither answered nor closed: " << absl::CEscape(input);
      if (!client.buffered().empty()) {
        ++answered;
        ASSERT_TRUE(absl::StartsWith(client.buffered(), "HTTP/1.1 "))
            << absl::CEscape(client.buffered().substr(0, 80));
      }
    }
    ASSERT_EQ(GetFrom("127.0.0.1"), 200) << "the server stopped serving";
  }
  std::printf("request path: %lld mutated requests (%lld answered), 0 crashes\n",
              static_cast<long long>(executions), static_cast<long long>(answered));
}

}  // namespace
}  // namespace interplan::http
