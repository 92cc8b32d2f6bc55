#!/usr/bin/env bash
# Durable application intake benchmark (docs/benchmarks.md, "Durable application intake").
#
#   bash benchmarks/intake-bench.sh
#
# 1. fetches Apache Artemis 2.44.0 from Maven Central (through the Maven wrapper), creates a standalone broker
#    under benchmarks/target, runs `artemis perf client --persistent --message-size 2048` against it on 127.0.0.1
#    and records its msg/s, then stops the broker;
# 2. runs eg.gov.bawaba.benchmarks.intake.IntakeBenchmark (the hub in-process, POST /api/v1/applications closed loop,
#    deliveries counted at an entity stub);
# 3. writes both to benchmarks/target/intake-results.md.
#
# Environment (all optional): PERF_SECONDS (30), PERF_WARMUP (5), PERF_MAX_PENDING (100), PERF_PRODUCERS (1),
# INTAKE_JVM_ARGS ("-Xms1g -Xmx2g"), INTAKE_ARGS (extra -Dbench.intake.* settings, e.g.
# "-Dbench.intake.clients=8,32,64 -Dbench.intake.hubArgs=--spring.jms.cache.session-cache-size=64").
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BENCH="$ROOT/benchmarks"
TARGET="$BENCH/target"
ARTEMIS_VERSION=2.44.0
DIST="$TARGET/artemis-dist"
HOME_DIR="$DIST/apache-artemis-$ARTEMIS_VERSION"
INSTANCE="$TARGET/artemis-instance"
PERF_SECONDS="${PERF_SECONDS:-30}"
PERF_WARMUP="${PERF_WARMUP:-5}"
PERF_MAX_PENDING="${PERF_MAX_PENDING:-100}"
PERF_PRODUCERS="${PERF_PRODUCERS:-1}"
INTAKE_JVM_ARGS="${INTAKE_JVM_ARGS:--Xms1g -Xmx2g}"
INTAKE_ARGS="${INTAKE_ARGS:-}"
RESULTS="$TARGET/intake-results.md"
mkdir -p "$TARGET"
cd "$ROOT"

