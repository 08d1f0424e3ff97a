#include "common/metrics/build_info.h"

#include <string>

#ifndef INTERPLAN_VERSION
#define INTERPLAN_VERSION "unknown"
#endif

namespace interplan::metrics {

absl::string_view BuildVersion() { return INTERPLAN_VERSION; }

void AddBuildInfo(Registry& registry, absl::string_view service) {
  registry.AddGauge("interplan_build_info",
                    "Always 1: which service this is and the build it runs.", [] { return 1.0; },
                    {{"service", std::string(service)}, {"version", std::string(BuildVersion())}});
}

}  // namespace interplan::metrics
