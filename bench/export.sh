#!/usr/bin/env bash
# Export benchmark: one purpose-bound export of CONTACTS contacts with 8 fields through the real exporter, beside the
# database's own CSV export of the same columns (sqlite3 -csv, PostgreSQL COPY ... TO STDOUT CSV), in the same run,
# on SQLite and on PostgreSQL (a throwaway cluster). Peak memory is GNU time's maximum resident set size.
#   ROWS=1000000 bench/export.sh        (default 1000000, CONTACTS is the same; ROUNDS [3] runs of each)
# Each round is a fresh process that exports REPEAT [2] times: run=1 is the first export after a start (the JIT and
# EF Core compiling the query included), run=2 the same export in a warm process, as a running API does it.
set -euo pipefail
cd "$(dirname "$0")/.."
CONTACTS=${ROWS:-${CONTACTS:-1000000}}
ROUNDS=${ROUNDS:-3}
REPEAT=${REPEAT:-2}
PROVIDERS=${PROVIDERS:-"sqlite postgresql"}   # e.g. PROVIDERS=postgresql for one of them
work=$(mktemp -d "${TMPDIR:-/tmp}/contactbox-export.XXXXXX")
chmod 755 "$work"
trap 'rm -rf "$work"' EXIT
dotnet build bench/ContactBox.Bench -c Release -v q -nologo >/dev/null
bench=$PWD/bench/ContactBox.Bench/bin/Release/net10.0/ContactBox.Bench
columns='"Title","FirstName","LastName","OrganizationName","Department","JobTitle","Website","Birthday"'

# measure <label> <command...>: prints "label seconds max_rss_kb" from GNU time, the command's output to a log.
measure() {
  local label=$1; shift
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" >"$work/$label.out" 2>"$work/$label.err"
  echo "$label $(cat "$work/time")"
}

# run_provider <provider> <connection> <native export> <the export's own query through the database's CSV export>:
# the last two are sh -c commands; the fourth reads $work/<provider>.sql, the statement the exporter streamed its rows
# with (parameters written in), so it shows what the database alone needs for the export's query (sorted by name,
# exclusion facts) beside the plain SELECT of the 8 columns the issue compares with. The sqlite3 shell here is SQLite
# 3.40, older than the 3.53 the API bundles, and walks a (WorkspaceId, …) index for the statement where 3.53 scans the
# table: NOT INDEXED on the contacts gives the shell the plan the exporter's engine runs (the round fails when the
# statement no longer has that line, rather than timing another plan).
run_provider() {
  local provider=$1 connection=$2 native=$3 same_query=$4
  "$bench" seed --provider "$provider" --connection "$connection" --contacts "$CONTACTS" --entries-per-contact 0 --ContactBox:DataPath="$work/$provider" >/dev/null
  for round in $(seq "$ROUNDS"); do
    measure "$provider-contactbox" "$bench" export --provider "$provider" --connection "$connection" --ContactBox:DataPath="$work/$provider" \
      --repeat "$REPEAT" --sql-out "$work/$provider.sql"
    grep -o 'run=[0-9]* .*managed_peak_mb=[0-9]*' "$work/$provider-contactbox.out" | sed 's/^/    /'
    echo "    load average: $(cut -d' ' -f1-3 /proc/loadavg)"
    rm -rf "$work/$provider/exports"
    measure "$provider-native" sh -c "$native"
    measure "$provider-native-same-query" sh -c "$same_query"
  done
}

[[ " $PROVIDERS " == *" sqlite "* ]] && run_provider sqlite "Data Source=$work/export.db" \
  "sqlite3 -csv -header '$work/export.db' 'SELECT $columns FROM \"Contacts\"' > '$work/native.csv'" \
  "grep -q '^FROM \"Contacts\" AS \"c\"\$' '$work/sqlite.sql' && sed 's/^FROM \"Contacts\" AS \"c\"\$/& NOT INDEXED/' '$work/sqlite.sql' | sqlite3 -csv '$work/export.db' > '$work/native-query.csv'"

[[ " $PROVIDERS " == *" postgresql "* ]] || exit 0
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -x "$pg_bin/initdb" ] || { echo "PostgreSQL is not installed (apt-get install postgresql); SQLite only." >&2; exit 0; }
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
mkdir "$work/pg" && chown postgres:postgres "$work/pg"
runuser -u postgres -- "$pg_bin/initdb" -D "$work/pg/data" -U postgres --auth=trust >/dev/null
runuser -u postgres -- "$pg_bin/pg_ctl" -D "$work/pg/data" -l "$work/pg/log" -w -o "-p $port -k $work/pg -c listen_addresses=127.0.0.1" start >/dev/null
trap 'runuser -u postgres -- "$pg_bin/pg_ctl" -D "$work/pg/data" -m fast -w stop >/dev/null; rm -rf "$work"' EXIT
"$pg_bin/createdb" -h 127.0.0.1 -p "$port" -U postgres export
# No command timeout: on a loaded machine the seed's COPY and the export's statements can take minutes.
run_provider postgresql "Host=127.0.0.1;Port=$port;Username=postgres;Database=export;Command Timeout=0" \
  "'$pg_bin/psql' -h 127.0.0.1 -p $port -U postgres -d export -c 'COPY (SELECT $columns FROM \"Contacts\") TO STDOUT CSV HEADER' > '$work/native.csv'" \
  "'$pg_bin/psql' -h 127.0.0.1 -p $port -U postgres -d export -c \"COPY (\$(cat '$work/postgresql.sql')) TO STDOUT CSV\" > '$work/native-query.csv'"
