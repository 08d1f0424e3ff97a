// The suite's real binaries with authentication on (--auth=on), for the
// access tests: interplan-agencies with a bootstrap operator key and the
// reference data imported through the client with that key, a SERVICE key
// the other services call each other with (--service_key_file), and API
// keys made on demand for any agency of the reference data. Credential
// checks are cached for at most 1 s (--credential_cache_ttl), so a
// revocation shows at once.
#ifndef INTERPLAN_TESTS_SUPPORT_SECURED_SUITE_H_
#define INTERPLAN_TESTS_SUPPORT_SECURED_SUITE_H_

#include <grpcpp/client_context.h>
#include <grpcpp/support/status.h>

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "interplan/agencies/v1/credentials.pb.h"
#include "tests/support/secured_agencies.h"
#include "tests/support/service_process.h"

namespace interplan::testing {

// The commune People's Committee the access tests register, since no
// agency of the reference data in force today sits below a province: Xã
// Bình Sơn (21040 in the 2025-07 list), Quảng Ngãi, from 2025-07-01 (the
// code named an older commune until the reform). An AGENCY whose
// jurisdiction is that commune.
inline constexpr char kCommuneAgency[] = "xa-binh-son-ubnd";

struct SecuredSuiteOptions {
  bool plans = true;
  bool reporting = false;
  bool campaigns = false;
  bool gateway = false;
  // Added to every service's flags.
  std::vector<std::string> extra_args;
  // Added to the gateway's flags only.
  std::vector<std::string> gateway_args;
};

class SecuredSuite {
 public:
  static absl::StatusOr<std::unique_ptr<SecuredSuite>> Start(SecuredSuiteOptions options = {});
  ~SecuredSuite();

  // A key of `agency` ("dong-nai-so-ldtbxh") with the role its kind gives
  // it, made on first use and remembered.
  absl::StatusOr<std::string> KeyFor(const std::string& agency);
  // A new key; `agency` empty for OPERATOR and SERVICE keys. `name`, when
  // not null, receives the key's resource name (for RevokeApiKey).
  absl::StatusOr<std::string> CreateKey(const std::string& agency,
                                        agencies::v1::Role role = agencies::v1::ROLE_UNSPECIFIED,
                                        absl::Time expire = absl::InfiniteFuture(),
                                        std::string* name = nullptr);
  absl::Status RevokeKey(const std::string& name);
  // A new key of `agency` (its default role), revoked after `use` has
  // presented it once, so that the revocation has a cached answer to
  // overturn.
  absl::StatusOr<std::string> RevokedKey(
      const std::string& agency, const std::function<absl::Status(const std::string& key)>& use);

  // The keys an access test's tables name, read back with Key(): one per
  // agency of `agencies` (KeyFor's), ...
  absl::Status MakeKeys(const std::vector<std::string>& agencies);
  // ... and two of `holder`'s that no longer work: "revoked" (RevokedKey
  // with `use`) and "expired" (valid for a few seconds from now; a test
  // calls WaitForExpiredKey before presenting it).
  absl::Status MakeUnusableKeys(const std::string& holder,
                                const std::function<absl::Status(const std::string& key)>& use);
  void WaitForExpiredKey() const;
  // A key made above: by agency id, "revoked" or "expired".
  const std::string& Key(const std::string& who) const;

  // Registers kCommuneAgency (as the operator).
  absl::Status RegisterCommuneAgency();
  // Pushes and issues the five seed plans through the client, each with
  // the key of its province's Home Affairs department (Gò Vấp's with Hồ Chí
  // Minh City's).
  absl::Status PushSeedPlans();

  // interplan-plans with authentication off (a trusted network) on the
  // database of plans(), calling interplan-agencies with the SERVICE key:
  // what it writes stands for records the secured suite would refuse to
  // write today (made before writes were bounded by jurisdiction), for the
  // access tests to try the secured services on. Stopped when the result
  // is destroyed.
  absl::StatusOr<std::unique_ptr<ServiceProcess>> StartUnsecuredPlans() const;

  const std::string& operator_key() const { return registry_->operator_key(); }
  const std::string& service_key() const { return registry_->service_key(); }
  ServiceProcess* agencies() const { return &registry_->process(); }
  // Null when not started.
  ServiceProcess* plans() const { return plans_.get(); }
  ServiceProcess* reporting() const { return reporting_.get(); }
  ServiceProcess* campaigns() const { return campaigns_.get(); }
  ServiceProcess* gateway() const { return gateway_.get(); }
  // The gateway's HTTP/JSON port (0 when not started).
  int gateway_http_port() const { return gateway_http_port_; }

  // The `interplan` client's environment: every started service's address,
  // and INTERPLAN_API_KEY=`key` (none when empty).
  std::map<std::string, std::string> ClientEnv(const std::string& key) const;

 private:
  SecuredSuite() = default;

  std::string dir_;
  std::unique_ptr<SecuredAgencies> registry_;
  std::unique_ptr<ServiceProcess> plans_, reporting_, campaigns_, gateway_;
  std::string revoked_key_;
  std::string expired_key_;
  absl::Time expired_key_expiry_ = absl::InfinitePast();
  int gateway_http_port_ = 0;
};

// A status code's name as the audit trail records it in an event's
// outcome ("OK", "PERMISSION_DENIED").
std::string CodeName(grpc::StatusCode code);

}  // namespace interplan::testing

#endif  // INTERPLAN_TESTS_SUPPORT_SECURED_SUITE_H_
