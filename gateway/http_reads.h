// The reads the gateway serves over HTTP: the four ministry views (built
// and cached by MinistryViews, checked by ViewAccess as over gRPC) and the
// services' own reads a ministry system needs (indicator catalogue,
// roll-ups, compliance, target progress, plans and their revisions,
// campaigns and their summaries), each a call of the service's gRPC read
// with the caller relayed (common/auth/forward_caller.h), so that the
// service applies the same authentication and jurisdiction as to a gRPC
// caller.
#ifndef INTERPLAN_GATEWAY_HTTP_READS_H_
#define INTERPLAN_GATEWAY_HTTP_READS_H_

#include <vector>

#include "gateway/grpc_service_clients.h"
#include "gateway/http_read.h"
#include "gateway/ministry_views.h"
#include "gateway/view_access.h"

namespace interplan::gateway {

// Every read, in the order the API description lists them. The reads use
// `views`, `access` and `channels` for as long as they are served.
std::vector<HttpRead> GatewayReads(MinistryViews& views, ViewAccess& access,
                                   const ServiceChannels& channels);

}  // namespace interplan::gateway

#endif  // INTERPLAN_GATEWAY_HTTP_READS_H_
