#!/usr/bin/env bash
# Proves that a rolling restart loses nothing: three instances of the packaged jar behind a real
# HAProxy, restarted one at a time (SIGTERM, exit, start, ready) while `bench --mode=continuity`
# keeps 50 connections sending through it; then shows that the same tool counts the damage of a
# kill -9, straight to one instance (it must fail) and through HAProxy (printed).
# Needs target/tcp-echo.jar (./mvnw verify), haproxy, curl and jq. Reports and plots go to target/rollout/.
set -euo pipefail
cd "$(dirname "$0")/.."

JAR=${JAR:-target/tcp-echo.jar}
OUT=${ROLLOUT_OUT:-target/rollout}
BASE=${ROLLOUT_BASE_PORT:-29300}
FRONT=$BASE
CONNECTIONS=${ROLLOUT_CONNECTIONS:-50}
RATE=${ROLLOUT_RATE:-1000}
SHUTDOWN_TIMEOUT_MS=8000
NAMES=(a b c)
DIRECT=d # a fourth instance, without PROXY protocol, for the direct kill -9
declare -A PID START

[[ -f $JAR ]] || { echo "rollout-test: $JAR is missing; run ./mvnw verify first" >&2; exit 2; }
for tool in haproxy curl jq; do
  command -v "$tool" >/dev/null || { echo "rollout-test: $tool is missing" >&2; exit 2; }
done
rm -rf "$OUT" && mkdir -p "$OUT"

echo_port() { echo $((BASE + 1 + $1)); }
management_port() { echo $((BASE + 11 + $1)); }

cleanup() {
  for name in "${NAMES[@]}" $DIRECT; do [[ -n ${PID[$name]:-} ]] && kill -9 "${PID[$name]}" 2>/dev/null || true; done
  [[ -n ${HAPROXY:-} ]] && kill "$HAPROXY" 2>/dev/null || true
}
trap cleanup EXIT

# instance NAME (index i) in its Nth life, greeting with both, so the report tells the lives apart;
# behind HAProxy unless a third argument says "direct"
start_instance() {
  local name=$1 i=$2 proxy=required
  [[ ${3:-} == direct ]] && proxy=off
  START[$name]=$(( ${START[$name]:-0} + 1 ))
  INSTANCE=$name LIFE=${START[$name]} java -jar "$JAR" --echo.server.port="$(echo_port "$i")" \
    --management.server.port="$(management_port "$i")" --server.address=127.0.0.1 \
    --echo.server.proxy-protocol=$proxy --echo.server.shutdown.timeout=${SHUTDOWN_TIMEOUT_MS}ms \
    '--echo.server.greeting=instance {env:INSTANCE} life {env:LIFE}' \
    > "$OUT/instance-$name-${START[$name]}.log" 2>&1 &
  PID[$name]=$!
}

await_ready() {
  local name=$1 i=$2
  for _ in $(seq 1 600); do
    curl -fs "http://127.0.0.1:$(management_port "$i")/actuator/health/readiness" >/dev/null && return 0
    kill -0 "${PID[$name]}" 2>/dev/null || { echo "rollout-test: instance $name died" >&2; cat "$OUT/instance-$name-${START[$name]}.log" >&2; exit 1; }
    sleep 0.1
  done
  echo "rollout-test: instance $name not ready in 60 s" >&2; exit 1
}

# SIGTERM, as the kubelet sends after preStop; waits for the exit, then starts the next life
restart() {
  local name=$1 i=$2
  echo "--- $(date +%T) restarting instance $name (life ${START[$name]})"
  kill -TERM "${PID[$name]}"
  wait "${PID[$name]}" || true
  start_instance "$name" "$i"
  await_ready "$name" "$i"
  echo "--- $(date +%T) instance $name ready (life ${START[$name]})"
}

bench() {
  java -jar "$JAR" bench 127.0.0.1 "$1" --mode=continuity --greeting --connections="$2" --rate="$3" \
    --duration="$4" --report="$OUT/$5.json" --plot="$OUT/$5.png" > "$OUT/$5.txt" 2>&1
}

# waits until the run writing FILE has printed its progress line for second N
await_progress() {
  for _ in $(seq 1 600); do
    grep -q "^\[ *$2s\]" "$OUT/$1.txt" 2>/dev/null && return 0
    sleep 0.1
  done
  echo "rollout-test: bench $1 made no progress" >&2; cat "$OUT/$1.txt" >&2; exit 1
}

# PORT REPORT NAME: a 10 s run to PORT, instance NAME killed with -9 in its third second; prints
# the run and returns its exit code
kill_during_run() {
  local code=0 run
  bench "$1" 20 400 10s "$2" &
  run=$!
  await_progress "$2" 3
  kill -9 "${PID[$3]}" && wait "${PID[$3]}" 2>/dev/null || true
  wait "$run" || code=$?
  cat "$OUT/$2.txt"
  return "$code"
}

