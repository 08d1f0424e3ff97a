#!/usr/bin/env bash
# The production path, proven (`make image-test`, CI's second step): builds
# the Interplan image (deploy/Dockerfile) and PostgreSQL and Redis images
# from Debian's packages (deploy/images/) with podman, on a Debian base
# made here, runs deploy/compose.yaml with TLS on (deploy/compose.tls.yaml)
# and checks what operators rely on. Steps:
#
#   packages    podman, runc, netavark, aardvark-dns, iptables, debootstrap,
#               podman-compose, openssl, curl: installed when missing
#   podman      runc as the runtime (crun refuses a hybrid cgroup layout)
#               and no default ulimits, in a containers.conf drop-in, when
#               podman does not already say so
#   base        debian:bookworm-slim made with debootstrap from the host's
#               Debian mirror when the image is missing (kept: the cache)
#   images      the three images built; podman's layer cache and a ccache
#               cache mount rebuild only what changed
#   content     every binary's libraries are in the runtime image (ldd);
#               its size and package count
#   tls         a throwaway CA and a certificate for the services' names
#   start       the stack created by podman-compose, then started in
#               compose's order (podman-compose 1.0.3 does not wait on
#               depends_on conditions: this script does), each health check
#               run until healthy, the bootstrap job exit 0
#   overview    the national overview over gRPC (the image's client) and
#               over HTTPS (curl) with the ministry's key; plain HTTP on
#               the HTTPS port refused; 401 without a key; the dashboard's
#               page and chart library served over HTTPS
#   users       every Interplan container runs as uid 10001 on a read-only
#               root; the key files it wrote are 10001's, mode 0600
#   kill        interplan-agencies killed with SIGKILL while writers create
#               API keys, restarted; every acknowledged write is read back,
#               and the gateway's overview is whole again (the restarted
#               container has another address: its callers must find it)
#   cleanup     the stack's containers, volumes and network removed, also
#               on failure (the images stay: they are the cache)
#
# Each step prints its time; a failing step stops the test naming the step
# and printing the containers' logs. Needs root (or sudo).
#
#   tests/deploy/image_test.sh
#   INTERPLAN_IMAGE_TEST_JOBS=2     compile jobs in the image build
#   INTERPLAN_IMAGE_TEST_KEEP=1     leave the stack running on failure
# shellcheck disable=SC2016 # what runs in a container is single-quoted on purpose
set -Eeuo pipefail
cd "$(dirname "$0")/../.."

PROJECT=interplan-image-test
IMAGE=localhost/interplan:latest
POSTGRES_IMAGE=localhost/interplan-postgres:15
REDIS_IMAGE=localhost/interplan-redis:7
BASE_IMAGE=debian:bookworm-slim
JOBS=${INTERPLAN_IMAGE_TEST_JOBS:-2}
SERVICES=(agencies plans reporting campaigns gateway)
PACKAGES=(podman runc netavark aardvark-dns iptables debootstrap podman-compose openssl curl)
WORK=$(mktemp -d /var/tmp/interplan-image-test.XXXXXX)
LOG=$WORK/test.log # what the tools say; printed when a step fails
STARTED=$SECONDS
STEP="" STEP_START=0
# The terminal, for the traps: a command that fails may have its output
# redirected to the log, and a trap runs with the failing command's.
exec 3>&1 4>&2
declare -a TIMES=()

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
pod() { as_root podman "$@"; }
container() { echo "${PROJECT}_$1_1"; }

step() { # step NAME: ends the previous step, starts this one
  end_step
  STEP=$1 STEP_START=$SECONDS
  echo "==> $STEP"
}
end_step() {
  if [ -n "$STEP" ]; then
    TIMES+=("$(printf '%-9s %4ds' "$STEP" $((SECONDS - STEP_START)))")
    echo "    $STEP: ok ($((SECONDS - STEP_START)) s)"
  fi
  STEP=""
}
say() { echo "    $*"; }

