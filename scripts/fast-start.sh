#!/usr/bin/env bash
# The image's fast start outside a container, on JDK 25: the jar built with Spring AOT (-Paot),
# extracted, and two JDK AOT caches trained through a whole life by scripts/aot-train.sh, the
# server's and the client's. Prints the commands that start the server and the client with them.
#   JAVA=/path/to/java25 scripts/fast-start.sh [DIR]     (DIR: target/fast-start)
set -euo pipefail
cd "$(dirname "$0")/.."

JAVA=${JAVA:-java}
DIR=${1:-target/fast-start}
if ! "$JAVA" -XX:AOTMode=off -version >/dev/null 2>&1; then
  echo "fast-start: $JAVA cannot use an AOT cache (JDK 25 or later); set JAVA" >&2
  exit 1
fi

./mvnw -q -B -Paot package -DskipTests
rm -rf "$DIR"
"$JAVA" -Djarmode=tools -jar target/tcp-echo.jar extract --destination "$DIR" >/dev/null
# the cache holds the class path as given: train and start from the same directory, jar named alike
TRAIN=$(pwd)/scripts/aot-train.sh
(cd "$DIR" && bash "$TRAIN" server "$JAVA" -XX:AOTCacheOutput=tcp-echo.aot -XX:+UseG1GC -Dspring.aot.enabled=true \
  -jar tcp-echo.jar)
(cd "$DIR" && bash "$TRAIN" client "$JAVA" -XX:AOTCacheOutput=client.aot -XX:+UseG1GC \
  -jar tcp-echo.jar client)
echo "cd $DIR && $JAVA -XX:AOTCache=tcp-echo.aot -XX:+UseG1GC -Dspring.aot.enabled=true -jar tcp-echo.jar"
echo "cd $DIR && $JAVA -XX:AOTCache=client.aot -XX:+UseG1GC -jar tcp-echo.jar client HOST PORT"
