#!/usr/bin/env bash
# Cluster benchmark (docs/benchmarks.md, "Cluster"): application intake and catalogue reads through the load balancer
# of bin/cluster, with two hubs and then with one, driven by wrk (a C load generator) and counted end to end at the
# simulated ministry; or the same against an embedded hub that is already running, for numbers side by side.
#
#   bash benchmarks/cluster-bench.sh                  bin/cluster up (or reuse it), two hubs, then hub-2 killed: one
#   bash benchmarks/cluster-bench.sh embedded         the hub at BENCH_URL (default http://127.0.0.1:8080), e.g. the
#                                                     README's demo, its ministry at BENCH_ENTITY_URL (:8091)
#
# Environment (all optional): BENCH_SECONDS (30) per wrk run, BENCH_CONNECTIONS (32), BENCH_WARMUP_SECONDS (5, an
# unmeasured intake run first), BENCH_DRAIN_SECONDS (120, how long to wait for deliveries after intake), WRK_CPUS
# (taskset list for wrk, default the last core), HUB_CPUS (taskset list the hubs, brokers and HAProxy are moved to;
# default: the other cores when there are 4 or more, else none: on 2 cores they keep both), BENCH_TOKEN (else minted
# with the hubs' development key), BENCH_ENTRY (emigration.CAR-IMPORT-01), BENCH_ENTITY_CONSUMERS (8: the Ministry's
# delivery consumers per hub, as EMIGRATION_CONSUMERS, in a cluster this script starts). bin/cluster's
# BAWABA_CLUSTER_* variables (ports, database) apply. A cluster it started is stopped at the end; one already running is left running, whole.
# Results: benchmarks/target/cluster-results-<mode>.md. One benchmark at a time on this machine: flock on
# /tmp/bawaba-bench.lock.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
MODE="${1:-cluster}"
TARGET="$ROOT/benchmarks/target"
WORK="$TARGET/cluster-bench"
SECONDS_PER_RUN="${BENCH_SECONDS:-30}"
CONNECTIONS="${BENCH_CONNECTIONS:-32}"
WARMUP="${BENCH_WARMUP_SECONDS:-5}"
DRAIN="${BENCH_DRAIN_SECONDS:-120}"
export BENCH_ENTRY="${BENCH_ENTRY:-emigration.CAR-IMPORT-01}"
CORES="$(nproc)"
WRK_CPUS="${WRK_CPUS:-$((CORES - 1))}"
if [ -z "${HUB_CPUS+x}" ]; then
  if [ "$CORES" -ge 4 ]; then HUB_CPUS="0-$((CORES - 2))"; else HUB_CPUS=""; fi
fi
LB_PORT="${BAWABA_CLUSTER_LB_PORT:-8080}"
SANDBOX_PORT="${BAWABA_CLUSTER_SANDBOX_PORT:-8091}"
STATE="$ROOT/var/cluster"
EMIGRATION_API_KEY="${EMIGRATION_API_KEY:-bawaba-sandbox-demo-key}"
case "$MODE" in
  cluster) URL="http://127.0.0.1:$LB_PORT"; ENTITY_URL="http://127.0.0.1:$SANDBOX_PORT"; DATA_DIR="$STATE/data" ;;
  embedded) URL="${BENCH_URL:-http://127.0.0.1:8080}"; ENTITY_URL="${BENCH_ENTITY_URL:-http://127.0.0.1:8091}"
            DATA_DIR="${BAWABA_DATA_DIR:-$ROOT/var}" ;;
  *) sed -n '2,18p' "$0" >&2; exit 64 ;;
esac
RESULTS="$TARGET/cluster-results-$MODE.md"
mkdir -p "$WORK"

log() { echo "[cluster-bench] $*"; }
die() { echo "[cluster-bench] $*" >&2; exit 1; }
command -v wrk >/dev/null || { log "installing Debian's wrk"; apt-get install -y -q wrk >/dev/null; }

# one benchmark at a time on a shared machine: wait for the others
exec 9> /tmp/bawaba-bench.lock
if ! flock -n 9; then
  log "another benchmark holds /tmp/bawaba-bench.lock: waiting"
  flock 9
fi

