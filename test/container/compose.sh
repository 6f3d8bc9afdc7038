#!/usr/bin/env bash
# Brings up compose.yaml's three-node swarm from an image already built
# (test/container/run.sh passes it) and proves it: every node healthy,
# cairn-1 peered with both others by service name, content added on cairn-1
# readable through the gateways of cairn-2 and cairn-3 (bitswap inside the
# compose network). Needs podman and podman-compose.
set -euo pipefail
cd "$(dirname "$0")/../.."

image=${1:?usage: compose.sh <image>}
project=cairnci$$
port=$(( 20000 + $$ % 20000 ))
api_port=$(( port + 1 ))
compose() {
  CAIRN_IMAGE="$image" CAIRN_PORT="$port" CAIRN_API_PORT="$api_port" podman-compose --podman-args="--runtime runc --cgroup-manager=cgroupfs" \
    -p "$project" "$@"
}
pm() { podman --runtime runc --cgroup-manager=cgroupfs "$@"; }
cleanup() { compose down -v >/dev/null 2>&1 || true; }
trap cleanup EXIT
fail() { echo "compose test FAILED: $*" >&2; compose logs >&2 2>&1 | tail -n 40 || true; exit 1; }

compose up -d --no-build >/dev/null 2>&1 || fail "podman-compose up"
for n in 1 2 3; do
  for i in $(seq 1 200); do
    pm healthcheck run "${project}_cairn-${n}_1" >/dev/null 2>&1 && break
    [ "$i" -lt 200 ] || fail "cairn-$n not healthy after 20 s"
    sleep 0.1
  done
done

url="http://127.0.0.1:$port"
api="http://127.0.0.1:$api_port"
# a peer that was not up yet is retried after 1, 2, 3, 5 and 10 s (src/network/keep-peers.ts)
for i in $(seq 1 400); do
  peers=$(curl -sf "$url/readyz" | node -e 'let s = ""; process.stdin.on("data", d => { s += d }).on("end", () => console.log(JSON.parse(s).peers.length))')
  [ "$peers" = 2 ] && break
  [ "$i" -lt 400 ] || fail "cairn-1 has $peers peers, not 2, after 40 s"
  sleep 0.1
done

token=$(pm exec "${project}_cairn-1_1" cat /data/api-token)
payload="compose swarm $(date +%s%N)"
cid=$(printf '%s' "$payload" | curl -sf -X POST -H "Authorization: Bearer $token" -F file=@- "$api/api/v0/add?cid-version=1" \
  | node -e 'let s = ""; process.stdin.on("data", d => { s += d }).on("end", () => console.log(JSON.parse(s).Hash))')
for n in 2 3; do
  got=$(pm exec "${project}_cairn-${n}_1" node -e "fetch('http://127.0.0.1:8080/ipfs/$cid').then(async r => { if (!r.ok) process.exit(1); process.stdout.write(await r.text()) }, () => process.exit(1))") \
    || fail "cairn-$n could not serve $cid"
  [ "$got" = "$payload" ] || fail "cairn-$n served other bytes for $cid"
done
echo "compose test passed: 3 nodes, cairn-1 peered with 2, content added on cairn-1 read through cairn-2 and cairn-3"
