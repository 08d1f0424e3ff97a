// The gateway's HTTP face through the real binaries with authentication on
// (tests/support/secured_suite.h): every /v1/* route the gateway registers
// refuses a request without a credential (401); a query parameter that is
// not UTF-8 text is 400 naming it; and under abuse without a credential
// -- 1,200 idle connections re-opened as they are closed, and 1,000
// connections each sending 1,040,000 bytes of a declared 1 MiB body
// without finishing -- a real request still answers within a second and
// the gateway stays under 200 MB resident.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/cache/redis_client.h"
#include "common/client/service_address.h"
#include "common/http/http_server.h"
#include "common/metrics/registry.h"
#include "gateway/grpc_service_clients.h"
#include "gateway/http_api.h"
#include "gateway/http_reads.h"
#include "gateway/ministry_views.h"
#include "gateway/view_access.h"
#include "gateway/view_builder.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/http_get.h"
#include "tests/support/secured_suite.h"
#include "tests/support/subprocess.h"

namespace interplan {
namespace {

using ::testing::HasSubstr;
using testing::HttpGet;
using testing::SecuredSuite;

// The paths the gateway routes, read from the same AddHttpRoutes the
// binary calls, on a server that is never started.
std::vector<std::string> GatewayPaths() {
  absl::StatusOr<int> port = testing::PickUnusedPort();
  const std::string nobody = absl::StrCat("127.0.0.1:", port.ok() ? *port : 1);
  const gateway::ServiceChannels channels{
      OpenDependencyChannel(nobody), OpenDependencyChannel(nobody), OpenDependencyChannel(nobody),
      OpenDependencyChannel(nobody)};
  gateway::GrpcServiceClients clients(channels);
  gateway::ViewBuilder builder(clients.clients(), {"NSGE-1.1"});
  absl::StatusOr<std::unique_ptr<cache::RedisClient>> redis = cache::RedisClient::Create("");
  EXPECT_TRUE(redis.ok()) << redis.status();
  metrics::Registry metrics;
  gateway::MinistryViews views(builder, redis.ok() ? redis->get() : nullptr, absl::Minutes(1),
                               metrics);
  gateway::ViewAccess access(clients.agencies());
  http::HttpServer server({});
  gateway::AddHttpRoutes(
      server, gateway::GatewayReads(views, access, channels), views,
      [](const std::optional<std::string>&) -> absl::StatusOr<std::optional<auth::Principal>> {
        return std::nullopt;
      },
      metrics, {.max_view_time = absl::Seconds(1)});
  return server.paths();
}

// VmRSS of process `pid` in bytes (0 when it cannot be read).
int64_t ResidentBytes(pid_t pid) {
  const std::string status = testing::ReadFileOrEmpty(absl::StrCat("/proc/", pid, "/status"));
  for (absl::string_view line : absl::StrSplit(status, '\n')) {
    if (!absl::ConsumePrefix(&line, "VmRSS:")) continue;
    line = absl::StripAsciiWhitespace(line);
    absl::ConsumeSuffix(&line, " kB");
    int64_t kb = 0;
    if (absl::SimpleAtoi(line, &kb)) return kb * 1024;
  }
  return 0;
}

// Raises this process's soft limit on open files to the hard one.
void RaiseOpenFileLimit() {
  rlimit limit{};
  ASSERT_EQ(getrlimit(RLIMIT_NOFILE, &limit), 0);
  limit.rlim_cur = limit.rlim_max;
  ASSERT_EQ(setrlimit(RLIMIT_NOFILE, &limit), 0);
}

// Clients without a credential that hold connections to the gateway, from
// their own loopback addresses, on one thread: each connection sends
// `payload` (as fast as the gateway reads it; empty for an idle one) and
// then holds, and is re-opened as soon as the gateway closes it.
class Attacker {
 public:
  Attacker(int port, std::vector<std::string> from, int connections, std::string payload)
      : port_(port), from_(std::move(from)), payload_(std::move(payload)) {
    sockets_.resize(static_cast<size_t>(connections));
    thread_ = std::thread([this] { Run(); });
  }
  ~Attacker() {
    stop_.store(true);
    thread_.join();
    for (Socket& s : sockets_) {
      if (s.fd >= 0) close(s.fd);
    }
  }
  int64_t opened() const { return opened_.load(); }
  // Connections that have sent their whole payload at least once.
  int64_t completed() const { return completed_.load(); }

 private:
  struct Socket {
    int fd = -1;
    size_t sent = 0;
  };

  void Open(size_t i) {
    Socket& s = sockets_[i];
    if (s.fd >= 0) close(s.fd);
    s = Socket{};
    s.fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (s.fd < 0) return;
    sockaddr_in local{};
    local.sin_family = AF_INET;
    inet_pton(AF_INET, from_[i % from_.size()].c_str(), &local.sin_addr);
    bind(s.fd, reinterpret_cast<sockaddr*>(&local), sizeof(local));
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(port_));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connect(s.fd, reinterpret_cast<sockaddr*>(&address), sizeof(address));  // EINPROGRESS
    opened_.fetch_add(1);
  }

