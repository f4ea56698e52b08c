#!/usr/bin/env bash
# Starts N party nodes and a dealer as separate JVMs with freshly generated certificates, runs a joint linear
# regression over the diabetes data split by columns across the parties (aligned by a patient id; the last
# party also holds the outcome and receives the model) and a LeNet inference (model at org-0, images at the last party), prints the secure results next
# to plaintext, and stops the nodes.
#   scripts/run-local.sh [--netns] [--offline ot] [N]
# --offline ot: no dealer; the parties make their correlated randomness by oblivious transfer (protocol.offline: ot).
# N = 2..5 (default 3). Every member makes its own key and certificate request; the CA's operator signs the
# requests (no key leaves its member's directory). Nodes listen on 127.0.0.1, or with --netns each node runs in a
# network namespace of its own (10.77.0.x on a bridge; needs root and iproute2), with MPC_NETEM_DELAY (default 10ms)
# of netem delay on every node's link where the kernel has netem, or else the transport's labelled emulation of the
# same round-trip time (--emulate-rtt, twice the delay); the coordinator then runs in a namespace of its own too and
# submits, follows and fetches remotely with the Python client (clients/python). Exit code 77: namespaces cannot
# be created here.
# MPC_BASE_PORT overrides the first port (default 17100); MPC_CLASSPATH runs the node from a class path
# instead of party-node/target/party-node.jar.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/java-env.sh
NETNS=""
OFFLINE=dealer
if [ "${1:-}" = "--netns" ]; then NETNS=1; shift; fi
if [ "${1:-}" = "--offline" ]; then OFFLINE="${2:-}"; shift 2 || true; fi
[[ "$OFFLINE" =~ ^(dealer|ot)$ ]] || { echo "run-local.sh: --offline dealer or ot, got '$OFFLINE'" >&2; exit 2; }
N="${1:-3}"
[[ "$N" =~ ^[2-5]$ ]] || { echo "run-local.sh: N must be 2..5, got '$N'" >&2; exit 2; }
BASE="${MPC_BASE_PORT:-17100}"
if [ -n "${MPC_CLASSPATH:-}" ]; then
  NODE=(java -cp "$MPC_CLASSPATH" org.consortia.mpc.node.cli.MpcNode)
  CLI=(java -XX:TieredStopAtLevel=1 -cp "$MPC_CLASSPATH" org.consortia.mpc.node.cli.MpcNode) # short-lived: C1 alone
  TOOLS_CP="$MPC_CLASSPATH"
else
  if [ ! -f party-node/target/party-node.jar ] || [ -n "${MPC_REBUILD:-}" ]; then
    echo "run-local: building ..." >&2
    ./mvnw -q -B -ntp -DskipTests install >&2
  fi
  NODE=(scripts/mpc-node)
  CLI=(scripts/mpc-node) # it compiles commands other than run and dealer with C1 alone
  TOOLS_CP="mpc-tools/target/classes:$(cat mpc-tools/target/classpath.txt)"
fi
WORK="target/run-local-$N${NETNS:+-netns}"
rm -rf "$WORK"; mkdir -p "$WORK/logs"

