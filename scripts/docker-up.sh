#!/usr/bin/env bash
# Make sure a Docker engine answers on this machine; install and start one when none does.
# Instant when `docker info` already works. Installing needs root (apt-get, dockerd).
set -euo pipefail

log=${DOCKERD_LOG:-/var/log/clawops-dockerd.log}

if docker info >/dev/null 2>&1; then
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "docker-up: no Docker engine answers and this is not root." >&2
  echo "  Start Docker yourself (e.g. 'sudo systemctl start docker'), or run 'sudo make ...'." >&2
  exit 1
fi

if ! command -v dockerd >/dev/null 2>&1; then
  echo "docker-up: installing the distribution's docker.io ..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq docker.io >/dev/null
fi

if [ -d /run/systemd/system ] && systemctl start docker 2>/dev/null; then
  :
else
  echo "docker-up: starting dockerd (log: $log)"
  nohup setsid dockerd >"$log" 2>&1 </dev/null &
fi

for _ in $(seq 1 60); do
  if docker info >/dev/null 2>&1; then
    echo "docker-up: engine $(docker version --format '{{.Server.Version}}') is up"
    exit 0
  fi
  sleep 1
done
echo "docker-up: dockerd did not answer within 60 s; last lines of $log:" >&2
tail -n 20 "$log" >&2 || true
exit 1
