#!/usr/bin/env bash
# The one-shot bootstrap job (`interplan-entrypoint bootstrap`): brings a
# fresh deployment to what `make run` serves, and is safe to run again
# (each step is skipped or answers "unchanged" when already done).
#
#   1. waits for PostgreSQL (INTERPLAN_DATABASE_URL) and Redis
#      (INTERPLAN_REDIS_URL) when configured, then for interplan-agencies;
#   2. waits for the operator key interplan-agencies writes at start-up
#      (INTERPLAN_BOOTSTRAP_KEY_FILE, default $CREDENTIALS/operator.key);
#   3. imports the reference data (units and agencies; INTERPLAN_REFERENCE_DIR);
#   4. creates the API keys still missing in the credentials directory
#      (INTERPLAN_CREDENTIALS_DIR, default $INTERPLAN_DATA_DIR/credentials),
#      each FILE.key mode 0600: moha (the ministry), the five seed
#      provinces' Home Affairs departments, service (--role service, the key
#      the services present to each other: INTERPLAN_SERVICE_KEY_FILE);
#   5. waits for interplan-plans and pushes and issues the seed plans
#      (INTERPLAN_SEED_PLANS_DIR, default $INTERPLAN_SHARE_DIR/plans), each
#      with its province's key; INTERPLAN_SEED_PLANS=off skips this step.
#
# Migrations need no step here: every service applies its own at start-up.
# Waits last up to INTERPLAN_BOOTSTRAP_WAIT seconds each (120).
#
# Any failure stops the job with a non-zero status and a message naming the
# command that failed, what it said and the service whose log to read;
# nothing a command writes on stderr is thrown away.
set -Eeuo pipefail

log() { echo "bootstrap: $*"; }
die() {
  trap - ERR
  echo "bootstrap: error: $*" >&2
  exit 1
}
trap 'die "line $LINENO: \`$BASH_COMMAND\` exited with status $?"' ERR

# Scratch space for the client's output (removed on exit).
SCRATCH=$(mktemp -d)
trap 'rm -rf "$SCRATCH"' EXIT

WAIT=${INTERPLAN_BOOTSTRAP_WAIT:-120}
CLIENT=${INTERPLAN_CLIENT:-interplan}
PROBE=${INTERPLAN_PROBE:-interplan-probe}
DATA_DIR=${INTERPLAN_DATA_DIR:-./var}
CREDENTIALS=${INTERPLAN_CREDENTIALS_DIR:-$DATA_DIR/credentials}
OPERATOR_KEY_FILE=${INTERPLAN_BOOTSTRAP_KEY_FILE:-$CREDENTIALS/operator.key}
SHARE_DIR=${INTERPLAN_SHARE_DIR:-/usr/local/share/interplan}
SEED_PLANS_DIR=${INTERPLAN_SEED_PLANS_DIR:-$SHARE_DIR/plans}
AGENCIES_ADDR=${INTERPLAN_AGENCIES_ADDR:-localhost:50051}
PLANS_ADDR=${INTERPLAN_PLANS_ADDR:-localhost:50052}
# The seed provinces: each one's department in charge of gender equality.
PROVINCES=(dong-nai quang-ngai hcm dak-lak lai-chau)

# wait_tcp WHAT HOST PORT: until a TCP connection opens, or WAIT seconds.
wait_tcp() {
  local what=$1 host=$2 port=$3 start=$SECONDS error
  until error=$(timeout 2 bash -c "exec 3<>/dev/tcp/$host/$port" 2>&1); do
    if [ $((SECONDS - start)) -ge "$WAIT" ]; then
      die "$what at $host:$port did not accept connections within ${WAIT}s: ${error:-timed out}"
    fi
    sleep 1
  done
  log "$what is up at $host:$port"
}

