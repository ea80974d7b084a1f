#!/usr/bin/env bash
# Measures the server with 1, 2 and 4 event loops (echo.server.event-loops), one after the other,
# against the one-loop Netty baseline run beside each, at ping-pong and with 16 in flight: the
# figures behind the default. Run after `./mvnw package`.
#   DURATION=5s LOOPS="1 2 4" JAVA=/path/to/java bench/event-loops.sh
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-5s}
LOOPS=${LOOPS:-1 2 4}
if [ -z "${JAVA:-}" ]; then
  JAVA=java
  [ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ] && JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
fi
WORK=$(mktemp -d)
CLK_TCK=$(getconf CLK_TCK)
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT

./mvnw -q -B dependency:build-classpath -Dmdep.outputFile="$WORK/classpath" -Dmdep.includeScope=runtime >/dev/null
wait_for_port() {
  for _ in $(seq 1 300); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return; sleep 0.1; done
  echo "nothing listens on $1" >&2; exit 1
}
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
field() { sed -E "s/.* $1=([^ ]+).*/\1/" <<<"$2"; }
seconds=$(sed -E 's/[^0-9.].*//' <<<"$DURATION")
measure() { # PORT PID CONNECTIONS INFLIGHT -> "msgs cpu_us_per_echo"
  local before after result msgs
  before=$(cpu_ticks "$2")
  result=$("$JAVA" -jar target/tcp-echo.jar bench 127.0.0.1 "$1" --connections="$3" --in-flight="$4" \
    --duration="$DURATION" | grep '^RESULT')
  after=$(cpu_ticks "$2")
  msgs=$(field msgs_per_sec "$result")
  awk -v t=$((after - before)) -v hz="$CLK_TCK" -v m="$msgs" -v s="$seconds" \
    'BEGIN { printf "%d %.2f", m, (m > 0) ? t / hz * 1e6 / (m * s) : 0 }'
}

"$JAVA" -Xms256m -Xmx1g -cp "$(cat "$WORK/classpath")" bench/NettyEchoBaseline.java 29879 1 >/dev/null 2>&1 &
BASELINE=$!; PIDS+=("$BASELINE")
wait_for_port 29879
echo "| event loops | cell | server msg/s | one-loop baseline msg/s | ratio | server CPU µs/echo | baseline CPU µs/echo | CPU ratio |"
echo "|---|---|---|---|---|---|---|---|"
for loops in $LOOPS; do
  "$JAVA" -Xms256m -Xmx1g -jar target/tcp-echo.jar --echo.server.port=29877 --management.server.port=28080 \
    --echo.server.event-loops="$loops" --logging.level.io.tcpecho.connections=WARN >"$WORK/server.log" 2>&1 &
  SERVER=$!; PIDS+=("$SERVER")
  wait_for_port 29877
  measure 29877 "$SERVER" 16 16 >/dev/null   # warm-up
  measure 29879 "$BASELINE" 16 16 >/dev/null
  for cell in "16 1" "128 1" "16 16"; do
    read -r c f <<<"$cell"
    read -r sm sc <<<"$(measure 29877 "$SERVER" "$c" "$f")"
    read -r bm bc <<<"$(measure 29879 "$BASELINE" "$c" "$f")"
    awk -v l="$loops" -v c="$c x $f" -v sm="$sm" -v bm="$bm" -v sc="$sc" -v bc="$bc" \
      'BEGIN { printf "| %s | %s | %d | %d | %.2f | %.2f | %.2f | %.2f |\n", l, c, sm, bm, sm / bm, sc, bc, sc / bc }'
  done
  kill "$SERVER"; wait "$SERVER" 2>/dev/null || true
done
