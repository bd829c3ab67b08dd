#!/usr/bin/env bash
# Import benchmark: importContacts of ROWS generated contacts (GraphQL multipart upload, VALID_ROWS, duplicates
# CREATE_ANYWAY) on SQLite and PostgreSQL, beside the database's own bulk load of the same file into a plain table
# (`sqlite3 .import`, `COPY … FROM STDIN` through psql \copy), in the same run; and the API's peak resident memory
# during the import (sampled from /proc/PID/status) and over the API's whole life (GNU time -v, also for the bulk loaders).
# A second reference loads the same rows into the real schema with the database's own tools: the file into a temporary
# staging table, then one INSERT … SELECT into "Contacts" and one into "ContactPrivacy" with the values the import
# writes (IDs, display name, the three JSON columns, workspace and audit stamps, the "Import" source with the file name
# and date), with every index, foreign key and check of the API's migrated database, in one committed transaction.
# It runs before the import on the freshly migrated database and is emptied again (not timed), so both start alike;
# the difference between the two references is the schema's cost, the rest of ContactBox's time is its own.
# Writes bench/results/import.md.
#
#   bench/import.sh
# Environment (defaults in brackets): ROWS [1000000], PROVIDERS ["sqlite postgresql"], DUPLICATES [CREATE_ANYWAY]
#   (SKIP and UPDATE also look every row's e-mail address up among the contacts already there), PREFILL [0]
#   (1: import the file once before the timed import, so that every row of the timed one is a duplicate),
#   BENCH_WORK [/tmp/contactbox-import-bench], RESULTS [bench/results/import.md].
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
ROWS=${ROWS:-1000000}
PROVIDERS=${PROVIDERS:-sqlite postgresql}
BENCH_WORK=${BENCH_WORK:-/tmp/contactbox-import-bench}
DUPLICATES=${DUPLICATES:-CREATE_ANYWAY}
RESULTS=${RESULTS:-$repo/bench/results/import.md}

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
wait_ready() { for _ in $(seq 1 300); do curl -sf "$1" >/dev/null 2>&1 && return 0; sleep 0.2; done; echo "not ready: $1" >&2; exit 1; }
now() { date +%s.%N; }

rm -rf "$BENCH_WORK" && mkdir -p "$BENCH_WORK"
dotnet build src/Api -c Release -v q -nologo >/dev/null

pids=()
pg_bin="" pg_data=""
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  if [ -n "$pg_data" ] && [ -f "$pg_data/postmaster.pid" ]; then runuser -u postgres -- "$pg_bin/pg_ctl" -D "$pg_data" -m fast -w stop >/dev/null || true; fi
}
trap cleanup EXIT

# The same file for every loader: German-style contacts with a unique e-mail each.
csv=$BENCH_WORK/contacts.csv
python3 - "$ROWS" "$csv" <<'PY'
import sys
rows, path = int(sys.argv[1]), sys.argv[2]
first = ["Anna", "Bernd", "Carla", "Dieter", "Erika", "Frank", "Gisela", "Jürgen"]
last = ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker"]
with open(path, "w", encoding="utf-8", newline="") as f:
    f.write("firstName,lastName,email,phone,street,postalCode,city,country\r\n")
    for i in range(rows):
        f.write(f"{first[i % 8]},{last[i // 8 % 8]},person{i}@example.org,+49 30 {i:07d},Hauptstraße {i % 200 + 1},{10000 + i % 89999},Berlin,DE\r\n")
PY
size_mb=$(python3 -c "import os; print(f'{os.path.getsize(\"$csv\") / 1048576:.1f}')")

