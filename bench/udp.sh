#!/usr/bin/env bash
# The UDP section of bench/run.sh: tcp-echo's udp listener against a bare Netty datagram echo on one
# event loop (bench/UdpEchoBaseline.java), in the same run, at 1 flow x 1, 16 flows x 1 and 16 flows x 16
# in flight; then a flood: one flow sends 10,000 datagrams without waiting, again and again, while 16
# ping-pong flows are measured, and every datagram lost is held against what was counted (the
# server's echo_datagrams_dropped_total and the kernel's RcvbufErrors). Prints a Markdown section.
#   DURATION=5s WARMUP=5s ROUNDS=3 TRANSPORT=epoll bench/udp.sh >>bench/RESULTS.md
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-5s}
WARMUP=${WARMUP:-5s}
ROUNDS=${ROUNDS:-3}
TRANSPORT=${TRANSPORT:-epoll}
if [ -z "${JAVA:-}" ]; then
  JAVA=java
  [ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ] && JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
fi
JVM_FLAGS=(-Xms256m -Xmx1g)
ECHO_PORT=29977
BASELINE_PORT=29978
MANAGEMENT_PORT=28180
WORK=$(mktemp -d)
CLK_TCK=$(getconf CLK_TCK)
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT
log() { printf '[bench udp] %s\n' "$*" >&2; }

[ -f target/tcp-echo.jar ] || ./mvnw -q -B package -DskipTests
./mvnw -q -B dependency:build-classpath -Dmdep.outputFile="$WORK/classpath" -Dmdep.includeScope=runtime >/dev/null

"$JAVA" "${JVM_FLAGS[@]}" -jar target/tcp-echo.jar --echo.server.port=0 --echo.listeners.udp.port=$ECHO_PORT \
  --management.server.port=$MANAGEMENT_PORT --echo.server.transport="$TRANSPORT" \
  --logging.level.io.tcpecho.udp=WARN >"$WORK/server.log" 2>&1 &
SERVER=$!; PIDS+=("$SERVER")
"$JAVA" "${JVM_FLAGS[@]}" -cp "$(cat "$WORK/classpath")" bench/UdpEchoBaseline.java $BASELINE_PORT "$TRANSPORT" \
  >"$WORK/baseline.log" 2>&1 &
BASELINE=$!; PIDS+=("$BASELINE")
for _ in $(seq 1 300); do
  grep -q "listening on 0.0.0.0:$ECHO_PORT/udp" "$WORK/server.log" && grep -q "listening" "$WORK/baseline.log" && break
  sleep 0.1
done