# host_port URL DEFAULT_PORT: "host port" of scheme://[user[:pass]@]host[:port][/...].
host_port() {
  local rest=${1#*://} port
  rest=${rest%%/*}
  rest=${rest%%\?*}
  rest=${rest##*@}
  if [[ "$rest" == \[*\]* ]]; then # [v6]:port
    port=${rest##*]}
    port=${port#:}
    rest=${rest%%]*}
    echo "${rest#[} ${port:-$2}"
  elif [[ "$rest" == *:* ]]; then
    echo "${rest%%:*} ${rest##*:}"
  else
    echo "$rest $2"
  fi
}

# wait_redis HOST PORT: until PING answers PONG.
wait_redis() {
  local host=$1 port=$2 start=$SECONDS error
  until error=$(timeout 2 bash -c "exec 3<>/dev/tcp/$host/$port && printf 'PING\r\n' >&3 &&
      IFS= read -r line <&3 && [[ \$line == '+PONG'* ]]" 2>&1); do
    if [ $((SECONDS - start)) -ge "$WAIT" ]; then
      die "Redis at $host:$port did not answer PING within ${WAIT}s: ${error:-no PONG}"
    fi
    sleep 1
  done
  log "Redis answers at $host:$port"
}

# wait_serving NAME ADDRESS
wait_serving() {
  local answer
  if ! answer=$("$PROBE" "$2" --wait "$WAIT" 2>&1); then
    die "interplan-$1 at $2 is not SERVING after ${WAIT}s ($answer); read its log"
  fi
  log "interplan-$1 is SERVING at $2"
}

# service_for COMMAND: the service the client's COMMAND talks to.
service_for() {
  case "$1" in
    units | agencies | reference | keys) echo agencies ;;
    plans | assignments) echo plans ;;
    reports | obligations | compliance | rollup | progress) echo reporting ;;
    campaigns | activities) echo campaigns ;;
    *) echo gateway ;;
  esac
}

# client ARGS...: `interplan ARGS` with INTERPLAN_API_KEY as set; its stdout
# in CLIENT_OUTPUT, its stderr passed on. A failure stops the job naming
# the command, its message and the service whose log to read.
CLIENT_OUTPUT=""
client() {
  local status=0 message service
  "$CLIENT" "$@" >"$SCRATCH/stdout" 2>"$SCRATCH/stderr" || status=$?
  CLIENT_OUTPUT=$(cat "$SCRATCH/stdout")
  message=$(cat "$SCRATCH/stderr")
  if [ "$status" -ne 0 ]; then
    service=$(service_for "$1")
    die "\`interplan $*\` exited with status $status: ${message:-$CLIENT_OUTPUT}" \
      "(read the log of interplan-$service)"
  fi
  if [ -n "$message" ]; then printf '%s\n' "$message" >&2; fi
}

# as_operator ARGS...: the client with the operator key.
as_operator() { INTERPLAN_API_KEY=$OPERATOR_KEY client "$@"; }

# check_key FILE: fails unless FILE holds an API key (an empty file is not one).
check_key() {
  if [[ "$(tr -d '[:space:]' <"$1")" != ipk_* ]]; then
    die "$1 holds no API key (it is empty or malformed): remove it and run the job again"
  fi
}

# make_key NAME ARGS...: $CREDENTIALS/NAME.key, created (`keys create ARGS`)
# only when missing; written to a temporary file first so that a failure
# leaves no empty or partial key behind. An existing file that holds no key
# is an error.
make_key() {
  local name=$1 file=$CREDENTIALS/$1.key secret
  shift
  if [ -e "$file" ]; then
    check_key "$file"
    chmod 600 "$file"
    log "key $name: kept ($file)"
    return 0
  fi
  as_operator keys create "$@" --name "bootstrap $name"
  secret=$(sed -n 's/^secret: //p' <<<"$CLIENT_OUTPUT")
  [ -n "$secret" ] || die "\`interplan keys create $*\` printed no secret: $CLIENT_OUTPUT"
  # A temporary file in the same folder, then a rename: the key file
  # appears whole or not at all.
  (umask 077 && printf '%s\n' "$secret" >"$CREDENTIALS/.$name.key.tmp")
  mv -f "$CREDENTIALS/.$name.key.tmp" "$file"
  log "key $name: created ($file)"
}

# province_of PLAN_FILE: the seed province whose department pushes it.
province_of() {
  case "$(basename "$1")" in
    *dong_nai*) echo dong-nai ;;
    *quang_ngai*) echo quang-ngai ;;
    *go_vap*) echo hcm ;;
    *dak_lak*) echo dak-lak ;;
    *lai_chau*) echo lai-chau ;;
    *) return 1 ;;
  esac
}

# 1. Dependencies.
if [ -n "${INTERPLAN_DATABASE_URL:-}" ]; then
  read -r pg_host pg_port < <(host_port "$INTERPLAN_DATABASE_URL" 5432)
  wait_tcp PostgreSQL "$pg_host" "$pg_port"
fi
if [ -n "${INTERPLAN_REDIS_URL:-}" ]; then
  read -r redis_host redis_port < <(host_port "$INTERPLAN_REDIS_URL" 6379)
  wait_redis "$redis_host" "$redis_port"
fi
wait_serving agencies "$AGENCIES_ADDR"

# 2. The operator key.
mkdir -p "$CREDENTIALS"
# A mounted volume may not be ours to change: say so and go on.
chmod 700 "$CREDENTIALS" || log "note: could not make $CREDENTIALS mode 0700"
start=$SECONDS
until [ -s "$OPERATOR_KEY_FILE" ]; do
  if [ $((SECONDS - start)) -ge "$WAIT" ]; then
    die "no operator key in $OPERATOR_KEY_FILE: interplan-agencies writes it at start-up" \
      "when run with INTERPLAN_BOOTSTRAP_KEY_FILE=$OPERATOR_KEY_FILE (and no other operator" \
      "key in force)"
  fi
  sleep 1
done
check_key "$OPERATOR_KEY_FILE"
OPERATOR_KEY=$(tr -d '[:space:]' <"$OPERATOR_KEY_FILE")
if ! INTERPLAN_API_KEY=$OPERATOR_KEY "$CLIENT" keys list >"$SCRATCH/keys" 2>"$SCRATCH/stderr"; then
  die "the operator key in $OPERATOR_KEY_FILE is refused by interplan-agencies at" \
    "$AGENCIES_ADDR: $(cat "$SCRATCH/stderr")"
fi
log "operator key in force ($OPERATOR_KEY_FILE)"

# 3. Reference data: existing units and agencies are left as they are.
log "importing the reference data${INTERPLAN_REFERENCE_DIR:+ from $INTERPLAN_REFERENCE_DIR}"
as_operator reference import
printf '%s\n' "$CLIENT_OUTPUT"

# 4. API keys.
make_key moha --agency moha
for province in "${PROVINCES[@]}"; do
  make_key "$province-so-noi-vu" --agency "$province-so-noi-vu"
done
make_key service --role service
if [ -n "${INTERPLAN_SERVICE_KEY_FILE:-}" ] &&
  [ "$(readlink -f "$INTERPLAN_SERVICE_KEY_FILE")" != "$(readlink -f "$CREDENTIALS/service.key")" ]; then
  log "note: INTERPLAN_SERVICE_KEY_FILE=$INTERPLAN_SERVICE_KEY_FILE is not $CREDENTIALS/service.key"
fi

# 5. Seed plans.
if [ "${INTERPLAN_SEED_PLANS:-on}" = off ]; then
  log "seed plans skipped (INTERPLAN_SEED_PLANS=off)"
else
  shopt -s nullglob
  plans=("$SEED_PLANS_DIR"/*.json)
  [ ${#plans[@]} -gt 0 ] || die "no seed plans (*.json) in $SEED_PLANS_DIR"
  wait_serving plans "$PLANS_ADDR"
  for plan in "${plans[@]}"; do
    province=$(province_of "$plan") || die "$plan: no seed province for this file"
    key=$(tr -d '[:space:]' <"$CREDENTIALS/$province-so-noi-vu.key")
    # "created and issued", or "unchanged" on a second run.
    INTERPLAN_API_KEY=$key client plans push "$plan" --issue
    log "plan $(basename "$plan"): ${CLIENT_OUTPUT%%$'\n'*}"
  done
fi
log "done"
