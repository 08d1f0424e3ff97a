#!/usr/bin/env bash
# interplan-entrypoint: the one entry point of the Interplan image (and the
# same script outside containers, e.g. from a build tree).
#
#   interplan-entrypoint agencies|plans|reporting|campaigns|gateway [FLAGS...]
#   interplan-entrypoint bootstrap          the one-shot job (deploy/bootstrap.sh)
#   interplan-entrypoint client ARGS...     the `interplan` command-line client
#   interplan-entrypoint probe ARGS...      interplan-probe (grpc.health.v1)
#   interplan-entrypoint health             probes this container's service
#
# The servers read their configuration from INTERPLAN_* variables (README,
# "Configuration"); this script only picks the binary and adds:
#   INTERPLAN_LISTEN_ADDR       --listen for the service started (so the
#                               INTERPLAN_<SERVICE>_ADDR variables can name
#                               the peers, as the client and gateway read them)
#   INTERPLAN_SERVICE_KEY_FILE  for every service but agencies: waited for
#                               up to INTERPLAN_SERVICE_KEY_WAIT seconds (300)
#                               when missing, since the bootstrap job creates it
#                               (agencies, which calls no one, starts without it)
#   INTERPLAN_DATABASE_URL      a postgres:// URL: its host:port is waited for
#                               (TCP) up to INTERPLAN_DATABASE_WAIT seconds
#                               (60), so that a service started with its
#                               database does not exit and restart in a loop
#                               (podman-compose does not wait for depends_on
#                               conditions; podman restarts without a pause);
#                               then the service starts and says what is wrong
# Paths, overridable:
#   INTERPLAN_BIN_DIR           the binaries (/usr/local/bin); a CMake build
#                               tree works too (services/<name>/, gateway/,
#                               tools/interplan/, tools/probe/)
#   INTERPLAN_SHARE_DIR         data shipped with the image
#                               (/usr/local/share/interplan): reference/, plans/
#   INTERPLAN_REFERENCE_DIR     ($INTERPLAN_SHARE_DIR/reference when it exists)
#   INTERPLAN_BOOTSTRAP_SCRIPT  (bootstrap.sh next to this script, else
#                               interplan-bootstrap in INTERPLAN_BIN_DIR)
set -euo pipefail

SELF=$(readlink -f "${BASH_SOURCE[0]}")
SELF_DIR=$(dirname "$SELF")
export INTERPLAN_BIN_DIR=${INTERPLAN_BIN_DIR:-/usr/local/bin}
export INTERPLAN_SHARE_DIR=${INTERPLAN_SHARE_DIR:-/usr/local/share/interplan}
if [ -z "${INTERPLAN_REFERENCE_DIR:-}" ] && [ -d "$INTERPLAN_SHARE_DIR/reference" ]; then
  export INTERPLAN_REFERENCE_DIR=$INTERPLAN_SHARE_DIR/reference
fi

# usage [CODE]: the commands, on stderr unless CODE is 0.
usage() {
  local code=${1:-64}
  if [ "$code" = 0 ]; then
    sed -n '2,9p' "$SELF" | sed 's/^# \{0,1\}//'
  else
    sed -n '2,9p' "$SELF" | sed 's/^# \{0,1\}//' >&2
  fi
  exit "$code"
}

die() {
  echo "interplan-entrypoint: $*" >&2
  exit 1
}

# find_bin NAME: the path of binary NAME under INTERPLAN_BIN_DIR (installed
# flat, or in a CMake build tree's layout).
find_bin() {
  local name=$1 dir=$INTERPLAN_BIN_DIR candidate
  for candidate in "$dir/$name" "$dir/services/${name#interplan-}/$name" "$dir/gateway/$name" \
    "$dir/tools/interplan/$name" "$dir/tools/probe/$name"; do
    if [ -f "$candidate" ] && [ -x "$candidate" ]; then
      echo "$candidate"
      return 0
    fi
  done
  die "$name not found in INTERPLAN_BIN_DIR=$dir"
}

# default_port SERVICE
default_port() {
  case "$1" in
    gateway) echo 50050 ;;
    agencies) echo 50051 ;;
    plans) echo 50052 ;;
    reporting) echo 50053 ;;
    campaigns) echo 50054 ;;
    *) return 1 ;;
  esac
}

# wait_for_service_key: the services other than agencies present
# INTERPLAN_SERVICE_KEY_FILE to each other; the bootstrap job writes it.
wait_for_service_key() {
  local file=${INTERPLAN_SERVICE_KEY_FILE:-} wait=${INTERPLAN_SERVICE_KEY_WAIT:-300} waited=0
  [ -n "$file" ] || return 0
  [ -s "$file" ] && return 0
  echo "interplan-entrypoint: waiting up to ${wait}s for the service key $file" \
    "(written by the bootstrap job)" >&2
  while [ ! -s "$file" ]; do
    if [ "$waited" -ge "$wait" ]; then
      die "no service key in $file after ${wait}s: run the bootstrap job" \
        "(interplan-entrypoint bootstrap)"
    fi
    sleep 1
    waited=$((waited + 1))
  done
}

