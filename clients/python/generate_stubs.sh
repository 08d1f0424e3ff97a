#!/usr/bin/env bash
# Generates the Python modules a client of Interplan imports, with Debian's
# protoc (protobuf-compiler) and grpc_python_plugin (protobuf-compiler-grpc):
#
#   clients/python/generate_stubs.sh OUT_DIR
#
# (PROTOC and GRPC_PYTHON_PLUGIN, when set, name the two programs.)
# Then put OUT_DIR on PYTHONPATH. Compiled: every interplan/*/v1 proto (the
# messages and the service stubs), google/type/date.proto (the dates every
# request and answer carries) and google/rpc/{status,error_details}.proto
# (the error details; Debian has no googleapis-common-protos).
# google/protobuf/* come with python3-protobuf. Never protos/grpc/...: their
# modules would land in OUT_DIR/grpc/health/v1, which Python never reads
# since `grpc` is grpcio's own package (import grpc.health.v1.health_pb2_grpc
# fails with ModuleNotFoundError; with an __init__.py in OUT_DIR/grpc,
# grpcio itself would be hidden). A client needs neither health nor
# reflection. docs/clients.md says more.
set -euo pipefail
if [ $# -ne 1 ]; then
  echo "usage: $0 OUT_DIR" >&2
  exit 2
fi
mkdir -p "$1"
out=$(cd "$1" && pwd)
protos=$(cd "$(dirname "$0")/../../protos" && pwd)
protoc=${PROTOC:-protoc}
plugin=${GRPC_PYTHON_PLUGIN:-$(command -v grpc_python_plugin)} || {
  echo "grpc_python_plugin is missing: install protobuf-compiler-grpc (make deps)" >&2
  exit 1
}
cd "$protos"
services=(interplan/*/v1/*.proto)
"$protoc" -I . --python_out="$out" google/type/date.proto google/rpc/status.proto \
  google/rpc/error_details.proto "${services[@]}"
"$protoc" -I . --grpc_python_out="$out" --plugin=protoc-gen-grpc_python="$plugin" "${services[@]}"
