// How long the bounded random-mutation tests run: their default (seconds,
// so that ctest stays quick) or INTERPLAN_FUZZ_SECONDS for a longer run
// by hand. Each test prints how many inputs it tried.
#ifndef INTERPLAN_TESTS_COMMON_HTTP_FUZZ_BUDGET_H_
#define INTERPLAN_TESTS_COMMON_HTTP_FUZZ_BUDGET_H_

#include <cstdlib>

#include "absl/strings/numbers.h"
#include "absl/time/time.h"

namespace interplan::http {

inline absl::Duration FuzzBudget(absl::Duration by_default) {
  const char* env = std::getenv("INTERPLAN_FUZZ_SECONDS");
  double seconds = 0;
  if (env != nullptr && absl::SimpleAtod(env, &seconds) && seconds > 0) {
    return absl::Seconds(seconds);
  }
  return by_default;
}

}  // namespace interplan::http

#endif  // INTERPLAN_TESTS_COMMON_HTTP_FUZZ_BUDGET_H_
