#!/usr/bin/env bash
# Start or stop a throwaway PostgreSQL server for the store tests and benchmarks.
#
#   eval "$(scripts/start-postgres.sh start [DIR])"   # prints: export SOURCETRACE_TEST_PG=postgresql://...
#   scripts/start-postgres.sh stop DIR
#
# `start` runs initdb into DIR (default: a new temp dir), starts the server with pg_ctl on
# 127.0.0.1:$PGPORT (default: 54329, or the next free port; socket in DIR) with trust authentication, and prints the
# exports on stdout (SOURCETRACE_TEST_PG, SOURCETRACE_PG_DIR). PostgreSQL refuses to run as
# root, so as root the server runs as the `postgres` user (or `nobody`).
# The binaries are looked up on PATH, then in /usr/lib/postgresql/*/bin (newest first).
set -euo pipefail

find_bin() {
    if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
        dirname "$(command -v pg_ctl)"
        return
    fi
    local dir
    for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
            echo "$dir"
            return
        fi
    done
    echo "start-postgres: initdb/pg_ctl not found (install Debian's postgresql package)" >&2
    exit 1
}

as_owner() {
    if [ "$(id -u)" = 0 ]; then
        local user=postgres
        id "$user" >/dev/null 2>&1 || user=nobody
        runuser -u "$user" -- "$@"
    else
        "$@"
    fi
}

owner() {
    if [ "$(id -u)" = 0 ]; then
        if id postgres >/dev/null 2>&1; then echo postgres; else echo nobody; fi
    else
        id -un
    fi
}

cmd="${1:-}"
bin="$(find_bin)"
case "$cmd" in
start)
    dir="${2:-$(mktemp -d /tmp/sourcetrace-pg.XXXXXX)}"
    port="${PGPORT:-54329}"
    if [ -z "${PGPORT:-}" ]; then  # another server (a second checkout) may hold the default port
        port=$(python3 -c 'import socket,sys
p=int(sys.argv[1])
for c in [p, *range(p + 1, p + 50)]:
    s=socket.socket()
    try:
        s.bind(("127.0.0.1", c)); print(c); break
    except OSError: pass
    finally: s.close()' "$port")
    fi
    mkdir -p "$dir"
    chown "$(owner)" "$dir" 2>/dev/null || true
    chmod 700 "$dir"
    if [ ! -f "$dir/data/PG_VERSION" ]; then
        as_owner "$bin/initdb" -D "$dir/data" -U sourcetrace --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
            || { cat "$dir/initdb.log" >&2; exit 1; }
    fi
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$dir" start >&2 \
        || { cat "$dir/server.log" >&2; exit 1; }
    echo "export SOURCETRACE_TEST_PG=postgresql://sourcetrace@127.0.0.1:$port/postgres"
    echo "export SOURCETRACE_PG_DIR=$dir"
    ;;
stop)
    dir="${2:?usage: start-postgres.sh stop DIR}"
    as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >&2
    ;;
*)
    echo "usage: start-postgres.sh start [DIR] | stop DIR" >&2
    exit 2
    ;;
esac