log() { echo "[intake-bench.sh] $*"; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

# --- 1. standalone broker and its own persistent perf client -----------------------------------------------------
if [ ! -x "$HOME_DIR/bin/artemis" ]; then
  log "fetching org.apache.activemq:apache-artemis:$ARTEMIS_VERSION:tar.gz:bin from Maven Central"
  ./mvnw -q -N dependency:copy -Dartifact=org.apache.activemq:apache-artemis:$ARTEMIS_VERSION:tar.gz:bin \
    -DoutputDirectory="$DIST"
  tar xzf "$DIST/apache-artemis-$ARTEMIS_VERSION-bin.tar.gz" -C "$DIST"
fi

BROKER_PORT="$(free_port)"
rm -rf "$INSTANCE"
log "creating broker instance on 127.0.0.1:$BROKER_PORT (journal auto-tuned by artemis create)"
"$HOME_DIR/bin/artemis" create "$INSTANCE" --silent --user bench --password bench --allow-anonymous \
  --host 127.0.0.1 --default-port "$BROKER_PORT" --no-web --no-amqp-acceptor --no-mqtt-acceptor \
  --no-stomp-acceptor --no-hornetq-acceptor --java-memory 1G > "$TARGET/artemis-create.log" 2>&1
JOURNAL="$(grep -o '<journal-type>[A-Z]*' "$INSTANCE/etc/broker.xml" | sed 's/.*>//')"

"$INSTANCE/bin/artemis" run > "$TARGET/artemis-broker.log" 2>&1 &
BROKER_PID=$!
stop_broker() {
  if kill -0 "$BROKER_PID" 2>/dev/null; then
    "$INSTANCE/bin/artemis" stop > /dev/null 2>&1 || true
    for _ in $(seq 1 30); do kill -0 "$BROKER_PID" 2>/dev/null || return 0; sleep 1; done
    kill "$BROKER_PID" 2>/dev/null || true
  fi
}
trap stop_broker EXIT
for _ in $(seq 1 60); do
  (exec 3<>"/dev/tcp/127.0.0.1/$BROKER_PORT") 2>/dev/null && break
  sleep 1
done

PERF_JSON="$TARGET/artemis-perf.json"
log "artemis perf client --persistent --message-size 2048: ${PERF_WARMUP}s warm-up within ${PERF_SECONDS}s"
timeout $((PERF_SECONDS + 120)) "$HOME_DIR/bin/artemis" perf client --silent \
  --url "tcp://127.0.0.1:$BROKER_PORT" --user bench --password bench \
  --persistent --message-size 2048 --producers "$PERF_PRODUCERS" --max-pending "$PERF_MAX_PENDING" \
  --warmup "$PERF_WARMUP" --duration "$PERF_SECONDS" --json "$PERF_JSON" queue://BENCH.PERF \
  > "$TARGET/artemis-perf.log" 2>&1
stop_broker
trap - EXIT

# msg/s over the measured (non warm-up) intervals: sent and completed (broker-acknowledged persistent sends), received
read -r BROKER_RATE BROKER_RECEIVED BROKER_WINDOW BROKER_P99_US < <(python3 - "$PERF_JSON" <<'EOF'
import json, sys
samples = json.load(open(sys.argv[1]))
intervals = [s for s in samples if s.get("sampleType") == "interval"]
warm = [s for s in intervals if s.get("warmup")]
measured = [s for s in intervals if not s.get("warmup")]
start = warm[-1]["time"] if warm else measured[0]["time"] - 1000
secs = (measured[-1]["time"] - start) / 1000
summary = next(s for s in samples if s.get("sampleType") == "summary")
print(round(sum(s["completed"] for s in measured) / secs), round(sum(s["received"] for s in measured) / secs),
      round(secs, 1), summary["totalSendTime"]["99"])
EOF
)
log "broker: $BROKER_RATE msg/s persistent sends completed ($BROKER_RECEIVED msg/s received) over $BROKER_WINDOW s"

# --- 2. the hub's intake ------------------------------------------------------------------------------------------
log "building the benchmarks module (profile bench)"
./mvnw -q -Pbench -pl benchmarks -am -DskipTests package dependency:build-classpath \
  -Dmdep.outputFile=target/intake-classpath.txt
log "running the intake harness"
(cd "$BENCH" && timeout 1800 java $INTAKE_JVM_ARGS $INTAKE_ARGS -Dbench.intake.out="$TARGET/intake-java.md" \
  -cp "target/classes:$(cat target/intake-classpath.txt)" eg.gov.bawaba.benchmarks.intake.IntakeBenchmark) \
  | tee "$TARGET/intake-java.log" | grep '^\[intake-bench\]'

# --- 3. combined results ------------------------------------------------------------------------------------------
BEST="$(python3 - "$TARGET/intake-java.md" "$BROKER_RATE" <<'EOF'
import sys
rows = [l.split("|")[1:-1] for l in open(sys.argv[1]) if l.startswith("| ") and l[2].isdigit()]
best = max(rows, key=lambda r: float(r[1]))
rate, broker = float(best[1]), float(sys.argv[2])
print(f"best intake {rate:.0f} applications/s at {best[0].strip()} clients (p99 {best[4].strip()} ms) = "
      f"{100 * rate / broker:.1f}% of the broker's {broker:.0f} msg/s (target: 25%, p99 < 100 ms)")
EOF
)"
{
  echo "# Durable application intake: results of $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo
  echo "Command: \`bash benchmarks/intake-bench.sh\`; $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs))."
  echo
  echo "## Standalone Artemis $ARTEMIS_VERSION, same machine, same run"
  echo
  echo "\`artemis perf client --persistent --message-size 2048 --producers $PERF_PRODUCERS --max-pending $PERF_MAX_PENDING --warmup $PERF_WARMUP --duration $PERF_SECONDS\`"
  echo "(CORE over TCP on 127.0.0.1, journal $JOURNAL as auto-tuned by \`artemis create\`):"
  echo "**$BROKER_RATE msg/s** persistent sends completed ($BROKER_RECEIVED msg/s consumed) over the last $BROKER_WINDOW s; send p99 ${BROKER_P99_US} µs."
  echo
  echo "## Hub intake (POST /api/v1/applications) and delivery"
  echo
  cat "$TARGET/intake-java.md"
  echo
  echo "**Summary:** $BEST."
} > "$RESULTS"
log "wrote $RESULTS"
cat "$RESULTS"