start_postgres() {
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  local root=$BENCH_WORK/postgresql
  pg_data=$root/data
  mkdir -p "$root" && chown postgres:postgres "$root"
  runuser -u postgres -- "$pg_bin/initdb" -D "$pg_data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$root/initdb.log"
  pg_port=$(free_port)
  runuser -u postgres -- "$pg_bin/pg_ctl" -D "$pg_data" -l "$root/postgres.log" -w -t 60 -o "-p $pg_port -k $root -c listen_addresses=127.0.0.1" start >/dev/null
  psql_cmd=("$pg_bin/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -v ON_ERROR_STOP=1 -qtA)
  "${psql_cmd[@]}" -d postgres -c 'CREATE DATABASE contactbox' -c 'CREATE DATABASE bulk' >/dev/null
}

# The real-schema reference (above). The IDs are time-ordered like the import's version 7 GUIDs, so the primary key
# indexes grow at their end as they do for the import.
real_schema_sqlite() {
  local db=$1
  sqlite3 "$db" <<SQL
.bail on
.timeout 60000
PRAGMA foreign_keys = ON;
BEGIN;
CREATE TEMP TABLE stage ("firstName" TEXT, "lastName" TEXT, email TEXT, phone TEXT, street TEXT, "postalCode" TEXT, city TEXT, country TEXT);
.import --csv --skip 1 $csv stage
INSERT INTO "ContactSourceTypes" ("Id", "Name", "WorkspaceId", "CreatedAt", "UpdatedAt")
  SELECT '01900000-0000-7000-8000-000000000000', 'Import', "Id", CAST((julianday('now') - 1721425.5) * 864000000000 AS INTEGER), CAST((julianday('now') - 1721425.5) * 864000000000 AS INTEGER)
  FROM (SELECT "Id" FROM "Workspaces" ORDER BY "CreatedAt" LIMIT 1) AS w WHERE NOT EXISTS (SELECT 1 FROM "ContactSourceTypes" WHERE "Name" = 'Import' AND "ArchivedAt" IS NULL);
INSERT INTO "Contacts" ("Id", "Kind", "FirstName", "LastName", "DisplayName", "Version", "WorkspaceId", "CreatedAt", "UpdatedAt", "Addresses", "Emails", "Phones")
  SELECT printf('01900000-0000-7000-8000-%012X', s.rowid), 'Person', s."firstName", s."lastName", s."firstName" || ' ' || s."lastName", 1, w."Id", w.now, w.now,
    json_array(json_object('City', s.city, 'Country', s.country, 'Label', NULL, 'PostalCode', s."postalCode", 'Region', NULL, 'Street', s.street)),
    json_array(json_object('Address', s.email, 'IsPrimary', json('true'), 'Label', NULL)),
    json_array(json_object('IsPrimary', json('true'), 'Label', NULL, 'Number', s.phone))
  FROM stage AS s, (SELECT "Id", CAST((julianday('now') - 1721425.5) * 864000000000 AS INTEGER) AS now FROM "Workspaces" ORDER BY "CreatedAt" LIMIT 1) AS w ORDER BY s.rowid;
INSERT INTO "ContactPrivacy" ("Id", "ContactId", "SourceTypeId", "SourceDetail", "SourceDate", "WorkspaceId", "CreatedAt", "UpdatedAt")
  SELECT printf('01900000-0000-7000-9000-%012X', s.rowid), printf('01900000-0000-7000-8000-%012X', s.rowid), t."Id", 'contacts.csv', date('now'), t."WorkspaceId", t.now, t.now
  FROM stage AS s, (SELECT "Id", "WorkspaceId", CAST((julianday('now') - 1721425.5) * 864000000000 AS INTEGER) AS now FROM "ContactSourceTypes" WHERE "Name" = 'Import' AND "ArchivedAt" IS NULL) AS t ORDER BY s.rowid;
COMMIT;
SQL
}

real_schema_postgres() {
  "${psql_cmd[@]}" -d reference <<SQL
BEGIN;
CREATE TEMP TABLE stage ("firstName" text, "lastName" text, email text, phone text, street text, "postalCode" text, city text, country text) ON COMMIT DROP;
\copy stage FROM '$csv' WITH (FORMAT csv, HEADER true)
INSERT INTO "ContactSourceTypes" ("Id", "Name", "WorkspaceId", "CreatedAt", "UpdatedAt")
  SELECT '01900000-0000-7000-8000-000000000000', 'Import', "Id", now(), now()
  FROM (SELECT "Id" FROM "Workspaces" ORDER BY "CreatedAt" LIMIT 1) AS w WHERE NOT EXISTS (SELECT 1 FROM "ContactSourceTypes" WHERE "Name" = 'Import' AND "ArchivedAt" IS NULL);
CREATE TEMP TABLE numbered ON COMMIT DROP AS SELECT row_number() OVER () AS n, * FROM stage;
INSERT INTO "Contacts" ("Id", "Kind", "FirstName", "LastName", "DisplayName", "Version", "WorkspaceId", "CreatedAt", "UpdatedAt", "Addresses", "Emails", "Phones")
  SELECT ('01900000-0000-7000-8000-' || lpad(to_hex(s.n), 12, '0'))::uuid, 'Person', s."firstName", s."lastName", s."firstName" || ' ' || s."lastName", 1, w."Id", now(), now(),
    jsonb_build_array(jsonb_build_object('City', s.city, 'Label', NULL, 'Region', NULL, 'Street', s.street, 'Country', s.country, 'PostalCode', s."postalCode")),
    jsonb_build_array(jsonb_build_object('Label', NULL, 'Address', s.email, 'IsPrimary', true)),
    jsonb_build_array(jsonb_build_object('Label', NULL, 'Number', s.phone, 'IsPrimary', true))
  FROM numbered AS s, (SELECT "Id" FROM "Workspaces" ORDER BY "CreatedAt" LIMIT 1) AS w ORDER BY s.n;
INSERT INTO "ContactPrivacy" ("Id", "ContactId", "SourceTypeId", "SourceDetail", "SourceDate", "WorkspaceId", "CreatedAt", "UpdatedAt")
  SELECT ('01900000-0000-7000-9000-' || lpad(to_hex(s.n), 12, '0'))::uuid, ('01900000-0000-7000-8000-' || lpad(to_hex(s.n), 12, '0'))::uuid, t."Id", 'contacts.csv', current_date, t."WorkspaceId", now(), now()
  FROM numbered AS s, "ContactSourceTypes" AS t WHERE t."Name" = 'Import' AND t."ArchivedAt" IS NULL ORDER BY s.n;
COMMIT;
SQL
}

# Times one real-schema load (prints seconds): on SQLite into the API's database, emptied again untimed; on PostgreSQL
# into a database of its own, migrated by the API beforehand, so that neither load's statistics or locks touch the other's
# tables. (Emptying the API's tables with TRUNCATE once let automatic ANALYZE mark Contacts empty during the import and
# its foreign key checks walk a whole index per row: fixed by BulkStatistics, see the README.)
real_schema_load() {
  local provider=$1 t0 t1
  t0=$(now)
  case $provider in
    sqlite) real_schema_sqlite "$BENCH_WORK/contactbox.db" ;;
    postgresql) real_schema_postgres ;;
  esac
  t1=$(now)
  local count
  case $provider in
    sqlite)
      count=$(sqlite3 "$BENCH_WORK/contactbox.db" 'SELECT count(*) FROM "ContactPrivacy"')
      sqlite3 "$BENCH_WORK/contactbox.db" '.timeout 60000' 'PRAGMA foreign_keys = ON' 'DELETE FROM "ContactPrivacy"' 'DELETE FROM "Contacts"' 'VACUUM' ;;
    postgresql)
      count=$("${psql_cmd[@]}" -d reference -c 'SELECT count(*) FROM "ContactPrivacy"') ;;
  esac
  [ "$count" = "$ROWS" ] || { echo "real-schema load wrote $count privacy rows, not $ROWS" >&2; exit 1; }
  python3 -c "print(f'{$t1 - $t0:.1f}')"
}

