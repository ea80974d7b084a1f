#!/usr/bin/env bash
# Start-up figures: the median of RUNS runs each, side by side with a bare Netty line echo
# (bench/NettyEchoBaseline.java, compiled first) on the same JVM. The server is timed from `java`
# to its echo port accepting: as a plain `java -jar`, and extracted with Spring AOT, a JDK 25 AOT
# cache from one training run, and both. The client is timed for `echo hi | ... client` (wall and
# CPU), plain and with a cache of its own; piped lines per second are measured in batch and
# interactive mode, beside `nc` sending the same lines.
#   RUNS=5 JAVA=/path/to/java25 bench/startup.sh
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-5}
if [ -z "${JAVA:-}" ]; then
  JAVA=java
  [ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ] && JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
fi
JAVAC=$(dirname "$(readlink -f "$JAVA")")/javac
PORT=29977
MANAGEMENT_PORT=29978
TARGET_PORT=29979
TARGET_MANAGEMENT_PORT=29980
WORK=$(mktemp -d)
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT
log() { printf '[startup] %s\n' "$*" >&2; }

# the jar with Spring AOT's generated code, which is used only under -Dspring.aot.enabled=true
./mvnw -q -B -Paot package -DskipTests >/dev/null
./mvnw -q -B dependency:build-classpath -Dmdep.outputFile="$WORK/classpath" -Dmdep.includeScope=runtime >/dev/null
CLASSPATH_FILE=$(cat "$WORK/classpath")
"$JAVAC" -d "$WORK/baseline" -cp "$CLASSPATH_FILE" bench/NettyEchoBaseline.java
"$JAVA" -Djarmode=tools -jar target/tcp-echo.jar extract --destination "$WORK/app" >/dev/null
APP=$WORK/app
SERVER_ARGS=(--echo.server.port=$PORT --management.server.port=$MANAGEMENT_PORT)

accepting() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Waits for 127.0.0.1:$1 to accept, polling every 2 ms from one process: a shell loop forking
# a subshell and a sleep per try took a core's share from the JVM it timed (3 s of 10 here).
await_port() {
  perl -MIO::Socket::INET -MTime::HiRes=sleep -e \
    'until (IO::Socket::INET->new(PeerAddr => "127.0.0.1", PeerPort => $ARGV[0], Proto => "tcp")) { sleep 0.002 }' "$1"
}

# COMMAND... -> milliseconds from its start to $PORT accepting; then stops it
listen_ms() {
  local start pid
  start=$(date +%s%N)
  "$@" >/dev/null 2>&1 &
  pid=$!
  await_port $PORT
  echo $((($(date +%s%N) - start) / 1000000))
  kill "$pid"; wait "$pid" 2>/dev/null || true
  while accepting $PORT; do sleep 0.05; done
}

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

log "training the server's AOT caches, without and with Spring AOT"
(cd "$APP" && "$JAVA" -XX:AOTCacheOutput=server.aot -Dspring.context.exit=onRefresh -jar tcp-echo.jar \
  --echo.server.port=0 --management.server.port=0 >/dev/null 2>&1)
(cd "$APP" && "$JAVA" -XX:AOTCacheOutput=server-spring-aot.aot -Dspring.aot.enabled=true \
  -Dspring.context.exit=onRefresh -jar tcp-echo.jar --echo.server.port=0 --management.server.port=0 >/dev/null 2>&1)

# a server for the client to talk to
"$JAVA" -jar target/tcp-echo.jar --echo.server.port=$TARGET_PORT --management.server.port=$TARGET_MANAGEMENT_PORT \
  --logging.level.io.tcpecho.connections=WARN >"$WORK/target.log" 2>&1 &
PIDS+=("$!")
until accepting $TARGET_PORT; do sleep 0.1; done
log "training the image's caches through a whole life (scripts/aot-train.sh), the server's and the client's"
(cd "$APP" && TRAIN_PORT=$PORT TRAIN_MANAGEMENT_PORT=$MANAGEMENT_PORT bash "$OLDPWD/scripts/aot-train.sh" server \
  "$JAVA" -XX:AOTCacheOutput=server-life.aot -XX:+UseG1GC -Dspring.aot.enabled=true -jar tcp-echo.jar)
(cd "$APP" && TRAIN_PORT=$PORT TRAIN_MANAGEMENT_PORT=$MANAGEMENT_PORT bash "$OLDPWD/scripts/aot-train.sh" client \
  "$JAVA" -XX:AOTCacheOutput=client.aot -XX:+UseG1GC -jar tcp-echo.jar client)