# --- the cluster (or the embedded hub) ---------------------------------------------------------------------------
STARTED_HERE=no
readiness() { curl -s -o /dev/null -m 3 -w '%{http_code}' "$URL/actuator/health/readiness" || true; }
if [ "$MODE" = cluster ]; then
  if [ "$(readiness)" = 200 ]; then
    log "a cluster answers on $URL: reusing it (its hubs keep their own rate-limit settings)"
  else
    # the API's per-client rate limit (100/s by default) and the callbacks' (20/s per address) would measure
    # themselves, not the hubs: one benchmark client and one simulated ministry send everything
    export BAWABA_RATE_LIMIT_ENABLED=false BAWABA_CALLBACK_RATE_LIMIT_ENABLED=false
    # the demo Ministry's definition delivers one application at a time per hub; the simulated one takes parallel
    # calls, and delivery would measure that limit instead of the hubs (as intake-bench.sh, 8 by default)
    export EMIGRATION_CONSUMERS="${BENCH_ENTITY_CONSUMERS:-8}"
    log "bin/cluster up (rate limits off, $EMIGRATION_CONSUMERS delivery consumers per hub for this run)"
    bin/cluster up
    STARTED_HERE=yes
  fi
else
  [ "$(readiness)" = 200 ] || die "no hub ready at $URL (start the demo: ./mvnw -pl sandbox -am spring-boot:run)"
fi
finish() {
  if [ "$STARTED_HERE" = yes ]; then bin/cluster down || true
  elif [ "$MODE" = cluster ] && [ "${HUB2_KILLED:-no}" = yes ]; then bin/cluster start hub-2 || true; fi
}
trap finish EXIT

token() {
  if [ -n "${BENCH_TOKEN:-}" ]; then echo "$BENCH_TOKEN"; return; fi
  if [ -s "$STATE/classpath.txt" ]; then
    # the class path bin/cluster built: no jar to build or install
    java -cp "$(cat "$STATE/classpath.txt")" eg.gov.bawaba.hub.security.DevTokenCommand --data-dir "$DATA_DIR" \
      --minutes 120 "$1"
  else
    BAWABA_DATA_DIR="$DATA_DIR" bin/dev-token --minutes 120 "$1"
  fi
}
TOKEN="$(token "catalogue:read applications:write applications:read")"
AUTH="Authorization: Bearer $TOKEN"

log "waiting for the demo catalogue ($BENCH_ENTRY)"
for _ in $(seq 1 120); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' -H "$AUTH" "$URL/api/v1/catalogue/$BENCH_ENTRY")" = 200 ] && break
  sleep 1
done
[ "$(curl -s -o /dev/null -w '%{http_code}' -H "$AUTH" "$URL/api/v1/catalogue/$BENCH_ENTRY")" = 200 ] \
  || die "$BENCH_ENTRY is not in the catalogue at $URL"

# --- helpers -----------------------------------------------------------------------------------------------------
ledger() {
  curl -s -m 5 -H "X-Api-Key: $EMIGRATION_API_KEY" "$ENTITY_URL/emigration/api/v1/applications/bench-count" \
    | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["accepted"], d["repeats"])'
}

