#!/usr/bin/env bash
# Starts the Interplan suite on the embedded default (SQLite files under
# ./var), loads the reference data, prints each service's address and keeps
# serving until Ctrl-C, then stops every service gracefully.
#
#   tools/run_suite.sh [BUILD_DIR]
#
# Addresses come from INTERPLAN_<SERVICE>_ADDR when set.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${1:-build}
VAR=${INTERPLAN_DATA_DIR:-./var}
mkdir -p "$VAR/log"

CLIENT="$BUILD_DIR/tools/interplan/interplan"
PROBE="$BUILD_DIR/tools/probe/interplan-probe"

pids=()
stop_all() {
  trap - INT TERM EXIT
  echo
  echo "Stopping the suite..."
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  echo "Stopped."
  exit 0
}
trap stop_all INT TERM EXIT

# start NAME PORT [BINARY]: runs services/NAME/interplan-NAME on its address.
start() {
  local name=$1 port=$2 binary=${3:-$BUILD_DIR/services/$1/interplan-$1}
  local var="INTERPLAN_${name^^}_ADDR"
  local addr=${!var:-127.0.0.1:$port}
  export "$var=$addr"
  "$binary" --listen "$addr" --data_dir "$VAR" >>"$VAR/log/$name.log" 2>&1 &
  pids+=($!)
  if ! "$PROBE" "$addr" --wait 30 >/dev/null; then
    echo "interplan-$name did not become healthy on $addr; see $VAR/log/$name.log" >&2
    tail -5 "$VAR/log/$name.log" >&2
    exit 1
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
    --appendonly no --daemonize no >>"$VAR/log/redis.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 50); do
    redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break
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

echo "Loading the reference data (as the operator)..."
OPERATOR_KEY=$(cat "$INTERPLAN_BOOTSTRAP_KEY_FILE")
INTERPLAN_API_KEY=$OPERATOR_KEY "$CLIENT" reference import

# API keys: the ministry's, one per seed province's department in charge
# of gender equality (Home Affairs since the Labour departments closed on
# 2025-02-28), and the services' own key, which they present to each other.
# Each secret is shown once: kept under $VAR/credentials/ (mode 0600),
# created only when its file is missing.
echo "API keys (in $VAR/credentials/):"
# make_key FILE ARGS...: `interplan keys create ARGS` as the operator.
make_key() {
  local file=$1
  shift
  if [ ! -s "$file" ]; then
    (umask 077 && INTERPLAN_API_KEY=$OPERATOR_KEY "$CLIENT" keys create "$@" --name "make run" \
      2>/dev/null | sed -n 's/^secret: //p' >"$file")
  fi
  printf '  %-22s %s\n' "$(basename "$file" .key)" "$file"
}
for agency in moha dong-nai-so-noi-vu quang-ngai-so-noi-vu hcm-so-noi-vu dak-lak-so-noi-vu \
  lai-chau-so-noi-vu; do
  make_key "$VAR/credentials/$agency.key" --agency "$agency"
done
make_key "$VAR/credentials/service.key" --role service
export INTERPLAN_SERVICE_KEY_FILE=$VAR/credentials/service.key
# key PROVINCE: the key of that seed province's department.
key() { cat "$VAR/credentials/$1-so-noi-vu.key"; }

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
  INTERPLAN_API_KEY=$(key "$province") "$CLIENT" plans push "$plan" --issue | head -1
done

# The sample reports are for 2019-2022: entered today they would be past
# the 60-day lock, so this demonstration suite keeps entry open.
export INTERPLAN_LOCK_AFTER_DAYS=${INTERPLAN_LOCK_AFTER_DAYS:-36500}
start reporting 50053
echo "Submitting sample reports (each province's key enters and reviews its own)..."
while read -r verb file action reason; do
  [ "$verb" = submit ] || continue
  case "$file" in
    *_qn_*) province=quang-ngai ;;
    *_gv_*) province=hcm ;;
    *_dl_*) province=dak-lak ;;
  esac
  export INTERPLAN_API_KEY
  INTERPLAN_API_KEY=$(key "$province")
  name=$("$CLIENT" reports submit "data/samples/reports/$file" | head -1 | cut -d' ' -f1)
  case "$action" in
    accept) "$CLIENT" reports accept "$name" >/dev/null ;;
    return) "$CLIENT" reports return "$name" --reason "$reason" >/dev/null ;;
  esac
  echo "  $file -> $name ${action:-submitted}"
done < data/samples/reports/steps.txt
unset INTERPLAN_API_KEY

start campaigns 50054
echo "Creating the Action Months 2019-2024 (the ministry) and sample activities (each province)..."
INTERPLAN_API_KEY=$(cat "$VAR/credentials/moha.key") "$CLIENT" campaigns create \
  data/samples/campaigns/action_months.jsonl >/dev/null
for province in quang-ngai dong-nai dak-lak lai-chau hcm; do
  organiser=$province
  [ "$province" = hcm ] && organiser=go-vap
  grep "\"agencies/$organiser-" data/samples/campaigns/activities.jsonl \
    >"$VAR/activities-$province.jsonl" || true
  INTERPLAN_API_KEY=$(key "$province") "$CLIENT" activities record \
    "$VAR/activities-$province.jsonl" | tail -1
  rm -f "$VAR/activities-$province.jsonl"
done

start gateway 50050 "$BUILD_DIR/gateway/interplan-gateway"
printf '  %-22s %s\n' "gateway HTTP/JSON" "${INTERPLAN_GATEWAY_HTTP_ADDR:-0.0.0.0:8080}"

echo
echo "National overview of the seed data, 2022 (as the ministry):"
INTERPLAN_API_KEY=$(cat "$VAR/credentials/moha.key") "$CLIENT" overview national --year 2022 \
  --as-of 2022-12-31 || true

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
echo "  curl -H \"Authorization: Bearer \$INTERPLAN_API_KEY\" 'localhost:8080/v1/overview/national?year=2022'"
echo "  INTERPLAN_API_KEY=\$(cat $VAR/credentials/operator.key) $CLIENT keys list"
echo "Press Ctrl-C to stop."
wait
