#!/usr/bin/env bash
# Benchmarks tcp-echo against a minimal Netty line echo, in the same run, on this machine, twice
# over: with Netty's default event loops (two per core) and with one event loop, the best-tuned
# peer on two cores shared with the load tool. A sweep of connections and in-flight depth, server CPU per echo from /proc, and heap and RSS
# with 10,000 idle connections; each cell also runs over TLS (a second listener of the same
# server, TLS 1.3 with a P-256 certificate made by openssl), to show the price of TLS.
# Writes bench/RESULTS.md.
# These machines are noisy, so the sweep runs ROUNDS times; each figure is the median over the
# rounds, and each ratio the median of the ratios within a round (server and baseline run back
# to back), with their range.
#   DURATION=5s WARMUP=5s ROUNDS=3 JAVA=/path/to/java bench/run.sh
# SERVER_ARGS adds options to the server, OUT names the report, e.g. with a 1 KB line limit:
#   SERVER_ARGS=--echo.server.max-line-length=1KB OUT=/tmp/results-1kb.md bench/run.sh
# TRANSPORTS (default "nio epoll") runs the whole sweep once per transport, server and baselines on
# the same one, and writes both reports, one after the other, to OUT, then the UDP section (bench/udp.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${TRANSPORT:-}" ]; then
  read -r -a transports <<<"${TRANSPORTS:-nio epoll}"
  OUT=${OUT:-bench/RESULTS.md}
  parts=()
  for transport in "${transports[@]}"; do
    part=$(mktemp)
    parts+=("$part")
    TRANSPORT=$transport OUT=$part bash bench/run.sh
  done
  {
    for i in "${!transports[@]}"; do
      [ "$i" -gt 0 ] && echo
      sed "1s/.*/# Benchmark results on ${transports[$i]}/" "${parts[$i]}"
    done
    echo
    # the udp listener against a bare Netty datagram echo, once: its path is the same on every transport
    bash bench/udp.sh
  } >"$OUT"
  rm -f "${parts[@]}"
  exit 0
fi

DURATION=${DURATION:-5s}
WARMUP=${WARMUP:-5s}
ROUNDS=${ROUNDS:-3}
IDLE=${IDLE:-10000}
if [ -z "${JAVA:-}" ]; then
  JAVA=java
  [ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ] && JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
fi
JVM_FLAGS=(-Xms256m -Xmx1g)
ECHO_PORT=29877
BASELINE_PORT=29878
ONE_LOOP_PORT=29879
TLS_PORT=29880
MANAGEMENT_PORT=28080
OUT=${OUT:-bench/RESULTS.md}
read -r -a SERVER_ARGS <<<"${SERVER_ARGS:-}"
WORK=$(mktemp -d)
CLK_TCK=$(getconf CLK_TCK)
PIDS=()

cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT
log() { printf '[bench] %s\n' "$*" >&2; }

# a throwaway certificate for the TLS listener, trusted by the load tool
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 -subj /CN=localhost \
  -addext subjectAltName=DNS:localhost,IP:127.0.0.1 -keyout "$WORK/tls.key" -out "$WORK/tls.crt" 2>/dev/null
TLS_SERVER_ARGS=(--echo.listeners.tls.port=$TLS_PORT --echo.listeners.tls.ssl.bundle=bench
  --echo.listeners.tls.max-connections=1000
  --spring.ssl.bundle.pem.bench.keystore.certificate="file:$WORK/tls.crt"
  --spring.ssl.bundle.pem.bench.keystore.private-key="file:$WORK/tls.key")
TLS_BENCH_ARGS=(--ssl-bundle=bench --spring.ssl.bundle.pem.bench.truststore.certificate="file:$WORK/tls.crt")

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
  --logging.level.io.tcpecho.connections=WARN --echo.server.transport="$TRANSPORT" "${TLS_SERVER_ARGS[@]}" \
  "${SERVER_ARGS[@]}" >"$WORK/server.log" 2>&1 &
