// Certificates for TLS tests, made by the real openssl command in a folder
// of the test's: a CA ("ca"); a server certificate it signs for localhost
// and 127.0.0.1 ("server"; for serverAuth and clientAuth, as the services
// present one certificate to each other too); a client certificate it
// signs ("client", common name `client_subject`); and a second CA
// ("other-ca") with a client certificate of its own ("intruder", the same
// common name). Each NAME is NAME.pem and NAME.key in the folder;
// openssl's output goes to openssl.log there.
#ifndef INTERPLAN_TESTS_SUPPORT_TEST_CERTIFICATES_H_
#define INTERPLAN_TESTS_SUPPORT_TEST_CERTIFICATES_H_

#include <string>

#include "absl/status/statusor.h"

namespace interplan::testing {

class TestCertificates {
 public:
  // Makes them all in `dir` (which must exist); an error names the step
  // that failed and the log to read.
  static absl::StatusOr<TestCertificates> Make(const std::string& dir,
                                               const std::string& client_subject = "test-client");

  const std::string& dir() const { return dir_; }
  // <dir>/<name>.pem, <dir>/<name>.key.
  std::string Pem(const std::string& name) const;
  std::string Key(const std::string& name) const;

 private:
  explicit TestCertificates(std::string dir) : dir_(std::move(dir)) {}

  std::string dir_;
};

}  // namespace interplan::testing

#endif  // INTERPLAN_TESTS_SUPPORT_TEST_CERTIFICATES_H_
