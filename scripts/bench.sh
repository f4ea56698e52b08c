#!/usr/bin/env bash
# Runs the project's benchmarks: one JSON object per line on stdout, a human-readable table on stderr.
#   scripts/bench.sh [--ops a,b,...] [--parties 2,3] [--transport local|tcp|process] [--reps N]
#   process: each party and the dealer in its own JVM over mutual TLS (adds peak_rss_mb)
# Builds the project first if it has not been built.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/java-env.sh
mpc_runtime_classpath
# MPC_BENCH_JAVA_OPTS: extra options for this driver, e.g. -Dmpc.bench.jvmArgs.0=-XX:StartFlightRecording=... (node 0 only);
#   -Dmpc.bench.* sizes (e.g. -Dmpc.bench.link.keys=262144) reach the node processes too, -Dmpc.bench.heap=640m sets their heap
exec java $MPC_VECTOR_OPTS -Xmx12g -XX:+UseParallelGC ${MPC_BENCH_JAVA_OPTS:-} -cp "$MPC_CP" org.consortia.mpc.tools.bench.Bench "$@"
