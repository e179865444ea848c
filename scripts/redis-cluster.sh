#!/usr/bin/env bash
# A local Redis Cluster of three masters, made by redis-server's own cluster
# mode, for the Redis adapter's cluster tests (REDIS_CLUSTER_NODES).
#
#   scripts/redis-cluster.sh          start it, or reuse it when it is up and ok;
#                                     prints REDIS_CLUSTER_NODES's value on stdout
#   scripts/redis-cluster.sh stop     shut its nodes down and remove their files
#
#   export REDIS_CLUSTER_NODES="$(scripts/redis-cluster.sh)"
#
# Ports: REDIS_CLUSTER_PORTS (default "7000 7001 7002"). Each node keeps
# nothing on disk but its cluster state, /tmp/onecode-cluster-<port>.conf;
# a node on one of the ports that is not a cluster node of this script is
# never touched: the script stops and says so.
set -euo pipefail

read -r -a PORTS <<<"${REDIS_CLUSTER_PORTS:-7000 7001 7002}"
HOST=127.0.0.1

say() { printf 'redis-cluster: %s\n' "$*" >&2; }
cli() { local port=$1; shift; redis-cli -h "$HOST" -p "$port" "$@" 2>/dev/null; }
conf_of() { echo "/tmp/onecode-cluster-$1.conf"; }
nodes_list() { local IFS=,; local list=("${PORTS[@]/#/$HOST:}"); echo "${list[*]}"; }

for tool in redis-server redis-cli; do
  command -v "$tool" >/dev/null || { say "$tool is not installed"; exit 1; }
done

up() { [ "$(cli "$1" ping)" = PONG ]; }
# A node this script started: answers, runs in cluster mode, uses our config file.
ours() {
  up "$1" && [ "$(cli "$1" config get cluster-config-file | tail -n 1)" = "$(conf_of "$1")" ]
}
node_ok() {
  local info
  info=$(cli "$1" cluster info) || return 1
  grep -q '^cluster_state:ok' <<<"$info" &&
    grep -q "^cluster_known_nodes:${#PORTS[@]}\b" <<<"$info" &&
    grep -q "^cluster_size:${#PORTS[@]}\b" <<<"$info"
}
all_ok() { for port in "${PORTS[@]}"; do node_ok "$port" || return 1; done; }

stop_nodes() {
  for port in "${PORTS[@]}"; do
    if ours "$port"; then
      cli "$port" shutdown nosave >/dev/null || true
      for _ in $(seq 1 50); do up "$port" || break; sleep 0.1; done
    fi
    rm -f "$(conf_of "$port")" "/tmp/onecode-cluster-$port.log" "/tmp/onecode-cluster-$port.pid"
  done
}

if [ "${1:-start}" = stop ]; then
  stop_nodes
  say "stopped"
  exit 0
fi

for port in "${PORTS[@]}"; do
  if up "$port" && ! ours "$port"; then
    say "port $port is taken by a server this script did not start; set REDIS_CLUSTER_PORTS"
    exit 1
  fi
done

if all_ok; then
  say "reusing the cluster on $(nodes_list)"
  nodes_list
  exit 0
fi

# Not (fully) up, or its nodes.conf is stale: start afresh, nothing is kept.
stop_nodes
for port in "${PORTS[@]}"; do
  redis-server --port "$port" --bind "$HOST" --cluster-enabled yes \
    --cluster-config-file "$(conf_of "$port")" --cluster-node-timeout 5000 \
    --daemonize yes --save "" --appendonly no \
    --logfile "/tmp/onecode-cluster-$port.log" --pidfile "/tmp/onecode-cluster-$port.pid"
done
for port in "${PORTS[@]}"; do
  for _ in $(seq 1 100); do up "$port" && break; sleep 0.1; done
  up "$port" || { say "node $port did not start (see /tmp/onecode-cluster-$port.log)"; exit 1; }
done
redis-cli --cluster create "${PORTS[@]/#/$HOST:}" --cluster-replicas 0 --cluster-yes >/dev/null
for _ in $(seq 1 300); do
  if all_ok; then
    say "cluster of ${#PORTS[@]} masters ok on $(nodes_list)"
    nodes_list
    exit 0
  fi
  sleep 0.1
done
say "the cluster did not reach cluster_state:ok within 30 s"
exit 1
