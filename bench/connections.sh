#!/usr/bin/env bash
# Idle connections held by one process. For each transport (nio, epoll), tcp-echo beside a
# one-loop Netty line echo on the same transport, in the same run; for each COUNT it reports the
# RSS and heap per idle connection above each server's own idle figure (after a full GC), the
# accept rate of the second and the last thousand connections as they open (each counted once it
# has echoed one line; the first thousand warms up the tool's own JVM), and the p99 of 16 ping-pong connections while they are held, against none.
#   bench/connections.sh [COUNT...]          (default: 10000 19000)
#   JAVA=/path/to/java DURATION=5s SOURCES=127.0.0.2-127.0.0.9 TRANSPORTS="nio epoll" bench/connections.sh 100000
# One source address has about 28,000 ephemeral ports: past that, SOURCES spreads the connections.
# Each process holds one descriptor per connection: the script raises `ulimit -n` to the hard
# limit and says what it needs when that is too low.
set -euo pipefail
cd "$(dirname "$0")/.."

[ $# -eq 0 ] && set -- 10000 19000
COUNTS=("$@")
DURATION=${DURATION:-5s}
# several source addresses by default: one address's ephemeral ports run out after a few runs
# worth of connections in TIME_WAIT
SOURCES=${SOURCES-127.0.0.2-127.0.0.9}
read -r -a TRANSPORTS <<<"${TRANSPORTS:-nio epoll}"
if [ -z "${JAVA:-}" ]; then
  JAVA=java
  [ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ] && JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
fi
JAVAC=$(dirname "$(readlink -f "$JAVA")")/javac
JVM_FLAGS=(-Xms256m -Xmx1g)
PORT=29977
MANAGEMENT_PORT=29978
WORK=$(mktemp -d)
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT
log() { printf '[connections] %s\n' "$*" >&2; }

MAX=0
for count in "${COUNTS[@]}"; do (( count > MAX )) && MAX=$count; done
NEED=$((MAX + 1000))
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
if (( $(ulimit -n) < NEED )); then
  log "holding $MAX connections needs 'ulimit -n' of $NEED in each process; this machine allows $(ulimit -n)"
  exit 2
fi

./mvnw -q -B package -DskipTests
./mvnw -q -B dependency:build-classpath -Dmdep.outputFile="$WORK/classpath" -Dmdep.includeScope=runtime >/dev/null
"$JAVAC" -d "$WORK/baseline" -cp "$(cat "$WORK/classpath")" bench/NettyEchoBaseline.java

await_port() {
  for _ in $(seq 1 600); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return; sleep 0.1; done
  log "nothing listens on $1"; exit 1
}

grouped() { sed ':a;s/\B[0-9]\{3\}\>/,&/;ta' <<<"$1"; } # 19000 -> 19,000, as the load tool prints it

bench() { "$JAVA" -jar target/tcp-echo.jar bench 127.0.0.1 $PORT ${SOURCES:+--source-addresses=$SOURCES} "$@"; }

p99() { bench --connections=16 --duration="$DURATION" | sed -n 's/.* p99_us=\([0-9.]*\).*/\1/p'; }

footprint() { # PID -> "heapKB rssKB"
  jcmd "$1" GC.run >/dev/null
  sleep 1
  local heap
  heap=$(jcmd "$1" GC.heap_info | awk '/used/ { for (i = 1; i <= NF; i++) if ($i == "used") { v = $(i + 1); sub(/K,?/, "", v); print v; exit } }')
  echo "$heap $(awk '/VmRSS/ { print $2 }' "/proc/$1/status")"
}

# TRANSPORT NAME PID: one row per count
measure() {
  local transport=$1 name=$2 pid=$3 quiet held=0 holders=() first_rate last_rate
  bench --connections=16 --duration="$DURATION" >/dev/null # warm-up
  quiet=$(p99)
  read -r heap0 rss0 <<<"$(footprint "$pid")"
  for count in "${COUNTS[@]}"; do
    local more=$((count - held)) log_file="$WORK/holder-$transport-$name-$count.log"
    log "$transport $name: opening $more more idle connections, to $count"
    # started as itself, not through the function, so that $! is the JVM the cleanup kills
    "$JAVA" -jar target/tcp-echo.jar bench 127.0.0.1 $PORT ${SOURCES:+--source-addresses=$SOURCES} \
      --idle-connections=$more --connections=1 --rate=1 --duration=1h >"$log_file" 2>&1 &
    holders+=("$!")
    PIDS+=("$!")
    for _ in $(seq 1 3000); do
      grep -q "idle connections .*-$(grouped "$more"):" "$log_file" 2>/dev/null && break
      grep -q "failed\|Exception" "$log_file" && { cat "$log_file" >&2; exit 1; }
      sleep 0.1
    done
    held=$count
    # the second thousand, with a thousand open: the tool's first thousand also warms up its own JVM
    [ -z "${first_rate:-}" ] && first_rate=$(awk '/^idle connections/ && ++n == 2 { print $(NF - 1); exit }' "$log_file" | tr -d ,)
    last_rate=$(awk '/^idle connections/ { r = $(NF - 1) } END { print r }' "$log_file" | tr -d ,)
    read -r heap rss <<<"$(footprint "$pid")"
    local active
    active=$(p99)
    awk -v t="$transport" -v n="$name" -v c="$count" -v h="$heap" -v h0="$heap0" -v r="$rss" -v r0="$rss0" \
      -v f="$first_rate" -v l="$last_rate" -v q="$quiet" -v a="$active" 'BEGIN {
        printf "%s %s %d %.2f %.2f %.0f %.0f %.0f %.0f\n", t, n, c, (r - r0) / c, (h - h0) / c, f, l, q, a }' >>"$WORK/rows"
  done
  for holder in "${holders[@]}"; do kill "$holder" 2>/dev/null || true; wait "$holder" 2>/dev/null || true; done
}

