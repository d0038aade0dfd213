#!/usr/bin/env bash
# Gatling load tests against a real hdc service, in one command:
#   load-tests/run.sh [--items N] [--seconds S] [--rates "250 500 ..."] [--image-rate R] [--stream-rate R]
# Starts the packaged service on free loopback ports with a scratch home (embedded broker, online training off:
# serving alone is measured), streams N Fashion-MNIST training images in and waits until they are searchable, then:
#   1. similar-by-id at 500 requests/s (target: p99 < 10 ms),
#   2. a sweep of similar-by-id rates: the knee is the first rate whose p99 passes 10 ms (the sweep goes on until
#      p99 passes a second),
#   3. search-by-image at 50 requests/s,
#   4. similar-by-id while the test split streams in (./hdc produce at --stream-rate images/s).
# Each run's HTML report is under load-tests/target/gatling/; the figures go to load-tests/target/load-report.md.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$HERE")"
ITEMS=10000
SECONDS_PER_RUN=30
RATES="50 100 250 500 750 1000 1500 2000 3000"
IMAGE_RATE=50
STREAM_RATE=200
STREAM_LOOKUP_RATE=200
while [[ $# -gt 0 ]]; do
  case "$1" in
    --items) ITEMS="$2"; shift 2 ;;
    --seconds) SECONDS_PER_RUN="$2"; shift 2 ;;
    --rates) RATES="$2"; shift 2 ;;
    --image-rate) IMAGE_RATE="$2"; shift 2 ;;
    --stream-rate) STREAM_RATE="$2"; shift 2 ;;
    *) echo "load-tests: unknown option $1 (--items N --seconds S --rates \"R ...\" --image-rate R --stream-rate R)" >&2; exit 2 ;;
  esac
done

