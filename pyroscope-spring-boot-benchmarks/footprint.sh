#!/usr/bin/env bash
# Footprint side by side: the rideshare demo with profiling off, with the starter and with the official agent by
# hand, started together in each round (the same machine, the same moment), busy with the demo's own load
# generator, with a pre-touched heap and NMT, uploading to a stub that accepts everything (python3). AFTER
# seconds after all three have started: the native profiler's own memory (its `metrics` command, through
# ProfilerMemoryProbe), then a full GC, NMT's summary and VmRSS. See BENCHMARKS.md.
# Usage: footprint.sh [rounds (3)] [seconds after startup (50)]
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-3}
AFTER=${2:-50}
[ "${SKIP_BUILD:-}" = true ] || ./mvnw -B -q -ntp -pl rideshare-demo,pyroscope-spring-boot-benchmarks -am package -DskipTests
JAR=$PWD/rideshare-demo/target/rideshare-demo-0.1.0-SNAPSHOT.jar
AGENT=$PWD/pyroscope-spring-boot-benchmarks/target/agent/pyroscope-agent.jar
PROBE=$PWD/pyroscope-spring-boot-benchmarks/target/classes
OUT=$(mktemp -d /tmp/footprint.XXXXXX)
STUB_PORT=18079
python3 -c '
import http.server, sys
class Stub(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.send_response(200); self.send_header("Content-Length", "0"); self.end_headers()
    def log_message(self, *args): pass
http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Stub).serve_forever()' $STUB_PORT &
STUB=$!
trap 'kill $STUB' EXIT
echo "JDK $(java -version 2>&1 | head -1), $(nproc) cores, load average at start: $(cut -d' ' -f1-3 /proc/loadavg); logs in $OUT"
start() { # mode port
  local mode=$1 port=$2 extra=() enabled=false
  [ "$mode" = agent ] && extra=(-javaagent:"$AGENT")
  [ "$mode" = starter ] && enabled=true
  PYROSCOPE_SERVER_ADDRESS=http://127.0.0.1:$STUB_PORT PYROSCOPE_APPLICATION_NAME=rideshare-$mode PYROSCOPE_PROFILING_INTERVAL=10ms \
  java -Xms256m -Xmx256m -XX:+AlwaysPreTouch -XX:NativeMemoryTracking=summary "${extra[@]}" \
    -Dloader.main=dev.pyroscopestarter.benchmarks.ProfilerMemoryProbe -Dloader.path="$PROBE" \
    -Dprobe.main=dev.pyroscopestarter.rideshare.RideshareApplication -Dprobe.after="${AFTER}s" \
    -cp "$JAR" org.springframework.boot.loader.launch.PropertiesLauncher \
    --server.port="$port" --spring.main.banner-mode=off --pyroscope.enabled=$enabled \
    --management.tracing.sampling.probability=0.0 \
    >"$OUT/$mode-$round.log" 2>&1 &
  echo $!
}
mb() { awk -v k="$2" '$0 ~ "^-[ ]+"k" \\(" {match($0,/committed=[0-9]+KB/); print substr($0,RSTART+10,RLENGTH-12)/1024}' "$1"; }
printf "round mode rss_mb nmt_total_mb arena_mb metaspace_mb class_mb code_mb symbol_mb thread_mb internal_mb other_mb nmt_self_mb classes threads unseen_mb profiler_metrics\n"
for round in $(seq 1 "$ROUNDS"); do
  declare -A pids=()
  pids[off]=$(start off 18080)
  pids[starter]=$(start starter 18081)
  pids[agent]=$(start agent 18082)
  for mode in off starter agent; do
    until grep -q "Started RideshareApplication" "$OUT/$mode-$round.log"; do sleep 1; done
  done
  sleep $((AFTER + 5))
  for mode in off starter agent; do
    pid=${pids[$mode]}
    jcmd "$pid" GC.run >/dev/null
    jcmd "$pid" VM.native_memory summary >"$OUT/nmt-$mode-$round.txt"
    rss=$(awk '/VmRSS/ {print $2/1024}' /proc/"$pid"/status)
    f="$OUT/nmt-$mode-$round.txt"
    total=$(awk '/^Total:/ {match($0,/committed=[0-9]+KB/); print substr($0,RSTART+10,RLENGTH-12)/1024}' "$f")
    classes=$(awk '/classes #/ {gsub(/[^0-9]/,"",$0); print; exit}' "$f")
    threads=$(awk '/Thread \(/ {getline; gsub(/[^0-9]/,"",$0); print; exit}' "$f")
    arena=$(mb "$f" "Arena Chunk")
    unseen=$(awk -v r="$rss" -v t="$total" 'BEGIN {print r - t}')
    metrics=$(grep -o 'PROFILER_METRICS.*' "$OUT/$mode-$round.log" | cut -d' ' -f2- || true)
    printf "%s %s %.1f %.1f %.1f %.1f %.1f %.1f %.1f %.1f %.1f %.1f %.1f %s %s %.1f %s\n" "$round" "$mode" "$rss" "$total" "$arena" \
      "$(mb "$f" Metaspace)" "$(mb "$f" Class)" "$(mb "$f" Code)" "$(mb "$f" Symbol)" "$(mb "$f" Thread)" \
      "$(mb "$f" Internal)" "$(mb "$f" Other)" "$(mb "$f" 'Native Memory Tracking')" "$classes" "$threads" "$unseen" "${metrics:-none}"
  done
  for mode in off starter agent; do kill "${pids[$mode]}"; done
  # Started in a command substitution, so not children of this shell: poll until they are gone.
  for mode in off starter agent; do while kill -0 "${pids[$mode]}" 2>/dev/null; do sleep 1; done; done
done
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
