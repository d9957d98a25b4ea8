#!/usr/bin/env bash
# Overhead benchmark: builds the rideshare demo and this module, then measures the demo's CPU per request at a fixed
# request rate with profiling off, with the starter (with and without dynamic labels) and with the official agent
# started by hand, in interleaved rounds; with --toggle true, the profiler switched off and on inside each JVM instead
# (the figure for the goals). Extra arguments go to OverheadBenchmark (--rounds 5 --warmup 15 --measure 30 --busy 1
# --workload mix --iterations 1000000 --call-delay-ms 20 --save-profiles DIR --nmt true --toggle true --pairs 6).
# See BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -ntp -pl rideshare-demo,pyroscope-spring-boot-benchmarks -am package -DskipTests
java -cp pyroscope-spring-boot-benchmarks/target/classes dev.pyroscopestarter.benchmarks.OverheadBenchmark \
  --app rideshare-demo/target/rideshare-demo-0.1.0-SNAPSHOT.jar \
  --agent pyroscope-spring-boot-benchmarks/target/agent/pyroscope-agent.jar "$@"
