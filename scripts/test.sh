#!/usr/bin/env bash
# Runs every test of the project. On a fresh machine it first installs what
# the tests need and is missing: a Redis server (and starts it on
# 127.0.0.1:6379) and Debian's Chromium for the browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."

apt_install() {
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "test: $* missing and apt-get unavailable; install it by hand" >&2
    return 1
  fi
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  if ! DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends "$@" >/tmp/odoo-gateway-apt.log 2>&1; then
    DEBIAN_FRONTEND=noninteractive $sudo apt-get update >>/tmp/odoo-gateway-apt.log 2>&1
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends "$@" >>/tmp/odoo-gateway-apt.log 2>&1 || {
      echo "test: installing $* failed; see /tmp/odoo-gateway-apt.log" >&2
      return 1
    }
  fi
}

if ! command -v redis-server >/dev/null 2>&1; then
  echo "test: installing redis-server from Debian"
  apt_install redis-server
fi
if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  echo "test: starting redis-server on 127.0.0.1:6379"
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no \
    --dir /tmp --logfile /tmp/odoo-gateway-redis.log
  for _ in $(seq 1 50); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break; sleep 0.1; done
fi
if [ ! -x /usr/bin/chromium ]; then
  echo "test: installing chromium from Debian (browser tests)"
  apt_install chromium
fi

go mod download
# -race for the concurrency the gateway relies on; -count=1 so a run
# always exercises the real Redis and browser instead of a cached result.
go test -race -count=1 -timeout 20m ./... "$@"