for transport in "${TRANSPORTS[@]}"; do
  log "$transport: tcp-echo"
  "$JAVA" "${JVM_FLAGS[@]}" -jar target/tcp-echo.jar --echo.server.port=$PORT --management.server.port=$MANAGEMENT_PORT \
    --echo.server.transport="$transport" --echo.server.max-connections=$NEED \
    --logging.level.io.tcpecho.connections=WARN >"$WORK/server-$transport.log" 2>&1 &
  server=$!
  PIDS+=("$server")
  await_port $PORT
  measure "$transport" tcp-echo "$server"
  kill "$server"; wait "$server" 2>/dev/null || true

  log "$transport: one-loop Netty echo"
  "$JAVA" "${JVM_FLAGS[@]}" -cp "$(cat "$WORK/classpath"):$WORK/baseline" NettyEchoBaseline $PORT 1 "$transport" \
    >"$WORK/baseline-$transport.log" 2>&1 &
  baseline=$!
  PIDS+=("$baseline")
  await_port $PORT
  measure "$transport" baseline "$baseline"
  kill "$baseline"; wait "$baseline" 2>/dev/null || true
done

echo "Run by \`bench/connections.sh ${COUNTS[*]}\` on $(date -u +%Y-%m-%d): $(nproc) cores, $("$JAVA" -version 2>&1 | head -1), ${JVM_FLAGS[*]}."
echo
echo "| transport | server | idle connections | RSS per connection | heap per connection | accepts/s, 1,001-2,000 | accepts/s, last 1,000 | 16x1 p99, none held | 16x1 p99, held |"
echo "|---|---|---|---|---|---|---|---|---|"
awk '{ printf "| %s | %s | %\047d | %.2f KB | %.2f KB | %\047d | %\047d | %d us | %d us |\n", $1, $2, $3, $4, $5, $6, $7, $8, $9 }' "$WORK/rows"
echo
echo "Ratios, tcp-echo against the baseline on the same transport and count:"
awk '{ key = $1 " " $3; if ($2 == "tcp-echo") { s[key] = $0 } else { b[key] = $0 } }
  END { for (k in s) { split(s[k], x, " "); split(b[k], y, " ");
    printf "- %s, %\047d connections: RSS per connection %.2fx; last/second-thousand accept rate %.2f (baseline %.2f); p99 held/none %.2f (baseline %.2f)\n",
      x[1], x[3], x[4] / y[4], x[7] / x[6], y[7] / y[6], x[9] / x[8], y[9] / y[8] } }' "$WORK/rows" | sort