# ---- network namespaces (optional) ----
EMULATE=()
TAG="mpc$$"
host_of() { if [ -n "$NETNS" ]; then echo "10.77.0.$(($1 + 1))"; else echo 127.0.0.1; fi; }
in_ns() { if [ -n "$NETNS" ]; then echo "ip netns exec ${TAG}n$1"; fi; }
COORD=$((N + 1)) # the coordinator's namespace
api_url() { if [ -n "$NETNS" ]; then echo "https://$(host_of "$1"):$((BASE + 50 + $1))"; else echo "https://127.0.0.1:$((BASE + 50 + $1))"; fi; }
cleanup_netns() {
  [ -n "$NETNS" ] || return 0
  for ((i = 0; i <= COORD; i++)); do ip netns del "${TAG}n$i" 2>/dev/null || true; done
  ip link del "${TAG}br" 2>/dev/null || true
}
trap cleanup_netns EXIT # until the nodes start (then stop_nodes, which also cleans up)
if [ -n "$NETNS" ]; then
  if [ "$(id -u)" != 0 ] || ! ip link add "${TAG}br" type bridge 2>/dev/null; then
    echo "run-local: SKIP: cannot create network namespaces here (needs root and iproute2)" >&2; exit 77
  fi
  ip link set "${TAG}br" up
  delay="${MPC_NETEM_DELAY:-10ms}"; netem=1
  for ((i = 0; i <= COORD; i++)); do
    ns="${TAG}n$i"
    ip netns add "$ns" || { cleanup_netns; echo "run-local: SKIP: ip netns add failed" >&2; exit 77; }
    ip link add "${TAG}v$i" type veth peer name eth0 netns "$ns"
    ip link set "${TAG}v$i" master "${TAG}br" up
    ip netns exec "$ns" ip addr add "$(host_of "$i")/24" dev eth0
    ip netns exec "$ns" ip link set eth0 up
    ip netns exec "$ns" ip link set lo up
    if [ -n "$netem" ] && ! ip netns exec "$ns" tc qdisc add dev eth0 root netem delay "$delay" 2>/dev/null; then
      netem=""
    fi
  done
  if [ -n "$netem" ]; then
    echo "run-local: $((N + 2)) namespaces (nodes and coordinator) on a bridge, netem delay $delay on every link" >&2
  else
    rtt="$((2 * ${delay%ms}))ms"
    EMULATE=(--emulate-rtt "$rtt" --emulate-bandwidth 1gbit)
    echo "run-local: $((N + 2)) namespaces on a bridge; this kernel has no netem, so the nodes EMULATE a ${rtt} RTT, 1 Gbit/s link in their transport (labelled, tests only)" >&2
  fi
fi

