#!/usr/bin/env bash
# A local three-member consortium and a dealer for compose.yaml, made with the image itself: keys and certificates
# (demo CA: every member's key in one directory, for a demo on one machine only), the consortium file with the
# services' names as hosts, one node file per member, an API token for org-0's job API, and example data.
#   MPC_IMAGE=consortia/mpc-node:0.1.0 ./setup.sh DIR && cd DIR && docker compose up -d
set -euo pipefail
dir="${1:?usage: setup.sh DIR}"
img="${MPC_IMAGE:-consortia/mpc-node:0.1.0}"
runtime="${MPC_CONTAINER_RUNTIME:-docker}"
mkdir -p "$dir/conf" "$dir/data/org-0" "$dir/data/org-1" "$dir/data/org-2" \
  "$dir/state/org-0" "$dir/state/org-1" "$dir/state/org-2" "$dir/state/dealer"
printf 'MPC_UID=%s\nMPC_GID=%s\nMPC_IMAGE=%s\n' "$(id -u)" "$(id -g)" "$img" > "$dir/.env"   # the nodes run as this user
cp "$(dirname "$0")/compose.yaml" "$dir/compose.yaml"
"$runtime" run --rm --user "$(id -u):$(id -g)" -v "$(cd "$dir" && pwd)/conf:/work" -w /work --entrypoint /opt/mpc-node/bin/mpc-node \
  "$img" keygen --out certs --members org-0,org-1,org-2,dealer --consortium compose
cat > "$dir/conf/consortium.yaml" <<YAML
name: compose
ca: certs/ca.crt
parties:
  - {id: 0, name: org-0, host: org-0, port: 7101}
  - {id: 1, name: org-1, host: org-1, port: 7101}
  - {id: 2, name: org-2, host: org-2, port: 7101}
dealer: {name: dealer, host: dealer, port: 7100}
YAML
for m in org-0 org-1 org-2 dealer; do
  {
    echo "consortium: consortium.yaml"
    echo "identity: $m"
    echo "key: certs/$m.key"
    echo "certificate: certs/$m.crt"
    echo "listen: 0.0.0.0"
    echo "stateDir: /var/lib/mpc"
    if [ "$m" != dealer ]; then echo "dataDir: /srv/mpc-data"; fi
    if [ "$m" = org-0 ]; then printf 'apiPort: 8101\napiBind: 0.0.0.0\napiClients: clients.yaml\n'; fi
  } > "$dir/conf/$m.yaml"
done
"$runtime" run --rm --user "$(id -u):$(id -g)" -v "$(cd "$dir" && pwd)/conf:/work" -w /work --entrypoint /opt/mpc-node/bin/mpc-node \
  "$img" token --client coordinator --out coordinator.token > /dev/null
echo "clients:" > "$dir/conf/clients.yaml"
echo "  - {name: coordinator, roles: [submitter, reader, admin], tokenFile: coordinator.token}" >> "$dir/conf/clients.yaml"
for k in 0 1 2; do printf '%s\n' "$((k + 1)),$((k + 2)),$((k + 3))" > "$dir/data/org-$k/update.csv"; done
echo "ready: cd $dir && $runtime compose up -d; the job API of org-0 is https://localhost:8101 (token in conf/coordinator.token, CA conf/certs/ca.crt)"
