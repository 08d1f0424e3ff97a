#include "tests/common/http/raw_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

namespace interplan::http {

RawClient::RawClient(int port, const std::string& from) {
  fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd_ < 0) return;
  sockaddr_in local = {};
  local.sin_family = AF_INET;
  if (from != "127.0.0.1" && inet_pton(AF_INET, from.c_str(), &local.sin_addr) == 1) {
    if (bind(fd_, reinterpret_cast<sockaddr*>(&local), sizeof(local)) != 0) return;
  }
  sockaddr_in address = {};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  connected_ = connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0;
}

RawClient::~RawClient() {
  if (fd_ >= 0) close(fd_);
}

bool RawClient::Send(absl::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

void RawClient::ShutdownWrite() { shutdown(fd_, SHUT_WR); }

absl::StatusOr<ClientResponse> RawClient::Read(absl::Duration timeout, bool to_head) {
  const absl::Time deadline = absl::Now() + timeout;
  size_t head_end;
  while ((head_end = buffer_.find("\r\n\r\n")) == std::string::npos) {
    absl::Status status = Fill(deadline);
    if (!status.ok()) return status;
  }
  ClientResponse response;
  absl::string_view head(buffer_.data(), head_end);
  size_t line_end = head.find("\r\n");
  absl::string_view status_line = head.substr(0, line_end);
  if (status_line.size() < 12 || !absl::SimpleAtoi(status_line.substr(9, 3), &response.status)) {
    return absl::DataLossError(absl::StrCat("bad status line: ", status_line));
  }
  while (line_end != absl::string_view::npos) {
    const size_t start = line_end + 2;
    line_end = head.find("\r\n", start);
    absl::string_view line = head.substr(start, line_end - start);
    const size_t colon = line.find(':');
    response.headers[absl::AsciiStrToLower(line.substr(0, colon))] =
        std::string(absl::StripAsciiWhitespace(line.substr(colon + 1)));
  }
  size_t length = 0;
  if (auto it = response.headers.find("content-length");
      it != response.headers.end() && !absl::SimpleAtoi(it->second, &length)) {
    return absl::DataLossError("bad Content-Length");
  }
  if (to_head) length = 0;
  while (buffer_.size() < head_end + 4 + length) {
    absl::Status status = Fill(deadline);
    if (!status.ok()) return status;
  }
  response.body = buffer_.substr(head_end + 4, length);
  buffer_.erase(0, head_end + 4 + length);
  return response;
}

bool RawClient::ClosedWithin(absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  while (true) {
    absl::Status status = Fill(deadline);
    if (absl::IsUnavailable(status)) return true;  // EOF or reset
    if (!status.ok()) return false;                // timed out
    if (!buffer_.empty()) return false;            // unexpected bytes
  }
}

bool RawClient::ReadUntilClosed(absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  while (true) {
    absl::Status status = Fill(deadline);
    if (absl::IsUnavailable(status)) return true;
    if (!status.ok()) return false;
  }
}

absl::Status RawClient::Fill(absl::Time deadline) {
  // A deadline already past still looks once, without waiting.
  const int64_t ms = std::max<int64_t>(0, absl::ToInt64Milliseconds(deadline - absl::Now()));
  pollfd p = {fd_, POLLIN, 0};
  if (poll(&p, 1, static_cast<int>(ms)) <= 0) {
    return absl::DeadlineExceededError("read timed out");
  }
  char chunk[4096];
  const ssize_t n = recv(fd_, chunk, sizeof(chunk), 0);
  if (n <= 0) return absl::UnavailableError("connection closed");
  buffer_.append(chunk, static_cast<size_t>(n));
  return absl::OkStatus();
}

}  // namespace interplan::http
