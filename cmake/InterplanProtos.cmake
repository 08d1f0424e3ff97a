# interplan_proto_library(<target> PROTOS <files...> [GRPC] [DEPS <targets...>])
#
# Compiles .proto files (paths relative to protos/) into a static library with
# their messages and, with GRPC, their gRPC stubs. Generated code lands in
# ${PROJECT_BINARY_DIR}/protos, mirroring the package folders, and is only
# regenerated when its .proto changes.
function(interplan_proto_library target)
  cmake_parse_arguments(ARG "GRPC" "" "PROTOS;DEPS" ${ARGN})
  set(out_dir ${PROJECT_BINARY_DIR}/protos)
  file(MAKE_DIRECTORY ${out_dir})
  add_library(${target} STATIC)
  target_sources(${target} PRIVATE ${ARG_PROTOS})
  protobuf_generate(TARGET ${target} LANGUAGE cpp
                    IMPORT_DIRS ${PROJECT_SOURCE_DIR}/protos
                    PROTOC_OUT_DIR ${out_dir})
  if(ARG_GRPC)
    protobuf_generate(TARGET ${target} LANGUAGE grpc
                      GENERATE_EXTENSIONS .grpc.pb.h .grpc.pb.cc
                      PLUGIN "protoc-gen-grpc=${GRPC_CPP_PLUGIN}"
                      IMPORT_DIRS ${PROJECT_SOURCE_DIR}/protos
                      PROTOC_OUT_DIR ${out_dir})
  endif()
  target_include_directories(${target} PUBLIC ${out_dir})
  target_link_libraries(${target} PUBLIC protobuf::libprotobuf gRPC::grpc++ ${ARG_DEPS})
  # Generated code is not ours to lint.
  target_compile_options(${target} PRIVATE -w)
endfunction()