# Starts the API on the provider; prints nothing, sets api, api_pid and token.
start_api() {
  local provider=$1 connection=$2 data=$BENCH_WORK/data-$1${3:+-$3}
  local port; port=$(free_port)
  (cd src/Api/bin/Release/net10.0 && ASPNETCORE_ENVIRONMENT=Development Urls=http://127.0.0.1:$port \
    ContactBox__DataPath=$data Logging__LogLevel__Default=Warning \
    ContactBox__Database__Provider=$provider ContactBox__Database__ConnectionString="$connection" \
    ContactBox__Attachments__MaxFileBytes=$((4 * 1024 * 1024 * 1024)) \
    exec /usr/bin/time -v -o "$BENCH_WORK/time-api-${provider,,}.txt" dotnet ContactBox.Api.dll) &
  time_pid=$!
  pids+=("$time_pid")
  for _ in $(seq 1 50); do api_pid=$(pgrep -P "$time_pid" || true); [ -n "$api_pid" ] && break; sleep 0.1; done
  pids+=("$api_pid")
  api=http://127.0.0.1:$port
  wait_ready "$api/health/ready"
  local client=$data/demo-client.json
  token=$(curl -s "$api/connect/token" -d grant_type=client_credentials -d client_id="$(jq -r .ClientId "$client")" -d client_secret="$(jq -r .ClientSecret "$client")" | jq -r .access_token)
}

send_import() {
  curl -s -o "$BENCH_WORK/last.json" "$api/graphql" -H "Authorization: Bearer $token" -H 'GraphQL-Preflight: 1' \
    -F 'operations={"query":"mutation ($f: Upload!) { importContacts(input: {file: $f, rowPolicy: VALID_ROWS, duplicates: '"$1"', background: false}) { result { rows created updated skipped rejected } errors { __typename ... on Error { message } } } }","variables":{"f":null}}' \
    -F 'map={"0":["variables.f"]}' -F "0=@$csv;type=text/csv"
  [ "$(jq -r '.data.importContacts.result | "\(.rows) \(.rejected)"' "$BENCH_WORK/last.json")" = "$ROWS 0" ] || { cat "$BENCH_WORK/last.json" >&2; exit 1; }
}

