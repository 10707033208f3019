#!/usr/bin/env bash
# `make demo`: start the sandbox VPS container, run playbooks/site.yml against it, say what is there.
set -euo pipefail
cd "$(dirname "$0")/.."
log=.cache/demo-site.log
mkdir -p .cache

ansible-playbook -i inventories/sandbox/hosts.yml scripts/sandbox.yml
echo "demo: running playbooks/site.yml against the sandbox (full log: $log) ..."
start=$(date +%s)
if ! ansible-playbook -i inventories/sandbox/hosts.yml playbooks/site.yml | tee "$log"; then
  echo "demo: site.yml failed; see $log" >&2
  exit 1
fi
recap=$(grep -E '^clawops-sandbox +:' "$log" | tail -n 1)

key=.cache/demo/id_ed25519
address=$(ansible-inventory -i inventories/sandbox/hosts.yml --host clawops-sandbox | python3 -c 'import json,sys; print(json.load(sys.stdin)["ansible_host"])')
ssh_opts=(-i "$key" -p 222 -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o IdentitiesOnly=yes -o LogLevel=ERROR)
health=$(ssh "${ssh_opts[@]}" "adminclaw@$address" curl -fsS http://127.0.0.1:18789/healthz 2>&1 || true)

cat <<MSG

================================================================================
 clawops.openclaw demo — site.yml applied in $(( $(date +%s) - start )) s
   ${recap}
 The sandbox VPS: container 'clawops-sandbox' (Debian 13, systemd), $address
$(awk '/Report the host/ {on=1; next} on && /^$/ {exit} on && !/^ok:/' "$log" | sed "s/^ *msg: *//; s/^ */   /; s/''/'/g; s/^   '/   /; s/'\$//")
   SSH: adminclaw on port 222, key only (root and passwords refused, port 22 closed)
   Gateway /healthz on the VPS's loopback: ${health}

 Reach it:
   ssh ${ssh_opts[*]:0:4} adminclaw@$address                     # the admin shell (sudo without password)
   ssh ${ssh_opts[*]:0:4} -N -L 18789:127.0.0.1:18789 adminclaw@$address   # then http://127.0.0.1:18789/
   ssh ${ssh_opts[*]:0:4} adminclaw@$address sudo grep TOKEN /home/openclaw/gateway/.env   # the gateway token
   ansible-playbook -i inventories/sandbox/hosts.yml playbooks/approve_device.yml        # pending devices
   make demo            # re-run: converges again, nothing changes
   make demo-destroy    # remove the sandbox
================================================================================
MSG
