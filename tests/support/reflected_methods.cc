#include "tests/support/reflected_methods.h"

#include <grpcpp/client_context.h>

#include <map>
#include <set>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "google/protobuf/descriptor.pb.h"
#include "grpc/reflection/v1alpha/reflection.grpc.pb.h"

namespace interplan::testing {
namespace {

namespace reflection = ::grpc::reflection::v1alpha;

bool IsInfrastructure(const std::string& service) { return absl::StartsWith(service, "grpc."); }

// The service names and the serialized files (by name) that define them
// and everything they import.
struct Schema {
  std::vector<std::string> services;
  std::map<std::string, google::protobuf::FileDescriptorProto> files;
};

absl::StatusOr<Schema> AskServer(const std::shared_ptr<grpc::Channel>& channel) {
  auto stub = reflection::ServerReflection::NewStub(channel);
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(30)));
  auto stream = stub->ServerReflectionInfo(&context);
  reflection::ServerReflectionRequest request;
  reflection::ServerReflectionResponse response;
  request.set_list_services("");
  if (!stream->Write(request) || !stream->Read(&response)) {
    return absl::UnavailableError("server reflection did not answer list_services");
  }
  Schema schema;
  for (const auto& service : response.list_services_response().service()) {
    if (!IsInfrastructure(service.name())) schema.services.push_back(service.name());
  }
  for (const std::string& service : schema.services) {
    request.set_file_containing_symbol(service);
    if (!stream->Write(request) || !stream->Read(&response)) {
      return absl::UnavailableError(absl::StrCat("no file for ", service));
    }
    for (const std::string& bytes : response.file_descriptor_response().file_descriptor_proto()) {
      google::protobuf::FileDescriptorProto file;
      if (!file.ParseFromString(bytes)) return absl::DataLossError("a file does not parse");
      schema.files.emplace(file.name(), std::move(file));
    }
  }
  stream->WritesDone();
  grpc::Status finished = stream->Finish();
  if (!finished.ok()) return absl::UnavailableError(finished.error_message());
  return schema;
}

// Adds `files` to `pool`, each after the files it imports.
absl::Status BuildPool(const std::map<std::string, google::protobuf::FileDescriptorProto>& files,
                       google::protobuf::DescriptorPool& pool) {
  std::set<std::string> added;
  bool progress = true;
  while (added.size() < files.size() && progress) {
    progress = false;
    for (const auto& [name, file] : files) {
      if (added.count(name)) continue;
      bool ready = true;
      for (const std::string& dependency : file.dependency()) {
        ready = ready && (added.count(dependency) || !files.count(dependency));
      }
      if (!ready) continue;
      if (pool.BuildFile(file) == nullptr) {
        return absl::InvalidArgumentError(absl::StrCat("cannot build ", name));
      }
      added.insert(name);
      progress = true;
    }
  }
  if (added.size() < files.size()) return absl::InvalidArgumentError("circular imports");
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::unique_ptr<ReflectedMethods>> ReflectedMethods::Fetch(
    const std::shared_ptr<grpc::Channel>& channel) {
  absl::StatusOr<Schema> schema = AskServer(channel);
  if (!schema.ok()) return schema.status();
  std::unique_ptr<ReflectedMethods> methods(new ReflectedMethods);
  if (absl::Status built = BuildPool(schema->files, methods->pool_); !built.ok()) return built;
  for (const std::string& name : schema->services) {
    const google::protobuf::ServiceDescriptor* service = methods->pool_.FindServiceByName(name);
    if (service == nullptr) return absl::NotFoundError(absl::StrCat("no descriptor for ", name));
    for (int i = 0; i < service->method_count(); ++i) {
      const google::protobuf::MethodDescriptor* method = service->method(i);
      if (method->client_streaming() || method->server_streaming()) continue;
      methods->methods_.push_back(
          {absl::StrCat("/", name, "/", method->name()), method->input_type()});
    }
  }
  return methods;
}

std::unique_ptr<google::protobuf::Message> ReflectedMethods::NewRequest(const Method& method) {
  return std::unique_ptr<google::protobuf::Message>(factory_.GetPrototype(method.request)->New());
}

}  // namespace interplan::testing
