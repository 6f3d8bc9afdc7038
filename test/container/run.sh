#!/usr/bin/env bash
# Builds the project's image on a local base (test/container/base-image.sh)
# and proves it: healthy, serves what it was given, keeps it across a
# restart, stops cleanly on SIGTERM, runs as non-root. Prints the image size,
# the build time and the start-to-ready time. Needs root, podman, runc and
# debootstrap, and podman-compose for compose.yaml's swarm (.ci/run installs
# them); run after `npm ci`.
set -euo pipefail
cd "$(dirname "$0")/../.."

# crun fails on these hosts' hybrid cgroups; there is no systemd for health timers
pm() { podman --runtime runc --cgroup-manager=cgroupfs "$@"; }
image=localhost/cairn:ci
name=cairn-ci-$$
volume=cairn-ci-data-$$
work=$(mktemp -d)
cleanup() {
  pm rm -f -t 0 "$name" >/dev/null 2>&1 || true
  pm volume rm -f "$volume" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "container test FAILED: $*" >&2; pm logs "$name" 2>&1 | tail -n 30 >&2 || true; exit 1; }
now_ms() { date +%s%3N; }

base=$(test/container/base-image.sh)
echo "base image: $base"

started=$(now_ms)
pm build --format docker --network=host \
  --secret id=ca,src=/etc/ssl/certs/ca-certificates.crt \
  --build-arg BASE_IMAGE="$base" \
  --build-arg REVISION="$(git rev-parse HEAD 2>/dev/null || echo unknown)" \
  -t "$image" . >"$work/build.log" 2>&1 || { tail -n 40 "$work/build.log" >&2; fail "podman build"; }
build_s=$(( ($(now_ms) - started) / 1000 ))

# start; time until /readyz answers 200 from the host, then until the
# image's own HEALTHCHECK passes (podman runs it only on demand here)
start_until_healthy() {
  local t0 ready=""
  t0=$(now_ms)
  pm start "$name" >/dev/null
  local port
  port=$(pm port "$name" 8080/tcp)
  for _ in $(seq 1 300); do
    if curl -sf -o /dev/null "http://$port/readyz"; then
      ready=$(( $(now_ms) - t0 ))
      break
    fi
    sleep 0.05
  done
  [ -n "$ready" ] || fail "/readyz not 200 after 15 s"
  for _ in $(seq 1 100); do
    if pm healthcheck run "$name" >/dev/null 2>&1; then
      echo "$ready $(( $(now_ms) - t0 ))"
      return 0
    fi
    sleep 0.1
  done
  fail "/readyz answers but the HEALTHCHECK does not pass"
}

pm volume create "$volume" >/dev/null
pm create --name "$name" --health-interval=disable \
  --ulimit nofile=4096:4096 --ulimit nproc=4096:4096 \
  -p 127.0.0.1::8080 -p 127.0.0.1::5001 -v "$volume:/data" "$image" >/dev/null
ready_ms=$(start_until_healthy)
url="http://$(pm port "$name" 8080/tcp)"
api="http://$(pm port "$name" 5001/tcp)"
token=$(pm exec "$name" cat /data/api-token)

uid=$(pm exec "$name" awk '/^Uid:/ { print $2 }' /proc/1/status)
[ "$uid" != 0 ] || fail "the service runs as root"

# the web console, built in the image's build stage: its page and the script it loads
js=$(curl -sf "$api/webui/" | grep -o '/webui/assets/[A-Za-z0-9_.-]*\.js' | head -n 1) || fail "GET /webui/ did not answer the console"
curl -sf -o /dev/null "$api$js" || fail "the console's script $js is not served"

head -c 3000000 /dev/urandom >"$work/payload"
status=$(curl -s -o /dev/null -w '%{http_code}' -X POST -F "file=@$work/payload" "$api/api/v0/add")
[ "$status" = 401 ] || fail "add without a token answered $status, not 401"
status=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H "Authorization: Bearer $token" -F "file=@$work/payload" "$url/api/v0/add")
[ "$status" = 404 ] || fail "the gateway port answered an add with $status, not 404"
cid=$(curl -sf -X POST -H "Authorization: Bearer $token" -F "file=@$work/payload" "$api/api/v0/add?cid-version=1" \
  | node -e 'let s = ""; process.stdin.on("data", d => { s += d }).on("end", () => console.log(JSON.parse(s).Hash))')
[ -n "$cid" ] || fail "add returned no CID"

read_back() {
  curl -sf "$url/ipfs/$cid" -o "$work/read" || fail "gateway GET /ipfs/$cid ($1)"
  cmp -s "$work/payload" "$work/read" || fail "gateway answered other bytes ($1)"
}
read_back "first start"

# the CLI is on PATH; it finds the token in CAIRN_DATA (/data). The API's port inside the container:
container_api=http://127.0.0.1:5001
version=$(node -p 'require("./package.json").version')
[ "$(pm exec "$name" cairn --version)" = "$version" ] || fail "cairn --version in the image"
[ "$(pm exec -e npm_config_cache=/tmp/npm-cache "$name" npx --no-install cairn --version)" = "$version" ] || fail "npx cairn --version in the image"
pins=$(pm exec "$name" cairn pin ls --api "$container_api") || fail "cairn pin ls in the image"
grep -F "$cid" <<<"$pins" >/dev/null || fail "cairn pin ls in the image does not list $cid"

stop_cleanly() {
  pm stop -t 20 "$name" >/dev/null
  local code
  code=$(pm inspect --format '{{.State.ExitCode}}' "$name")
  [ "$code" = 0 ] || fail "exit code $code after SIGTERM ($1)"
  # the whole log is read first: `grep -q` would stop early and, under pipefail, fail the pipe
  local logs
  logs=$(pm logs "$name" 2>&1)
  grep -F '"node stopped, stores closed"' <<<"$logs" >/dev/null || fail "no graceful shutdown in the logs ($1)"
}
stop_cleanly "first start"

restart_ms=$(start_until_healthy)
url="http://$(pm port "$name" 8080/tcp)"
api="http://$(pm port "$name" 5001/tcp)"
[ "$(pm exec "$name" cat /data/api-token)" = "$token" ] || fail "the API token changed across a restart"
read_back "after restart"
stop_cleanly "after restart"

test/container/compose.sh "$image"

size=$(pm image inspect --format '{{.Size}}' "$image")
echo "container test passed"
read -r first_ready first_healthy <<<"$ready_ms"
read -r again_ready again_healthy <<<"$restart_ms"
printf '| image size | %s MB |\n| build, base present | %s s |\n' "$(( size / 1000000 ))" "$build_s"
printf '| start to /readyz 200 (to HEALTHCHECK pass) | %s ms (%s ms) |\n' "$first_ready" "$first_healthy"
printf '| restart to /readyz 200 (to HEALTHCHECK pass) | %s ms (%s ms) |\n' "$again_ready" "$again_healthy"
