// The first operator key of a fresh installation, so somebody can manage
// credentials at all: at start-up, unless the key in the bootstrap file is
// an operator key in force, or the file is absent and some operator key is
// in force, a new operator key is created and its secret written to the
// file (mode 0600, parent folders created).
#ifndef INTERPLAN_SERVICES_AGENCIES_BOOTSTRAP_KEY_H_
#define INTERPLAN_SERVICES_AGENCIES_BOOTSTRAP_KEY_H_

#include <string>

#include "absl/status/statusor.h"
#include "services/agencies/credential_registry.h"

namespace interplan::agencies {

enum class BootstrapOutcome {
  kFileKeyValid,       // the file holds an operator key in force: left alone
  kOperatorKeyExists,  // no file, but an operator key is in force elsewhere
  kCreated,            // a new operator key, written to the file
};

absl::StatusOr<BootstrapOutcome> EnsureBootstrapKey(CredentialRegistry& registry,
                                                    const std::string& path);

}  // namespace interplan::agencies

#endif  // INTERPLAN_SERVICES_AGENCIES_BOOTSTRAP_KEY_H_
