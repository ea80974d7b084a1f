#!/usr/bin/env bash
# The image's fast start outside a container, on JDK 25: the jar built with Spring AOT (-Paot),
# extracted, and a JDK AOT cache from one training run (the server starts, then exits once its
# context is refreshed). Prints the command that starts the server with both.
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
(cd "$DIR" && "$JAVA" -XX:AOTCacheOutput=tcp-echo.aot -XX:+UseG1GC -Dspring.aot.enabled=true \
  -Dspring.context.exit=onRefresh -jar tcp-echo.jar --echo.server.port=0 --management.server.port=0 >/dev/null)
echo "cd $DIR && $JAVA -XX:AOTCache=tcp-echo.aot -XX:+UseG1GC -Dspring.aot.enabled=true -jar tcp-echo.jar"
