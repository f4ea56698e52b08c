#!/usr/bin/env bash
# Makes a consortium CA and a key and certificate per member (parties and dealer), over `mpc-node keygen`.
#   scripts/gen-certs.sh OUT_DIR member1,member2,...,dealer [days]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/java-env.sh
[ $# -ge 2 ] || { echo "usage: scripts/gen-certs.sh OUT_DIR member1,member2,...,dealer [days]" >&2; exit 2; }
[ -f party-node/target/party-node.jar ] || ./mvnw -q -B -ntp -DskipTests install >&2
exec java -jar party-node/target/party-node.jar keygen --out "$1" --members "$2" --days "${3:-365}"
