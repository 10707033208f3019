#!/usr/bin/env bash
# `make demo`: start the sandbox VPS container, run playbooks/site.yml against it, say what is there.
set -euo pipefail
cd "$(dirname "$0")/.."
log=.cache/demo-site.log
mkdir -p .cache

ansible-playbook scripts/sandbox.yml
echo "demo: running playbooks/site.yml against the sandbox (full log: $log) ..."
start=$(date +%s)
if ! ansible-playbook -i inventories/sandbox/hosts.yml playbooks/site.yml | tee "$log"; then
  echo "demo: site.yml failed; see $log" >&2
  exit 1
fi
recap=$(grep -E '^clawops-sandbox +:' "$log" | tail -n 1)

cat <<MSG

================================================================================
 clawops.openclaw demo — site.yml applied in $(( $(date +%s) - start )) s
   ${recap}
 Deployed on the sandbox VPS (Docker container 'clawops-sandbox', Debian 13, systemd as PID 1):
$(awk '/Report the host/ {on=1; next} on && /^$/ {exit} on && !/^ok:/' "$log" | sed "s/^ *msg: *//; s/^ */   /; s/''/'/g; s/^   '/   /; s/'\$//")
 Reach it:
   docker exec -it clawops-sandbox bash                   # a root shell on the "VPS"
   ansible -i inventories/sandbox/hosts.yml openclaw -m ping
   make demo                                              # re-run: converges again, nothing changes
   make demo-destroy                                      # remove the sandbox
================================================================================
MSG