for run in $(seq 1 "$RUNS"); do
  log "run $run/$RUNS"
  echo "bare $(listen_ms "$JAVA" -cp "$CLASSPATH_FILE:$WORK/baseline" NettyEchoBaseline $PORT)" >>"$WORK/listen"
  echo "plain $(listen_ms "$JAVA" -jar target/tcp-echo.jar "${SERVER_ARGS[@]}")" >>"$WORK/listen"
  # from the directory of the training run: a cache holds the class path as it was given
  cd "$APP"
  echo "extracted $(listen_ms "$JAVA" -jar tcp-echo.jar "${SERVER_ARGS[@]}")" >>"$WORK/listen"
  echo "spring-aot $(listen_ms "$JAVA" -Dspring.aot.enabled=true -jar tcp-echo.jar "${SERVER_ARGS[@]}")" >>"$WORK/listen"
  echo "cached $(listen_ms "$JAVA" -XX:AOTCache=server.aot -jar tcp-echo.jar "${SERVER_ARGS[@]}")" >>"$WORK/listen"
  echo "both $(listen_ms "$JAVA" -XX:AOTCache=server-spring-aot.aot -Dspring.aot.enabled=true -jar tcp-echo.jar \
    "${SERVER_ARGS[@]}")" >>"$WORK/listen"
  echo "life $(listen_ms "$JAVA" -XX:AOTCache=server-life.aot -XX:+UseG1GC -Dspring.aot.enabled=true -jar tcp-echo.jar \
    "${SERVER_ARGS[@]}")" >>"$WORK/listen"
  cd - >/dev/null
  /usr/bin/time -f "plain %e %U %S" -a -o "$WORK/client" sh -c \
    "echo hi | \"$JAVA\" -jar target/tcp-echo.jar client 127.0.0.1 $TARGET_PORT >/dev/null"
  (cd "$APP" && /usr/bin/time -f "extracted %e %U %S" -a -o "$WORK/client" sh -c \
    "echo hi | \"$JAVA\" -jar tcp-echo.jar client 127.0.0.1 $TARGET_PORT >/dev/null")
  (cd "$APP" && /usr/bin/time -f "cached %e %U %S" -a -o "$WORK/client" sh -c \
    "echo hi | \"$JAVA\" -XX:AOTCache=client.aot -XX:+UseG1GC -jar tcp-echo.jar client 127.0.0.1 $TARGET_PORT >/dev/null")
done

ms() { awk -v t="$1" '$1 == t { print $2 }' "$WORK/listen" | median; }
client_wall() { awk -v t="$1" '$1 == t { print $2 }' "$WORK/client" | median; }
client_cpu() { awk -v t="$1" '$1 == t { print $3 + $4 }' "$WORK/client" | median; }

# LINES START COMMAND... -> lines per second of COMMAND reading `seq 1 LINES` as CRLF lines, its
# start (seconds) taken off
lines_per_second() {
  local lines=$1 startup=$2 start end
  shift 2
  seq 1 "$lines" | sed 's/$/\r/' >"$WORK/lines"
  start=$(date +%s%N)
  "$@" <"$WORK/lines" >"$WORK/echoes"
  end=$(date +%s%N)
  [ "$(wc -l <"$WORK/echoes")" = "$lines" ] || log "only $(wc -l <"$WORK/echoes") of $lines echoes from $1"
  awk -v n="$lines" -v ns=$((end - start)) -v s="$startup" 'BEGIN { printf "%.0f", n / (ns / 1e9 - s) }'
}
log "piped lines"
batch=$(lines_per_second 1000000 "$(client_wall plain)" "$JAVA" -jar target/tcp-echo.jar client 127.0.0.1 $TARGET_PORT --mode=batch)
interactive=$(lines_per_second 5000 "$(client_wall plain)" "$JAVA" -jar target/tcp-echo.jar client 127.0.0.1 $TARGET_PORT --mode=interactive)
netcat=n/a
command -v nc >/dev/null && netcat=$(lines_per_second 1000000 0 nc -N 127.0.0.1 $TARGET_PORT)

bare=$(ms bare)
row() { # LABEL TAG
  local value
  value=$(ms "$2")
  echo "| $1 | $value ms | $(awk -v a="$value" -v b="$bare" 'BEGIN { printf "%.2f", a / b }') |"
}
echo "Run by \`bench/startup.sh\` on $(date -u +%Y-%m-%d): $(nproc) cores, $("$JAVA" -version 2>&1 | head -1), median of $RUNS runs each."
echo
echo "| what | median | ratio to the bare Netty echo |"
echo "|---|---|---|"
echo "| bare Netty line echo, \`java\` to listening | $bare ms | 1.00 |"
row "server, \`java -jar\`, to listening" plain
row "server, extracted" extracted
row "server, extracted + Spring AOT (\`-Dspring.aot.enabled=true\`)" spring-aot
row "server, extracted + JDK AOT cache" cached
row "server, extracted + Spring AOT + JDK AOT cache trained to the refresh" both
row "server, extracted + Spring AOT + JDK AOT cache trained through a whole life (the image)" life
echo "| \`echo hi \| java -jar tcp-echo.jar client\` | $(client_wall plain) s wall, $(client_cpu plain) s CPU | $(awk -v a="$(client_wall plain)" -v b="$bare" 'BEGIN { printf "%.2f", a * 1000 / b }') |"
echo "| the same, extracted | $(client_wall extracted) s wall, $(client_cpu extracted) s CPU | $(awk -v a="$(client_wall extracted)" -v b="$bare" 'BEGIN { printf "%.2f", a * 1000 / b }') |"
echo "| the same, extracted + the client's own AOT cache (the image) | $(client_wall cached) s wall, $(client_cpu cached) s CPU | $(awk -v a="$(client_wall cached)" -v b="$bare" 'BEGIN { printf "%.2f", a * 1000 / b }') |"
echo "| \`seq 1 1000000 \| client\` (batch, its start taken off) | $batch lines/s | |"
echo "| \`seq 1 5000 \| client --mode=interactive\` (its start taken off) | $interactive lines/s | |"
echo "| \`seq 1 1000000 \| nc -N\`, the same server | $netcat lines/s | |"