SERVER=$!; PIDS+=("$SERVER")
"$JAVA" "${JVM_FLAGS[@]}" -cp "$(cat "$WORK/classpath")" bench/NettyEchoBaseline.java $BASELINE_PORT 0 "$TRANSPORT" \
  >"$WORK/baseline.log" 2>&1 &
BASELINE=$!; PIDS+=("$BASELINE")
"$JAVA" "${JVM_FLAGS[@]}" -cp "$(cat "$WORK/classpath")" bench/NettyEchoBaseline.java $ONE_LOOP_PORT 1 "$TRANSPORT" \
  >"$WORK/one-loop.log" 2>&1 &
ONE_LOOP=$!; PIDS+=("$ONE_LOOP")
wait_for_port $ECHO_PORT
wait_for_port $BASELINE_PORT
wait_for_port $ONE_LOOP_PORT
wait_for_port $TLS_PORT

bench() { # PORT ARGS... -> the RESULT line
  "$JAVA" -jar target/tcp-echo.jar bench 127.0.0.1 "$@" | tee -a "$WORK/bench.log" | grep '^RESULT'
}
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
field() { sed -E "s/.* $1=([^ ]+).*/\1/" <<<"$2"; }

for target in "$ECHO_PORT" "$BASELINE_PORT" "$ONE_LOOP_PORT"; do
  log "warming up $target"
  bench "$target" --connections=16 --in-flight=16 --duration="$WARMUP" >/dev/null
done
log "warming up TLS"
bench "$TLS_PORT" "${TLS_BENCH_ARGS[@]}" --connections=16 --in-flight=16 --duration="$WARMUP" >/dev/null

RUNS="$WORK/runs" # connections inflight round target msgs p50 p99 cpu errors tool-cpu
seconds=$(sed -E 's/[^0-9.].*//' <<<"$DURATION")
for round in $(seq 1 "$ROUNDS"); do
  for connections in 1 16 128; do
    for inflight in 1 16; do
      for target in server tls baseline one-loop; do
        port=$ECHO_PORT pid=$SERVER extra=()
        [ "$target" = tls ] && port=$TLS_PORT extra=("${TLS_BENCH_ARGS[@]}")
        [ "$target" = baseline ] && port=$BASELINE_PORT pid=$BASELINE
        [ "$target" = one-loop ] && port=$ONE_LOOP_PORT pid=$ONE_LOOP
        log "round $round/$ROUNDS, $target: $connections connection(s), $inflight in flight"
        before=$(cpu_ticks "$pid")
        result=$(bench "$port" "${extra[@]}" --connections="$connections" --in-flight="$inflight" --duration="$DURATION")
        after=$(cpu_ticks "$pid")
        msgs=$(field msgs_per_sec "$result")
        cpu=$(awk -v t=$((after - before)) -v hz="$CLK_TCK" -v m="$msgs" -v s="$seconds" \
          'BEGIN { printf "%.2f", (m > 0) ? t / hz * 1e6 / (m * s) : 0 }')
        echo "$connections $inflight $round $target $msgs $(field p50_us "$result") $(field p99_us "$result") $cpu $(field errors "$result") $(field tool_cpu_us_per_msg "$result")" >>"$RUNS"
      done
    done
  done
done

# connection churn: 16 connections at a time, each sending one line and closing, as fast as they go
CHURN="$WORK/churn" # round target connections-per-sec connect-p99 first-answer-p99 cpu-per-connection failures
for round in $(seq 1 "$ROUNDS"); do
  for target in server one-loop; do
    port=$ECHO_PORT pid=$SERVER
    [ "$target" = one-loop ] && port=$ONE_LOOP_PORT pid=$ONE_LOOP
    log "round $round/$ROUNDS, $target: churn, 16 at a time, one line each"
    before=$(cpu_ticks "$pid")
    result=$(bench "$port" --connections=16 --lines-per-connection=1 --duration="$DURATION")
    after=$(cpu_ticks "$pid")
    rate=$(field connections_per_sec "$result")
    cpu=$(awk -v t=$((after - before)) -v hz="$CLK_TCK" -v r="$rate" -v s="$seconds" \
      'BEGIN { printf "%.1f", (r > 0) ? t / hz * 1e6 / (r * s) : 0 }')
    echo "$round $target $rate $(field connect_p99_us "$result") $(field first_answer_p99_us "$result") $cpu $(field failures "$result")" >>"$CHURN"
  done
