#!/usr/bin/env bash
# Overhead benchmark: builds the rideshare demo and this module, then runs the demo under load with profiling off,
# with the starter, and with the official agent started by hand, in interleaved rounds. Extra arguments go to
# OverheadBenchmark (--rounds 3 --warmup 10 --measure 20 --clients 4). See BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -ntp -pl rideshare-demo,pyroscope-spring-boot-benchmarks -am package -DskipTests
java -cp pyroscope-spring-boot-benchmarks/target/classes dev.pyroscopestarter.benchmarks.OverheadBenchmark \
  --app rideshare-demo/target/rideshare-demo-0.1.0-SNAPSHOT.jar \
  --agent pyroscope-spring-boot-benchmarks/target/agent/pyroscope-agent.jar "$@"
