#!/bin/bash
# Runs inside the debootstrap chroot: make the tree boot systemd as PID 1 in a container and look like a
# small VPS (sshd enabled with fresh host keys per instance, apt lists present).
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive LC_ALL=C

# Extra CA certificates (copied in by build.sh when given) join the system trust store.
update-ca-certificates >/dev/null 2>&1 || true

# Units that make no sense in a container: consoles, udev, kernel-facing mounts.
systemctl mask getty.target console-getty.service serial-getty@.service \
  systemd-udevd.service systemd-udevd-control.socket systemd-udevd-kernel.socket \
  sys-kernel-config.mount sys-kernel-debug.mount sys-kernel-tracing.mount \
  systemd-firstboot.service systemd-modules-load.service proc-sys-fs-binfmt_misc.automount \
  >/dev/null 2>&1

# Every instance gets its own SSH host keys at first boot.
rm -f /etc/ssh/ssh_host_*
cat > /etc/systemd/system/ssh-hostkeys.service <<'UNIT'
[Unit]
Description=Generate SSH host keys on first boot
Before=ssh.service ssh.socket
ConditionPathExists=!/etc/ssh/ssh_host_ed25519_key

[Service]
Type=oneshot
ExecStart=/usr/bin/ssh-keygen -A

[Install]
WantedBy=multi-user.target
UNIT
systemctl enable ssh-hostkeys.service ssh.service >/dev/null 2>&1

: > /etc/machine-id
echo 'en_US.UTF-8 UTF-8' > /etc/locale.gen 2>/dev/null || true
apt-get update -qq
apt-get clean
rm -rf /var/log/apt/* /tmp/* /var/tmp/*