done

median() { # FORMAT: the median of the numbers on stdin
  sort -g | awk -v fmt="$1" '{ v[NR] = $1 } END { printf fmt, (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
# the median over the rounds of column COL (5 msgs, 6 p50, 7 p99, 8 cpu, 10 tool cpu) for a cell and target
stat() {
  local format='%.1f'
  case $4 in 5) format='%.0f' ;; 8 | 10) format='%.2f' ;; esac
  awk -v c="$1" -v f="$2" -v t="$3" -v col="$4" '$1 == c && $2 == f && $4 == t { print $col }' "$RUNS" | median "$format"
}
# TARGET (server unless given) / BASELINE of column COL within each round of a cell, one per line
ratios() { # CONNECTIONS INFLIGHT COL BASELINE [TARGET]
  awk -v c="$1" -v f="$2" -v col="$3" -v b="$4" -v t="${5:-server}" '$1 == c && $2 == f { v[$3 "/" $4] = $col; rounds[$3] }
    END { for (r in rounds) if (v[r "/" b] > 0) printf "%.2f\n", v[r "/" t] / v[r "/" b] }' "$RUNS"
}
tool_ratio() { # CONNECTIONS INFLIGHT -> "median (min-max)" of the load tool's CPU per echo / the server's, per round
  local values
  values=$(awk -v c="$1" -v f="$2" '$1 == c && $2 == f && $4 == "server" && $8 > 0 { printf "%.2f\n", $10 / $8 }' "$RUNS" | sort -g)
  printf '%s (%s-%s)' "$(median '%.2f' <<<"$values")" "$(head -1 <<<"$values")" "$(tail -1 <<<"$values")"
}
ratio_cell() { # "median (min-max)" of the per-round ratios
  local values; values=$(ratios "$@" | sort -g)
  printf '%s (%s-%s)' "$(median '%.2f' <<<"$values")" "$(head -1 <<<"$values")" "$(tail -1 <<<"$values")"
}

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

