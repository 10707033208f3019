#!/bin/bash
# Wall time of the hardening role on a fresh Debian 12 container reached over real SSH (root@22 at first,
# adminclaw@222 after): the first converge, then a re-run that must change nothing. `make bench`.
# Reuses the Molecule scenario's create/prepare/converge/destroy playbooks; needs `make images`.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/.venv/bin:$PATH" ANSIBLE_CONFIG="$PWD/ansible.cfg" ANSIBLE_COLLECTIONS_PATH="$PWD/.cache/collections"
export ANSIBLE_FORCE_COLOR=false ANSIBLE_NOCOLOR=true
NAME=clawops-bench-hardening ADDR=172.28.7.12 NET=clawops-bench-hardening
TMP=$(mktemp -d)
export MOLECULE_EPHEMERAL_DIRECTORY="$TMP"   # prepare.yml keeps the test key here
cat > "$TMP/vars.json" <<JSON
{"molecule_scenario_name": "bench", "molecule_instance_config": "$TMP/instance_config.yml",
 "molecule_yml": {"platforms": [{"name": "$NAME", "image": "clawops/systemd-debian:12",
   "networks": [{"name": "$NET", "ipv4_address": "$ADDR"}],
   "docker_networks": [{"name": "$NET", "ipam_config": [{"subnet": "172.28.7.0/24"}]}]}]}}
JSON
cat > "$TMP/inventory.yml" <<YAML
openclaw:
  hosts:
    $NAME:
      ansible_host: $ADDR
      ansible_connection: ssh
      ansible_user: adminclaw
      ansible_port: 222
      ansible_become: true
      ansible_ssh_private_key_file: $TMP/id_ed25519
      ansible_ssh_common_args: -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o IdentitiesOnly=yes
      hardening_ssh_initial_user: root
YAML
cleanup() {
  ansible-playbook -i "$TMP/inventory.yml" -e "@$TMP/vars.json" molecule/shared/destroy.yml >/dev/null 2>&1 || true
  rm -rf "$TMP"
}
trap cleanup EXIT
run() {  # label -> prints wall time and the recap counters
  local start end out
  start=$(date +%s.%N)
  out=$(ansible-playbook -i "$TMP/inventory.yml" molecule/hardening/converge.yml 2>&1) || { echo "$out"; exit 1; }
  end=$(date +%s.%N)
  printf '%-34s %6.1f s   %s\n' "$1" "$(echo "$end - $start" | bc)" \
    "$(echo "$out" | grep -E "^$NAME +:" | sed -E 's/.*: +//; s/ +/ /g' | cut -d' ' -f1-4)"
}
ansible-playbook -i "$TMP/inventory.yml" -e "@$TMP/vars.json" molecule/shared/destroy.yml >/dev/null 2>&1 || true
ansible-playbook -i "$TMP/inventory.yml" -e "@$TMP/vars.json" molecule/shared/create.yml >/dev/null
ansible-playbook -i "$TMP/inventory.yml" molecule/hardening/prepare.yml >/dev/null
echo "hardening on a fresh Debian 12 container over SSH ($(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg)):"
run "converge (root@22 -> adminclaw@222)"
run "re-run (no change expected)"
