// One read the gateway serves over HTTP, described once for both serving
// and documenting it: its path, the gRPC request whose fields are its
// query parameters, the message it answers, its table for ?format=csv, who
// may call it and how it is fetched. http_api.cc serves every HttpRead the
// same way (parameters, errors, ETag, gzip, CORS); openapi.cc describes
// them from the same values, so the document cannot drift from the routes.
#ifndef INTERPLAN_GATEWAY_HTTP_READ_H_
#define INTERPLAN_GATEWAY_HTTP_READ_H_

#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common/call/call_context.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"

namespace interplan::gateway {

struct HttpAnswer {
  std::unique_ptr<google::protobuf::Message> message;
  // False for a view with sections missing: its ETag is then the body's,
  // since the version counters say nothing about a partial answer.
  bool complete = true;
};

struct HttpRead {
  std::string path;     // "/v1/rollup"
  std::string summary;  // one line, for the API description
  // The gRPC request (its query fields are the parameters) and answer.
  const google::protobuf::Descriptor* request = nullptr;
  const google::protobuf::Descriptor* answer = nullptr;
  // The parameters without which the read is refused (documentation; the
  // read itself says what is missing).
  std::set<std::string> required;
  // Fields whose bare values are ids in a collection ("unit" -> "units").
  std::map<std::string, std::string> collections;
  // The repeated field ?format=csv writes ("rows"); "" when not tabular.
  std::string table;
  // Whether the caller may read `request`; null when the service called
  // decides (it sees the caller, relayed).
  std::function<absl::Status(const CallContext& call, const google::protobuf::Message& request)>
      check;
  // The answer to `request` for the caller of `call`.
  std::function<absl::StatusOr<HttpAnswer>(const google::protobuf::Message& request,
                                           const CallContext& call)>
      fetch;
};

}  // namespace interplan::gateway

#endif  // INTERPLAN_GATEWAY_HTTP_READ_H_
