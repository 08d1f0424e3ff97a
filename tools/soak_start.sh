#!/usr/bin/env bash
# Soak test of the quick start: N fresh starts of `make run`, each in a new,
# empty data folder, each waited for until the national overview has
# printed and then stopped (SIGTERM, which the suite handles as Ctrl-C);
# then `ctest --repeat until-fail:ROUNDS -j2`. Prints the counts and exits
# non-zero when any start or test failed.
#
#   tools/soak_start.sh [--starts N] [--rounds N] [--tests REGEX]
#                       [--build-dir DIR] [--timeout SECONDS] [--keep DIR]
#
#   --starts N        fresh starts of `make run` (default 20)
#   --rounds N        ctest --repeat until-fail:N (default 5; 0 skips ctest)
#   --tests REGEX     only the tests ctest -R REGEX selects (default all)
#   --build-dir DIR   the build folder (default build)
#   --timeout S       how long one start may take to print the overview (600)
#   --keep DIR        where each start's output and logs are kept (a new
#                     temporary folder by default)
#
# Where the suite listens comes from the same variables as `make run`:
# INTERPLAN_<SERVICE>_ADDR (e.g. INTERPLAN_AGENCIES_ADDR=127.0.0.1:51051),
# INTERPLAN_GATEWAY_HTTP_ADDR, INTERPLAN_REDIS_PORT; the tests pick free
# ports of their own.
set -Eeuo pipefail
cd "$(dirname "$0")/.."

starts=20 rounds=5 tests="" build_dir=build timeout=600 keep=""
while [ $# -gt 0 ]; do
  case "$1" in
    --starts) starts=$2 ;;
    --rounds) rounds=$2 ;;
    --tests) tests=$2 ;;
    --build-dir) build_dir=$2 ;;
    --timeout) timeout=$2 ;;
    --keep) keep=$2 ;;
    *)
      sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//' >&2
      exit 64
      ;;
  esac
  shift 2
done
if [ -z "$keep" ]; then keep=$(mktemp -d "${TMPDIR:-/tmp}/interplan-soak.XXXXXX"); fi
mkdir -p "$keep"

group=""
# On Ctrl-C or an error: stop the start in progress (its whole process group).
cleanup() {
  if [ -n "$group" ] && kill -0 -- "-$group" 2>/dev/null; then
    kill -TERM -- "-$group" || true
  fi
}
trap cleanup EXIT

# wait_gone PGID SECONDS: until no process of the group is left.
wait_gone() {
  local waited=0
  while kill -0 -- "-$1" 2>/dev/null; do
    [ "$waited" -lt "$(($2 * 10))" ] || return 1
    sleep 0.1
    waited=$((waited + 1))
  done
}

# one_start N: 0 when `make run` printed the national overview and stopped cleanly.
one_start() {
  local n=$1 data output start=$SECONDS
  data=$(mktemp -d "${TMPDIR:-/tmp}/interplan-soak-data.XXXXXX")
  output=$keep/start-$n.log
  INTERPLAN_DATA_DIR=$data setsid make --no-print-directory run BUILD_DIR="$build_dir" \
    >"$output" 2>&1 &
  group=$!
  local outcome=timeout
  while [ $((SECONDS - start)) -lt "$timeout" ]; do
    if grep -q "^Press Ctrl-C to stop" "$output"; then
      outcome=ok
      break
    fi
    if ! kill -0 "$group" 2>/dev/null; then
      outcome=exited
      break
    fi
    sleep 0.5
  done
  # SIGTERM: a background job ignores SIGINT.
  kill -TERM -- "-$group" 2>/dev/null || true
  if ! wait_gone "$group" 60; then
    echo "start $n: processes still running 60 s after SIGTERM; killing them" >>"$output"
    kill -KILL -- "-$group" || true
    outcome=${outcome/ok/not-stopped}
  fi
  wait "$group" || true
  group=""
  if [ "$outcome" = ok ] && ! grep -q "National overview of the seed data" "$output"; then
    outcome=no-overview
  fi
  cp -r "$data/log" "$keep/start-$n-logs"
  rm -rf "$data"
  printf 'start %d/%d: %s in %d s' "$n" "$starts" "$outcome" $((SECONDS - start))
  if [ "$outcome" = ok ]; then
    echo
    return 0
  fi
  echo " (output: $output, logs: $keep/start-$n-logs)"
  grep -A8 "^Start-up failed" "$output" | sed 's/^/    /' || tail -n 8 "$output" | sed 's/^/    /'
  return 1
}

good=0
for n in $(seq "$starts"); do
  if one_start "$n"; then good=$((good + 1)); fi
done
echo "make run: $good of $starts fresh starts printed the national overview"

tests_ok=true
if [ "$rounds" -gt 0 ]; then
  ctest_args=(--test-dir "$build_dir" --repeat "until-fail:$rounds" -j2 --output-on-failure)
  [ -z "$tests" ] || ctest_args+=(-R "$tests")
  if ctest "${ctest_args[@]}" >"$keep/ctest.log" 2>&1; then
    echo "ctest --repeat until-fail:$rounds${tests:+ -R $tests}: every test passed $rounds times"
  else
    tests_ok=false
    echo "ctest --repeat until-fail:$rounds${tests:+ -R $tests}: FAILED (output: $keep/ctest.log)"
    grep -E "tests passed|Failed|\*\*\*" "$keep/ctest.log" | tail -n 20 | sed 's/^/    /'
  fi
fi
echo "outputs and logs: $keep"
[ "$good" -eq "$starts" ] && $tests_ok
