// interplan-agencies with authentication on, started the way an operator
// starts the suite: a bootstrap operator key (INTERPLAN_BOOTSTRAP_KEY_FILE),
// the reference data imported through the `interplan` client with that
// key, and a SERVICE key in a file for the other services to call it with
// (--service_key_file). API keys for any agency are made on demand with
// the operator key. Used by the access tests (SecuredSuite) and by the
// benchmarks, which run the suite as shipped.
#ifndef INTERPLAN_TESTS_SUPPORT_SECURED_AGENCIES_H_
#define INTERPLAN_TESTS_SUPPORT_SECURED_AGENCIES_H_

#include <grpcpp/client_context.h>
#include <grpcpp/support/status.h>

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "interplan/agencies/v1/credentials.pb.h"
#include "tests/support/service_process.h"

namespace interplan::testing {

class SecuredAgencies {
 public:
  // Starts interplan-agencies with --auth=on and `extra_args`, its key
  // files in `dir` (which must exist and outlive this object).
  static absl::StatusOr<std::unique_ptr<SecuredAgencies>> Start(
      const std::string& dir, const std::vector<std::string>& extra_args);

  ServiceProcess& process() const { return *process_; }
  const std::string& operator_key() const { return operator_key_; }
  const std::string& service_key() const { return service_key_; }

  // The flags another service needs to run secured against this registry:
  // --auth=on, --service_key_file and --agencies_addr.
  std::vector<std::string> ServiceFlags() const;

  // A new key; `agency` ("dong-nai-so-ldtbxh") empty for OPERATOR and
  // SERVICE keys; ROLE_UNSPECIFIED gives the role the agency's kind gives
  // it. `name`, when not null, receives the key's resource name.
  // Thread-safe.
  absl::StatusOr<std::string> CreateKey(const std::string& agency,
                                        agencies::v1::Role role = agencies::v1::ROLE_UNSPECIFIED,
                                        absl::Time expire = absl::InfiniteFuture(),
                                        std::string* name = nullptr);
  // A key of `agency` with its default role, made on first use and
  // remembered. Thread-safe.
  absl::StatusOr<std::string> KeyFor(const std::string& agency);
  // A key KeyFor made before; the agency must have one.
  const std::string& KnownKey(const std::string& agency);

 private:
  SecuredAgencies() = default;

  std::unique_ptr<ServiceProcess> process_;
  std::string operator_key_;
  std::string service_key_;
  std::string service_key_file_;
  absl::Mutex mu_;
  std::map<std::string, std::string> keys_ ABSL_GUARDED_BY(mu_);  // by agency
  int created_ ABSL_GUARDED_BY(mu_) = 0;
};

// Runs `call` (which makes a fresh context each time) until it is not
// refused by the per-credential rate limit, as a real client would (the
// reference import alone spends the operator key's burst): at most 30 s.
grpc::Status Patiently(const std::function<grpc::Status()>& call);

// Adds "authorization: Bearer <key>" to `context` (nothing for an empty
// key): how a client presents an API key.
void PresentKey(grpc::ClientContext& context, const std::string& key);

// A client context with "authorization: Bearer <key>" (none for an empty
// key) and a deadline `timeout` from now.
std::unique_ptr<grpc::ClientContext> CallAs(const std::string& key,
                                            absl::Duration timeout = absl::Seconds(30));

}  // namespace interplan::testing

#endif  // INTERPLAN_TESTS_SUPPORT_SECURED_AGENCIES_H_