bench() { # PORT ARGS... -> the RESULT and RESULT_UDP lines on one line
  "$JAVA" -jar target/tcp-echo.jar bench 127.0.0.1 "$@" --protocol=udp | tee -a "$WORK/bench.log" | grep '^RESULT' | tr '\n' ' '
}
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
field() { sed -E "s/.* $1=([^ ]+).*/\1/" <<<" $2"; }
median() { sort -g | awk -v fmt="$1" '{ v[NR] = $1 } END { printf fmt, (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
scrape() { curl -s "localhost:$MANAGEMENT_PORT/actuator/prometheus"; }
dropped() { scrape | awk '/^echo_datagrams_dropped_total/ { s += $2 } END { printf "%d", s }'; }
rcvbuf() { awk '/^Udp: / && !/InDatagrams/ { u = $6 } END { printf "%d", u }' /proc/net/snmp; }
# packets loopback dropped before any socket, when a CPU's input backlog (netdev_max_backlog) is full
softnet() { local s=0 d; while read -r _ d _; do s=$((s + 16#$d)); done </proc/net/softnet_stat; echo $s; }

for port in $ECHO_PORT $BASELINE_PORT; do
  log "warming up $port"
  bench $port --connections=16 --in-flight=16 --duration="$WARMUP" >/dev/null
done

RUNS="$WORK/runs" # flows inflight round target msgs p50 p99 cpu lost tool-cpu
seconds=$(sed -E 's/[^0-9.].*//' <<<"$DURATION")
for round in $(seq 1 "$ROUNDS"); do
  for cell in "1 1" "16 1" "16 16"; do
    read -r flows inflight <<<"$cell"
    for target in server baseline; do
      port=$ECHO_PORT pid=$SERVER
      [ "$target" = baseline ] && port=$BASELINE_PORT pid=$BASELINE
      log "round $round/$ROUNDS, $target: $flows flow(s) x $inflight"
      before=$(cpu_ticks "$pid")
      result=$(bench $port --connections="$flows" --in-flight="$inflight" --duration="$DURATION")
      after=$(cpu_ticks "$pid")
      msgs=$(field msgs_per_sec "$result")
      cpu=$(awk -v t=$((after - before)) -v hz="$CLK_TCK" -v m="$msgs" -v s="$seconds" \
        'BEGIN { printf "%.2f", (m > 0) ? t / hz * 1e6 / (m * s) : 0 }')
      echo "$flows $inflight $round $target $msgs $(field p50_us "$result") $(field p99_us "$result") $cpu $(field lost "$result") $(field tool_cpu_us_per_msg "$result")" >>"$RUNS"
    done
  done
done
stat() { awk -v c="$1" -v f="$2" -v t="$3" -v col="$4" '$1 == c && $2 == f && $4 == t { print $col }' "$RUNS" | median "${5:-%.1f}"; }
ratio_cell() { # FLOWS INFLIGHT COL -> "median (min-max)" of server / baseline within each round
  local values
  values=$(awk -v c="$1" -v f="$2" -v col="$3" '$1 == c && $2 == f { v[$3 "/" $4] = $col; r[$3] }
    END { for (k in r) if (v[k "/baseline"] > 0) printf "%.2f\n", v[k "/server"] / v[k "/baseline"] }' "$RUNS" | sort -g)
  printf '%s (%s-%s)' "$(median '%.2f' <<<"$values")" "$(head -1 <<<"$values")" "$(tail -1 <<<"$values")"
}

# the flood: quiet p99 of 16 ping-pong flows, then the same while one flow sends 10,000 datagrams without
# waiting, reads what comes back within a second, and starts again (bench/udp-flood.py, a few
# milliseconds of CPU per burst), against the server and then the baseline
FLOOD="$WORK/flood" # round target quiet-p99 loaded-p99 flood-sent flood-lost flows-lost app-dropped kernel-rcvbuf softnet
for round in $(seq 1 "$ROUNDS"); do
  for target in server baseline; do
    port=$ECHO_PORT
    [ "$target" = baseline ] && port=$BASELINE_PORT
    log "round $round/$ROUNDS, $target: 16 flows quiet"
    quiet=$(bench $port --connections=16 --in-flight=1 --duration="$DURATION")
    log "round $round/$ROUNDS, $target: 16 flows beside floods of 10,000 datagrams"
    dropped_before=0 dropped_after=0
    [ "$target" = server ] && dropped_before=$(dropped)
    rcvbuf_before=$(rcvbuf) softnet_before=$(softnet)
    touch "$WORK/flooding"
    python3 bench/udp-flood.py 127.0.0.1 $port 10000 "$WORK/flooding" >"$WORK/flood-$round-$target" &
    flooder=$!
    sleep 1
    loaded=$(bench $port --connections=16 --in-flight=1 --duration="$DURATION")
    rm -f "$WORK/flooding"
    wait $flooder || true
    [ "$target" = server ] && dropped_after=$(dropped)
    rcvbuf_after=$(rcvbuf) softnet_after=$(softnet)
    sum() { awk -v k="$1=" '{ for (i = 1; i <= NF; i++) if (index($i, k) == 1) s += substr($i, length(k) + 1) } END { print s + 0 }' "$WORK/flood-$round-$target"; }
    echo "$round $target $(field p99_us "$quiet") $(field p99_us "$loaded") $(sum sent) $(($(sum lost) - $(sum late))) $(($(field lost "$loaded") - $(field late "$loaded"))) $((dropped_after - dropped_before)) $((rcvbuf_after - rcvbuf_before)) $((softnet_after - softnet_before))" >>"$FLOOD"
  done
done

echo "## UDP, against a bare Netty datagram echo ($TRANSPORT)"
echo
echo "\`bench/udp.sh\` (run by \`bench/run.sh\`): the \`udp\` listener (Spring Integration's UDP adapters) against"
echo "\`bench/UdpEchoBaseline.java\`, a bare Netty datagram echo on one event loop, both on the kernel's default receive buffer,"
echo "in the same run; $ROUNDS rounds of $DURATION per cell, medians, ratios median (min-max) of the per-round ratios."
echo "CPU is each server's own (from /proc) per echo; the load tool's beside it."
echo
echo "| flows x in flight | msg/s server | msg/s baseline | ratio | p50 / p99 us server | p50 / p99 us baseline | server CPU us/echo | baseline CPU us/echo | tool CPU us/echo | lost server / baseline |"
echo "|---|---|---|---|---|---|---|---|---|---|"
for cell in "1 1" "16 1" "16 16"; do
  read -r flows inflight <<<"$cell"
  echo "| $flows x $inflight | $(stat $flows $inflight server 5 %.0f) | $(stat $flows $inflight baseline 5 %.0f) | $(ratio_cell $flows $inflight 5) | $(stat $flows $inflight server 6) / $(stat $flows $inflight server 7) | $(stat $flows $inflight baseline 6) / $(stat $flows $inflight baseline 7) | $(stat $flows $inflight server 8 %.2f) | $(stat $flows $inflight baseline 8 %.2f) | $(stat $flows $inflight server 10 %.2f) | $(stat $flows $inflight server 9 %.0f) / $(stat $flows $inflight baseline 9 %.0f) |"
done
echo
echo "**Flood**: one flow sends 10,000 datagrams without waiting, reads the echoes that come within a second, and"
echo "starts again (\`bench/udp-flood.py\`), beside 16 ping-pong flows, against the server and then the baseline, per round:"
echo
echo "| round | target | 16 flows p99 us quiet | p99 us beside the floods | ratio | floods sent | floods lost | 16 flows lost | lost in all | counted by the server (dropped) | kernel: UDP RcvbufErrors | kernel: input backlog drops (softnet_stat) | counted in all |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|"
awk '{ printf "| %d | %s | %s | %s | %.2f | %d | %d | %d | %d | %d | %d | %d | %d |\n", $1, $2, $3, $4, ($3 > 0) ? $4 / $3 : 0, $5, $6, $7, $6 + $7, $8, $9, $10, $8 + $9 + $10 }' "$FLOOD"
echo
echo "Lost here means never echoed: a datagram whose echo came after its reply timeout (late) is not counted."
echo "Every datagram lost is counted somewhere when lost in all <= counted in all. The kernel's counters are the"
echo "namespace's (and softnet_stat the machine's): they also count what the load tool's own sockets dropped, and"
echo "the server exports only RcvbufErrors, as echo_udp_receive_buffer_errors_total."