# database_host_port URL: "host port" of a postgres://[user[:pass]@]host[:port][/db] URL.
database_host_port() {
  local rest=${1#*://} host port
  rest=${rest%%/*}
  rest=${rest%%\?*}
  rest=${rest##*@}
  if [[ "$rest" == \[*\]* ]]; then # [v6]:port
    host=${rest%%]*}
    port=${rest#"$host]"}
    host=${host#[}
  else
    host=${rest%%:*}
    port=${rest#"$host"}
  fi
  port=${port#:}
  echo "$host ${port:-5432}"
}

# wait_for_database: PostgreSQL's port accepting connections, or the wait over.
wait_for_database() {
  local url=${INTERPLAN_DATABASE_URL:-} wait=${INTERPLAN_DATABASE_WAIT:-60} waited=0 host port
  case "$url" in
    postgres://* | postgresql://*) ;;
    *) return 0 ;;
  esac
  read -r host port < <(database_host_port "$url")
  until timeout 2 bash -c "exec 3<>/dev/tcp/$host/$port" 2>/dev/null; do
    if [ "$waited" -ge "$wait" ]; then return 0; fi
    if [ "$waited" = 0 ]; then
      echo "interplan-entrypoint: waiting up to ${wait}s for PostgreSQL at $host:$port" >&2
    fi
    sleep 1
    waited=$((waited + 1))
  done
}

# probe_address LISTEN: a listen address as a client reaches it locally.
probe_address() {
  local addr=$1
  case "$addr" in
    0.0.0.0:*) echo "127.0.0.1:${addr#0.0.0.0:}" ;;
    "[::]:"*) echo "[::1]:${addr#\[::\]:}" ;;
    :*) echo "127.0.0.1$addr" ;;
    *) echo "$addr" ;;
  esac
}

# health: probes the service this container runs (PID 1, or
# INTERPLAN_HEALTH_SERVICE), on INTERPLAN_LISTEN_ADDR or its own variable;
# with INTERPLAN_HEALTH_PORT (--health_port) on that plaintext port instead,
# which answers with TLS on too.
health() {
  local service=${INTERPLAN_HEALTH_SERVICE:-} comm="" listen var
  if [ -z "$service" ] && [ -r /proc/1/cmdline ]; then
    # argv[0] of PID 1 (/proc/1/comm is cut at 15 characters).
    comm=$(tr '\0' '\n' </proc/1/cmdline | head -n 1)
    comm=${comm##*/}
    case "$comm" in
      interplan-agencies | interplan-plans | interplan-reporting | interplan-campaigns | \
        interplan-gateway) service=${comm#interplan-} ;;
    esac
  fi
  if [ -z "$service" ]; then
    # The bootstrap job and the client: nothing serves here.
    return 0
  fi
  var="INTERPLAN_${service^^}_ADDR"
  listen=${INTERPLAN_LISTEN_ADDR:-${!var:-0.0.0.0:$(default_port "$service")}}
  if [ "${INTERPLAN_HEALTH_PORT:-0}" != 0 ]; then
    # The health-only port: plaintext even when the service speaks TLS.
    listen=${listen%:*}:$INTERPLAN_HEALTH_PORT
    exec env -u INTERPLAN_TLS_CA_FILE -u INTERPLAN_TLS_CERT_FILE -u INTERPLAN_TLS_KEY_FILE \
      "$(find_bin interplan-probe)" "$(probe_address "$listen")" \
      --timeout "${INTERPLAN_HEALTH_TIMEOUT:-2}"
  fi
  exec "$(find_bin interplan-probe)" "$(probe_address "$listen")" --timeout "${INTERPLAN_HEALTH_TIMEOUT:-2}"
}

[ $# -ge 1 ] || usage
command=$1
shift
case "$command" in
  agencies | plans | reporting | campaigns | gateway)
    binary=$(find_bin "interplan-$command")
    args=()
    if [ -n "${INTERPLAN_LISTEN_ADDR:-}" ]; then
      args+=(--listen "$INTERPLAN_LISTEN_ADDR")
    fi
    wait_for_database
    if [ "$command" != agencies ]; then
      wait_for_service_key
    elif [ -n "${INTERPLAN_SERVICE_KEY_FILE:-}" ] && [ ! -s "$INTERPLAN_SERVICE_KEY_FILE" ]; then
      # interplan-agencies calls no other service and starts first, before
      # the bootstrap job has created the service key: not needed here.
      unset INTERPLAN_SERVICE_KEY_FILE
    fi
    exec "$binary" "${args[@]}" "$@"
    ;;
  bootstrap)
    script=${INTERPLAN_BOOTSTRAP_SCRIPT:-}
    if [ -z "$script" ]; then
      if [ -f "$SELF_DIR/bootstrap.sh" ]; then
        script=$SELF_DIR/bootstrap.sh
      else
        script=$(find_bin interplan-bootstrap)
      fi
    fi
    INTERPLAN_CLIENT=$(find_bin interplan)
    INTERPLAN_PROBE=$(find_bin interplan-probe)
    export INTERPLAN_CLIENT INTERPLAN_PROBE
    exec bash "$script" "$@"
    ;;
  client | interplan) exec "$(find_bin interplan)" "$@" ;;
  probe) exec "$(find_bin interplan-probe)" "$@" ;;
  health) health ;;
  -h | --help | help) usage 0 ;;
  *)
    echo "interplan-entrypoint: unknown command '$command'" >&2
    usage
    ;;
esac
