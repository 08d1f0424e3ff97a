# Interplan: the two commands of the quick start, and their parts.
#   make run         install what is missing, build (Release), start the suite
#   make test        install what is missing, build, run every test
#   make image-test  the container image and the compose stack, for real
#                    (podman; tests/deploy/image_test.sh; CI's second step)
SHELL := /bin/bash
BUILD_DIR ?= build
BUILD_TYPE ?= Release
JOBS ?= $(shell nproc)
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# Everything the build, the tests and `make run` need, from Debian 12
# (python3-grpcio for the Python client example, clients/python); and npm
# (Debian's, with its nodejs, unless a Node.js with npm is there already)
# for buf, the proto linter of `make test` (tools/buf), for the Node
# client example's @grpc/grpc-js (clients/node) and for the dashboard's
# chart library and browser test (web/dashboard); chromium, headless, for
# that browser test.
DEB_PACKAGES := g++ cmake ninja-build pkg-config \
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler \
  libabsl-dev libhiredis-dev libsqlite3-dev libpq-dev libssl-dev \
  libgtest-dev libgmock-dev zlib1g-dev postgresql redis-server openssl libboost-dev wrk \
  libzip-dev libxml2-dev libpoppler-cpp-dev libre2-dev \
  docker-compose yamllint shellcheck python3-yaml clang-format python3-protobuf \
  python3-grpcio chromium

.PHONY: all deps configure build test run image-test clean

all: build

deps:
	@missing=""; \
	for p in $(DEB_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	command -v npm >/dev/null || missing="$$missing npm"; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -q && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q --no-install-recommends $$missing; \
	fi

configure: deps
	@[ -f $(BUILD_DIR)/build.ninja ] || \
	  cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE)

build: configure
	cmake --build $(BUILD_DIR) -j $(JOBS)

test: build
	ctest --test-dir $(BUILD_DIR) --output-on-failure -j 2

run: build
	tools/run_suite.sh $(BUILD_DIR)

# Installs podman and what it needs when missing, builds the images (cached
# between runs) and checks the stack they run; needs no build tree.
image-test:
	tests/deploy/image_test.sh

clean:
	rm -rf $(BUILD_DIR)
