#!/usr/bin/env bash
# Soak run: the rideshare demo for MINUTES (60) uploading to a loopback stand-in Pyroscope that cycles through
# healthy, 503, hanging, down and slow phases (3 minutes each); RSS, heap after GC and NMT sampled each minute; every
# ride must succeed, /actuator/health must stay 200, every window be uploaded, dropped with its reason or queued.
# See SoakBenchmark and BENCHMARKS.md. The demo jar is copied to OUT first, so that a rebuild does not change it.
# Usage: soak.sh OUT [minutes (60)] [extra SoakBenchmark options...]
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:?output directory}
MINUTES=${2:-60}
shift $(( $# > 1 ? 2 : 1 ))
[ "${SKIP_BUILD:-}" = true ] || ./mvnw -B -q -ntp -pl rideshare-demo,pyroscope-spring-boot-benchmarks -am package -DskipTests
mkdir -p "$OUT"
cp rideshare-demo/target/rideshare-demo-0.1.0-SNAPSHOT.jar "$OUT/rideshare-demo.jar"
CP=pyroscope-spring-boot-benchmarks/target/classes:$(ls ~/.m2/repository/org/jspecify/jspecify/*/jspecify-*.jar | grep -v sources | head -1)
mkdir -p "$OUT/classes" && cp -r pyroscope-spring-boot-benchmarks/target/classes/. "$OUT/classes/"
echo "JDK $(java -version 2>&1 | head -1), $(nproc) cores, load average at start: $(cut -d' ' -f1-3 /proc/loadavg), commit $(git rev-parse --short HEAD)" | tee "$OUT/environment.txt"
exec java -cp "$OUT/classes:${CP#*:}" dev.pyroscopestarter.benchmarks.SoakBenchmark --app "$OUT/rideshare-demo.jar" \
  --out "$OUT" --minutes "$MINUTES" "$@"
