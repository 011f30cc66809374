#!/usr/bin/env bash
# Idempotent machine setup for `make interview` and `make test`: apt packages, the venv, PostgreSQL, Redis.
# Quick when everything is already in place. Runs unattended (no stdin), as root or with sudo available.
#   scripts/setup.sh          packages + venv + start services when installed
#   SETUP_SERVICES=0 ...      skip PostgreSQL/Redis (e.g. for `make interview` on SQLite)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
VENV="$ROOT/.venv"
PYTHON="${PYTHON:-python3}"
SETUP_SERVICES="${SETUP_SERVICES:-1}"
PG_HOST=127.0.0.1
PG_PORT=5432
PG_DB=test

log() { printf '[setup] %s\n' "$*" >&2; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo -n "$@"; fi; }

install_apt_packages() {
  local wanted missing=()
  mapfile -t wanted < <(grep -v '^\s*#' scripts/apt-packages.txt | awk 'NF {print $1}')
  for pkg in "${wanted[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$pkg")
    fi
  done
  if [ "${#missing[@]}" -eq 0 ]; then return; fi
  if ! command -v apt-get >/dev/null; then
    log "missing packages ${missing[*]} and no apt-get: install them by hand"; return 1
  fi
  log "installing apt packages: ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" </dev/null
}

ensure_venv() {
  if [ ! -x "$VENV/bin/python" ]; then
    "$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' \
      || { log "Python >= 3.11 is required (set PYTHON=...)"; return 1; }
    log "creating $VENV"
    "$PYTHON" -m venv "$VENV"
  fi
  # Reinstall only when pyproject.toml changed since the last successful install.
  local stamp="$VENV/.installed-$(sha256sum pyproject.toml | cut -c1-16)"
  if [ ! -f "$stamp" ] || ! "$VENV/bin/python" -c 'import api, agent' 2>/dev/null; then
    log "installing the project into $VENV (pip install -e .[test])"
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check -e ".[test]" </dev/null
    rm -f "$VENV"/.installed-*
    touch "$stamp"
  fi
}

start_postgres() {
  if pg_isready -q -h "$PG_HOST" -p "$PG_PORT" 2>/dev/null; then :;
  elif [ -d /etc/postgresql ] && command -v pg_ctlcluster >/dev/null; then
    local version; version="$(ls /etc/postgresql | sort -V | tail -n1)"
    log "starting PostgreSQL $version"
    as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
    for _ in $(seq 1 40); do pg_isready -q -h "$PG_HOST" -p "$PG_PORT" && break; sleep 0.25; done
  fi
  if ! pg_isready -q -h "$PG_HOST" -p "$PG_PORT" 2>/dev/null; then
    log "PostgreSQL is not reachable on $PG_HOST:$PG_PORT"; return 1
  fi
  if ! psql -h "$PG_HOST" -p "$PG_PORT" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='$PG_DB'" \
      postgres 2>/dev/null | grep -q 1; then
    log "creating database $PG_DB"
    psql -h "$PG_HOST" -p "$PG_PORT" -U postgres -c "CREATE DATABASE \"$PG_DB\"" postgres >/dev/null
  fi
}

start_redis() {
  if redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null | grep -q PONG; then return; fi
  if command -v redis-server >/dev/null; then
    log "starting Redis"
    as_root mkdir -p /var/lib/redis /var/log/redis
    as_root redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
      --dir /var/lib/redis --logfile /var/log/redis/ci.log
    for _ in $(seq 1 40); do redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null | grep -q PONG && return; sleep 0.25; done
  fi
  log "Redis is not reachable on 127.0.0.1:6379"; return 1
}

install_apt_packages
ensure_venv
if [ "$SETUP_SERVICES" = "1" ]; then
  start_postgres
  start_redis
fi
