#include "tests/support/test_certificates.h"

#include <cstdlib>

#include "absl/strings/str_cat.h"

namespace interplan::testing {
namespace {

// Runs `command` in `dir`, its output appended to openssl.log there.
absl::Status RunIn(const std::string& dir, const std::string& command) {
  const std::string line = absl::StrCat("cd '", dir, "' && ", command, " >>openssl.log 2>&1");
  if (std::system(line.c_str()) == 0) return absl::OkStatus();
  return absl::InternalError(absl::StrCat("`", command, "` failed; see ", dir, "/openssl.log"));
}

constexpr char kNewKey[] = "-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes";

absl::Status MakeCa(const std::string& dir, const std::string& name) {
  return RunIn(dir, absl::StrCat("openssl req -x509 ", kNewKey, " -days 2 -subj '/CN=", name,
                                 "' -keyout ", name, ".key -out ", name, ".pem"));
}

absl::Status MakeSigned(const std::string& dir, const std::string& ca, const std::string& name,
                        const std::string& subject, const std::string& extensions) {
  if (absl::Status s = RunIn(dir, absl::StrCat("printf '", extensions, "' > ", name, ".ext"));
      !s.ok()) {
    return s;
  }
  if (absl::Status s = RunIn(dir, absl::StrCat("openssl req ", kNewKey, " -subj '/CN=", subject,
                                               "' -keyout ", name, ".key -out ", name, ".csr"));
      !s.ok()) {
    return s;
  }
  return RunIn(dir, absl::StrCat("openssl x509 -req -in ", name, ".csr -CA ", ca, ".pem -CAkey ",
                                 ca, ".key -CAcreateserial -days 2 -out ", name, ".pem -extfile ",
                                 name, ".ext"));
}

}  // namespace

absl::StatusOr<TestCertificates> TestCertificates::Make(const std::string& dir,
                                                        const std::string& client_subject) {
  const std::string server =
      "subjectAltName=DNS:localhost,IP:127.0.0.1\\nextendedKeyUsage=serverAuth,clientAuth\\n";
  const std::string client = "extendedKeyUsage=clientAuth\\n";
  for (absl::Status s : {MakeCa(dir, "ca"), MakeCa(dir, "other-ca"),
                         MakeSigned(dir, "ca", "server", "localhost", server),
                         MakeSigned(dir, "ca", "client", client_subject, client),
                         MakeSigned(dir, "other-ca", "intruder", client_subject, client)}) {
    if (!s.ok()) return s;
  }
  return TestCertificates(dir);
}

std::string TestCertificates::Pem(const std::string& name) const {
  return absl::StrCat(dir_, "/", name, ".pem");
}

std::string TestCertificates::Key(const std::string& name) const {
  return absl::StrCat(dir_, "/", name, ".key");
}

}  // namespace interplan::testing