  void Run() {
    for (size_t i = 0; i < sockets_.size(); ++i) Open(i);
    std::vector<pollfd> fds(sockets_.size());
    char drop[4096];
    while (!stop_.load()) {
      for (size_t i = 0; i < sockets_.size(); ++i) {
        const bool sending = sockets_[i].sent < payload_.size();
        fds[i] = {sockets_[i].fd, static_cast<short>(POLLIN | (sending ? POLLOUT : 0)), 0};
      }
      if (poll(fds.data(), fds.size(), 50) <= 0) continue;
      for (size_t i = 0; i < sockets_.size(); ++i) {
        Socket& s = sockets_[i];
        if (fds[i].revents & (POLLERR | POLLHUP | POLLNVAL)) {
          Open(i);
          continue;
        }
        if (fds[i].revents & POLLIN) {
          const ssize_t n = recv(s.fd, drop, sizeof(drop), MSG_DONTWAIT);
          if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)) {
            Open(i);
            continue;
          }
        }
        if ((fds[i].revents & POLLOUT) && s.sent < payload_.size()) {
          const ssize_t n = send(s.fd, payload_.data() + s.sent,
                                 std::min<size_t>(payload_.size() - s.sent, 256 << 10),
                                 MSG_DONTWAIT | MSG_NOSIGNAL);
          if (n > 0) {
            s.sent += static_cast<size_t>(n);
            if (s.sent == payload_.size()) completed_.fetch_add(1);
          } else if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
            Open(i);
          }
        }
      }
    }
  }

  const int port_;
  const std::vector<std::string> from_;
  const std::string payload_;
  std::vector<Socket> sockets_;
  std::atomic<bool> stop_{false};
  std::atomic<int64_t> opened_{0};
  std::atomic<int64_t> completed_{0};
  std::thread thread_;
};

// "127.0.<third>.1" ... "127.0.<third>.<count>".
std::vector<std::string> Addresses(int third, int count) {
  std::vector<std::string> out;
  for (int i = 1; i <= count; ++i) out.push_back(absl::StrCat("127.0.", third, ".", i));
  return out;
}

class GatewayHttpTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<std::unique_ptr<SecuredSuite>> suite = SecuredSuite::Start({.gateway = true});
    ASSERT_TRUE(suite.ok()) << suite.status();
    suite_ = suite->release();
  }
  static void TearDownTestSuite() {
    delete suite_;
    suite_ = nullptr;
  }
  void SetUp() override { ASSERT_NE(suite_, nullptr); }

  std::string MinistryAuthorization() {
    absl::StatusOr<std::string> key = suite_->KeyFor("moha");
    EXPECT_TRUE(key.ok()) << key.status();
    return absl::StrCat("Bearer ", key.ok() ? *key : "");
  }

  static SecuredSuite* suite_;
};

SecuredSuite* GatewayHttpTest::suite_ = nullptr;

TEST_F(GatewayHttpTest, EveryV1RouteWithoutACredentialIs401) {
  std::vector<std::string> v1;
  for (const std::string& path : GatewayPaths()) {
    if (absl::StartsWith(path, "/v1/")) v1.push_back(path);
  }
  EXPECT_THAT(v1, ::testing::Contains("/v1/agency-workload"));
  EXPECT_THAT(v1, ::testing::Contains("/v1/plans"));
  EXPECT_EQ(v1.size(), 15u);
  const int port = suite_->gateway_http_port();
  for (const std::string& path : v1) {
    for (const char* query :
         {"", "?year=2022", "?year=2022&unit=51&agency=moha&indicator=NSGE-1.1"}) {
      testing::HttpResult result = HttpGet(port, path + query);
      EXPECT_EQ(result.status, 401) << path << query << ": " << result.error << result.body;
      EXPECT_EQ(result.headers["www-authenticate"], "Bearer") << path;
    }
    testing::HttpResult bogus =
        HttpGet(port, path + "?year=2022", {{"Authorization", "Bearer ipk_not_a_key"}});
    EXPECT_EQ(bogus.status, 401) << path << ": " << bogus.body;
  }
}

