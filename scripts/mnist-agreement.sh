#!/usr/bin/env bash
# Secure MNIST inference over the test set against the plaintext model (agreement, accuracies, disagreements).
#   scripts/mnist-agreement.sh [model.onnx] [images.gz] [labels.gz] [count=10000] [batch=500] [parties=2]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/java-env.sh
mpc_runtime_classpath
exec java $MPC_VECTOR_OPTS -Xmx16g -XX:+UseParallelGC -cp "$MPC_CP" org.consortia.mpc.tools.infer.MnistAgreement "$@"
