#!/usr/bin/env bash
# Utility of DP linear regression against epsilon on California housing: writes docs/dp-utility.md and its plot.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/java-env.sh
mpc_runtime_classpath
exec java -Xmx4g -Djava.awt.headless=true -cp "$MPC_CP" org.consortia.mpc.tools.report.DpUtility docs
