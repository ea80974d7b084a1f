#!/usr/bin/env bash
# Benchmarks tcp-echo against a minimal Netty line echo, in the same run, on this machine:
# a sweep of connections and in-flight depth, server CPU per echo from /proc, and heap and RSS
# with 10,000 idle connections. Writes bench/RESULTS.md.
#   DURATION=5s WARMUP=5s JAVA=/path/to/java bench/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-5s}
WARMUP=${WARMUP:-5s}
IDLE=${IDLE:-10000}
if [ -z "${JAVA:-}" ]; then
  JAVA=java
  [ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ] && JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
fi
JVM_FLAGS=(-Xms256m -Xmx1g)
ECHO_PORT=29877
BASELINE_PORT=29878
MANAGEMENT_PORT=28080
OUT=bench/RESULTS.md
WORK=$(mktemp -d)
CLK_TCK=$(getconf CLK_TCK)
PIDS=()

cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT
log() { printf '[bench] %s\n' "$*" >&2; }

./mvnw -q -B package -DskipTests
./mvnw -q -B dependency:build-classpath -Dmdep.outputFile="$WORK/classpath" -Dmdep.includeScope=runtime >/dev/null

wait_for_port() {
  for _ in $(seq 1 300); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return
    sleep 0.1
  done
  log "nothing listens on $1"; exit 1
}

"$JAVA" "${JVM_FLAGS[@]}" -jar target/tcp-echo.jar --echo.server.port=$ECHO_PORT \
  --management.server.port=$MANAGEMENT_PORT --echo.server.max-connections=$((IDLE + 1000)) \
  --logging.level.io.tcpecho.connections=WARN >"$WORK/server.log" 2>&1 &
SERVER=$!; PIDS+=("$SERVER")
"$JAVA" "${JVM_FLAGS[@]}" -cp "$(cat "$WORK/classpath")" bench/NettyEchoBaseline.java $BASELINE_PORT \
  >"$WORK/baseline.log" 2>&1 &
BASELINE=$!; PIDS+=("$BASELINE")
wait_for_port $ECHO_PORT
wait_for_port $BASELINE_PORT

bench() { # PORT ARGS... -> the RESULT line
  "$JAVA" -jar target/tcp-echo.jar bench 127.0.0.1 "$@" | tee -a "$WORK/bench.log" | grep '^RESULT'
}
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
field() { sed -E "s/.* $1=([^ ]+).*/\1/" <<<"$2"; }

for target in "$ECHO_PORT" "$BASELINE_PORT"; do
  log "warming up $target"
  bench "$target" --connections=16 --in-flight=16 --duration="$WARMUP" >/dev/null
done

declare -A R
for connections in 1 16 128; do
  for inflight in 1 16; do
    for target in server baseline; do
      port=$ECHO_PORT pid=$SERVER
      [ "$target" = baseline ] && port=$BASELINE_PORT pid=$BASELINE
      log "$target: $connections connection(s), $inflight in flight"
      before=$(cpu_ticks "$pid")
      result=$(bench "$port" --connections="$connections" --in-flight="$inflight" --duration="$DURATION")
      after=$(cpu_ticks "$pid")
      msgs=$(field msgs_per_sec "$result")
      seconds=$(sed -E 's/[^0-9.].*//' <<<"$DURATION")
      cpu=$(awk -v t=$((after - before)) -v hz="$CLK_TCK" -v m="$msgs" -v s="$seconds" \
        'BEGIN { printf "%.2f", (m > 0) ? t / hz * 1e6 / (m * s) : 0 }')
      key="$connections/$inflight/$target"
      R[$key.msgs]=$msgs R[$key.p50]=$(field p50_us "$result") R[$key.p99]=$(field p99_us "$result")
      R[$key.cpu]=$cpu R[$key.errors]=$(field errors "$result")
    done
  done
done

idle_footprint() { # PORT PID -> "heapMB rssMB"
  "$JAVA" -jar target/tcp-echo.jar bench 127.0.0.1 "$1" --idle-connections="$IDLE" --connections=1 \
    --rate=10 --duration=60s >"$WORK/idle.log" 2>&1 &
  local loader=$!
  for _ in $(seq 1 600); do
    [ "$(ss -Htn state established "( sport = :$1 )" | wc -l)" -ge "$IDLE" ] && break
    sleep 0.1
  done
  sleep 2
  jcmd "$2" GC.run >/dev/null
  sleep 1
  local heap rss
  heap=$(jcmd "$2" GC.heap_info | awk '/used/ { for (i = 1; i <= NF; i++) if ($i == "used") { v = $(i + 1); sub(/K,?/, "", v); print v / 1024; exit } }')
  rss=$(awk '/VmRSS/ { print $2 / 1024 }' "/proc/$2/status")
  kill "$loader" 2>/dev/null || true
  wait "$loader" 2>/dev/null || true
  printf '%.0f %.0f' "$heap" "$rss"
}
log "$IDLE idle connections: server"
read -r server_heap server_rss <<<"$(idle_footprint $ECHO_PORT $SERVER)"
log "$IDLE idle connections: baseline"
read -r baseline_heap baseline_rss <<<"$(idle_footprint $BASELINE_PORT $BASELINE)"

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf (b > 0) ? "%.2f" : "n/a", a / b }'; }
{
  echo "# Benchmark results"
  echo
  echo "Run by \`bench/run.sh\` on $(date -u +%Y-%m-%d): $(nproc) cores ($(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)),"
  echo "$(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), Linux $(uname -r), $("$JAVA" -version 2>&1 | head -1)."
  echo "Server and Netty baseline ($(basename "$(tr ':' '\n' <"$WORK/classpath" | grep -m1 netty-transport-4)" .jar)) run with \`${JVM_FLAGS[*]}\`,"
  echo "the load tool (\`tcp-echo bench\`, $DURATION per cell, 64-byte payloads) on the same machine over loopback;"
  echo "runs alternate between server and baseline. Ratios are server / baseline from this run."
  echo
  echo "| connections | in flight | server msg/s | baseline msg/s | ratio | server p50 / p99 µs | baseline p50 / p99 µs | p99 ratio | server CPU µs/echo | baseline CPU µs/echo | CPU ratio | errors |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
  for connections in 1 16 128; do
    for inflight in 1 16; do
      s="$connections/$inflight/server" b="$connections/$inflight/baseline"
      echo "| $connections | $inflight | ${R[$s.msgs]} | ${R[$b.msgs]} | $(ratio "${R[$s.msgs]}" "${R[$b.msgs]}") | ${R[$s.p50]} / ${R[$s.p99]} | ${R[$b.p50]} / ${R[$b.p99]} | $(ratio "${R[$s.p99]}" "${R[$b.p99]}") | ${R[$s.cpu]} | ${R[$b.cpu]} | $(ratio "${R[$s.cpu]}" "${R[$b.cpu]}") | $((${R[$s.errors]} + ${R[$b.errors]})) |"
    done
  done
  echo
  echo "With $IDLE idle connections (after a full GC): server heap ${server_heap} MB, RSS ${server_rss} MB;"
  echo "baseline heap ${baseline_heap} MB, RSS ${baseline_rss} MB."
} >"$OUT"
cat "$OUT"
