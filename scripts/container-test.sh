#!/usr/bin/env bash
# Builds the image from the Dockerfile with stand-in base images assembled from Debian packages
# (image registries are out of reach here), runs it with both ports published on 127.0.0.1 and a
# 512 MiB memory limit, and checks the echo, readiness, the non-root user, the client in the image,
# that 10,000 connections, a client that never reads and a 100 MB line fit in the limit, and the
# drain on `podman stop`.
set -euo pipefail
cd "$(dirname "$0")/.."

IMAGE=localhost/tcp-echo:test
BUILD_BASE=localhost/standin-jdk17:bookworm
RUNTIME_BASE=localhost/standin-jre25:bookworm
TEMURIN25=${TEMURIN25:-/usr/lib/jvm/temurin-25-jdk-amd64}
ECHO_PORT=${ECHO_PORT:-19877}
MANAGEMENT_PORT=${MANAGEMENT_PORT:-18080}
STOP_TIMEOUT=10
WORK=$(mktemp -d)
# crun fails on this host's hybrid cgroups, and the default ulimits are refused
PODMAN=(podman --runtime runc)
LIMITS=(--ulimit nofile=16384:16384 --ulimit nproc=4096:4096 --memory=512m)
IDLE=10000

log() { printf '[container-test] %s\n' "$*"; }
fail() { log "FAIL: $*"; exit 1; }

