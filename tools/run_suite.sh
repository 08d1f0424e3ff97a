#!/usr/bin/env bash
# Starts the Interplan suite on the embedded default (SQLite files under
# ./var), loads the reference data, prints each service's address and keeps
# serving until Ctrl-C, then stops every service gracefully.
#
#   tools/run_suite.sh [BUILD_DIR]
#
# Addresses come from INTERPLAN_<SERVICE>_ADDR when set, the gateway's
# HTTP/JSON address from INTERPLAN_GATEWAY_HTTP_ADDR (0.0.0.0:8080), Redis's
# port from INTERPLAN_REDIS_PORT (6390), the data folder from
# INTERPLAN_DATA_DIR (./var).
#
# Any failure stops start-up: the message names the command that failed,
# what it said, the services no longer running and the log to read; every
# service started is stopped and the exit status is non-zero. A service
# that exits while the suite serves stops it the same way. Ctrl-C (or
# SIGTERM) stops it with status 0.
set -Eeuo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${1:-build}
VAR=${INTERPLAN_DATA_DIR:-./var}
mkdir -p "$VAR/log"

CLIENT="$BUILD_DIR/tools/interplan/interplan"
PROBE="$BUILD_DIR/tools/probe/interplan-probe"

pids=()
declare -A service_of=() # pid -> service name ("redis" for redis-server)
temp_files=()

# log_of NAME: where the service NAME logs.
log_of() { echo "$VAR/log/$1.log"; }