# What a failure prints: the step, what the tools said, the containers' logs.
report_failure() { # report_failure WHAT
  trap - ERR
  echo "FAILED in step '$STEP' after $((SECONDS - STEP_START)) s: $1" >&2
  echo "--- last lines of $LOG:" >&2
  tail -n 40 "$LOG" >&2 || true
  if pod ps -a --filter "label=io.podman.compose.project=$PROJECT" --format '{{.Names}}' \
    >"$WORK/containers" 2>/dev/null && [ -s "$WORK/containers" ]; then
    pod ps -a --filter "label=io.podman.compose.project=$PROJECT" >&2 || true
    while read -r c; do
      echo "--- podman logs --tail 60 $c:" >&2
      pod logs --tail 60 "$c" >&2 2>&1 || true
    done <"$WORK/containers"
  fi
}
fail() {
  exec 1>&3 2>&4
  report_failure "$*"
  exit 1
}
on_error() {
  local status=$?
  exec 1>&3 2>&4
  report_failure "line $1 exited with status $status"
  exit "$status"
}

remove_stack() {
  local ids
  ids=$(pod ps -aq --filter "label=io.podman.compose.project=$PROJECT" 2>/dev/null || true)
  if [ -n "$ids" ]; then
    # shellcheck disable=SC2086 # one id a word
    pod stop -t 10 $ids >>"$LOG" 2>&1 || true
    # shellcheck disable=SC2086
    pod rm -f -v $ids >>"$LOG" 2>&1 || true # -v: the anonymous volumes too
  fi
  ids=$(pod volume ls -q --filter "label=io.podman.compose.project=$PROJECT" 2>/dev/null || true)
  # shellcheck disable=SC2086
  if [ -n "$ids" ]; then pod volume rm -f $ids >>"$LOG" 2>&1 || true; fi
  pod network rm -f "${PROJECT}_default" >>"$LOG" 2>&1 || true
}

# Nothing of the stack is left: containers, network, volumes (named, and
# the anonymous ones of the images' VOLUMEs) made since it started.
check_removed() {
  local left=""
  [ -f "$WORK/volumes-before" ] || return 0
  left+=$(pod ps -aq --filter "label=io.podman.compose.project=$PROJECT")
  if pod network exists "${PROJECT}_default"; then left+=" network ${PROJECT}_default"; fi
  left+=$(pod volume ls -q | sort | comm -13 "$WORK/volumes-before" - | tr '\n' ' ')
  if [ -n "${left// /}" ]; then
    echo "    left behind: $left" >&2
    return 1
  fi
  say "no container, network or volume of the stack is left"
}

on_exit() {
  local status=$?
  exec 1>&3 2>&4
  trap - ERR
  if [ "$status" -ne 0 ] && [ -n "${INTERPLAN_IMAGE_TEST_KEEP:-}" ]; then
    echo "the stack is left running (INTERPLAN_IMAGE_TEST_KEEP); $WORK kept"
    exit "$status"
  fi
  STEP="" # the failing step's time is not a result
  step cleanup
  remove_stack
  check_removed || status=1
  as_root rm -rf "$WORK"
  end_step
  echo "==> step times"
  printf '    %s\n' "${TIMES[@]}"
  echo "    total     $((SECONDS - STARTED))s"
  if [ "$status" -eq 0 ]; then echo "image test: PASSED"; else echo "image test: FAILED" >&2; fi
  exit "$status"
}
trap 'on_error $LINENO' ERR
trap on_exit EXIT

# --- packages and podman ----------------------------------------------------

install_packages() {
  local missing=() p
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -eq 0 ]; then
    say "all installed: ${PACKAGES[*]}"
    return
  fi
  say "installing ${missing[*]}"
  as_root apt-get update -q >>"$LOG" 2>&1
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -q --no-install-recommends \
    "${missing[@]}" >>"$LOG" 2>&1
}

