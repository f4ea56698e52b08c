#!/usr/bin/env bash
# Secure inference of any supported ONNX model:
#   scripts/infer.sh --model FILE.onnx --input FILE.csv [--parties N] [--transport local|tcp]
# Input CSV: no header, one row per sample, the flattened input tensor. Output on stdout: one CSV row of model
# outputs per input row (%.7g); a summary (costs, comparison with plaintext) on stderr.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/java-env.sh
if [ ! -f mpc-runtime/target/classpath.txt ] || [ -n "${MPC_REBUILD:-}" ]; then
  ./mvnw -q -B -ntp -DskipTests install >&2
fi
CP="mpc-runtime/target/classes:$(cat mpc-runtime/target/classpath.txt)"
exec java -Xmx8g -cp "$CP" org.consortia.mpc.runtime.tools.Infer "$@"
