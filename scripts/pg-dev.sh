#!/usr/bin/env bash
# Starts or stops a throwaway PostgreSQL server on this machine, to try the shared ledger
# of declic-centre (docs/centres.md, part 6) without a real server:
#   scripts/pg-dev.sh start   # prints the DECLIC_LEDGER_URL to use
#   scripts/pg-dev.sh stop    # stops it and deletes its data
# Data in $DECLIC_PG_DIR (default /tmp/declic-pg-dev), 127.0.0.1 only, port
# $DECLIC_PG_PORT (default 55432), no password (trust): never use it for real records.
set -euo pipefail

dir=${DECLIC_PG_DIR:-/tmp/declic-pg-dev}
port=${DECLIC_PG_PORT:-55432}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [[ -z "$bin" ]]; then
  bin=$(dirname "$(readlink -f "$(command -v initdb || echo /nonexistent)")")
fi
if [[ ! -x "$bin/pg_ctl" ]]; then
  echo "PostgreSQL is missing: scripts/install-deps.sh postgresql" >&2
  exit 1
fi
as=()
if [[ $(id -u) -eq 0 ]]; then # the server refuses to run as root
  as=(runuser -u postgres --)
fi

case "${1:-}" in
start)
  if [[ ! -d "$dir/data" ]]; then
    mkdir -p "$dir"
    [[ ${#as[@]} -eq 0 ]] || chown postgres "$dir"
    "${as[@]}" "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C >/dev/null
  fi
  "${as[@]}" "$bin/pg_ctl" start -w -D "$dir/data" -l "$dir/log" \
    -o "-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories=''" >/dev/null
  "$bin/psql" -q -h 127.0.0.1 -p "$port" -U postgres -d postgres -tAc \
    "SELECT 1 FROM pg_database WHERE datname = 'declic'" | grep -q 1 ||
    "$bin/psql" -q -h 127.0.0.1 -p "$port" -U postgres -d postgres -c "CREATE DATABASE declic"
  echo "export DECLIC_LEDGER_URL=postgres://postgres@127.0.0.1:$port/declic?sslmode=disable"
  ;;
stop)
  if [[ -d "$dir/data" ]]; then
    "${as[@]}" "$bin/pg_ctl" stop -m fast -w -D "$dir/data" >/dev/null || true
  fi
  rm -rf "$dir"
  ;;
*)
  echo "usage: $0 start|stop" >&2
  exit 2
  ;;
esac