configure_podman() {
  local runtime conf=/etc/containers/containers.conf.d/50-interplan.conf
  runtime=$(pod info --format '{{.Host.OCIRuntime.Name}}' 2>>"$LOG" || true)
  if [ "$runtime" = runc ] && grep -rqsE '^[[:space:]]*default_ulimits[[:space:]]*=[[:space:]]*\[[[:space:]]*\]' \
    /etc/containers/containers.conf /etc/containers/containers.conf.d; then
    say "podman uses runc and no default ulimits (/etc/containers/containers.conf*)"
    return
  fi
  as_root mkdir -p "$(dirname "$conf")"
  printf '%s\n' "# Interplan's image test (tests/deploy/image_test.sh): crun refuses a" \
    "# hybrid cgroup layout, and the default ulimits are above what a container" \
    "# may set here." "[containers]" "default_ulimits = []" "" "[engine]" 'runtime = "runc"' |
    as_root tee "$conf" >/dev/null
  say "wrote $conf (the runtime was ${runtime:-unknown})"
}

# --- the base image -----------------------------------------------------------

# The first Debian mirror the host's apt sources name (not the security
# one), else deb.debian.org; and the security mirror.
debian_mirror() {
  local kind=$1 found
  found=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list \
    /etc/apt/sources.list.d/*.sources 2>/dev/null |
    grep -E '^[[:space:]]*(URIs:|deb )' | grep -oE "https?://[^ ]*/$kind/?( |$)" |
    head -n 1 | tr -d ' ' || true)
  echo "${found:-http://deb.debian.org/$kind}"
}

make_base_image() {
  if pod image exists "$BASE_IMAGE"; then
    say "kept $BASE_IMAGE ($(pod image inspect --format '{{.Id}}' "$BASE_IMAGE" | cut -c1-12))"
    return
  fi
  local root=$WORK/rootfs mirror security
  mirror=$(debian_mirror debian)
  security=$(debian_mirror debian-security)
  say "debootstrap --variant=minbase bookworm from $mirror"
  as_root debootstrap --variant=minbase bookworm "$root" "$mirror" >>"$LOG" 2>&1
  # Slim, as Debian's bookworm-slim image: no documentation, manuals or
  # translations (now or in packages installed later), no package lists.
  as_root tee "$root/etc/dpkg/dpkg.cfg.d/slim" >/dev/null <<'EOF'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
path-include /usr/share/locale/locale.alias
path-exclude /usr/share/lintian/*
EOF
  as_root find "$root/usr/share/doc" -mindepth 2 ! -name copyright ! -type d -delete
  as_root rm -rf "$root"/usr/share/man/* "$root"/usr/share/info/* "$root"/var/lib/apt/lists/* \
    "$root"/var/cache/apt/*.bin "$root"/var/cache/apt/archives/*.deb "$root/etc/apt/sources.list"
  as_root find "$root/usr/share/locale" -mindepth 1 -maxdepth 1 ! -name locale.alias \
    -exec rm -rf {} +
  as_root tee "$root/etc/apt/sources.list.d/debian.sources" >/dev/null <<EOF
Types: deb
URIs: $mirror
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: $security
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
  as_root tar -C "$root" -c . | pod import --change 'CMD ["bash"]' - "$BASE_IMAGE" >>"$LOG" 2>&1
  as_root rm -rf "$root"
  say "made $BASE_IMAGE: $(pod image inspect --format '{{.Size}}' "$BASE_IMAGE" |
    awk '{printf "%.0f MB", $1 / 1e6}')"
}

# --- images -------------------------------------------------------------------

build_image() { # build_image TAG CONTAINERFILE CONTEXT [ARGS...]
  local tag=$1 file=$2 context=$3 start=$SECONDS out
  shift 3
  out=$WORK/build-$(basename "$file").log
  if ! pod build --format docker --network=host "$@" -f "$file" -t "$tag" "$context" >"$out" 2>&1; then
    cat "$out" >>"$LOG"
    fail "podman build -f $file"
  fi
  say "$tag: $((SECONDS - start)) s, $(grep -c -- '--> Using cache' "$out" || true) steps from" \
    "the layer cache$(sed -n 's/^ *\(Hits\|Misses\): *\([0-9]*\).*/, ccache \1 \2/p' "$out" |
      tr -d '\n')"
}

