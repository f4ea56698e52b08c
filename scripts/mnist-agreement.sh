#!/usr/bin/env bash
# Secure MNIST inference over the test set against the plaintext model (agreement, accuracies, disagreements).
#   scripts/mnist-agreement.sh [model.onnx] [images.gz] [labels.gz] [count=10000] [batch=500] [parties=2]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/java-env.sh
if [ ! -f mpc-runtime/target/classpath.txt ] || [ -n "${MPC_REBUILD:-}" ]; then
  ./mvnw -q -B -ntp -DskipTests install >&2
fi
CP="mpc-runtime/target/classes:$(cat mpc-runtime/target/classpath.txt)"
exec java -Xmx16g -XX:+UseParallelGC -cp "$CP" org.consortia.mpc.runtime.tools.MnistAgreement "$@"
