#!/usr/bin/env bash
# What the whole test suite needs beyond Python packages: a Redis on 127.0.0.1:6379, Debian's
# Chromium for the browser tests and Debian's nginx for the hosting topology's test
# (tests/browser/test_topology.py, which runs its own nginx). Installs and starts them when
# missing (as root).
set -euo pipefail

apt_install() {
  if [ "$(id -u)" != 0 ]; then
    echo "test-services: '$*' is missing; install it (apt-get install -y $*) or run as root" >&2
    exit 1
  fi
  if [ -z "${APT_UPDATED:-}" ]; then apt-get update -qq; APT_UPDATED=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  command -v redis-server >/dev/null 2>&1 || apt_install redis-server redis-tools
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no
  for _ in $(seq 100); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break; sleep 0.1; done
  redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null
fi

[ -x /usr/bin/chromium ] || apt_install chromium
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || apt_install nginx
