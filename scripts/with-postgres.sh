#!/bin/bash
# Run a command against PostgreSQL. Uses TRYTOND_DATABASE__URI when it is
# already a postgresql:// URI; otherwise starts a throw-away cluster from
# the installed PostgreSQL binaries in a temporary folder, exports its URI,
# runs the command and removes the cluster.
set -euo pipefail
if [[ "${TRYTOND_DATABASE__URI:-}" == postgresql://* ]]; then
    exec "$@"
fi
bindir=$(dirname "$(command -v initdb 2>/dev/null \
    || ls /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -1)")
if [ ! -x "$bindir/initdb" ]; then
    echo "PostgreSQL is not installed (apt-get install postgresql)" >&2
    exit 2
fi
port=${PGPORT_TEST:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
dir=$(mktemp -d /tmp/itsvc-pg.XXXXXX)
run=()
if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
    chown postgres "$dir"
    run=(runuser -u postgres --)
fi
cleanup() {
    "${run[@]}" "$bindir/pg_ctl" -D "$dir/data" -m immediate stop \
        >/dev/null 2>&1 || true
    rm -rf "$dir"
}
trap cleanup EXIT
"${run[@]}" "$bindir/initdb" -D "$dir/data" -U postgres --auth=trust \
    -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; exit 2; }
"${run[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    start >/dev/null
echo "PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port" >&2
export TRYTOND_DATABASE__URI="postgresql://postgres@127.0.0.1:$port/"
"$@"