check_image_content() {
  local missing size listing
  missing=$(pod run --rm --network=none --no-healthcheck --entrypoint bash "$IMAGE" -c '
    cd /usr/local/bin
    for b in interplan-agencies interplan-plans interplan-reporting interplan-campaigns \
        interplan-gateway interplan interplan-probe; do
      [ -x "$b" ] || echo "$b: missing"
      ldd "$b" | sed -n "s|^\t*\(.*not found\)|$b: \1|p"
    done
    for f in LICENSE LICENSES.md; do
      [ -s "/usr/local/share/doc/interplan/$f" ] || echo "/usr/local/share/doc/interplan/$f: missing"
    done')
  [ -z "$missing" ] || fail "the runtime image lacks: $missing"
  size=$(pod image inspect --format '{{.Size}}' "$IMAGE")
  listing=$(pod run --rm --network=none --no-healthcheck --entrypoint dpkg "$IMAGE" -l)
  say "every binary's libraries and the licence texts present; $IMAGE: $(((size + 500000) / 1000000)) MB," \
    "$(grep -c '^ii' <<<"$listing") Debian packages (dpkg -l | wc -l: $(wc -l <<<"$listing"))"
}

# --- TLS ----------------------------------------------------------------------

make_certificates() {
  local dir=$WORK/tls
  mkdir -p "$dir"
  (
    cd "$dir"
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
      -subj '/CN=interplan image test CA' -keyout ca.key -out ca.crt
    openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
      -subj '/CN=interplan' -keyout tls.key -out tls.csr
    names=DNS:agencies,DNS:plans,DNS:reporting,DNS:campaigns,DNS:gateway,DNS:localhost
    printf '%s\n' "subjectAltName=$names,IP:127.0.0.1" "extendedKeyUsage=serverAuth,clientAuth" \
      >tls.ext
    openssl x509 -req -in tls.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 2 \
      -extfile tls.ext -out tls.crt
    rm -f ca.key tls.csr tls.ext ca.srl
  ) >>"$LOG" 2>&1
  # Read by the containers' uid; the key by it alone.
  as_root chown -R 10001:10001 "$dir"
  as_root chmod 0755 "$dir"
  as_root chmod 0644 "$dir/ca.crt" "$dir/tls.crt"
  as_root chmod 0600 "$dir/tls.key"
  say "a CA and a certificate for the services' names in $dir"
}

# --- the stack ----------------------------------------------------------------

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

compose() {
  as_root env INTERPLAN_IMAGE="$IMAGE" INTERPLAN_POSTGRES_IMAGE="$POSTGRES_IMAGE" \
    INTERPLAN_REDIS_IMAGE="$REDIS_IMAGE" INTERPLAN_TLS_DIR="$WORK/tls" \
    INTERPLAN_GATEWAY_GRPC_PORT="$GRPC_PORT" INTERPLAN_GATEWAY_HTTP_PORT="$HTTP_PORT" \
    POSTGRES_PASSWORD="$POSTGRES_PASSWORD" \
    podman-compose -p "$PROJECT" -f deploy/compose.yaml -f deploy/compose.tls.yaml "$@"
}

# Every container is created at once; each is started here, in order.
# (`podman-compose up SERVICE` would start its dependencies again, the
# bootstrap job among them, which then runs again.)
create_stack() {
  echo "+ podman-compose up --no-start --no-build" >>"$LOG"
  compose up --no-start --no-build >>"$LOG" 2>&1
  # podman-compose 1.0.3 reports a failed `podman create` but exits 0.
  local service
  for service in postgres redis "${SERVICES[@]}" bootstrap; do
    pod container exists "$(container "$service")" || fail "podman-compose did not create $service"
  done
}
up() { # up SERVICE...: starts their containers
  local service
  UP_START=$SECONDS
  for service in "$@"; do
    pod start "$(container "$service")" >>"$LOG" 2>&1
  done
}

state() { pod inspect --format "{{.State.$2}}" "$(container "$1")"; }

# podman 4.3 runs health checks from systemd timers, and there is no
# systemd here: the checks are run with `podman healthcheck run`, which
# also records the result in the container's health state.
wait_healthy() { # wait_healthy SECONDS SERVICE...: each one's health check, run until healthy
  local limit=$1 service start=$SECONDS
  shift
  for service in "$@"; do
    until pod healthcheck run "$(container "$service")" >/dev/null 2>&1; do
      case $(state "$service" Status) in
        exited | stopped) fail "$service exited ($(state "$service" ExitCode))" ;;
      esac
      [ $((SECONDS - start)) -lt "$limit" ] || fail "$service not healthy after ${limit}s"
      sleep 1
    done
    say "$service healthy, $((SECONDS - UP_START)) s after it was started"
  done
}

