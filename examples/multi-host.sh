#!/usr/bin/env bash
# The steps of docs/multi-host.md on one machine: three "hosts" are three loopback addresses
# (127.0.0.11, .12, .13; 127.0.0.1 with distinct ports where those cannot be bound). On each: a
# nats-server node routed to the two others with token auth, and an `actorlops worker` attached to
# its own node. Then a driver joins them, applies a Laplacian and runs 50 cgls iterations, and prints
# the errors against the same computations run locally. Everything it starts is stopped by PID on exit.
#
#   examples/multi-host.sh            # needs nats-server (Debian: apt install nats-server) and node >= 20.19
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
NATS="${NATS_SERVER_BIN:-$(command -v nats-server || echo /usr/sbin/nats-server)}"
WORK="$(mktemp -d)"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  [ -n "${KEEP:-}" ] && echo "logs in $WORK" || rm -rf "$WORK"
}
trap cleanup EXIT

export ACTORLOPS_NATS_TOKEN="demo-$(od -An -N8 -tx8 /dev/urandom | tr -d ' ')"
CLUSTER=demo

# 1. addresses and free ports (asked from the OS, never a fixed one)
free_port() { node -e "const s=require('net').createServer().listen(0,'$1',()=>{console.log(s.address().port);s.close()})"; }
HOSTS=(127.0.0.11 127.0.0.12 127.0.0.13)
for h in "${HOSTS[@]}"; do
  node -e "require('net').createServer().listen(0,'$h',function(){this.close()}).on('error',()=>process.exit(1))" || { HOSTS=(127.0.0.1 127.0.0.1 127.0.0.1); echo "note: 127.0.0.11-13 not bindable, using 127.0.0.1 with distinct ports"; break; }
done
CPORT=(); PORT=()
for i in 0 1 2; do PORT[$i]=$(free_port "${HOSTS[$i]}"); CPORT[$i]=$(free_port "${HOSTS[$i]}"); done

# 2. one nats-server node per host, each routed to the two others, clients need the token
for i in 0 1 2; do
  routes=""
  for j in 0 1 2; do [ "$j" != "$i" ] && routes="$routes${routes:+, }\"nats-route://${HOSTS[$j]}:${CPORT[$j]}\""; done
  cat > "$WORK/node$i.conf" <<CONF
server_name: node$i
listen: ${HOSTS[$i]}:${PORT[$i]}
authorization { token: "$ACTORLOPS_NATS_TOKEN" }
cluster {
  name: actorlops-demo
  listen: ${HOSTS[$i]}:${CPORT[$i]}
  routes: [ $routes ]
}
CONF
  "$NATS" -c "$WORK/node$i.conf" > "$WORK/node$i.log" 2>&1 &
  PIDS+=($!)
done
for i in 0 1 2; do
  for _ in $(seq 100); do grep -q "Server is ready" "$WORK/node$i.log" && break; sleep 0.05; done
  grep -q "Server is ready" "$WORK/node$i.log" || { echo "node $i did not start:"; cat "$WORK/node$i.log"; exit 1; }
done
sleep 0.5 # routes form

# 3. a worker on each host, attached to its own node (it learns the other nodes from the cluster);
#    each in an empty folder with an empty HOME: specs and data arrive only by message
for i in 0 1 2; do
  mkdir -p "$WORK/host$i"
  (cd "$WORK/host$i" && HOME="$WORK/host$i" exec node "$ROOT/bin/actorlops.mjs" worker \
      --servers "nats://${HOSTS[$i]}:${PORT[$i]}" --cluster "$CLUSTER" --name "host$i") > "$WORK/worker$i.log" 2>&1 &
  PIDS+=($!)
done

# 4. the driver, on "host 0", lists every node; it waits until the three workers joined
SERVERS="nats://${HOSTS[0]}:${PORT[0]},nats://${HOSTS[1]}:${PORT[1]},nats://${HOSTS[2]}:${PORT[2]}"
node --import tsx "$ROOT/examples/multi-host-driver.ts" --servers "$SERVERS" --cluster "$CLUSTER" --workers 3 --size "${SIZE:-512}"
