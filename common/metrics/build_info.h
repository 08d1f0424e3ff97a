// interplan_build_info{service,version}: a gauge always 1 whose labels say
// which service this process is and which build of Interplan it runs, so
// that dashboards can join other metrics to it and see a roll-out.
#ifndef INTERPLAN_COMMON_METRICS_BUILD_INFO_H_
#define INTERPLAN_COMMON_METRICS_BUILD_INFO_H_

#include "absl/strings/string_view.h"
#include "common/metrics/registry.h"

namespace interplan::metrics {

// The build's version: `git describe --always --dirty` of the source tree
// when the build was configured, or "unknown" outside a Git checkout.
absl::string_view BuildVersion();

// Registers interplan_build_info{service=`service`,version=BuildVersion()} 1.
void AddBuildInfo(Registry& registry, absl::string_view service);

}  // namespace interplan::metrics

#endif  // INTERPLAN_COMMON_METRICS_BUILD_INFO_H_
