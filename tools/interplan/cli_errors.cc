#include "tools/interplan/cli_errors.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <optional>

#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "common/errors/grpc_status.h"

namespace interplan::cli {
namespace {

const char* OriginWord(ErrorOrigin origin) {
  switch (origin) {
    case ErrorOrigin::kServer:
      return "server";
    case ErrorOrigin::kUsage:
      return "usage";
    case ErrorOrigin::kFile:
      return "file";
    case ErrorOrigin::kInput:
      return "input";
  }
  return "server";
}

}  // namespace

absl::Status WithOrigin(absl::Status status, ErrorOrigin origin) {
  if (status.ok()) return status;
  status.SetPayload(kOriginPayload, absl::Cord(OriginWord(origin)));
  return status;
}

ErrorOrigin OriginOf(const absl::Status& status) {
  absl::optional<absl::Cord> marker = status.GetPayload(kOriginPayload);
  if (!marker.has_value()) {
    return status.code() == absl::StatusCode::kInvalidArgument ? ErrorOrigin::kUsage
                                                               : ErrorOrigin::kServer;
  }
  for (ErrorOrigin origin :
       {ErrorOrigin::kServer, ErrorOrigin::kUsage, ErrorOrigin::kFile, ErrorOrigin::kInput}) {
    if (*marker == OriginWord(origin)) return origin;
  }
  return ErrorOrigin::kServer;
}

absl::Status UsageError(absl::string_view message) {
  return WithOrigin(absl::InvalidArgumentError(message), ErrorOrigin::kUsage);
}

bool IsUsageError(const absl::Status& status) {
  return !status.ok() && OriginOf(status) == ErrorOrigin::kUsage;
}

absl::Status ServerError(const grpc::Status& status) {
  return WithOrigin(FromGrpcStatus(status), ErrorOrigin::kServer);
}

absl::Status FileError(absl::string_view verb, absl::string_view path, int error_number) {
  return WithOrigin(
      absl::Status(absl::ErrnoToStatusCode(error_number),
                   absl::StrCat("cannot ", verb, " ", path, ": ", std::strerror(error_number))),
      ErrorOrigin::kFile);
}

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return FileError("open", path, errno);
  std::string content;
  char buffer[1 << 16];
  while (true) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      const int error = errno;
      ::close(fd);
      return FileError("read", path, error);
    }
    content.append(buffer, static_cast<size_t>(n));
  }
  ::close(fd);
  return content;
}

}  // namespace interplan::cli