cleanup() {
  "${PODMAN[@]}" rm -f -t 0 tcp-echo-test >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

install_tools() {
  local missing=()
  for tool in podman buildah runc debootstrap curl; do
    command -v "$tool" >/dev/null || missing+=("$tool")
  done
  if ((${#missing[@]})); then
    log "installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq podman buildah runc debootstrap curl >/dev/null
  fi
}

debian_mirror() {
  grep -hoE '^(URIs:|deb) +https?://[^ ]+' /etc/apt/sources.list /etc/apt/sources.list.d/*.sources 2>/dev/null \
    | grep -v security | head -1 | awk '{print $2}'
}

# A Debian bookworm root file system as a local image, with extra packages and settings.
standin_image() {
  local name=$1 packages=$2
  local dir=$WORK/rootfs-${name##*/}
  shift 2
  if "${PODMAN[@]}" image exists "$name"; then
    return
  fi
  log "assembling $name from Debian packages"
  debootstrap --variant=minbase --include="$packages" bookworm "$dir" "$(debian_mirror)" >/dev/null
  "$@" "$dir"
  tar -C "$dir" -c . | "${PODMAN[@]}" import "${changes[@]}" - "$name" >/dev/null 2>&1
  rm -rf "$dir"
}

# Builds inside the stand-in reach Maven Central through this machine's network, so they trust
# what the machine trusts (its CA bundle and Java trust store may hold a proxy's CA).
trust_like_host() {
  cp /etc/ssl/certs/ca-certificates.crt "$1/etc/ssl/certs/ca-certificates.crt"
  if [ -f /etc/ssl/certs/java/cacerts ]; then
    cp /etc/ssl/certs/java/cacerts "$1/etc/ssl/certs/java/cacerts"
  fi
}

# The runtime stand-in carries a Java 25 runtime cut by jlink from the machine's Temurin 25,
# where the eclipse-temurin image keeps it.
add_java25() {
  [ -x "$TEMURIN25/bin/jlink" ] || fail "no Temurin 25 JDK at $TEMURIN25 (set TEMURIN25)"
  local modules
  modules=$("$TEMURIN25/bin/java" --list-modules | cut -d@ -f1 | grep -vE '^jdk\.(jlink|jshell|jpackage|javadoc|jdeps|compiler|jartool|jcmd|incubator\..*)$' | paste -sd,)
  "$TEMURIN25/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages \
    --output "$1/opt/java/openjdk"
}

build_standins() {
  changes=(--change "ENV JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64")
  standin_image "$BUILD_BASE" openjdk-17-jdk-headless,ca-certificates trust_like_host
  changes=(--change "ENV JAVA_HOME=/opt/java/openjdk"
    --change "ENV PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin")
  standin_image "$RUNTIME_BASE" ca-certificates add_java25
}

build_image() {
  log "building $IMAGE"
  "${PODMAN[@]}" build "${LIMITS[@]}" --build-arg "BUILD_IMAGE=$BUILD_BASE" \
    --build-arg "RUNTIME_IMAGE=$RUNTIME_BASE" -t "$IMAGE" . >"$WORK/build.log" 2>&1 \
    || { tail -50 "$WORK/build.log"; fail "image build"; }
  log "image size: $("${PODMAN[@]}" image inspect --format '{{.Size}}' "$IMAGE" | awk '{printf "%.1f MB", $1/1e6}')"
}

echo_once() {
  exec 3<>"/dev/tcp/127.0.0.1/$ECHO_PORT"
  printf '%s\r\n' "$1" >&3
  IFS= read -r -t 10 reply <&3
  exec 3>&-
  printf '%s' "${reply%$'\r'}"
}

run_image() {
  local started
  started=$(date +%s%N)
  # room above the 10,000 idle connections of the memory check for its other clients
  "${PODMAN[@]}" run -d --name tcp-echo-test "${LIMITS[@]}" --read-only --tmpfs /tmp \
    -e ECHO_SERVER_MAX_CONNECTIONS=$((IDLE + 100)) \
    -p "127.0.0.1:$ECHO_PORT:9877" -p "127.0.0.1:$ECHO_PORT:9877/udp" -p "127.0.0.1:$MANAGEMENT_PORT:8080" \
    "$IMAGE" >/dev/null
  for _ in $(seq 1 600); do
    if [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$MANAGEMENT_PORT/actuator/health/readiness")" = 200 ]; then
      log "start to ready: $((($(date +%s%N) - started) / 1000000)) ms"
      return
    fi
    sleep 0.1
  done
  "${PODMAN[@]}" logs tcp-echo-test | tail -40
  fail "not ready within 60 s"
}

check_echo_and_user() {
  [ "$(echo_once 'hello through the published port')" = 'hello through the published port' ] \
    || fail "no echo through 127.0.0.1:$ECHO_PORT"
  log "ok: lines echo through the published port"
  log "ok: readiness answers 200 through the published management port"
  local uid
  uid=$("${PODMAN[@]}" exec tcp-echo-test id -u)
  [ "$uid" != 0 ] || fail "the process runs as root"
  log "ok: runs as uid $uid"
  log "transport: $("${PODMAN[@]}" logs tcp-echo-test 2>&1 | grep -o 'listener default, [a-z-]* transport' | head -1)"
}

# The shipped udp listener answers on the echo port number through the published UDP port, and the
# image's client speaks it too.
check_udp() {
  local reply
  reply=$(printf 'one datagram\n' | "${PODMAN[@]}" run --rm -i --network container:tcp-echo-test \
    "${LIMITS[@]}" "$IMAGE" client 127.0.0.1 9877 --protocol=udp) || fail "the image's client got no UDP echo"
  [ "$reply" = 'one datagram' ] || fail "the image's UDP client printed '$reply'"
  log "ok: the image's client echoes a datagram (--protocol=udp)"
  if command -v socat >/dev/null; then
    reply=$(printf 'through the published udp port\n' | timeout 10 socat -T2 - "UDP:127.0.0.1:$ECHO_PORT") || true
    [ "$reply" = 'through the published udp port' ] || fail "no UDP echo through 127.0.0.1:$ECHO_PORT/udp ('$reply')"
    log "ok: datagrams echo through the published UDP port"
  fi
}

# The image runs the client too (`docker run --rm -i IMAGE client HOST PORT`), here in the server
# container's network namespace, so that 127.0.0.1 is the server.
check_client_in_image() {
  local started reply
  started=$(date +%s%N)
  reply=$(printf 'from the client in the image\n' | "${PODMAN[@]}" run --rm -i --network container:tcp-echo-test \
    "${LIMITS[@]}" "$IMAGE" client 127.0.0.1 9877) || fail "the image's client failed"
  [ "$reply" = 'from the client in the image' ] || fail "the image's client printed '$reply'"
  log "ok: the image's client echoes a piped line ($((($(date +%s%N) - started) / 1000000)) ms, podman run included)"
}

# 10,000 idle connections, a client that never reads its echoes and a 100 MB line at once: the
# container must not be OOM-killed and must go on serving. Bounded: 60 s to connect, 20 s to hold.
check_memory_under_load() {
  [ -f target/tcp-echo.jar ] || ./mvnw -B -ntp -q package -DskipTests
  java -jar target/tcp-echo.jar bench 127.0.0.1 "$ECHO_PORT" --idle-connections="$IDLE" --connections=1 \
    --rate=10 --duration=60s >"$WORK/idle.log" 2>&1 &
  local loader=$!
  local active=0
  for _ in $(seq 1 600); do
    active=$(curl -s "http://127.0.0.1:$MANAGEMENT_PORT/actuator/health/readiness" \
      | sed -E 's/.*"activeHandlers":([0-9]+).*/\1/')
    [ "${active:-0}" -ge "$IDLE" ] && break
    sleep 0.1
  done
  [ "${active:-0}" -ge "$IDLE" ] || fail "only ${active:-0} of $IDLE connections were open after 60 s"
  # never reads: the server stops reading it once its echoes back up, and resets it at the write timeout
  (exec 5<>"/dev/tcp/127.0.0.1/$ECHO_PORT"; yes 'a line that nobody reads' | head -c 50000000 >&5) 2>/dev/null &
  local greedy=$!
  # one line of 100 MB: refused at the 64 KB limit, so the sender meets a closed connection
  (head -c 100000000 /dev/zero >"/dev/tcp/127.0.0.1/$ECHO_PORT") 2>/dev/null || true
  sleep 20
  local usage oom
  usage=$("${PODMAN[@]}" stats --no-stream --format '{{.MemUsage}}' tcp-echo-test 2>/dev/null || echo unknown)
  oom=$("${PODMAN[@]}" inspect --format '{{.State.OOMKilled}} {{.State.Running}}' tcp-echo-test)
  log "with $IDLE connections, a client that never reads and a 100 MB line: memory $usage; OOM-killed, running: $oom"
  [ "$oom" = "false true" ] || fail "the container was OOM-killed or stopped"
  [ "$(echo_once 'still serving')" = 'still serving' ] || fail "no echo under load"
  kill "$loader" "$greedy" 2>/dev/null || true
  wait "$loader" "$greedy" 2>/dev/null || true
  for _ in $(seq 1 300); do
    active=$(curl -s "http://127.0.0.1:$MANAGEMENT_PORT/actuator/health/readiness" \
      | sed -E 's/.*"activeHandlers":([0-9]+).*/\1/')
    [ "${active:-1}" -le 1 ] && break
    sleep 0.1
  done
  log "ok: $IDLE connections, a client that never reads and a 100 MB line fit in 512 MiB; still serving"
}

# A client keeps writing lines until told to stop, while another loop reads the echoes; then
# `podman stop` while lines are in flight: every line written must come back, then EOF.
check_drain_on_stop() {
  exec 4<>"/dev/tcp/127.0.0.1/$ECHO_PORT"
  (
    n=0
    while [ ! -e "$WORK/stop" ]; do
      for _ in $(seq 1 20); do n=$((n + 1)); printf 'in flight %d\r\n' "$n"; done
      sleep 0.01
    done >&4
    echo "$n" >"$WORK/sent"
  ) &
  local writer=$!
  (while IFS= read -r -t 30 line; do printf '%s\n' "${line%$'\r'}"; done <&4 >"$WORK/received") &
  local reader=$!
  sleep 1
  local stopping
  stopping=$(date +%s%N)
  "${PODMAN[@]}" stop -t "$STOP_TIMEOUT" tcp-echo-test >/dev/null &
  local stopper=$!
  # the client goes on writing for a moment into the drain, so lines are in flight at SIGTERM
  sleep 0.3
  touch "$WORK/stop"
  wait "$writer"
  wait "$stopper"
  local stopped_ms=$((($(date +%s%N) - stopping) / 1000000))
  wait "$reader" || true
  exec 4>&-

  local sent received exit_code
  sent=$(cat "$WORK/sent")
  received=$(wc -l <"$WORK/received")
  exit_code=$("${PODMAN[@]}" inspect --format '{{.State.ExitCode}}' tcp-echo-test)
  log "stop took $stopped_ms ms; exit code $exit_code; $received of $sent lines echoed"
  [ "$received" = "$sent" ] || fail "lines lost in the drain: $received of $sent"
  [ "$(tail -1 "$WORK/received")" = "in flight $sent" ] || fail "the last echo is not the last line"
  ((stopped_ms < STOP_TIMEOUT * 1000)) || fail "the container did not exit before the stop timeout"
  [ "$exit_code" != 137 ] || fail "the container was killed"
  "${PODMAN[@]}" logs tcp-echo-test 2>&1 | grep -E 'Drain finished' || fail "no drain summary in the logs"
  log "ok: podman stop drained every line and the container exited by itself"
}

install_tools
build_standins
build_image
"${PODMAN[@]}" rm -f -t 0 tcp-echo-test >/dev/null 2>&1 || true
run_image
check_echo_and_user
check_client_in_image
check_udp
check_memory_under_load
check_drain_on_stop
log "container test passed"
