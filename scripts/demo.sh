#!/usr/bin/env bash
# The README's main command (builds on first use):
#  1. a joint linear regression over the diabetes data split by columns over three parties, simulated in one
#     JVM (in-memory transport), secure coefficients next to plaintext OLS;
#  2. the same regression across a real local consortium: three party nodes and a dealer as separate JVMs,
#     mutual TLS on 127.0.0.1, the job submitted through a node's job API (scripts/run-local.sh 3).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/java-env.sh
mpc_runtime_classpath
echo "== 1. simulated consortium (one JVM) =="
java -cp "$MPC_CP" org.consortia.mpc.tools.demo.VerticalRegressionDemo data/diabetes.csv
echo
echo "== 2. real consortium: 3 party nodes + dealer as separate processes over mutual TLS =="
scripts/run-local.sh 3
