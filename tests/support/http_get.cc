#include "tests/support/http_get.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"

namespace interplan::testing {

HttpResult HttpGet(int port, const std::string& target,
                   const std::vector<std::pair<std::string, std::string>>& headers,
                   absl::Duration timeout) {
  return HttpCall(port, "GET", target, headers, timeout);
}

HttpResult HttpCall(int port, const std::string& method, const std::string& target,
                    const std::vector<std::pair<std::string, std::string>>& headers,
                    absl::Duration timeout) {
  HttpResult result;
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return {0, "", "", "socket"};
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0) {
    close(fd);
    return {0, "", "", "connect"};
  }
  std::string request =
      absl::StrCat(method, " ", target, " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
  for (const auto& [name, value] : headers) absl::StrAppend(&request, name, ": ", value, "\r\n");
  request += "\r\n";
  if (send(fd, request.data(), request.size(), MSG_NOSIGNAL) !=
      static_cast<ssize_t>(request.size())) {
    close(fd);
    return {0, "", "", "send"};
  }
  std::string raw;
  const absl::Time deadline = absl::Now() + timeout;
  size_t wanted = std::string::npos;  // head + body once Content-Length is known
  while (raw.size() < wanted) {
    const int64_t left = absl::ToInt64Milliseconds(deadline - absl::Now());
    if (left <= 0) {
      result.error = "timeout";
      break;
    }
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, static_cast<int>(left)) <= 0) continue;
    char buffer[16384];
    const ssize_t n = recv(fd, buffer, sizeof(buffer), 0);
    if (n <= 0) break;
    raw.append(buffer, static_cast<size_t>(n));
    const size_t head_end = raw.find("\r\n\r\n");
    if (head_end != std::string::npos && wanted == std::string::npos) {
      for (absl::string_view line : absl::StrSplit(raw.substr(0, head_end), "\r\n")) {
        std::vector<std::string> parts = absl::StrSplit(line, absl::MaxSplits(':', 1));
        if (parts.size() == 2 && absl::EqualsIgnoreCase(parts[0], "content-length")) {
          size_t length = 0;
          if (absl::SimpleAtoi(absl::StripAsciiWhitespace(parts[1]), &length)) {
            wanted = head_end + 4 + (method == "HEAD" ? 0 : length);
          }
        }
      }
    }
  }
  close(fd);
  const size_t head_end = raw.find("\r\n\r\n");
  if (head_end == std::string::npos) {
    if (result.error.empty()) result.error = "no response head";
    return result;
  }
  std::vector<std::string> lines = absl::StrSplit(raw.substr(0, head_end), "\r\n");
  std::vector<std::string> status_line = absl::StrSplit(lines[0], ' ');
  if (status_line.size() >= 2) absl::SimpleAtoi(status_line[1], &result.status);
  for (size_t i = 1; i < lines.size(); ++i) {
    std::vector<std::string> parts = absl::StrSplit(lines[i], absl::MaxSplits(':', 1));
    if (parts.size() != 2) continue;
    const std::string value(absl::StripAsciiWhitespace(parts[1]));
    auto [it, added] = result.headers.emplace(absl::AsciiStrToLower(parts[0]), value);
    if (!added) absl::StrAppend(&it->second, ", ", value);
  }
  if (auto type = result.headers.find("content-type"); type != result.headers.end()) {
    result.content_type = type->second;
  }
  result.body = raw.substr(head_end + 4);
  return result;
}

}  // namespace interplan::testing
