#!/usr/bin/env bash
# Regenerate the bundled OpenClaw config schema from the real CLI (`openclaw config schema`) of the
# pinned release (tools/openclaw/package.json), compressed, with its version in the file name.
# Runs in an empty, throw-away state dir so the printed schema never depends on a local config.
# Usage: scripts/openclaw-schema.sh   (make schema)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
"$repo/scripts/openclaw-install.sh"
bin=$repo/.cache/openclaw/bin/openclaw
version=$("$bin" --version | grep -Eo '[0-9]{4}\.[0-9]+\.[0-9]+' | head -1)
dest=$repo/plugins/module_utils/schema/openclaw-$version.schema.json.gz
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
env -i PATH=/usr/bin:/bin HOME="$tmp" OPENCLAW_STATE_DIR="$tmp/state" NO_COLOR=1 "$bin" config schema > "$tmp/schema.json"
# Fail loudly on anything but a draft-07 document with top-level properties.
python3 - "$tmp/schema.json" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
assert doc.get("$schema", "").startswith("http://json-schema.org/draft-07"), doc.get("$schema")
assert isinstance(doc.get("properties"), dict) and "gateway" in doc["properties"], "no gateway property"
PY
mkdir -p "$(dirname "$dest")"
# -n: no name/timestamp in the gzip header, so regenerating an unchanged schema changes nothing in git.
gzip -9 -n -c "$tmp/schema.json" > "$dest"
sed -i "s/^BUNDLED_VERSION = .*/BUNDLED_VERSION = \"$version\"/" "$repo/plugins/module_utils/config_schema.py"
echo "openclaw-schema: $(basename "$dest") ($(stat -c %s "$tmp/schema.json") bytes, $(stat -c %s "$dest") gzipped) for OpenClaw $version"