# Keys stay with their owners: the CA's operator makes the CA; every member makes its key and a request in its own
# directory; only the requests travel to the CA and only the signed certificates travel back.
"${CLI[@]}" ca init --name "local-$N" --out "$WORK/certs" >/dev/null
MEMBERS="$(for ((i = 0; i < N; i++)); do printf 'org-%s ' "$i"; done) dealer"
hostopt_of() { # the address the coordinator reaches the node's API at, in its certificate (namespaces only)
  if [ -n "$NETNS" ]; then
    local idx=$N; [ "$1" != dealer ] && idx=${1#org-}
    echo "--host $(host_of "$idx")"
  fi
}
kpids=()
for m in $MEMBERS; do # the members make their keys at the same time, as they would on machines of their own
  mkdir -p "$WORK/keys-$m"
  # shellcheck disable=SC2046
  "${CLI[@]}" keygen --member "$m" --out "$WORK/keys-$m" $(hostopt_of "$m") >/dev/null & kpids+=($!)
done
for p in "${kpids[@]}"; do wait "$p" || { echo "run-local: keygen failed" >&2; exit 1; }; done
for m in $MEMBERS; do
  cp "$WORK/keys-$m/$m.csr" "$WORK/certs/"
  # shellcheck disable=SC2046
  "${CLI[@]}" ca sign "$WORK/certs/$m.csr" --member "$m" --ca-dir "$WORK/certs" $(hostopt_of "$m") >/dev/null
done

# Column split: 10 features over N parties in contiguous blocks; the last party also holds the outcome.
cols=()
for ((i = 0; i < N; i++)); do cols+=($(( (10 * (i + 1)) / N - (10 * i) / N ))); done
{
  echo "# generated by scripts/run-local.sh"
  echo "name: local-$N"
  echo "ca: certs/ca.crt"
  echo "parties:"
  for ((i = 0; i < N; i++)); do
    echo "  - {id: $i, name: org-$i, host: $(host_of "$i"), port: $((BASE + 1 + i))}"
  done
  [ "$OFFLINE" = dealer ] && echo "dealer: {name: dealer, host: $(host_of "$N"), port: $BASE}"
  echo "protocol: {fractionalBits: 16, offline: $OFFLINE}"
  echo "timeouts: {connect: 20s, round: 20s, idle: 15s}"
} > "$WORK/consortium.yaml"
start=1
for ((i = 0; i < N; i++)); do
  mkdir -p "$WORK/org-$i"
  end=$((start + cols[i] - 1))
  fields="$start-$end"; [ "$i" -eq $((N - 1)) ] && fields="$fields,11"
  # each organisation's columns plus a patient id; org-1 keeps its rows in another order (the job aligns by id)
  cut -d, -f"$fields" data/diabetes.csv | awk -v OFS=, 'NR == 1 { print "id", $0; next } { print NR - 1, $0 }' > "$WORK/tmp.csv"
  if [ "$i" -eq 1 ]; then { head -1 "$WORK/tmp.csv"; tail -n +2 "$WORK/tmp.csv" | sort -t, -k1,1nr; } > "$WORK/org-$i/diabetes.csv"
  else cp "$WORK/tmp.csv" "$WORK/org-$i/diabetes.csv"; fi
  start=$((end + 1))
  # the coordinator's token; the node keeps only its SHA-256 (as 'mpc-node token' prints it)
  toks[i]=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
  # curl and the Python client read the token from files: never on a command line
  (umask 077; printf 'Authorization: Bearer %s\n' "${toks[i]}" > "$WORK/auth-$i.header"; printf '%s\n' "${toks[i]}" > "$WORK/token-$i")
  printf 'clients:\n  - {name: coordinator, roles: [submitter, reader], tokenSha256: %s}\n' \
    "$(printf '%s' "${toks[i]}" | sha256sum | cut -d' ' -f1)" > "$WORK/org-$i-clients.yaml"
  printf 'consortium: consortium.yaml\nidentity: org-%s\nkey: keys-org-%s/org-%s.key\ncertificate: certs/org-%s.crt\ndataDir: org-%s\napiPort: %s\napiClients: org-%s-clients.yaml\nmaxHeap: 1g\n' \
    "$i" "$i" "$i" "$i" "$i" "$((BASE + 50 + i))" "$i" > "$WORK/org-$i.yaml"
  # in namespaces, the API listens on the node's address so that the coordinator's namespace reaches it
  [ -n "$NETNS" ] && echo "apiBind: 0.0.0.0" >> "$WORK/org-$i.yaml"
done
printf 'consortium: consortium.yaml\nidentity: dealer\nkey: keys-dealer/dealer.key\ncertificate: certs/dealer.crt\nmaxHeap: 1g\n' > "$WORK/dealer.yaml"

pids=()
stop_nodes() { for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; cleanup_netns; }
trap stop_nodes EXIT
if [ "$OFFLINE" = dealer ]; then
  $(in_ns "$N") "${NODE[@]}" dealer --config "$WORK/dealer.yaml" "${EMULATE[@]}" > "$WORK/logs/dealer.log" 2>&1 & pids+=($!)
fi
for ((i = 0; i < N; i++)); do
  $(in_ns "$i") "${NODE[@]}" run --config "$WORK/org-$i.yaml" "${EMULATE[@]}" > "$WORK/logs/org-$i.log" 2>&1 & pids+=($!)
done
echo "run-local: started $([ "$OFFLINE" = dealer ] && echo "the dealer and ")$N parties as separate JVMs (offline: $OFFLINE) (logs in $WORK/logs); waiting for the mesh ..." >&2
# The coordinator: the node CLI on this host, or (--netns) the Python client in a namespace of its own, reaching the
# nodes' APIs over the bridge. Tokens go through files or the environment, never a command line.
PYCLIENT=(python3 clients/python/mpc_client.py --ca "$WORK/certs/ca.crt")
coord_ready() { # party
  if [ -n "$NETNS" ]; then
    $(in_ns "$COORD") "${PYCLIENT[@]}" --token-file "$WORK/token-$1" --api "$(api_url "$1")" health >/dev/null 2>&1
  else
    curl -s --cacert "$WORK/certs/ca.crt" -H @"$WORK/auth-$1.header" "$(api_url "$1")/v1/health" | grep -qE '"ready" *: *true'
  fi
}
coord_submit() { # analysis, then -p key=value ...; prints the finished job's record
  local analysis="$1"; shift
  if [ -n "$NETNS" ]; then
    $(in_ns "$COORD") "${PYCLIENT[@]}" --token-file "$WORK/token-0" --api "$(api_url 0)" submit --analysis "$analysis" "$@" --wait
  else
    MPC_API_TOKEN="${toks[0]}" "${CLI[@]}" submit --api "$(api_url 0)" --ca "$WORK/certs/ca.crt" --analysis "$analysis" --wait "$@"
  fi
}
coord_result() { # party, job id; prints {"result": [...]} once the party holds it
  local r
  for _ in $(seq 1 100); do
    if [ -n "$NETNS" ]; then
      r=$($(in_ns "$COORD") "${PYCLIENT[@]}" --token-file "$WORK/token-$1" --api "$(api_url "$1")" result "$2" 2>/dev/null) \
        && { echo "{\"result\": $r}"; return 0; }
    else
      r=$(curl -s --cacert "$WORK/certs/ca.crt" -H @"$WORK/auth-$1.header" "$(api_url "$1")/v1/jobs/$2/result")
      grep -q '"result"' <<<"$r" && { echo "$r"; return 0; }
    fi
    sleep 0.2
  done
  return 1
}
ready=""
for _ in $(seq 1 120); do
  if coord_ready 0; then ready=1; break; fi
  sleep 0.5
done
if [ -z "$ready" ]; then
  echo "run-local: the nodes did not connect; see $WORK/logs" >&2; exit 1
fi
if [ -n "$NETNS" ]; then
  echo "run-local: all nodes connected over mutual TLS; the coordinator (its own namespace, Python client) submits the joint regression to org-0" >&2
else
  echo "run-local: all nodes connected over mutual TLS; submitting the joint regression to org-0" >&2
fi
coord_submit linear-regression -p dataset=diabetes -p partition=columns -p key=id -p rows=442 \
  -p "columns=$(IFS=,; echo "${cols[*]}")" -p target=target -p resultParty=$((N - 1)) -p fractionalBits=20 > "$WORK/job.json" || {
  echo "run-local: the job failed:" >&2; cat "$WORK/job.json" >&2; exit 1; }
# The result lives at the result party (the last one); org-0 initiated. Fetch it from the result party's API.
id=$(grep '"id"' "$WORK/job.json" | head -1 | sed 's/.*: "\(.*\)".*/\1/')
coord_result $((N - 1)) "$id" > "$WORK/result.json"
java -XX:TieredStopAtLevel=1 -cp "$TOOLS_CP" org.consortia.mpc.tools.demo.VerticalRegressionDemo --compare "$WORK/result.json" data/diabetes.csv

# CNN inference: org-0 owns LeNet (the weights never leave it), the last party owns 5 MNIST test images and is
# the only one to see the logits.
LAST=$((N - 1))
mkdir -p "$WORK/org-0" "$WORK/org-$LAST"
cp data/models/mnist_lenet_dyn.onnx "$WORK/org-0/"
awk -F, 'NR > 1 && NR <= 6 { for (i = 1; i < NF; i++) printf "%s%s", $i / 255, (i < NF - 1 ? "," : "\n") }' \
  data/mnist/mnist_test_first100.csv > "$WORK/org-$LAST/images.csv"
awk -F, 'NR > 1 && NR <= 6 { print $NF }' data/mnist/mnist_test_first100.csv > "$WORK/labels.csv"
echo "run-local: submitting a LeNet inference (model at org-0, 5 images at org-$LAST) to org-0" >&2
coord_submit inference -p model=mnist_lenet_dyn.onnx -p input=images.csv -p rows=5 > "$WORK/infer-job.json" || {
  echo "run-local: the inference job failed:" >&2; cat "$WORK/infer-job.json" >&2; exit 1; }
id=$(grep '"id"' "$WORK/infer-job.json" | head -1 | sed 's/.*: "\(.*\)".*/\1/')
coord_result "$LAST" "$id" > "$WORK/infer-result.json"
java -XX:TieredStopAtLevel=1 -cp "$TOOLS_CP" org.consortia.mpc.tools.infer.CompareInference data/models/mnist_lenet_dyn.onnx \
  "$WORK/org-$LAST/images.csv" "$WORK/labels.csv" "$WORK/infer-result.json"

echo "run-local: audit trail of org-0 (last 4 records), and every node's chain verified:" >&2
tail -4 "$WORK/state-org-0/audit.log" | cut -c1-160
for ((i = 0; i < N; i++)); do "${CLI[@]}" audit verify --certs "$WORK/certs" "$WORK/state-org-$i/audit.log"; done
# accountability: org-0 checks every other member's history against the signed audit heads it holds
peers=()
for ((i = 1; i < N; i++)); do peers+=(--peer "org-$i=$WORK/state-org-$i/audit.log"); done
echo "run-local: org-0 checks the other members' audit logs against the signed heads it holds:" >&2
"${CLI[@]}" audit verify --certs "$WORK/certs" "$WORK/state-org-0/audit.log" "${peers[@]}" | grep "agrees\|FAIL"