# Runs importContacts while sampling the API's resident memory; prints "seconds before_mib peak_mib".
# PREFILL=1 first imports the file once (not timed), so that the timed import finds every row a duplicate.
import_api() {
  if [ "${PREFILL:-0}" = 1 ]; then send_import CREATE_ANYWAY; fi
  local before; before=$(awk '/VmRSS/ {print $2}' "/proc/$api_pid/status")
  : >"$BENCH_WORK/rss"
  ( while kill -0 "$api_pid" 2>/dev/null; do awk '/VmRSS/ {print $2}' "/proc/$api_pid/status" >>"$BENCH_WORK/rss"; sleep 0.2; done ) &
  local sampler=$!
  local t0; t0=$(now)
  send_import "$DUPLICATES"
  local t1; t1=$(now)
  kill "$sampler" 2>/dev/null || true
  python3 -c "import sys; r=[int(x) for x in open('$BENCH_WORK/rss').read().split()]; print(f'{$t1 - $t0:.1f} {$before / 1024:.0f} {max(r) / 1024:.0f}')"
}

{
  echo "# Contact import beside the database's own bulk load"
  echo
  echo "\`ROWS=$ROWS DUPLICATES=$DUPLICATES PREFILL=${PREFILL:-0} bench/import.sh\` on $(date -u +%Y-%m-%d), $(nproc) cores (shared), $(dotnet --version); one file of $ROWS contacts ($size_mb MB),"
  echo "each loader run once in the same run. rows/s = rows / wall time (ContactBox: the whole multipart request, upload included)."
  echo "Peak RSS: the API's over its whole life and the loader's, from GNU time -v. Load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)."
  echo
  echo 'Real-schema load: the same rows into the migrated `Contacts` and `ContactPrivacy` by the database'"'"'s own tools, with their indexes and foreign keys, before the import (bench/import.sh).'
  echo
  echo "| database | ContactBox importContacts s | rows/s | API RSS before / peak during import / peak (time -v) MiB | database bulk load s | rows/s | loader peak RSS MiB | ratio | real-schema load s | ratio to it | load avg after |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|"
} >"$RESULTS"

table='CREATE TABLE bulk ("firstName" text, "lastName" text, email text, phone text, street text, "postalCode" text, city text, country text)'
for provider in $PROVIDERS; do
  case $provider in
    sqlite)
      start_api Sqlite "Data Source=$BENCH_WORK/contactbox.db"
      real=$(real_schema_load sqlite)
      read -r seconds before peak < <(import_api)
      rm -f "$BENCH_WORK/bulk.db"
      t0=$(now); /usr/bin/time -v -o "$BENCH_WORK/time-bulk.txt" sqlite3 "$BENCH_WORK/bulk.db" "$table;" ".import --csv --skip 1 $csv bulk"; t1=$(now)
      bulk=$(python3 -c "print(f'{$t1 - $t0:.1f}')")
      name="SQLite $(sqlite3 --version | cut -d' ' -f1)" ;;
    postgresql)
      start_postgres
      "${psql_cmd[@]}" -d postgres -c 'CREATE DATABASE reference' >/dev/null
      start_api PostgreSql "Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=reference" reference
      kill "$api_pid"; wait "$time_pid" 2>/dev/null || true
      real=$(real_schema_load postgresql)
      start_api PostgreSql "Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=contactbox"
      read -r seconds before peak < <(import_api)
      "${psql_cmd[@]}" -d bulk -c "$table" >/dev/null
      t0=$(now); /usr/bin/time -v -o "$BENCH_WORK/time-bulk.txt" "${psql_cmd[@]}" -d bulk -c "\\copy bulk FROM '$csv' WITH (FORMAT csv, HEADER true)" >/dev/null; t1=$(now)
      bulk=$(python3 -c "print(f'{$t1 - $t0:.1f}')")
      name="PostgreSQL $("${psql_cmd[@]}" -d postgres -c 'SHOW server_version')" ;;
  esac
  kill "$api_pid"; wait "$time_pid" 2>/dev/null || true
  api_max=$(awk '/Maximum resident/ {printf "%.0f", $6 / 1024}' "$BENCH_WORK/time-api-${provider,,}.txt")
  bulk_max=$(awk '/Maximum resident/ {printf "%.0f", $6 / 1024}' "$BENCH_WORK/time-bulk.txt")
  python3 -c "print(f'| $name | $seconds | {$ROWS / $seconds:,.0f} | $before / $peak / $api_max | $bulk | {$ROWS / max($bulk, 0.01):,.0f} | $bulk_max | {$seconds / max($bulk, 0.01):.1f}× | $real | {$seconds / max($real, 0.01):.1f}× | $(cut -d' ' -f1 /proc/loadavg) |')" >>"$RESULTS"
done
cat "$RESULTS"
