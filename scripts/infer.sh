#!/usr/bin/env bash
# Secure inference of any supported ONNX model:
#   scripts/infer.sh --model FILE.onnx --input FILE.csv [--parties N] [--transport local|tcp] [--depth D]
# (--depth: a tree ensemble's depth bound, default 8; ONNX-ML tree ensembles are scored with their trees padded to it)
# Input CSV: no header, one row per sample, the flattened input tensor. Output on stdout: one CSV row of model
# outputs per input row (%.7g); a summary (costs, comparison with plaintext) on stderr.
set -euo pipefail
# file arguments are the caller's: relative paths are resolved against the directory the script was called from
args=()
prev=""
for a in "$@"; do
  if [[ "$prev" == "--model" || "$prev" == "--input" ]] && [[ "$a" != /* ]]; then a="$PWD/$a"; fi
  args+=("$a")
  prev="$a"
done
set -- "${args[@]}"
cd "$(dirname "$0")/.."
source scripts/java-env.sh
mpc_runtime_classpath
# rows run in micro-batches (--micro-batch, default 64), so 2 GiB serve any number of rows; MPC_INFER_HEAP overrides
exec java $MPC_VECTOR_OPTS "-Xmx${MPC_INFER_HEAP:-2g}" -cp "$MPC_CP" org.consortia.mpc.tools.infer.Infer "$@"
