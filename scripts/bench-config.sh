#!/usr/bin/env bash
# Benchmark of openclaw_config on one file (the seed's corrected sandbox config + a gateway block):
# median wall time of (1) the module's validation core (schema + model, in-process),
# (2) a no-change `ansible-playbook` run of one openclaw_config task with validator=model,
# (3) the real `openclaw config validate --json`. Prints numbers; asserts nothing.
# Usage: scripts/bench-config.sh [runs]   (make bench-config)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-7}
bin=$repo/.cache/openclaw/bin/openclaw
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/state"
cat > "$work/state/openclaw.json" <<'JSON'
{
  "gateway": {"bind": "lan", "port": 18789, "auth": {"mode": "token", "token": "${OPENCLAW_GATEWAY_TOKEN}"}},
  "agents": {"defaults": {"sandbox": {
    "mode": "all", "scope": "agent", "workspaceAccess": "rw",
    "docker": {"image": "openclaw-sandbox:bookworm-slim", "network": "openclaw-sandbox",
               "binds": ["/home/node/.claude-sandbox:/home/node/.claude:rw"],
               "dangerouslyAllowExternalBindSources": true},
    "browser": {"enabled": true, "noVncEnabled": true}}}}
}
JSON
chmod 600 "$work/state/openclaw.json"
export ANSIBLE_COLLECTIONS_PATH=$repo/.cache/collections ANSIBLE_CONFIG=$repo/ansible.cfg
cat > "$work/play.yml" <<YAML
- hosts: localhost
  gather_facts: false
  tasks:
    - name: No-change openclaw_config task
      clawops.openclaw.openclaw_config:
        path: $work/state/openclaw.json
        validator: model
        config: {gateway: {bind: lan}, agents: {defaults: {sandbox: {browser: {noVncEnabled: true}}}}}
YAML
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
timeit() { local s e; s=$(date +%s.%N); "$@" >/dev/null 2>&1 || { echo "bench: '$*' failed" >&2; exit 1; }; e=$(date +%s.%N); echo "$e - $s" | bc -l; }

core=$(REPO=$repo "$repo/.venv/bin/python" - "$work/state/openclaw.json" "$runs" <<'PY'
import os, statistics, sys, time
sys.path.insert(0, os.path.join(os.environ["REPO"], ".cache", "collections"))
from ansible_collections.clawops.openclaw.plugins.module_utils import openclaw_config as core
path, runs = sys.argv[1], int(sys.argv[2])
times = []
for _ in range(runs):
    start = time.perf_counter()
    schema = core.load_schema("bundled")          # what one module run does: load the schema,
    exists, current = core.read_config(path)      # read the file, merge, validate
    result, changed = core.plan(current, {"gateway": {"bind": "lan"}})
    verdict = core.validate(result, schema, validator="model", config_dir=os.path.dirname(path), env={})
    times.append(time.perf_counter() - start)
    assert verdict["valid"] and not changed, verdict
print(statistics.median(times))
PY
)
play=$(for _ in $(seq "$runs"); do timeit "$repo/.venv/bin/ansible-playbook" -i localhost, -c local \
  -e ansible_python_interpreter=/usr/bin/python3 "$work/play.yml"; done | median)
# The task alone (as ansible-playbook's json callback times it), without the process start-up.
task=$(for _ in $(seq "$runs"); do ANSIBLE_STDOUT_CALLBACK=json "$repo/.venv/bin/ansible-playbook" -i localhost, -c local \
  -e ansible_python_interpreter=/usr/bin/python3 "$work/play.yml" | "$repo/.venv/bin/python" -c '
import datetime, json, sys
d = json.load(sys.stdin)["plays"][0]["tasks"][0]["task"]["duration"]
p = lambda s: datetime.datetime.fromisoformat(s.replace("Z", "+00:00"))
print((p(d["end"]) - p(d["start"])).total_seconds())'; done | median)
"$repo/.venv/bin/ansible-playbook" -i localhost, -c local -e ansible_python_interpreter=/usr/bin/python3 "$work/play.yml" \
  | grep -q "changed=0" || { echo "bench: the task was not a no-change run" >&2; exit 1; }
cli=$(for _ in $(seq "$runs"); do timeit env -i PATH=/usr/bin:/bin HOME="$work" OPENCLAW_STATE_DIR="$work/state" \
  OPENCLAW_CONFIG_PATH="$work/state/openclaw.json" "$bin" config validate --json; done | median)
printf 'bench-config (%s runs, median wall time, load %s)\n' "$runs" "$(cut -d' ' -f1-3 /proc/loadavg)"
printf '  validation core (schema load + read + merge + model): %6.3f s\n' "$core"
printf '  no-change openclaw_config task (json callback timing): %6.3f s\n' "$task"
printf '  whole ansible-playbook run of that task (incl. start): %6.3f s\n' "$play"
printf '  openclaw config validate --json (real CLI):           %6.3f s\n' "$cli"
printf '  core vs CLI: %.1fx faster\n' "$(echo "$cli / $core" | bc -l)"