for i in "${!NAMES[@]}"; do start_instance "${NAMES[$i]}" "$i"; done
for i in "${!NAMES[@]}"; do await_ready "${NAMES[$i]}" "$i"; done

cat > "$OUT/haproxy.cfg" <<EOF
defaults
    mode tcp
    timeout connect 2s
    timeout client 5m
    timeout server 5m
    retries 3
    option redispatch 1
frontend echo
    bind 127.0.0.1:$FRONT
    default_backend instances
backend instances
    balance roundrobin
    option httpchk GET /actuator/health/readiness
    http-check expect status 200
    default-server inter 500ms fall 1 rise 1 send-proxy-v2
    server a 127.0.0.1:$(echo_port 0) check port $(management_port 0)
    server b 127.0.0.1:$(echo_port 1) check port $(management_port 1)
    server c 127.0.0.1:$(echo_port 2) check port $(management_port 2)
EOF
haproxy -db -f "$OUT/haproxy.cfg" > "$OUT/haproxy.log" 2>&1 &
HAPROXY=$!
sleep 1.5 # the first health checks

# 1. the rolling restart, through HAProxy; the run outlasts the roll by several seconds
ROLL_SECONDS=${ROLLOUT_SECONDS:-100}
echo "=== rolling restart: $CONNECTIONS connections, $RATE lines/s through HAProxy, ${ROLL_SECONDS}s"
bench "$FRONT" "$CONNECTIONS" "$RATE" "${ROLL_SECONDS}s" roll &
BENCH=$!
await_progress roll 5
ROLL_START=$(date +%s)
for i in "${!NAMES[@]}"; do restart "${NAMES[$i]}" "$i"; sleep 2; done
ROLL_END=$(date +%s)
ROLL_EXIT=0
wait $BENCH || ROLL_EXIT=$?
cat "$OUT/roll.txt"

failures=()
(( ROLL_END - ROLL_START + 12 < ROLL_SECONDS )) || failures+=("the roll took $((ROLL_END - ROLL_START)) s: too long for a ${ROLL_SECONDS}s run")
(( ROLL_EXIT == 0 )) || failures+=("bench exited $ROLL_EXIT")
for key in lost wrong resets; do
  value=$(jq ".totals.$key" "$OUT/roll.json")
  (( value == 0 )) || failures+=("$key = $value")
done
for name in "${NAMES[@]}"; do
  before=$(jq --arg b "instance $name life 1" '.backends[$b].lines // 0' "$OUT/roll.json")
  (( before > 0 )) || failures+=("instance $name carried no lines before its restart")
  drain=$(grep -o 'Drain finished in [0-9]* ms: .*' "$OUT/instance-$name-1.log" || true)
  echo "instance $name: $drain"
  [[ $drain =~ ^Drain\ finished\ in\ ([0-9]+)\ ms:.*\ 0\ forced$ ]] && (( BASH_REMATCH[1] < SHUTDOWN_TIMEOUT_MS )) \
    || failures+=("instance $name did not drain before its deadline: ${drain:-no drain line}")
done
for name in a b; do # restarted first: the later restarts moved connections onto them
  after=$(jq --arg b "instance $name life 2" '.backends[$b].lines // 0' "$OUT/roll.json")
  (( after > 0 )) || failures+=("instance $name carried no lines after its restart")
done

# 2. kill -9 straight to one instance: no drain, so the tool must count lines lost or resets, and fail
start_instance $DIRECT 3 direct
await_ready $DIRECT 3
echo "=== kill -9 of instance $DIRECT, straight to it (no HAProxy)"
KILL_EXIT=0
kill_during_run "$(echo_port 3)" kill-direct $DIRECT || KILL_EXIT=$?
lost=$(jq '.totals.lost' "$OUT/kill-direct.json")
resets=$(jq '.totals.resets' "$OUT/kill-direct.json")
(( KILL_EXIT == 1 )) || failures+=("bench exited $KILL_EXIT after a kill -9, not 1")
(( lost > 0 || resets > 0 )) || failures+=("a kill -9 showed no lost line and no reset")

# 3. the same kill through HAProxy, printed: HAProxy 2.6 passes the dead backend's reset on as a FIN
echo "=== kill -9 of instance b, through HAProxy (printed, not checked)"
KILL_HAPROXY_EXIT=0
kill_during_run "$FRONT" kill-haproxy b || KILL_HAPROXY_EXIT=$?
echo "through HAProxy the kill -9 showed: exit $KILL_HAPROXY_EXIT, $(jq -c '.totals | {retried, lost, resets, serverFins}' "$OUT/kill-haproxy.json")"

echo "reports and plots: $OUT/{roll,kill-direct,kill-haproxy}.{json,png}"
if (( ${#failures[@]} > 0 )); then
  printf 'rollout-test FAILED: %s\n' "${failures[@]}" >&2
  exit 1
fi
echo "rollout-test passed: the rolling restart lost nothing, and the kill -9 was counted"
