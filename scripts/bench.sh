#!/usr/bin/env bash
# Runs the project's benchmarks: one JSON object per line on stdout, a human-readable table on stderr.
#   scripts/bench.sh [--ops a,b,...] [--parties 2,3] [--transport local|tcp] [--reps N]
# Builds the project first if it has not been built.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/java-env.sh
if [ ! -f mpc-runtime/target/classpath.txt ] || [ -n "${MPC_REBUILD:-}" ]; then
  ./mvnw -q -B -ntp -DskipTests install >&2
fi
CP="mpc-runtime/target/classes:$(cat mpc-runtime/target/classpath.txt)"
exec java -Xmx12g -XX:+UseParallelGC -cp "$CP" org.consortia.mpc.runtime.bench.Bench "$@"