TEST_F(GatewayHttpTest, AParameterThatIsNotUtf8TextIs400NamingIt) {
  const int port = suite_->gateway_http_port();
  const std::string authorization = MinistryAuthorization();
  struct Case {
    const char* target;
    const char* parameter;
  };
  // The message, in the JSON error body, quotes the parameter's name.
  for (const Case& c : {Case{"/v1/overview/province?unit=%ff%fe&year=2022", "\\\"unit\\\""},
                        Case{"/v1/overview/province?unit=51%00x&year=2022", "\\\"unit\\\""},
                        Case{"/v1/agency-workload?agency=%c3%28&year=2022", "\\\"agency\\\""},
                        Case{"/v1/indicator-progress?indicator=%ff&year=2022", "\\\"indicator\\\""},
                        Case{"/v1/overview/national?year=2022%00", "\\\"year\\\""},
                        Case{"/v1/overview/national?year=2022&as%ff=1", "\\\"as%ff\\\""}}) {
    testing::HttpResult result = HttpGet(port, c.target, {{"Authorization", authorization}});
    EXPECT_EQ(result.status, 400) << c.target << ": " << result.error << result.body;
    EXPECT_THAT(result.body, HasSubstr(c.parameter)) << c.target;
  }
  // The same parameters, well formed, are answered.
  testing::HttpResult fine =
      HttpGet(port, "/v1/overview/province?unit=51&year=2022", {{"Authorization", authorization}});
  EXPECT_EQ(fine.status, 200) << fine.error << fine.body;
}

TEST_F(GatewayHttpTest, WithoutCorsOriginsNoPageOfAnotherOriginMayCall) {
  const int port = suite_->gateway_http_port();
  testing::HttpResult preflight = testing::HttpCall(
      port, "OPTIONS", "/v1/plans",
      {{"Origin", "https://app.molisa.gov.vn"}, {"Access-Control-Request-Method", "GET"}});
  EXPECT_EQ(preflight.status, 405) << preflight.body;
  EXPECT_EQ(preflight.headers["allow"], "GET, HEAD");
  testing::HttpResult get = HttpGet(
      port, "/v1/plans",
      {{"Authorization", MinistryAuthorization()}, {"Origin", "https://app.molisa.gov.vn"}});
  EXPECT_EQ(get.status, 200) << get.body;
  EXPECT_EQ(get.headers.count("access-control-allow-origin"), 0u);
}

TEST_F(GatewayHttpTest, UnderAbuseARealRequestAnswersWithinASecondInBoundedMemory) {
  RaiseOpenFileLimit();
  const int port = suite_->gateway_http_port();
  const pid_t gateway = suite_->gateway()->process().pid();
  const std::string authorization = MinistryAuthorization();
  const std::string national = "/v1/overview/national?year=2022";
  testing::HttpResult warm = HttpGet(port, national, {{"Authorization", authorization}});
  ASSERT_EQ(warm.status, 200) << warm.error << warm.body;
  const int64_t before = ResidentBytes(gateway);

  // 1,200 idle connections from 12 addresses, 1,000 unfinished 1 MiB
  // bodies (half on a GET route, half POSTed to it) from 10 others.
  const std::string body(1040000, 'x');
  std::vector<std::unique_ptr<Attacker>> attackers;
  for (int i = 0; i < 2; ++i) {
    attackers.push_back(std::make_unique<Attacker>(port, Addresses(10 + i, 6), 600, ""));
  }
  for (const char* method : {"GET", "POST"}) {
    attackers.push_back(std::make_unique<Attacker>(
        port, Addresses(std::string(method) == "GET" ? 20 : 21, 5), 500,
        absl::StrCat(method, " ", national, " HTTP/1.1\r\nHost: gateway\r\n",
                     "Content-Length: 1048576\r\n\r\n", body)));
  }
  absl::SleepFor(absl::Seconds(3));  // every connection opened at least once

  absl::Duration slowest;
  int64_t peak = 0;
  for (int i = 0; i < 12; ++i) {
    const absl::Time start = absl::Now();
    testing::HttpResult result =
        HttpGet(port, national, {{"Authorization", authorization}}, absl::Seconds(30));
    const absl::Duration took = absl::Now() - start;
    EXPECT_EQ(result.status, 200) << i << ": " << result.error << result.body;
    EXPECT_LT(took, absl::Seconds(1)) << "request " << i;
    slowest = std::max(slowest, took);
    peak = std::max(peak, ResidentBytes(gateway));
    absl::SleepFor(absl::Milliseconds(500));
    peak = std::max(peak, ResidentBytes(gateway));
  }
  int64_t opened = 0;
  int64_t bodies = 0;
  for (const auto& attacker : attackers) {
    opened += attacker->opened();
    bodies += attacker->completed();
  }
  attackers.clear();
  std::printf(
      "slowest real request %s; gateway VmRSS %.1f MB before, peak %.1f MB; "
      "%lld connections opened by the attackers, %lld bodies of 1,040,000 bytes sent\n",
      absl::FormatDuration(slowest).c_str(), before / 1e6, peak / 1e6,
      static_cast<long long>(opened), static_cast<long long>(bodies));
  EXPECT_GT(opened, 2200);
  EXPECT_LT(peak, 200 * 1000 * 1000);
  // Still serving after the attack.
  EXPECT_EQ(HttpGet(port, national, {{"Authorization", authorization}}).status, 200);
}

}  // namespace
}  // namespace interplan