wait_completed() { # wait_completed SECONDS SERVICE: exit 0
  local limit=$1 service=$2 start=$UP_START
  until [ "$(state "$service" Status)" = exited ]; do
    [ $((SECONDS - start)) -lt "$limit" ] || fail "$service still running after ${limit}s"
    sleep 1
  done
  [ "$(state "$service" ExitCode)" = 0 ] || fail "$service exited $(state "$service" ExitCode)"
  say "$service completed (exit 0), $((SECONDS - start)) s after it was started:" \
    "$(pod logs "$(container "$service")" 2>&1 | tail -n 1)"
}

start_stack() {
  GRPC_PORT=$(free_port)
  HTTP_PORT=$(free_port)
  POSTGRES_PASSWORD=$(openssl rand -hex 16)
  remove_stack # a previous run's leftovers
  pod volume ls -q | sort >"$WORK/volumes-before"
  create_stack
  up postgres redis
  wait_healthy 120 postgres redis
  up agencies
  wait_healthy 180 agencies
  up bootstrap plans
  wait_completed 300 bootstrap
  wait_healthy 120 plans
  up reporting campaigns
  wait_healthy 180 reporting campaigns
  up gateway
  wait_healthy 120 gateway
  say "gateway: gRPC on 127.0.0.1:$GRPC_PORT, HTTPS on 127.0.0.1:$HTTP_PORT"
}

in_gateway() { pod exec "$(container gateway)" "$@"; }