{
  echo "# Benchmark results"
  echo
  echo "Run by \`bench/run.sh\` on $(date -u +%Y-%m-%d): $(nproc) cores ($(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)),"
  echo "$(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), Linux $(uname -r), $("$JAVA" -version 2>&1 | head -1)."
  [ ${#SERVER_ARGS[@]} -gt 0 ] && echo "Server options: \`${SERVER_ARGS[*]}\`."
  echo "Server and Netty baselines ($(basename "$(tr ':' '\n' <"$WORK/classpath" | grep -m1 netty-transport-4)" .jar)) run with \`${JVM_FLAGS[*]}\`,"
  echo "the load tool (\`tcp-echo bench\`, $DURATION per cell, 64-byte payloads) on the same machine over loopback."
  echo "Server and baselines on the $TRANSPORT transport. Two baselines: Netty's default event loops (two per core), and one event loop."
  echo "The sweep ran $ROUNDS times; within a round each cell runs against the server, then each baseline."
  echo "Figures are medians over the rounds; a ratio is server / baseline, the median of the per-round"
  echo "ratios, with their range in brackets. The load tool (on Netty, epoll) reports its own CPU per echo;"
  echo "\"load tool / server CPU\" is that over the server's, per round: near 1 or above, the tool shares the"
  echo "two cores evenly with the server and can set the pace."
  echo
  echo "| connections | in flight | server msg/s | default / one-loop msg/s | ratio vs default | ratio vs one loop | server p50 / p99 µs | default / one-loop p99 µs | p99 ratio vs default / one loop | server CPU µs/echo | default / one-loop CPU µs/echo | CPU ratio vs default | CPU ratio vs one loop | load tool CPU µs/echo | load tool / server CPU | errors |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
  for connections in 1 16 128; do
    for inflight in 1 16; do
      c=$connections f=$inflight
      errors=$(awk -v c="$c" -v f="$f" '$1 == c && $2 == f && $4 != "tls" { e += $9 } END { print e + 0 }' "$RUNS")
      echo "| $c | $f | $(stat "$c" "$f" server 5) | $(stat "$c" "$f" baseline 5) / $(stat "$c" "$f" one-loop 5) | $(ratio_cell "$c" "$f" 5 baseline) | $(ratio_cell "$c" "$f" 5 one-loop) | $(stat "$c" "$f" server 6) / $(stat "$c" "$f" server 7) | $(stat "$c" "$f" baseline 7) / $(stat "$c" "$f" one-loop 7) | $(ratios "$c" "$f" 7 baseline | median '%.2f') / $(ratios "$c" "$f" 7 one-loop | median '%.2f') | $(stat "$c" "$f" server 8) | $(stat "$c" "$f" baseline 8) / $(stat "$c" "$f" one-loop 8) | $(ratio_cell "$c" "$f" 8 baseline) | $(ratio_cell "$c" "$f" 8 one-loop) | $(stat "$c" "$f" server 10) | $(tool_ratio "$c" "$f") | $errors |"
    done
  done
  echo
  echo "## The price of TLS"
  echo
  echo "The same server, the same cells, over its TLS listener (TLS 1.3, the JDK's provider, a P-256"
  echo "certificate); ratios are TLS / plaintext within each round. The load tool pays for TLS too,"
  echo "on the same two cores."
  echo
  echo "| connections | in flight | plaintext msg/s | TLS msg/s | TLS / plaintext msg/s | plaintext / TLS p99 µs | plaintext CPU µs/echo | TLS CPU µs/echo | TLS / plaintext CPU | errors over TLS |"
  echo "|---|---|---|---|---|---|---|---|---|---|"
  for connections in 1 16 128; do
    for inflight in 1 16; do
      c=$connections f=$inflight
      errors=$(awk -v c="$c" -v f="$f" '$1 == c && $2 == f && $4 == "tls" { e += $9 } END { print e + 0 }' "$RUNS")
      echo "| $c | $f | $(stat "$c" "$f" server 5) | $(stat "$c" "$f" tls 5) | $(ratio_cell "$c" "$f" 5 server tls) | $(stat "$c" "$f" server 7) / $(stat "$c" "$f" tls 7) | $(stat "$c" "$f" server 8) | $(stat "$c" "$f" tls 8) | $(ratio_cell "$c" "$f" 8 server tls) | $errors |"
    done
  done
  echo
  echo "## Connection churn"
  echo
  echo "16 connections at a time, each connecting, sending one 64-byte line, reading its echo and closing"
  echo "(\`bench --connections=16 --lines-per-connection=1\`), against the one-loop baseline in the same rounds;"
  echo "server CPU per connection from /proc."
  echo
  echo "| target | connections/s | connect p99 µs | first echo p99 µs | CPU µs/connection | failures |"
  echo "|---|---|---|---|---|---|"
  for target in server one-loop; do
    col() { awk -v t="$target" -v c="$1" '$2 == t { print $c }' "$CHURN" | median "$2"; }
    echo "| $target | $(col 3 '%.0f') | $(col 4 '%.0f') | $(col 5 '%.0f') | $(col 6 '%.1f') | $(awk -v t="$target" '$2 == t { f += $7 } END { print f + 0 }' "$CHURN") |"
  done
  echo "Ratio server / one loop, connections/s: $(awk '{ v[$1 "/" $2] = $3; r[$1] } END { for (k in r) if (v[k "/one-loop"] > 0) printf "%.2f\n", v[k "/server"] / v[k "/one-loop"] }' "$CHURN" | median '%.2f') (median of the rounds)."
  echo
  echo "With $IDLE idle connections (after a full GC): server heap ${server_heap} MB, RSS ${server_rss} MB;"
  echo "baseline heap ${baseline_heap} MB, RSS ${baseline_rss} MB."
} >"$OUT"
cat "$OUT"
