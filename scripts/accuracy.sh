#!/usr/bin/env bash
# Regenerates docs/accuracy.md (accuracy and cost table of the non-linear functions, measured through the
# real protocol) and docs/plots/*.png. Usage: scripts/accuracy.sh [points]   (default 100001)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/java-env.sh
mpc_runtime_classpath
exec java $MPC_VECTOR_OPTS -Xmx8g -Djava.awt.headless=true -cp "$MPC_CP" org.consortia.mpc.tools.report.AccuracyReport docs "${1:-100001}"
