#!/usr/bin/env bash
# JMH micro-benchmarks (ring matmul vs double matmul, PRG throughput). Extra arguments go to JMH,
# e.g. scripts/jmh.sh MatmulBench -p n=256
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/java-env.sh
./mvnw -q -B -ntp -Pbench -DskipTests -pl secret-sharing install >&2
./mvnw -q -B -ntp -Pbench -pl secret-sharing dependency:build-classpath -Dmdep.outputFile=target/jmh-classpath.txt >&2
exec java --add-modules jdk.incubator.vector -cp "secret-sharing/target/classes:$(cat secret-sharing/target/jmh-classpath.txt)" org.openjdk.jmh.Main "$@"