# running PID: whether PID is alive (not gone, not a zombie).
# Reads /proc/PID/stat once: a process that exits between a check and the
# read (as the services do when Ctrl-C reaches them too) is not running,
# and the failed read says so instead of printing an error.
running() {
  local stat rest
  { read -r stat <"/proc/$1/stat"; } 2>/dev/null || return 1
  rest=${stat##*) } # the fields after the command name, even one holding ") "
  [ -n "$rest" ] && [ "${rest%% *}" != Z ]
}

# shellcheck disable=SC2317 # run by the traps below
stop_all() {
  local code=$1
  trap - INT TERM EXIT ERR
  rm -f "${temp_files[@]}"
  echo
  echo "Stopping the suite..."
  for pid in "${pids[@]}"; do
    if running "$pid"; then kill -TERM "$pid" || true; fi
  done
  for pid in "${pids[@]}"; do wait "$pid" || true; done
  echo "Stopped."
  exit "$code"
}
trap 'stop_all $?' EXIT
trap 'stop_all 0' INT TERM

# report_dead_services: names each started process no longer running, with
# the end of its log.
report_dead_services() {
  local pid name label
  for pid in "${pids[@]}"; do
    running "$pid" && continue
    name=${service_of[$pid]}
    label=interplan-$name
    [ "$name" != redis ] || label=redis-server
    echo "  $label (pid $pid) is no longer running; its log: $(log_of "$name")" >&2
    tail -n 5 "$(log_of "$name")" 2>/dev/null | sed 's/^/    /' >&2 || true
  done
}

# fail WHAT MESSAGE [LOG]: stops start-up saying what failed, its message,
# the services that died and the log to read.
fail() {
  local what=$1 message=$2 log=${3:-}
  trap - ERR
  {
    echo
    echo "Start-up failed: $what"
    [ -n "$message" ] && printf '%s\n' "$message" | sed 's/^/  /'
    report_dead_services
    [ -n "$log" ] && echo "  see $log"
  } >&2
  exit 1
}
trap 'fail "line $LINENO: \`$BASH_COMMAND\` exited with status $?" ""' ERR

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

# client ARGS...: `interplan ARGS`; its stdout in CLIENT_OUTPUT, its stderr
# passed on when it succeeds, or in the failure message (with the log of
# the service it called) when it fails. Runs in this shell, never in $(...),
# so that a failure stops the script.
CLIENT_OUTPUT=""
client() {
  local out err status=0 message
  out=$(mktemp "$VAR/log/.client-stdout.XXXXXX")
  err=$(mktemp "$VAR/log/.client-stderr.XXXXXX")
  temp_files+=("$out" "$err")
  "$CLIENT" "$@" >"$out" 2>"$err" || status=$?
  CLIENT_OUTPUT=$(cat "$out")
  message=$(cat "$err")
  rm -f "$out" "$err"
  if [ "$status" -ne 0 ]; then
    [ -z "$CLIENT_OUTPUT" ] || message=$(printf '%s\n%s' "$CLIENT_OUTPUT" "$message")
    fail "\`interplan $*\` exited with status $status:" "$message" "$(log_of "$(service_for "$1")")"
  fi
  [ -z "$message" ] || printf '%s\n' "$message" >&2
}

# start NAME PORT [BINARY [FLAGS...]]: runs services/NAME/interplan-NAME on its address.
start() {
  local name=$1 port=$2 binary=${3:-$BUILD_DIR/services/$1/interplan-$1}
  shift $(($# < 3 ? $# : 3))
  local var="INTERPLAN_${name^^}_ADDR"
  local addr=${!var:-127.0.0.1:$port}
  export "$var=$addr"
  "$binary" --listen "$addr" --data_dir "$VAR" "$@" >>"$(log_of "$name")" 2>&1 &
  pids+=($!)
  service_of[$!]=$name
  local probe_output
  if ! probe_output=$("$PROBE" "$addr" --wait 30 2>&1); then
    fail "interplan-$name did not become healthy on $addr" "$probe_output" "$(log_of "$name")"
  fi
  printf '  %-22s %s\n' "interplan-$name" "$addr"
}

echo "Starting Interplan (data in $VAR, logs in $VAR/log):"

# Redis holds the gateway's view cache; every service tells it of its
# writes. Without redis-server the gateway computes every view directly.
if [ -z "${INTERPLAN_REDIS_URL:-}" ] && command -v redis-server >/dev/null; then
  redis_port=${INTERPLAN_REDIS_PORT:-6390}
  mkdir -p "$VAR/redis"
  redis-server --port "$redis_port" --bind 127.0.0.1 --dir "$VAR/redis" --save "" \
    --appendonly no --daemonize no >>"$(log_of redis)" 2>&1 &
  pids+=($!)
  service_of[$!]=redis
  for attempt in $(seq 50); do
    # Refused until it listens: the last answer is kept for the failure.
    if ping=$(redis-cli -p "$redis_port" ping 2>&1) && [ "$ping" = PONG ]; then break; fi
    [ "$attempt" -lt 50 ] ||
      fail "redis-server did not answer on 127.0.0.1:$redis_port" "$ping" "$(log_of redis)"
    sleep 0.1
  done
  export INTERPLAN_REDIS_URL="redis://127.0.0.1:$redis_port"
  printf '  %-22s %s\n' "redis-server" "127.0.0.1:$redis_port"
elif [ -z "${INTERPLAN_REDIS_URL:-}" ]; then
  echo "  (redis-server is not installed: the gateway runs without a cache)"
fi

mkdir -p "$VAR/credentials"
chmod 700 "$VAR/credentials"
export INTERPLAN_BOOTSTRAP_KEY_FILE=${INTERPLAN_BOOTSTRAP_KEY_FILE:-$VAR/credentials/operator.key}
start agencies 50051

# read_key VARIABLE FILE: VARIABLE=the key in FILE; an empty or malformed
# file is an error, not a key.
read_key() {
  local key
  key=$(tr -d '[:space:]' <"$2")
  if [[ "$key" != ipk_* ]]; then
    fail "$2 holds no API key (it is empty or malformed)" \
      "Remove it and start again: a new key is created in its place." ""
  fi
  printf -v "$1" '%s' "$key"
}
# check_key FILE: fails unless FILE holds a key.
check_key() {
  local key
  read_key key "$1"
}

echo "Loading the reference data (as the operator)..."
read_key OPERATOR_KEY "$INTERPLAN_BOOTSTRAP_KEY_FILE"
INTERPLAN_API_KEY=$OPERATOR_KEY client reference import
echo "$CLIENT_OUTPUT"

# API keys: the ministry's, one per seed province's department in charge
# of gender equality (Home Affairs since the Labour departments closed on
# 2025-02-28), and the services' own key, which they present to each other.
# Each secret is shown once: kept under $VAR/credentials/ (mode 0600),
# created only when its file is missing, written to a temporary file and
# renamed so that no empty or partial key file is ever left.
echo "API keys (in $VAR/credentials/):"
# make_key FILE ARGS...: `interplan keys create ARGS` as the operator.
make_key() {
  local file=$1 tmp secret
  shift
  if [ -e "$file" ]; then
    check_key "$file"
  else
    tmp=$(mktemp "$(dirname "$file")/.$(basename "$file").XXXXXX")
    temp_files+=("$tmp")
    INTERPLAN_API_KEY=$OPERATOR_KEY client keys create "$@" --name "make run"
    secret=$(sed -n 's/^secret: //p' <<<"$CLIENT_OUTPUT")
    [ -n "$secret" ] || fail "\`interplan keys create $*\` printed no secret:" "$CLIENT_OUTPUT" \
      "$(log_of agencies)"
    printf '%s\n' "$secret" >"$tmp"
    mv -f "$tmp" "$file"
  fi
  printf '  %-22s %s\n' "$(basename "$file" .key)" "$file"
}
for agency in moha dong-nai-so-noi-vu quang-ngai-so-noi-vu hcm-so-noi-vu dak-lak-so-noi-vu \
  lai-chau-so-noi-vu; do
  make_key "$VAR/credentials/$agency.key" --agency "$agency"
done
make_key "$VAR/credentials/service.key" --role service
export INTERPLAN_SERVICE_KEY_FILE=$VAR/credentials/service.key
read_key MOHA_KEY "$VAR/credentials/moha.key"
declare -A province_key=() # the key of each seed province's department
for province in dong-nai quang-ngai hcm dak-lak lai-chau; do
  read_key "province_key[$province]" "$VAR/credentials/$province-so-noi-vu.key"
done

start plans 50052
echo "Pushing the five seed plans, each with its province's key..."
for plan in tests/fixtures/plans/*.json; do
  case "$plan" in
    *dong_nai*) province=dong-nai ;;
    *quang_ngai*) province=quang-ngai ;;
    *go_vap*) province=hcm ;;
    *dak_lak*) province=dak-lak ;;
    *lai_chau*) province=lai-chau ;;
  esac
  INTERPLAN_API_KEY=${province_key[$province]} client plans push "$plan" --issue
  echo "${CLIENT_OUTPUT%%$'\n'*}"
done

# The sample reports are for 2019-2022: entered today they would be past
# the 60-day lock, so this demonstration suite keeps entry open.
export INTERPLAN_LOCK_AFTER_DAYS=${INTERPLAN_LOCK_AFTER_DAYS:-36500}
start reporting 50053
# Submits the sample reports, each with its province's key, and accepts
# or returns them as data/samples/reports/steps.txt says.
enter_sample_reports() {
  echo "Submitting sample reports (each province's key enters and reviews its own)..."
  while read -r verb file action reason; do
    [ "$verb" = submit ] || continue
    case "$file" in
      *_qn_*) province=quang-ngai ;;
      *_gv_*) province=hcm ;;
      *_dl_*) province=dak-lak ;;
    esac
    export INTERPLAN_API_KEY=${province_key[$province]}
    client reports submit "data/samples/reports/$file"
    name=${CLIENT_OUTPUT%%$'\n'*}
    name=${name%% *}
    case "$action" in
      accept) client reports accept "$name" ;;
      return) client reports return "$name" --reason "$reason" ;;
    esac
    echo "  $file -> $name ${action:-submitted}"
  done <data/samples/reports/steps.txt
  unset INTERPLAN_API_KEY
}

# The data of an earlier start is kept in $VAR: its sample reports are
# there already, and entering them again would be refused (an accepted
# report is final), so they are entered only into an empty service.
INTERPLAN_API_KEY=$MOHA_KEY client reports list
if printf '%s\n' "$CLIENT_OUTPUT" | grep -q '^r[0-9a-f]'; then
  echo "Sample reports: kept from an earlier start (in $VAR)"
else
  enter_sample_reports
fi

start campaigns 50054
echo "Creating the Action Months 2019-2024 (the ministry) and sample activities (each province)..."
INTERPLAN_API_KEY=$MOHA_KEY client campaigns create data/samples/campaigns/action_months.jsonl
for province in quang-ngai dong-nai dak-lak lai-chau hcm; do
  organiser=$province
  [ "$province" = hcm ] && organiser=go-vap
  activities="$VAR/activities-$province.jsonl"
  temp_files+=("$activities")
  grep "\"agencies/$organiser-" data/samples/campaigns/activities.jsonl >"$activities" || true
  INTERPLAN_API_KEY=${province_key[$province]} client activities record "$activities"
  echo "${CLIENT_OUTPUT##*$'\n'}"
  rm -f "$activities"
done

http_addr=${INTERPLAN_GATEWAY_HTTP_ADDR:-0.0.0.0:8080}
start gateway 50050 "$BUILD_DIR/gateway/interplan-gateway" --http_listen "$http_addr"
# Where the gateway's HTTP face really listens, as its log says.
http_port=$(sed -n 's/.*"msg":"http listening".*"port":\([0-9]*\).*/\1/p' \
  "$(log_of gateway)" | tail -n 1)
http_host=${http_addr%:*}
case "$http_host" in
  "" | 0.0.0.0 | "[::]") http_host=localhost ;;
esac
http_url="http://$http_host:${http_port:-${http_addr##*:}}"
printf '  %-22s %s\n' "gateway HTTP/JSON" "$http_url"
printf '  %-22s %s\n' "dashboard" "$http_url/ (sign in with a key of $VAR/credentials/)"

echo
echo "National overview of the seed data, 2022 (as the ministry):"
INTERPLAN_API_KEY=$MOHA_KEY client overview national --year 2022 --as-of 2022-12-31
echo "$CLIENT_OUTPUT"

echo
echo "Interplan is serving; every call needs a key (INTERPLAN_API_KEY). Try:"
echo "  export INTERPLAN_API_KEY=\$(cat $VAR/credentials/moha.key)"
echo "  $CLIENT units list --parent 79 --as-of 2024-01-01"
echo "  $CLIENT agencies search \"so lao dong dong nai\""
echo "  $CLIENT plans list"
echo "  $CLIENT assignments quang-ngai-so-ldtbxh"
echo "  $CLIENT compliance --unit 51 --period 2022"
echo "  $CLIENT rollup --indicator LOC-COMM-OFFICIALS --unit 51 --period 2022-H1"
echo "  $CLIENT progress go-vap-2019-2020"
echo "  $CLIENT campaigns summary --kind action-month --year 2022 --unit 51"
echo "  $CLIENT overview province 51 --year 2022 --as-of 2022-12-31"
echo "  $CLIENT indicator-progress LOC-COMM-OFFICIALS --year 2022 --as-of 2022-12-31"
echo "  curl -H \"Authorization: Bearer \$INTERPLAN_API_KEY\" '$http_url/v1/overview/national?year=2022'"
echo "  INTERPLAN_API_KEY=\$(cat $VAR/credentials/operator.key) $CLIENT keys list"
echo "Press Ctrl-C to stop."

# Serve until Ctrl-C; a process that exits on its own stops the suite.
trap - ERR
status=0
wait -n "${pids[@]}" || status=$?
fail "a process of the suite exited while serving (status $status)" ""
