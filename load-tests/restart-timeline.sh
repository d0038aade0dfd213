#!/usr/bin/env bash
# One kill -9 and restart of the packaged service, timed: start it with a scratch home (embedded broker, online
# training that promotes every candidate, as `bench chaos` runs it), stream ITEMS Fashion-MNIST images in, wait
# until a promoted version serves, kill -9 it and restart it; then print when the restarted JVM logged each step
# (broker up, model.versions read, model loaded, index open, Quarkus started) and when, polled every 50 ms from
# outside, the first lookup answered, readiness was UP and Streams RUNNING, each in seconds after the kill.
#   load-tests/restart-timeline.sh [HOME]      (ITEMS=300 HTTP_PORT=18080 KAFKA_PORT=19092 NICE=0 to change)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
HOME_DIR="${1:-$(mktemp -d /tmp/hdc-restart-XXXXXX)}"
ITEMS="${ITEMS:-300}"
HTTP_PORT="${HTTP_PORT:-18080}"
KAFKA_PORT="${KAFKA_PORT:-19092}"
NICE="${NICE:-0}"
JAVA="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
JAR="${JAR:-$ROOT/target/quarkus-app/quarkus-run.jar}"
URL="http://localhost:$HTTP_PORT"
FLAGS=(--add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED
  -Djava.util.logging.manager=org.jboss.logmanager.LogManager -Xmx2g
  -Dhdc.home="$HOME_DIR" -Dquarkus.http.port="$HTTP_PORT" -Dhdc.kafka.embedded.port="$KAFKA_PORT"
  -Dhdc.online.enabled=true -Dhdc.online.candidate-every-steps=40 -Dhdc.online.candidate-min-interval=15s
  -Dhdc.online.gate.margin=0 -Dhdc.online.gate.seen-tolerance=1)
mkdir -p "$HOME_DIR"
PID=

now() { date +%s.%N; }
say() { echo "timeline: $*" >&2; }
cleanup() { [[ -n "$PID" ]] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null; true; }
trap cleanup EXIT

start() {
  nice -n "$NICE" "$JAVA" "${FLAGS[@]}" -jar "$JAR" serve >"$HOME_DIR/service-$1.log" 2>&1 &
  PID=$!
}

await() { # await SECONDS DESCRIPTION COMMAND...: until COMMAND succeeds
  local limit=$1 what=$2
  shift 2
  local deadline=$(( $(date +%s) + limit ))
  until "$@" >/dev/null 2>&1; do
    if (( $(date +%s) > deadline )); then say "gave up waiting for $what"; exit 1; fi
    sleep 1
  done
}

ready() { curl -sf -m 2 "$URL/q/health/ready"; }
promoted_serves() { # a second version serves and the index holds the catalog
  curl -sf -m 2 "$URL/api/model/versions" | python3 -c '
import json, sys
v = json.load(sys.stdin)
serving = v.get("serving")
first = v["history"][0]["versionId"] if v.get("history") else None
sys.exit(0 if serving and first and serving != first and v.get("target") == serving else 1)' &&
    [[ $(curl -sf -m 2 "$URL/api/model" | python3 -c 'import json,sys; print(json.load(sys.stdin)["indexedItems"])') -ge $ITEMS ]]
}

say "home $HOME_DIR; first life"
start 1
await 300 "the first start" ready
"$JAVA" "${FLAGS[@]}" -jar "$JAR" produce --dataset fashion-mnist --limit "$ITEMS" --bootstrap "localhost:$KAFKA_PORT" \
  >"$HOME_DIR/produce.log" 2>&1
say "$ITEMS items sent; waiting for a promoted version to serve"
await 900 "a promoted version" promoted_serves
curl -sf "$URL/api/model/versions" | python3 -c 'import json,sys; v=json.load(sys.stdin); print("timeline: serving", v["serving"], "of", len(v["versions"]), "versions")' >&2
PROBE="fashion-mnist-train-0"
sleep 6 # past an index commit (every 5 s), as a service that has been running a while is
say "load average before the kill: $(cat /proc/loadavg)"
kill -9 "$PID"
KILLED=$(now)
wait "$PID" 2>/dev/null || true
start 2
STARTED=$(now)
LOOKUP= READY= RUNNING=
while [[ -z "$LOOKUP" || -z "$READY" || -z "$RUNNING" ]]; do
  if [[ -z "$LOOKUP" ]] && [[ $(curl -s -o /dev/null -w '%{http_code}' -m 2 "$URL/api/items/$PROBE/similar?k=5") == 200 ]]; then
    LOOKUP=$(now)
  fi
  if [[ -z "$READY" || -z "$RUNNING" ]]; then
    health=$(curl -s -m 2 "$URL/q/health/ready" || true)
    if [[ -z "$READY" ]] && [[ "$health" == *'"status": "UP"'* ]] && [[ "$health" != *'"DOWN"'* ]]; then READY=$(now); fi
    if [[ -z "$RUNNING" ]] && [[ "$health" == *'"streams": "RUNNING"'* ]]; then RUNNING=$(now); fi
  fi
  if (( $(echo "$(now) - $KILLED > 300" | bc) )); then say "no recovery within 300 s"; exit 1; fi
  sleep 0.05
done
LOG="$HOME_DIR/service-2.log"
since() { printf '%6.2f s' "$(echo "$1 - $KILLED" | bc)"; }
logged() { # seconds after the kill of the first log line matching $1
  local line
  line=$(grep -m1 -E "$1" "$LOG" | cut -c1-23) || true
  if [[ -z "$line" ]]; then printf '     - '; return; fi
  since "$(date -d "${line/,/.}" +%s.%N)"
}
echo "restart timeline (seconds after the kill -9; load average at the end: $(cat /proc/loadavg | cut -d' ' -f1-3)):"
echo "  JVM started           $(since "$STARTED")"
echo "  first log line        $(logged '^[0-9]{4}-')"
echo "  early serving open    $(logged 'Early lookups: model')"
echo "  broker up             $(logged 'Embedded Kafka broker up')"
echo "  model.versions read   $(logged 'Model versions: [0-9]+ known')"
echo "  model loaded          $(logged 'Serving model .* from')"
echo "  index open            $(logged 'Serving index of model')"
echo "  Quarkus started       $(logged 'started in [0-9.]+s')"
echo "  first lookup answered $(since "$LOOKUP")"
echo "  Streams RUNNING       $(since "$RUNNING")"
echo "  readiness UP          $(since "$READY")"
grep -m1 -E 'Embedded Kafka broker up' "$LOG" | sed 's/.*broker up/  (broker: up/' || true
