#!/usr/bin/env bash
# Trains a JDK AOT cache through a whole life, not only to the context's refresh.
#   server COMMAND...: runs COMMAND (a java that records: -XX:AOTCacheOutput or -XX:AOTMode=record,
#     then -jar and its arguments) as the server, echoes one line over TCP and one datagram over
#     UDP, asks Actuator for its health, then stops it with SIGTERM, so that the listeners, the web
#     server, the echo path and the drain are all in the cache;
#   client COMMAND...: starts a server (java -jar tcp-echo.jar, from this directory) and pipes one
#     line through COMMAND, the client, pointed at it: the client's own cache, with none of the
#     server's classes.
# Bash only (/dev/tcp, /dev/udp): it runs in images without curl or nc. Ports: TRAIN_PORT (19877)
# and TRAIN_MANAGEMENT_PORT (18080).
#   scripts/aot-train.sh server java -XX:AOTCacheOutput=tcp-echo.aot -jar tcp-echo.jar
#   scripts/aot-train.sh client java -XX:AOTCacheOutput=client.aot -jar tcp-echo.jar client
set -euo pipefail
PORT=${TRAIN_PORT:-19877}
MANAGEMENT_PORT=${TRAIN_MANAGEMENT_PORT:-18080}
what=$1
shift

if [ "$what" = client ]; then
  "${1%% *}" -jar tcp-echo.jar --echo.server.port="$PORT" --management.server.port="$MANAGEMENT_PORT" >/dev/null 2>&1 &
  server=$!
  trap 'kill $server 2>/dev/null || true' EXIT
  until (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; do sleep 0.1; done
  # the JVM adds its own lines about the recording to the output
  out=$(echo trained | "$@" 127.0.0.1 "$PORT")
  grep -qx trained <<<"$out" || { echo "aot-train: the client got no echo" >&2; exit 1; }
  exit 0
fi

"$@" --echo.server.port="$PORT" --management.server.port="$MANAGEMENT_PORT" >/dev/null 2>&1 &
server=$!
trap 'kill -9 $server 2>/dev/null || true' EXIT
for port in "$PORT" "$MANAGEMENT_PORT"; do
  for _ in $(seq 1 600); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
    kill -0 $server 2>/dev/null || { echo "aot-train: the server stopped before it listened on $port" >&2; exit 1; }
    sleep 0.1
  done
done
exec 3<>"/dev/tcp/127.0.0.1/$PORT"
printf 'trained\r\n' >&3
read -r -t 10 echo <&3 || { echo "aot-train: no echo" >&2; exit 1; }
exec 3<&-
exec 4<>"/dev/udp/127.0.0.1/$PORT"
printf 'trained\n' >&4
# one read(2) takes one whole datagram; bash's read would take its first byte and drop the rest
[ "$(timeout 10 dd bs=65536 count=1 status=none <&4)" = trained ] || { echo "aot-train: no UDP echo" >&2; exit 1; }
exec 4<&-
exec 5<>"/dev/tcp/127.0.0.1/$MANAGEMENT_PORT"
printf 'GET /actuator/health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' >&5
cat <&5 >/dev/null
exec 5<&-
kill -TERM $server
wait $server || true
trap - EXIT
