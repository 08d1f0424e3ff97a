#include "services/agencies/secret_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "services/agencies/api_key_secret.h"

namespace interplan::agencies {

absl::StatusOr<std::optional<std::string>> ReadSecretFile(const std::string& path) {
  std::error_code error;
  if (!std::filesystem::exists(path, error)) return std::optional<std::string>();
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::PermissionDeniedError(absl::StrCat("cannot read ", path));
  std::stringstream buffer;
  buffer << in.rdbuf();
  return std::optional<std::string>(buffer.str());
}

absl::Status WriteSecretFile(const std::string& path, absl::string_view content) {
  const std::filesystem::path target(path);
  std::error_code error;
  if (target.has_parent_path()) {
    std::filesystem::create_directories(target.parent_path(), error);
    if (error) {
      return absl::FailedPreconditionError(
          absl::StrCat("cannot create ", target.parent_path().string(), ": ", error.message()));
    }
  }
  const std::string temporary = absl::StrCat(path, ".tmp.", getpid());
  const int fd = open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot create ", temporary, ": ", std::strerror(errno)));
  }
  // The mode above is subject to the umask; this is not.
  bool ok = fchmod(fd, 0600) == 0;
  size_t written = 0;
  while (ok && written < content.size()) {
    const ssize_t n = write(fd, content.data() + written, content.size() - written);
    if (n < 0 && errno == EINTR) continue;
    ok = n > 0;
    if (ok) written += static_cast<size_t>(n);
  }
  ok = ok && fsync(fd) == 0;
  const int saved_errno = errno;
  close(fd);
  if (!ok || rename(temporary.c_str(), path.c_str()) != 0) {
    const std::string reason = std::strerror(ok ? errno : saved_errno);
    unlink(temporary.c_str());
    return absl::FailedPreconditionError(absl::StrCat("cannot write ", path, ": ", reason));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> LoadOrCreateRandomKey(const std::string& path, size_t size) {
  absl::StatusOr<std::optional<std::string>> existing = ReadSecretFile(path);
  if (!existing.ok()) return existing.status();
  if (existing->has_value()) {
    std::optional<std::string> key = Base64UrlDecode(absl::StripAsciiWhitespace(**existing));
    if (!key.has_value() || key->size() != size) {
      return absl::FailedPreconditionError(
          absl::StrCat(path, " does not hold a ", size, "-byte base64url key"));
    }
    return *key;
  }
  absl::StatusOr<std::string> key = RandomBytes(size);
  if (!key.ok()) return key.status();
  absl::Status written = WriteSecretFile(path, absl::StrCat(Base64UrlEncode(*key), "\n"));
  if (!written.ok()) return written;
  return key;
}

}  // namespace interplan::agencies