# A view whose sections did not all answer within the gateway's
# --max_view_time (a loaded machine, caches still cold) says which; it is
# not cached, so asking again builds it again: up to 5 times.
check_overview() {
  local moha out status attempt
  moha=$(in_gateway cat /var/lib/interplan-credentials/moha.key | tr -d '[:space:]')
  [[ "$moha" == ipk_* ]] || fail "no ministry key in the credentials volume"
  for attempt in 1 2 3 4 5; do
    out=$(in_gateway env INTERPLAN_API_KEY="$moha" interplan overview national --year 2022 \
      --as-of 2022-12-31 2>&1) || fail "overview over gRPC: $out"
    grep -q "^UNAVAILABLE" <<<"$out" || break
    say "attempt $attempt: $(grep -m 1 "^UNAVAILABLE" <<<"$out" | cut -c1-200)"
    sleep 1
  done
  grep -q "51 Tỉnh Quảng Ngãi" <<<"$out" || fail "overview over gRPC lacks Quảng Ngãi: $out"
  if grep "^UNAVAILABLE" <<<"$out"; then fail "overview over gRPC: sections unavailable"; fi
  say "gRPC (interplan overview national, TLS): $(grep -c . <<<"$out") lines, every section" \
    "available (attempt $attempt), Quảng Ngãi in it"
  local https=(curl -sS --max-time 20 --cacert "$WORK/tls/ca.crt"
    --resolve "gateway:$HTTP_PORT:127.0.0.1" -o "$WORK/body" -w '%{http_code}')
  local url="https://gateway:$HTTP_PORT/v1/overview/national?year=2022"
  for attempt in 1 2 3 4 5; do
    status=$("${https[@]}" -H "Authorization: Bearer $moha" "$url")
    grep -q '"available": *false' "$WORK/body" || break
    say "attempt $attempt: $(grep -o -m 1 '"reason": *"[^"]*"' "$WORK/body" | cut -c1-200)"
    sleep 1
  done
  if [ "$status" != 200 ] || ! grep -q "Quảng Ngãi" "$WORK/body"; then
    fail "overview over HTTPS: $status $(head -c 300 "$WORK/body")"
  fi
  if grep -q '"available": *false' "$WORK/body"; then
    fail "overview over HTTPS: sections unavailable: $(grep -o '"reason": *"[^"]*"' "$WORK/body")"
  fi
  say "HTTPS with the ministry's key: 200, $(wc -c <"$WORK/body") bytes of JSON, every" \
    "section available (attempt $attempt)"
  status=$("${https[@]}" "$url")
  [ "$status" = 401 ] || fail "HTTPS without a key: $status, not 401"
  say "HTTPS without a key: 401"
  status=$(curl -sS --max-time 20 -o "$WORK/body" -w '%{http_code}' \
    -H "Authorization: Bearer $moha" "http://127.0.0.1:$HTTP_PORT/v1/overview/national?year=2022")
  if [ "$status" != 400 ] || grep -q "Quảng Ngãi" "$WORK/body"; then
    fail "plain HTTP to the HTTPS port: $status $(head -c 300 "$WORK/body")"
  fi
  say "plain HTTP to the HTTPS port: 400 ($(head -n 1 "$WORK/body"))"
  # The dashboard, from the image's own copy (no key needed for the page).
  local page
  for page in / /vendor/chart.umd.min.js; do
    status=$("${https[@]}" "https://gateway:$HTTP_PORT$page")
    [ "$status" = 200 ] || fail "dashboard $page over HTTPS: $status $(head -c 300 "$WORK/body")"
  done
  grep -q "<html" <(curl -sS --max-time 20 --cacert "$WORK/tls/ca.crt" \
    --resolve "gateway:$HTTP_PORT:127.0.0.1" "https://gateway:$HTTP_PORT/") ||
    fail "the dashboard's page over HTTPS is not HTML"
  say "the dashboard over HTTPS: / and its chart library, 200"
}

check_users() {
  local service c uid root
  for service in "${SERVICES[@]}"; do
    c=$(container "$service")
    uid=$(pod exec "$c" awk '/^Uid:/ {print $2 "/" $3}' /proc/1/status)
    [ "$uid" = 10001/10001 ] || fail "$service runs as uid $uid, not 10001"
    root=$(pod inspect --format '{{.HostConfig.ReadonlyRootfs}}' "$c")
    [ "$root" = true ] || fail "$service: read-only root is $root"
    if pod exec "$c" touch /interplan-write-test 2>/dev/null; then
      fail "$service could write to its root filesystem"
    fi
  done
  c=$(container bootstrap)
  [ "$(pod inspect --format '{{.Config.User}} {{.HostConfig.ReadonlyRootfs}}' "$c")" = \
    "10001:10001 true" ] || fail "bootstrap: not 10001 on a read-only root"
  local keys
  keys=$(in_gateway stat -c '%u %a %n' /var/lib/interplan-credentials/moha.key \
    /var/lib/interplan-credentials/service.key /var/lib/interplan-credentials/operator.key)
  if grep -v '^10001 600 ' <<<"$keys"; then fail "key files not 10001's with mode 0600: $keys"; fi
  say "${SERVICES[*]}: uid 10001, read-only root (a write to / refused); bootstrap 10001," \
    "read-only; the key files 10001's, mode 0600"
}

# --- SIGKILL mid-write ----------------------------------------------------------

# wait_overview_whole SINCE: the national overview through the gateway has
# every section again (its callers reach interplan-agencies at its new
# address; the writes made the cached view stale).
wait_overview_whole() {
  local since=$1 out
  until out=$(in_gateway bash -c 'INTERPLAN_API_KEY=$(cat /var/lib/interplan-credentials/moha.key) \
      interplan overview national --year 2022 --as-of 2022-12-31' 2>&1) &&
    ! grep -q "^UNAVAILABLE" <<<"$out"; do
    [ $((SECONDS - since)) -lt 90 ] || fail "the overview is not whole again: $out"
    sleep 1
  done
  say "the overview through the gateway is whole again $((SECONDS - since)) s after the kill"
}

start_writers() { # start_writers N: N loops creating API keys in the gateway container
  local w
  for w in $(seq 1 "$1"); do
    pod exec -d "$(container gateway)" bash -c '
      w=$1 i=0
      key=$(tr -d "[:space:]" </var/lib/interplan-credentials/operator.key)
      while [ ! -e /tmp/stop-writers ]; do
        i=$((i + 1))
        name="kill-test-$w-$i"
        if INTERPLAN_API_KEY=$key interplan --timeout 5 keys create --role service \
            --name "$name" >/dev/null 2>>/tmp/writer-$w.err; then
          echo "$name" >>/tmp/acked-$w
        else
          echo "$name" >>/tmp/failed-$w
          sleep 0.2 # agencies is down: its name does not even resolve
        fi
      done
      touch /tmp/writer-$w.done' writer "$w" >>"$LOG"
  done
}

count() { # count acked|failed
  in_gateway sh -c "cat /tmp/$1-* 2>/dev/null | wc -l"
}

wait_count() { # wait_count AT_LEAST SECONDS WHY
  local start=$SECONDS
  until [ "$(count acked)" -ge "$1" ]; do
    [ $((SECONDS - start)) -lt "$2" ] || fail "$3: $(count acked) writes acknowledged"
    sleep 0.2
  done
}

kill_mid_write() {
  local writers=4 before restarted start listed missing
  start_writers "$writers"
  wait_count 20 120 "writers before the kill"
  pod kill --signal KILL "$(container agencies)" >>"$LOG"
  before=$(count acked)
  say "SIGKILL to interplan-agencies with $writers writers creating API keys:" \
    "$before writes acknowledged before"
  start=$SECONDS
  UP_START=$SECONDS
  sleep 3 # writes fail meanwhile
  if [ "$(state agencies Status)" = running ]; then
    restarted="by its restart policy"
  else
    pod start "$(container agencies)" >>"$LOG" 2>&1
    restarted="with podman start"
  fi
  wait_healthy 120 agencies
  say "restarted $restarted, healthy $((SECONDS - start)) s after the kill"
  wait_overview_whole "$start"
  wait_count $((before + 12)) 120 "writers after the restart"
  in_gateway touch /tmp/stop-writers
  start=$SECONDS
  until [ "$(in_gateway sh -c 'ls /tmp/writer-*.done 2>/dev/null | wc -l')" -ge "$writers" ]; do
    [ $((SECONDS - start)) -lt 60 ] || fail "the writers did not stop"
    sleep 0.5
  done
  in_gateway sh -c 'cat /tmp/acked-*' | sort >"$WORK/acked"
  listed=$(in_gateway bash -c 'INTERPLAN_API_KEY=$(cat /var/lib/interplan-credentials/operator.key) \
      interplan --json keys list' | grep -o '"displayName": *"kill-test-[0-9-]*"' |
    sed 's/.*"\(kill-test-[0-9-]*\)"/\1/' | sort -u)
  printf '%s\n' "$listed" >"$WORK/listed"
  missing=$(comm -23 "$WORK/acked" "$WORK/listed")
  [ -z "$missing" ] || fail "acknowledged writes lost: $(wc -l <<<"$missing"): $missing"
  say "$(wc -l <"$WORK/acked") writes acknowledged ($before before the kill), all read back;" \
    "$(count failed) failed (cut by the kill, or refused while agencies was down)," \
    "$(comm -13 "$WORK/acked" "$WORK/listed" | grep -c . || true) of them stored anyway"
}

# --- the test -------------------------------------------------------------------

step packages
install_packages
step podman
configure_podman
step base
make_base_image
step images
# npm in the build trusts this machine's CA bundle too (a TLS-inspecting
# proxy's CA is in it where there is one: deploy/Dockerfile).
host_ca=()
if [ -s /etc/ssl/certs/ca-certificates.crt ]; then
  host_ca=(-v /etc/ssl/certs/ca-certificates.crt:/etc/ssl/host-ca-certificates.crt:ro)
fi
build_image "$IMAGE" deploy/Dockerfile . --build-arg "BUILD_JOBS=$JOBS" "${host_ca[@]}"
build_image "$POSTGRES_IMAGE" deploy/images/postgres.Containerfile deploy/images
build_image "$REDIS_IMAGE" deploy/images/redis.Containerfile deploy/images
step content
check_image_content
step tls
make_certificates
step start
start_stack
step overview
check_overview
step users
check_users
step kill
kill_mid_write
end_step