say() { echo "load-tests: $*" >&2; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
SCRATCH="$(mktemp -d /tmp/hdc-load-XXXXXX)"
HTTP_PORT="$(free_port)"
BROKER_PORT="$(free_port)"
URL="http://127.0.0.1:$HTTP_PORT"
REPORT="$HERE/target/load-report.md"
mkdir -p "$HERE/target"
SERVICE_PID=""
PRODUCER_PID=""
cleanup() {
  [[ -n "$PRODUCER_PID" ]] && kill "$PRODUCER_PID" 2>/dev/null || true
  if [[ -n "$SERVICE_PID" ]]; then
    kill "$SERVICE_PID" 2>/dev/null || true
    wait "$SERVICE_PID" 2>/dev/null || true
  fi
  rm -rf "$SCRATCH"
}
trap cleanup EXIT

SERVICE_OPTS="-Dhdc.home=$SCRATCH -Dquarkus.http.port=$HTTP_PORT -Dhdc.kafka.embedded.port=$BROKER_PORT -Dhdc.online.enabled=false"
say "starting the service on $URL (broker 127.0.0.1:$BROKER_PORT, home $SCRATCH)"
HDC_JAVA_OPTS="$SERVICE_OPTS" "$ROOT/hdc" serve > "$HERE/target/service.log" 2>&1 &
SERVICE_PID=$!
for _ in $(seq 1 240); do
  curl -sf "$URL/q/health/ready" >/dev/null 2>&1 && break
  kill -0 "$SERVICE_PID" 2>/dev/null || { say "the service exited: see $HERE/target/service.log"; exit 1; }
  sleep 1
done
curl -sf "$URL/q/health/ready" >/dev/null || { say "the service is not ready after 240 s"; exit 1; }

indexed() { curl -sf "$URL/api/model" | sed -n 's/.*"indexedItems":\([0-9]*\).*/\1/p'; }
say "streaming $ITEMS Fashion-MNIST training images in"
HDC_JAVA_OPTS="-Dhdc.home=$SCRATCH" "$ROOT/hdc" produce --dataset fashion-mnist --split train --limit "$ITEMS" \
  --bootstrap "127.0.0.1:$BROKER_PORT" > "$HERE/target/produce.log" 2>&1
for _ in $(seq 1 600); do
  [[ "$(indexed)" -ge "$ITEMS" ]] 2>/dev/null && break
  sleep 1
done
say "$(indexed) items searchable"

# One Gatling run; prints "p50 p99 max requests failed report load" (ms; load = the 1-minute load average at the end)
# from the run's console summary (Global Information).
RUN=0
gatling() {
  local simulation="$1"; shift
  RUN=$((RUN + 1))
  local log="$HERE/target/gatling-run-$RUN.log"
  local kind=similar; [[ "$simulation" == SearchByImageSimulation ]] && kind=image
  python3 "$HERE/server_quantiles.py" snapshot "$URL" "$kind" "$HERE/target/buckets-$RUN.json" || true
  (cd "$ROOT" && ./mvnw -B -q -f load-tests/pom.xml gatling:test -Dgatling.simulationClass="com.hdcsearch.load.$simulation" \
    -Dhdc.load.url="$URL" -Dhdc.load.items="$ITEMS" -Dhdc.load.seconds="$SECONDS_PER_RUN" "$@") > "$log" 2>&1 || true
  local load; load="$(cut -d' ' -f1 /proc/loadavg)"
  local server; server="$(python3 "$HERE/server_quantiles.py" diff "$URL" "$kind" "$HERE/target/buckets-$RUN.json" || echo "- -")"
  python3 - "$log" "$load" $server <<'PY'
import re, sys
text = open(sys.argv[1], errors="replace").read()
block = text.split("---- Global Information")[-1] if "---- Global Information" in text else ""
def col(label, i=0):
    m = re.search(r"> " + re.escape(label) + r"\s*\|\s*([^|]+)\|\s*([^|]+)\|\s*([^|\n]+)", block)
    if not m:
        return "-"
    v = m.group(i + 1).strip().replace(",", "")
    return "0" if v == "-" else v
rep = re.findall(r"file://(\S+index\.html)", text)
print(col("response time 50th percentile (ms)"), col("response time 99th percentile (ms)"),
      col("max response time (ms)"), col("request count"), col("request count", 2),
      rep[-1].replace(sys.argv[1].rsplit("/target/", 1)[0] + "/", "") if rep else "-", sys.argv[2],
      sys.argv[3], sys.argv[4])
PY
}

{
  echo "# hdc load tests ($(date -u +%Y-%m-%dT%H:%MZ))"
  echo
  echo "Service: packaged jar, embedded broker, online training off, $ITEMS Fashion-MNIST items (28 px, untrained"
  echo "default network), $(nproc) cores shared by the service, the Gatling JVM and whatever else runs on the machine."
  echo "Each run: a 5 s ramp, then ${SECONDS_PER_RUN} s at the rate; keep-alive connections (shared). Load avg: the"
  echo "machine's 1-minute load average when the run ended (above the core count, the figures measure the contention)."
  echo "Service p50/p99: the service's own lookup histogram (hdc_search_latency_seconds) over the run: time in the handler."
  echo
  echo "| run | rate/s | p50 ms | p99 ms | max ms | requests | failed | report | load avg | service p50 ms | service p99 ms |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|"
} > "$REPORT"
row() { echo "| $1 | $2 | $(echo "$3" | awk '{print $1" | "$2" | "$3" | "$4" | "$5" | "$6" | "$7" | "$8" | "$9}') |" >> "$REPORT"; }

say "similar-by-id at 500/s"
r="$(gatling SimilarByIdSimulation -Dhdc.load.rate=500)"; row "similar-by-id (target p99 < 10 ms)" 500 "$r"

knee=""; last_ok=""
for rate in $RATES; do
  say "similar-by-id sweep: $rate/s"
  r="$(gatling SimilarByIdSimulation -Dhdc.load.rate="$rate")"; row "similar-by-id sweep" "$rate" "$r"
  p99="$(echo "$r" | awk '{print $2}')"
  if [[ "$p99" =~ ^[0-9]+$ ]] && (( p99 >= 10 )); then
    [[ -z "$knee" ]] && knee="$rate"
    (( p99 >= 1000 )) && break  # past a second, higher rates only queue more
  elif [[ -z "$knee" ]]; then
    last_ok="$rate"
  fi
done

say "search-by-image at $IMAGE_RATE/s"
r="$(gatling SearchByImageSimulation -Dhdc.load.rate="$IMAGE_RATE")"; row "search-by-image" "$IMAGE_RATE" "$r"

say "similar-by-id at $STREAM_LOOKUP_RATE/s while the test split streams in at $STREAM_RATE/s"
before_items="$(indexed)"
HDC_JAVA_OPTS="-Dhdc.home=$SCRATCH" "$ROOT/hdc" produce --dataset fashion-mnist --split test --limit 10000 \
  --rate "$STREAM_RATE" --bootstrap "127.0.0.1:$BROKER_PORT" >> "$HERE/target/produce.log" 2>&1 &
PRODUCER_PID=$!
sleep 8
r="$(gatling SimilarByIdSimulation -Dhdc.load.rate="$STREAM_LOOKUP_RATE")"
kill "$PRODUCER_PID" 2>/dev/null || true; wait "$PRODUCER_PID" 2>/dev/null || true; PRODUCER_PID=""
row "similar-by-id while streaming ($(( $(indexed) - before_items )) items added)" "$STREAM_LOOKUP_RATE" "$r"

{
  echo
  if [[ -n "$knee" ]]; then
    echo "Knee: p99 passed 10 ms at $knee requests/s (last rate under: ${last_ok:-none})."
  else
    echo "Knee: p99 stayed under 10 ms up to the highest rate tried (${last_ok})."
  fi
} >> "$REPORT"
cat "$REPORT"
