#!/usr/bin/env bash
# Audit chain benchmark: the cost of writing an audit record with a change, concurrent audited writers,
# and verifying the chain, on SQLite and on PostgreSQL (a throwaway cluster) in one run.
#   bench/audit.sh            (ROUNDS, PER_ROUND, WRITERS, PER_WRITER override the defaults 5, 60, 8, 40)
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d "${TMPDIR:-/tmp}/contactbox-audit.XXXXXX")
chmod 755 "$work"
args=(--rounds "${ROUNDS:-5}" --per-round "${PER_ROUND:-60}" --writers "${WRITERS:-8}" --per-writer "${PER_WRITER:-40}")
dotnet build bench/ContactBox.Bench -c Release -v q -nologo >/dev/null
bench=bench/ContactBox.Bench/bin/Release/net10.0/ContactBox.Bench

"$bench" audit --provider sqlite --connection "Data Source=$work/audit.db" "${args[@]}" --ContactBox:DataPath="$work/sqlite"

# PostgreSQL refuses to run as root: the cluster runs as the postgres user, on a free loopback port.
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -x "$pg_bin/initdb" ] || { echo "PostgreSQL is not installed (apt-get install postgresql); SQLite only." >&2; exit 0; }
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
mkdir "$work/pg" && chown postgres:postgres "$work/pg"
runuser -u postgres -- "$pg_bin/initdb" -D "$work/pg/data" -U postgres --auth=trust >/dev/null
runuser -u postgres -- "$pg_bin/pg_ctl" -D "$work/pg/data" -l "$work/pg/log" -w -o "-p $port -k $work/pg -c listen_addresses=127.0.0.1" start >/dev/null
trap 'runuser -u postgres -- "$pg_bin/pg_ctl" -D "$work/pg/data" -m fast -w stop >/dev/null; rm -rf "$work"' EXIT
"$pg_bin/createdb" -h 127.0.0.1 -p "$port" -U postgres audit
"$bench" audit --provider postgresql --connection "Host=127.0.0.1;Port=$port;Username=postgres;Database=audit" "${args[@]}" --ContactBox:DataPath="$work/postgresql"
