#!/usr/bin/env bash
# Builds a local stand-in for node:<version>-bookworm-slim where no container
# registry is reachable: Debian bookworm (minbase) from the Debian mirror apt
# already uses, plus the project's pinned Node binary (npm package "node") and
# npm from the npm registry. Prints the image name; reuses it when present.
# Needs root, debootstrap and podman; run after `npm ci`.
set -euo pipefail
cd "$(dirname "$0")/../.."

node_bin=node_modules/node/bin/node
node_version=$("$node_bin" --version | sed 's/^v//')
# the npm that wrote package-lock.json
npm_version=${NPM_VERSION:-11.19.1}
image="localhost/cairn-base:node-${node_version}-npm-${npm_version}-bookworm"

if podman image exists "$image"; then
  echo "$image"
  exit 0
fi

mirror=$(awk '/^URIs:/ { print $2; exit }' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
mirror=${DEBIAN_MIRROR:-${mirror:-http://deb.debian.org/debian}}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root="$work/rootfs"

debootstrap --variant=minbase bookworm "$root" "$mirror" >&2
install -m 0755 "$(readlink -f "$node_bin")" "$root/usr/local/bin/node"
(cd "$work" && npm pack --silent "npm@${npm_version}" >/dev/null)
mkdir -p "$root/usr/local/lib/node_modules/npm"
tar -xzf "$work/npm-${npm_version}.tgz" -C "$root/usr/local/lib/node_modules/npm" --strip-components=1
ln -s ../lib/node_modules/npm/bin/npm-cli.js "$root/usr/local/bin/npm"
ln -s ../lib/node_modules/npm/bin/npx-cli.js "$root/usr/local/bin/npx"
# what the official slim image leaves out too
rm -rf "$root"/usr/share/doc/* "$root"/usr/share/man/* "$root"/usr/share/locale/* \
  "$root"/var/cache/apt/*.bin "$root"/var/lib/apt/lists/* "$root"/var/log/*

tar -C "$root" -c . | podman import \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'CMD ["node"]' \
  - "$image" >&2
echo "$image"
