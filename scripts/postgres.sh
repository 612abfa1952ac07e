#!/usr/bin/env bash
# A throw-away PostgreSQL server for the tests, in a directory of its own.
#
#   scripts/postgres.sh start [DIR]   create (once) and start the cluster; prints its DATABASE_URL
#   scripts/postgres.sh url DIR       print the DATABASE_URL of the cluster in DIR
#   scripts/postgres.sh stop DIR      stop the cluster and delete DIR
#
# The server listens on a Unix socket in DIR only (no TCP port, so several runs never collide),
# trusts local connections, and trades durability for speed (fsync off): it is for tests, never
# for data. Run as root, the server runs as the `postgres` user. Idempotent: starting a running
# cluster or stopping a stopped one only says so. Needs Debian's `postgresql` (scripts/install.sh).
set -euo pipefail

usage() { echo "usage: $0 start [DIR] | url DIR | stop DIR" >&2; exit 2; }
[ $# -ge 1 ] || usage
action=$1
dir=${2:-}

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$bindir" ] || [ ! -x "$bindir/pg_ctl" ]; then
  echo "postgres: no PostgreSQL server installed (apt-get install postgresql, or scripts/install.sh)" >&2
  exit 1
fi

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

url() {
  # dj-database-url reads a percent-encoded host as the socket directory.
  local host
  host=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$dir")
  echo "postgres://postgres@${host}/barometre"
}

running() { [ -f "$dir/data/PG_VERSION" ] && as_owner "$bindir/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; }

case "$action" in
  start)
    if [ -z "$dir" ]; then
      dir=$(mktemp -d "${TMPDIR:-/tmp}/barometre-pg-XXXXXX")
    fi
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    if [ "$(id -u)" -eq 0 ]; then chown postgres: "$dir"; fi
    chmod 700 "$dir"
    if [ ! -f "$dir/data/PG_VERSION" ]; then
      as_owner "$bindir/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --no-locale \
        >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
      cat >>"$dir/data/postgresql.conf" <<EOF
listen_addresses = ''
unix_socket_directories = '$dir'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 200
EOF
    fi
    if running; then
      echo "postgres: already running in $dir" >&2
    else
      as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >/dev/null \
        || { cat "$dir/server.log" >&2; exit 1; }
      echo "postgres: started in $dir" >&2
    fi
    if ! "$bindir/psql" -h "$dir" -U postgres -d postgres -tAc \
        "SELECT 1 FROM pg_database WHERE datname = 'barometre'" | grep -q 1; then
      "$bindir/createdb" -h "$dir" -U postgres barometre
    fi
    url
    ;;
  url)
    [ -n "$dir" ] || usage
    dir=$(cd "$dir" && pwd)
    running || { echo "postgres: no server running in $dir" >&2; exit 1; }
    url
    ;;
  stop)
    [ -n "$dir" ] || usage
    if [ ! -d "$dir" ]; then
      echo "postgres: nothing in $dir" >&2
      exit 0
    fi
    dir=$(cd "$dir" && pwd)
    if [ ! -f "$dir/data/PG_VERSION" ]; then
      echo "postgres: $dir holds no cluster; left as is" >&2
      exit 1
    fi
    if running; then
      as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
      echo "postgres: stopped in $dir" >&2
    fi
    rm -rf "$dir"
    ;;
  *)
    usage
    ;;
esac