# name=pid of what is measured: bin/cluster's members, or the processes listening on the embedded hub's and
# ministry's ports (the demo runs both in one JVM)
listener() { ss -ltnpH "sport = :${1##*:}" 2>/dev/null | grep -o 'pid=[0-9]*' | head -n1 | cut -d= -f2; }
member_pids() {
  if [ "$MODE" = embedded ]; then
    local hub ministry; hub="$(listener "$URL")"; ministry="$(listener "$ENTITY_URL")"
    [ -n "$hub" ] && echo "hub=$hub"
    [ -n "$ministry" ] && [ "$ministry" != "$hub" ] && echo "ministry=$ministry"
    return 0
  fi
  for f in "$STATE"/pids/*.pid; do [ -f "$f" ] && echo "$(basename "$f" .pid)=$(cat "$f")"; done 2>/dev/null || true
}

pin_members() {
  [ "$MODE" = cluster ] && [ -n "$HUB_CPUS" ] || return 0
  for member in $(member_pids); do
    taskset -a -p -c "$HUB_CPUS" "${member#*=}" > /dev/null 2>&1 || true
  done
}

# CPU seconds of every process during a run: the cluster's members by name, wrk, and the five busiest others
cpu_snapshot() {
  python3 - "$1" <<'EOF'
import json, os, sys
ticks = {}
for pid in os.listdir("/proc"):
    if not pid.isdigit():
        continue
    try:
        stat = open(f"/proc/{pid}/stat").read()
        comm = stat[stat.index("(") + 1:stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2:].split()
        cmd = open(f"/proc/{pid}/cmdline").read().replace("\0", " ")[:160]
        ticks[pid] = [int(fields[11]) + int(fields[12]), comm, cmd]
    except (OSError, ValueError):
        pass
total = sum(int(x) for x in open("/proc/stat").readline().split()[1:8])
json.dump({"ticks": ticks, "total": total}, open(sys.argv[1], "w"))
EOF
}

cpu_report() {
  python3 - "$1" "$2" "$3" $(member_pids) <<'EOF'
import json, os, sys
before, after = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
seconds = float(sys.argv[3])
hz = os.sysconf("SC_CLK_TCK")
members = {pid: name for name, pid in (m.split("=") for m in sys.argv[4:])}
used = {}
for pid, (t, comm, cmd) in after["ticks"].items():
    d = t - before["ticks"].get(pid, [0])[0]
    if d > 0:
        used[pid] = (d / hz, comm, cmd)
def pct(s): return f"{100 * s / seconds:.0f}%"
rows, others = [], []
for pid, (s, comm, cmd) in sorted(used.items(), key=lambda x: -x[1][0]):
    if pid in members:
        rows.append(f"{members[pid]} {pct(s)}")
    elif comm == "wrk":
        rows.append(f"wrk {pct(s)}")
    else:
        others.append((s, comm, cmd))
busy = (after["total"] - before["total"]) / hz
line = ", ".join(rows) + f"; others {pct(sum(o[0] for o in others))} (top: " + ", ".join(
    f"{o[1]} {pct(o[0])}" for o in others[:5]) + f"); machine busy {100 * busy / seconds / os.cpu_count():.0f}% of {os.cpu_count()} cores"
print(line)
EOF
}

# wrk's figures: requests/s, p99 in ms, and the status lines of the Lua script
wrk_run() {
  local name="$1" script="$2" seconds="$3"
  local out="$WORK/$name.txt"
  BENCH_RUN="$(date +%s%N)-$name" taskset -c "$WRK_CPUS" wrk -t1 -c"$CONNECTIONS" -d"${seconds}s" --latency \
    -s "benchmarks/wrk/$script" -H "$AUTH" "$URL" > "$out" 2>&1 || true
  echo "$out"
}

wrk_figures() {
  python3 - "$1" <<'EOF'
import re, sys
text = open(sys.argv[1]).read()
def ms(v, unit): return float(v) * {"us": 0.001, "ms": 1, "s": 1000}[unit]
rate = re.search(r"Requests/sec:\s+([\d.]+)", text)
p99 = re.search(r"^\s*99%\s+([\d.]+)(us|ms|s)\s*$", text, re.M)
p50 = re.search(r"^\s*50%\s+([\d.]+)(us|ms|s)\s*$", text, re.M)
statuses = {}
for code, count in re.findall(r"^(?:intake|reads)-status (\d+) (\d+)$", text, re.M):
    statuses[code] = statuses.get(code, 0) + int(count)
socket = re.search(r"Socket errors: (.*)", text)
print(f"{float(rate.group(1)) if rate else 0:.0f}",
      f"{ms(*p50.groups()) if p50 else 0:.1f}", f"{ms(*p99.groups()) if p99 else 0:.1f}",
      ",".join(f"{k}:{v}" for k, v in sorted(statuses.items())) or "none",
      (socket.group(1).replace(" ", "") if socket else "none"))
EOF
}

# the number of 202 answers in a wrk output
answered() {
  local n; n="$(wrk_figures "$1" | awk '{print $4}' | tr ',' '\n' | awk -F: '$1==202 {print $2}')"
  echo "${n:-0}"
}

# waits until the ministry has accepted $2 applications more than $1, and its count has stood still for a second
# (wrk stops with requests in flight: the hub accepts up to BENCH_CONNECTIONS more than the 202s wrk counted), or
# BENCH_DRAIN_SECONDS: "delivered repeats drained when-the-count-last-grew"
await_delivered() {
  local base="$1" expected="$2" repeats_base="$3" now repeats_now last=-1 grew
  grew="$(date +%s.%N)"
  for _ in $(seq 1 "$DRAIN"); do
    read -r now repeats_now < <(ledger)
    if [ $((now - base)) -ge "$expected" ] && [ "$now" = "$last" ]; then
      echo "$((now - base)) $((repeats_now - repeats_base)) yes $grew"; return
    fi
    [ "$now" = "$last" ] || grew="$(date +%s.%N)"
    last="$now"
    sleep 1
  done
  echo "$((now - base)) $((repeats_now - repeats_base)) no $grew"
}

ROWS=()
phase() {
  local label="$1" hubs="$2"
  pin_members
  if [ "$WARMUP" -gt 0 ]; then
    log "$label: warm-up, ${WARMUP}s of intake (not measured), then its deliveries"
    read -r accepted_before repeats_before < <(ledger)
    await_delivered "$accepted_before" "$(answered "$(wrk_run "$label-warmup" intake.lua "$WARMUP")")" \
      "$repeats_before" > /dev/null
  fi
  # --- intake, then deliveries counted at the ministry until every 202 has arrived (or BENCH_DRAIN_SECONDS)
  read -r accepted_before repeats_before < <(ledger)
  cpu_snapshot "$WORK/cpu-a"
  local started; started=$(date +%s.%N)
  log "$label: intake, ${SECONDS_PER_RUN}s at $CONNECTIONS connections"
  local out; out="$(wrk_run "$label-intake" intake.lua "$SECONDS_PER_RUN")"
  cpu_snapshot "$WORK/cpu-b"
  local intake_cpu; intake_cpu="$(cpu_report "$WORK/cpu-a" "$WORK/cpu-b" "$SECONDS_PER_RUN")"
  read -r rate p50 p99 statuses sockets < <(wrk_figures "$out")
  local answered202 delivered repeats drained last_grew
  answered202="$(answered "$out")"
  read -r delivered repeats drained last_grew < <(await_delivered "$accepted_before" "$answered202" "$repeats_before")
  # from the first request to the last delivery seen (the ministry is read once a second)
  local e2e; e2e="$(python3 -c "print(f'{$delivered / max($last_grew - $started, 0.001):.0f}')")"
  log "$label: intake $rate/s p99 $p99 ms ($statuses); delivered $delivered of $answered202 (repeats $repeats), end to end $e2e/s"
  ROWS+=("| $label | $hubs | intake | $rate applications/s | $p50 | $p99 | $statuses; sockets $sockets | $delivered of $answered202 delivered$([ "$drained" = yes ] || echo " (NOT drained in ${DRAIN}s)"), $repeats repeats; end to end $e2e/s | $intake_cpu |")
  # --- catalogue reads
  cpu_snapshot "$WORK/cpu-a"
  log "$label: catalogue reads, ${SECONDS_PER_RUN}s at $CONNECTIONS connections"
  out="$(wrk_run "$label-reads" reads.lua "$SECONDS_PER_RUN")"
  cpu_snapshot "$WORK/cpu-b"
  local reads_cpu; reads_cpu="$(cpu_report "$WORK/cpu-a" "$WORK/cpu-b" "$SECONDS_PER_RUN")"
  read -r rate p50 p99 statuses sockets < <(wrk_figures "$out")
  log "$label: reads $rate/s p99 $p99 ms ($statuses)"
  ROWS+=("| $label | $hubs | reads | $rate reads/s | $p50 | $p99 | $statuses; sockets $sockets | | $reads_cpu |")
}

# --- the runs ----------------------------------------------------------------------------------------------------
if [ "$MODE" = cluster ]; then
  phase "two hubs" 2
  log "killing hub-2 (SIGKILL); HAProxy's readiness check takes it out"
  bin/cluster kill hub-2
  HUB2_KILLED=yes
  for _ in $(seq 1 10); do [ "$(readiness)" = 200 ] && break; sleep 1; done
  sleep 3
  phase "one hub" 1
else
  phase "embedded" 1
fi

# --- results -----------------------------------------------------------------------------------------------------
PINNED="${HUB_CPUS:-no CPU (they share every core with wrk)}"
COMMIT="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet 2>/dev/null || echo '+changes')"
{
  echo "# Cluster benchmark ($MODE): results of $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo
  echo "Command: \`bash benchmarks/cluster-bench.sh${1:+ $1}\`; commit $COMMIT; $CORES cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)); $(free -g | awk '/Mem:/ {print $2}') GB."
  echo "Target $URL; wrk -t1 -c$CONNECTIONS -d${SECONDS_PER_RUN}s --latency pinned to CPU $WRK_CPUS; hubs pinned to $PINNED; warm-up ${WARMUP}s of intake per phase; entry $BENCH_ENTRY."
  echo "The Ministry's delivery consumers per hub: ${EMIGRATION_CONSUMERS:-as the running hubs were started (1 by default)}."
  [ "$MODE" = cluster ] && echo "Hubs, brokers, PostgreSQL, HAProxy, the simulated ministry and wrk all share this machine: the two hubs share its cores, so two hubs measure the cluster's overhead here, not its scale-out."
  echo
  echo "| phase | hubs | load | rate | p50 ms | p99 ms | HTTP statuses | at the ministry | CPU during the run (share of one core) |"
  echo "|---|---|---|---|---|---|---|---|---|"
  printf '%s\n' "${ROWS[@]}"
  echo
  echo "wrk output: benchmarks/target/cluster-bench/*.txt."
} > "$RESULTS"
log "results in ${RESULTS#$ROOT/}"
cat "$RESULTS"
