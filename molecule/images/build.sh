#!/usr/bin/env bash
# Build the local systemd test images from debootstrap, no registry needed:
#   clawops/systemd-debian:12  (bookworm)   clawops/systemd-debian:13  (trixie)
# Each image carries a label with the hash of its recipe (this script, rootfs-setup.sh, the CA bundle);
# an image whose label matches is reused, so only a changed recipe rebuilds.
#
#   build.sh [12|13 ...]          default: 12 13
#   CLAWOPS_CA_BUNDLE=/path.pem   extra CA certificates trusted in the image (default: the host's bundle
#                                 when present; set to an empty string to add none). Needed when HTTPS to
#                                 PyPI or npm goes through a TLS-intercepting proxy.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=${CLAWOPS_IMAGE_REPO:-clawops/systemd-debian}
ca_bundle=${CLAWOPS_CA_BUNDLE-/etc/ssl/certs/ca-certificates.crt}
[ -f "$ca_bundle" ] || ca_bundle=""
versions=("$@")
[ ${#versions[@]} -gt 0 ] || versions=(12 13)

# Packages every stand-in VPS has: systemd as init, python3 for Ansible, sshd as on any VPS.
packages=systemd,systemd-sysv,dbus,python3,python3-apt,sudo,openssh-server,ca-certificates,iproute2,procps,curl,gnupg,kmod

suite_of() {
  case "$1" in
    12) echo bookworm ;;
    13) echo trixie ;;
    *) echo "build.sh: unsupported Debian version '$1' (use 12 or 13)" >&2; exit 2 ;;
  esac
}

recipe_hash() {
  { cat "$here/build.sh" "$here/rootfs-setup.sh"; echo "$1 $packages"
    [ -n "$ca_bundle" ] && cat "$ca_bundle"; } | sha256sum | cut -c1-16
}

command -v debootstrap >/dev/null || {
  echo "build.sh: installing debootstrap ..."; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null; }

for v in "${versions[@]}"; do
  suite=$(suite_of "$v")
  hash=$(recipe_hash "$suite")
  image="$repo:$v"
  if [ "$(docker image inspect -f '{{ index .Config.Labels "org.clawops.recipe" }}' "$image" 2>/dev/null)" = "$hash" ]; then
    echo "build.sh: $image is current (recipe $hash), reused"
    continue
  fi
  echo "build.sh: building $image from debootstrap $suite (recipe $hash) ..."
  start=$(date +%s)
  root=$(mktemp -d /var/tmp/clawops-rootfs.XXXXXX); chmod 0755 "$root"
  trap 'rm -rf "$root"' EXIT
  debootstrap --variant=minbase --include="$packages" "$suite" "$root" >"$root.log" 2>&1 || {
    echo "build.sh: debootstrap $suite failed; last lines:" >&2; tail -n 20 "$root.log" >&2; exit 1; }
  rm -f "$root.log"
  if [ -n "$ca_bundle" ]; then
    cp "$ca_bundle" "$root/usr/local/share/ca-certificates/clawops-extra-ca.crt"
  fi
  cp "$here/rootfs-setup.sh" "$root/tmp/rootfs-setup.sh"
  chroot "$root" /bin/bash /tmp/rootfs-setup.sh
  rm -f "$root/tmp/rootfs-setup.sh"
  tar -C "$root" -c . | docker import \
    -c 'ENV container=docker' \
    -c 'CMD ["/lib/systemd/systemd"]' \
    -c "LABEL org.clawops.recipe=$hash org.clawops.suite=$suite" \
    - "$image" >/dev/null
  rm -rf "$root"; trap - EXIT
  echo "build.sh: built $image in $(( $(date +%s) - start )) s"
done
