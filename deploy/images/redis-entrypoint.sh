#!/bin/sh
# The entry point of redis.Containerfile: `redis-server [ARGS]` without a
# configuration file runs with protected mode off (as the official image
# does: the container's network is the boundary, and the other containers
# must connect); with one (`redis-server FILE.conf ...`), and any other
# command, runs as given.
set -eu
if [ "${1:-}" = redis-server ]; then
  case "${2:-}" in
    *.conf) ;;
    *)
      shift
      set -- redis-server --protected-mode no "$@"
      ;;
  esac
fi
exec "$@"
