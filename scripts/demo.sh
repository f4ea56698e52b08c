#!/usr/bin/env bash
# The README's main command: builds the project if needed, then runs the demo(s).
# Today: a joint linear regression over data split across three simulated parties (one JVM, in-memory
# transport), secure coefficients printed next to plaintext OLS.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/java-env.sh
if [ ! -f mpc-runtime/target/classpath.txt ] || [ -n "${MPC_REBUILD:-}" ]; then
  echo "demo: building (first run only; set MPC_REBUILD=1 to force) ..." >&2
  ./mvnw -q -B -ntp -DskipTests install >&2
fi
CP="mpc-runtime/target/classes:$(cat mpc-runtime/target/classpath.txt)"
java -cp "$CP" org.consortia.mpc.runtime.demo.VerticalRegressionDemo data/diabetes.csv
