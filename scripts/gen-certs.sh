#!/usr/bin/env bash
# DEMO ONLY: makes a consortium CA and every member's key and certificate in one place (whoever runs it holds every
# key); a real consortium uses `mpc-node keygen --member NAME` at each member and `mpc-node ca sign` at the CA.
#   scripts/gen-certs.sh OUT_DIR member1,member2,...,dealer [days]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/java-env.sh
[ $# -ge 2 ] || { echo "usage: scripts/gen-certs.sh OUT_DIR member1,member2,...,dealer [days]" >&2; exit 2; }
[ -f party-node/target/party-node.jar ] || ./mvnw -q -B -ntp -DskipTests install >&2
exec java -jar party-node/target/party-node.jar keygen --out "$1" --members "$2" --days "${3:-365}"
