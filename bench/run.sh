#!/usr/bin/env bash
# Contact-list benchmark: the GraphQL endpoint beside a hand-written minimal API doing the same work,
# on SQLite and on PostgreSQL, measured with wrk in the same run. Writes bench/results/contacts-list.md.
#
#   bench/run.sh [--reseed]
#
# --reseed   drop and load the benchmark databases again (otherwise a database already seeded with the
#            requested size is reused).
# Environment (defaults in brackets):
#   CONTACTS [100000]  ENTRIES_PER_CONTACT [10]  SEED [42]
#   DURATION [20s] per measurement, WARMUP [5s] per endpoint, ROUNDS [2] of all endpoints back to back,
#   CONNECTIONS [16], THREADS [2] (wrk threads: the machine has 2 cores that wrk and the server share),
#   PROVIDERS ["sqlite postgresql"], PROFILE [0] (1 adds the GraphQL "nodes { id }" variant),
#   BENCH_WORK [/tmp/contactbox-bench] for the databases and the PostgreSQL cluster,
#   RESULTS [bench/results/contacts-list.md].
# Quick smoke run: CONTACTS=2000 DURATION=3s WARMUP=1s ROUNDS=1 RESULTS=/tmp/smoke.md bench/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD

reseed=false
for arg in "$@"; do
  case "$arg" in
    --reseed) reseed=true ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) echo "Unknown argument: $arg" >&2; exit 2 ;;
  esac
done

CONTACTS=${CONTACTS:-100000}
ENTRIES_PER_CONTACT=${ENTRIES_PER_CONTACT:-10}
SEED=${SEED:-42}
DURATION=${DURATION:-20s}
WARMUP=${WARMUP:-5s}
ROUNDS=${ROUNDS:-2}
CONNECTIONS=${CONNECTIONS:-16}
THREADS=${THREADS:-2}
PROVIDERS=${PROVIDERS:-sqlite postgresql}
PROFILE=${PROFILE:-0}
BENCH_WORK=${BENCH_WORK:-/tmp/contactbox-bench}
RESULTS=${RESULTS:-$repo/bench/results/contacts-list.md}

requests=$repo/bench/requests
size=${CONTACTS}x${ENTRIES_PER_CONTACT}
run_dir=$(mktemp -d "${TMPDIR:-/tmp}/contactbox-bench-run.XXXXXX")
measurements=$run_dir/measurements.tsv
facts=$run_dir/facts.tsv
: >"$measurements"
: >"$facts"

step() { printf '\n==> %s\n' "$*"; }
fail() { echo "FAILED: $*" >&2; exit 1; }
fact() { printf '%s\t%s\t%s\n' "$1" "$2" "$3" >>"$facts"; }
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }

for tool in wrk curl python3 dotnet; do
  command -v "$tool" >/dev/null || fail "$tool is not installed."
done

server_pid=""
pg_data=""
pg_bin=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  if [ -n "$pg_data" ] && [ -f "$pg_data/postmaster.pid" ]; then
    runuser -u postgres -- "$pg_bin/pg_ctl" -D "$pg_data" -m fast -w stop >/dev/null || true
  fi
  rm -rf "$run_dir"
}
trap cleanup EXIT

step "Building the benchmark host (Release)"
dotnet build "$repo/bench/ContactBox.Bench/ContactBox.Bench.csproj" -c Release -nologo -v q
bench_dll=$repo/bench/ContactBox.Bench/bin/Release/net10.0/ContactBox.Bench.dll
mkdir -p "$BENCH_WORK"

# A throwaway PostgreSQL cluster of our own, on a free loopback port, run as the postgres user (it refuses
# root). The cluster folder stays in BENCH_WORK so that a later run can reuse the seeded database.
start_postgres() {
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -x "$pg_bin/initdb" ] || fail "PostgreSQL binaries not found under /usr/lib/postgresql (apt-get install postgresql)."
  local root=$BENCH_WORK/postgresql
  pg_data=$root/data
  mkdir -p "$root"
  chown postgres:postgres "$root"
  if [ ! -f "$pg_data/PG_VERSION" ]; then
    runuser -u postgres -- "$pg_bin/initdb" -D "$pg_data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$root/initdb.log"
  fi
  pg_port=$(free_port)
  runuser -u postgres -- "$pg_bin/pg_ctl" -D "$pg_data" -l "$root/postgres.log" -w -t 60 \
    -o "-p $pg_port -k $root -c listen_addresses=127.0.0.1 -c shared_buffers=1GB -c max_connections=100" start >/dev/null
  psql_cmd=("$pg_bin/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -v ON_ERROR_STOP=1 -qtA)
  fact postgresql server "$("${psql_cmd[@]}" -d postgres -c 'SHOW server_version')"
}

# Prints the connection string of the provider's benchmark database, creating (or with --reseed, recreating) it.
prepare_database() {
  case "$1" in
    sqlite)
      local file=$BENCH_WORK/sqlite/contactbox-$size.db
      mkdir -p "$BENCH_WORK/sqlite"
      if $reseed; then rm -f "$file" "$file-wal" "$file-shm" "$file-journal"; fi
      echo "Data Source=$file"
      ;;
    postgresql)
      local name=contactbox_$size
      if $reseed; then "${psql_cmd[@]}" -d postgres -c "DROP DATABASE IF EXISTS \"$name\" WITH (FORCE)" >/dev/null; fi
      if [ -z "$("${psql_cmd[@]}" -d postgres -c "SELECT 1 FROM pg_database WHERE datname = '$name'")" ]; then
        "${psql_cmd[@]}" -d postgres -c "CREATE DATABASE \"$name\"" >/dev/null
      fi
      echo "Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=$name"
      ;;
  esac
}

post() { curl -sS --fail-with-body -H 'Content-Type: application/json' -H "Authorization: Bearer $token" --data-binary "@$requests/$2" "$base_url$1"; }

# The SQL of the statements since the last read, parameter names blanked (EF names them after the C# variables).
statements() { curl -sS --fail "$base_url/bench/statements" >"$run_dir/statements-$1.json"; }
statement_count() { python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["count"])' "$run_dir/statements-$1.json"; }
normalized_sql() { python3 -c 'import json, re, sys; print("\n".join(re.sub(r"@\w+", "@p", s) for s in json.load(open(sys.argv[1]))["statements"]))' "$run_dir/statements-$1.json"; }

verify() {
  local provider=$1
  step "[$provider] Verifying: identical JSON, same SQL, statement count"
  statements discard
  post /graphql graphql-contacts.json >"$run_dir/graphql.json"
  statements graphql
  post /bench/contacts minimal-contacts.json >"$run_dir/minimal.json"
  statements minimal
  post /graphql graphql-contacts-100.json >"$run_dir/graphql-100.json"
  statements graphql-100

  python3 - "$run_dir/graphql.json" <<'PY' || fail "[$provider] the GraphQL answer is not a page of 50 contacts without errors."
import json, sys
body = json.load(open(sys.argv[1]))
nodes = ((body.get("data") or {}).get("contacts") or {}).get("nodes") or []
if "errors" in body or len(nodes) != 50 or any(len(n["timeline"]["nodes"]) > 3 for n in nodes):
    sys.exit(f"Unexpected answer ({len(nodes)} nodes): {json.dumps(body)[:2000]}")
PY
  cmp -s "$run_dir/graphql.json" "$run_dir/minimal.json" || {
    cmp "$run_dir/graphql.json" "$run_dir/minimal.json" || true
    cp "$run_dir/graphql.json" "$BENCH_WORK/$provider-graphql.json"
    cp "$run_dir/minimal.json" "$BENCH_WORK/$provider-minimal.json"
    fail "[$provider] /bench/contacts does not return the same bytes as /graphql (both bodies copied to $BENCH_WORK)."
  }
  if ! diff <(normalized_sql graphql) <(normalized_sql minimal) >"$run_dir/sql.diff"; then
    cat "$run_dir/sql.diff" >&2
    fail "[$provider] /bench/contacts does not send the same SQL as /graphql."
  fi

  local count count100 minimal_count
  count=$(statement_count graphql)
  count100=$(statement_count graphql-100)
  minimal_count=$(statement_count minimal)
  [ "$count" -le 5 ] || fail "[$provider] $count SQL statements per GraphQL request; at most 5 are allowed."
  [ "$count" -eq "$count100" ] || fail "[$provider] statements per request are not constant: $count for 50 contacts, $count100 for 100."
  fact "$provider" statements "$count"
  fact "$provider" statements100 "$count100"
  fact "$provider" minimal_statements "$minimal_count"
  normalized_sql graphql >"$BENCH_WORK/$provider-statements.sql"
  echo "JSON identical ($(wc -c <"$run_dir/graphql.json") bytes), SQL identical, $count statements per request (also $count100 for first: 100)."

  local constant='{"data":{"__typename":"Query"}}'
  [ "$(post /graphql graphql-typename.json)" = "$constant" ] || fail "[$provider] { __typename } does not answer $constant."
  [ "$(post /bench/typename minimal-typename.json)" = "$constant" ] || fail "[$provider] /bench/typename does not answer $constant."
}

# endpoint name, path, request file
endpoints=(
  "GraphQL contacts|/graphql|graphql-contacts.json"
  "minimal API contacts|/bench/contacts|minimal-contacts.json"
  "GraphQL { __typename }|/graphql|graphql-typename.json"
  "minimal API constant|/bench/typename|minimal-typename.json"
)
if [ "$PROFILE" = 1 ]; then endpoints+=("GraphQL contacts, nodes { id } only|/graphql|graphql-contacts-ids.json"); fi

load() { WRK_BODY=$requests/$3 WRK_TOKEN=$token wrk -t"$THREADS" -c"$CONNECTIONS" -d"$1" --latency -s "$repo/bench/post.lua" "$base_url$2"; }

measure() {
  local provider=$1
  step "[$provider] Warming up ($WARMUP per endpoint)"
  for endpoint in "${endpoints[@]}"; do
    IFS='|' read -r _ path body <<<"$endpoint"
    load "$WARMUP" "$path" "$body" >/dev/null
  done
  for round in $(seq 1 "$ROUNDS"); do
    for endpoint in "${endpoints[@]}"; do
      IFS='|' read -r name path body <<<"$endpoint"
      step "[$provider] round $round/$ROUNDS: $name (wrk -t$THREADS -c$CONNECTIONS -d$DURATION)"
      local out=$run_dir/wrk.txt
      load "$DURATION" "$path" "$body" | tee "$out"
      python3 - "$out" "$provider" "$name" "$round" >>"$measurements" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
def ms(value):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
p50 = ms(re.search(r"^\s+50%\s+(\S+)", text, re.M).group(1))
p99 = ms(re.search(r"^\s+99%\s+(\S+)", text, re.M).group(1))
bad = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
errors = re.search(r"Socket errors: (.*)", text)
load = open("/proc/loadavg").read().split()[0]  # how busy the machine was: others share it
print("\t".join([sys.argv[2], sys.argv[3], sys.argv[4], f"{rps:.1f}", f"{p50:.3f}", f"{p99:.3f}",
                 bad.group(1) if bad else "0", errors.group(1) if errors else "", load]))
PY
    done
  done
}

for provider in $PROVIDERS; do
  case "$provider" in
    sqlite) provider_arg=sqlite ;;
    postgresql) provider_arg=postgresql; [ -n "$pg_data" ] || { step "Starting a throwaway PostgreSQL cluster"; start_postgres; } ;;
    *) fail "Unknown provider $provider (sqlite or postgresql)." ;;
  esac

  connection=$(prepare_database "$provider")
  step "[$provider] Seeding $CONTACTS contacts x $ENTRIES_PER_CONTACT timeline entries (seed $SEED)"
  seed_log=$BENCH_WORK/$provider-$size.seed.log
  seed_out=$run_dir/seed.txt
  dotnet "$bench_dll" seed --provider "$provider_arg" --connection "$connection" \
    --contacts "$CONTACTS" --entries-per-contact "$ENTRIES_PER_CONTACT" --seed "$SEED" | tee "$seed_out"
  # Keep the log of the run that actually loaded the data, so that reused databases still report it.
  if ! grep -q '^Already seeded' "$seed_out"; then cp "$seed_out" "$seed_log"; fi
  fact "$provider" seed "$(grep -h '^Seeded\|^Seconds' "$seed_log" 2>/dev/null | tr '\n' ' ' || echo 'seeded by an earlier run, log missing')"

  port=$(free_port)
  base_url=http://127.0.0.1:$port
  step "[$provider] Starting the API (Release, logging at Warning) on $base_url"
  dotnet "$bench_dll" serve --provider "$provider_arg" --connection "$connection" \
    --urls "$base_url" --Logging:LogLevel:Default=Warning >"$run_dir/serve-$provider.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 120); do
    curl -sf "$base_url/health/ready" >/dev/null 2>&1 && break
    kill -0 "$server_pid" 2>/dev/null || { cat "$run_dir/serve-$provider.log" >&2; fail "[$provider] the API did not start."; }
    sleep 0.5
  done
  curl -sf "$base_url/health/ready" >/dev/null || fail "[$provider] the API did not become ready."
  # Every request carries an access token, as in production (validated locally, its entry looked up once per request).
  token=$(curl -sS --fail "$base_url/bench/token") || fail "[$provider] no access token from /bench/token."

  verify "$provider"
  measure "$provider"

  kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""
  grep -q . "$run_dir/serve-$provider.log" && { echo "Server output ($provider):"; cat "$run_dir/serve-$provider.log"; }
done

step "Writing $RESULTS"
fact machine nproc "$(nproc)"
fact machine cpu "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
fact machine memory "$(free -g | awk '/^Mem:/ {print $2 " GiB"}')"
fact machine kernel "$(uname -sr)"
fact machine date "$(date -u '+%Y-%m-%d %H:%M UTC')"
fact machine dotnet "$(dotnet --version)"
fact machine wrk "$(wrk -v 2>&1 | head -n 1 | awk '{print $2}')"
mkdir -p "$(dirname "$RESULTS")"
export CONTACTS ENTRIES_PER_CONTACT SEED THREADS CONNECTIONS DURATION WARMUP ROUNDS
python3 - "$measurements" "$facts" "$RESULTS" "$requests/graphql-contacts.json" <<'PY'
import collections, json, os, statistics, sys
env = os.environ
measurements_file, facts_file, out_file, query_file = sys.argv[1:5]
facts = collections.defaultdict(dict)
for line in open(facts_file):
    scope, key, value = line.rstrip("\n").split("\t", 2)
    facts[scope][key] = value
rows = collections.defaultdict(list)
problems = []
for line in open(measurements_file):
    provider, endpoint, round_, rps, p50, p99, bad, errors, _ = line.rstrip("\n").split("\t")
    rows[(provider, endpoint)].append((float(rps), float(p50), float(p99)))
    if int(bad) or errors:
        problems.append(f"{provider} / {endpoint} round {round_}: {bad} non-2xx responses {errors}".strip())

def mean(values): return statistics.fmean(values)
def fmt_ms(value): return f"{value:.2f} ms"
m = facts["machine"]
lines = [
    "# Contact list benchmark: GraphQL beside a hand-written minimal API",
    "",
    f"Generated by `bench/run.sh` on {m['date']}.",
    "",
    f"- Machine: {m['nproc']} cores ({m['cpu']}), {m['memory']} RAM, {m['kernel']}; .NET SDK {m['dotnet']}; wrk {m['wrk']}"
    + (f"; PostgreSQL {facts['postgresql']['server']}" if "server" in facts["postgresql"] else "") + ".",
    f"- Data: {int(env['CONTACTS']):,} contacts (about 30 % tagged \"customer\") with {env['ENTRIES_PER_CONTACT']} timeline entries each"
    f" ({int(env['CONTACTS']) * int(env['ENTRIES_PER_CONTACT']):,} in all), Bogus seed {env['SEED']}, German locale.",
    f"- Load: `wrk -t{env['THREADS']} -c{env['CONNECTIONS']} -d{env['DURATION']} --latency`, after a {env['WARMUP']} warm-up per endpoint;"
    f" {env['ROUNDS']} round(s) of all endpoints back to back"
    " in one run against one server process per provider; the table shows the mean over the rounds.",
    "- **wrk and the server share the same 2 cores** (wrk runs with 2 threads): absolute numbers are lower than with a separate"
    " load generator, and the machine is noisy; compare endpoints within one run, not across runs.",
    "- Both contact endpoints send the same SQL (checked: statement texts equal up to parameter names) and return byte-identical"
    " JSON (checked with cmp) before anything is measured.",
    "",
    "| provider | endpoint | req/s | p50 | p99 | ratio GraphQL/minimal |",
    "|---|---|---:|---:|---:|---:|",
]
order = ["GraphQL contacts", "minimal API contacts", "GraphQL { __typename }", "minimal API constant", "GraphQL contacts, nodes { id } only"]
baseline = {"GraphQL contacts": "minimal API contacts", "GraphQL { __typename }": "minimal API constant"}
for provider in dict.fromkeys(p for p, _ in rows):
    for endpoint in order:
        runs = rows.get((provider, endpoint))
        if not runs:
            continue
        rps = mean(r[0] for r in runs)
        ratio = ""
        if endpoint in baseline and (provider, baseline[endpoint]) in rows:
            ratio = f"{rps / mean(r[0] for r in rows[(provider, baseline[endpoint])]):.0%}"
        lines.append(f"| {provider} | {endpoint} | {rps:,.0f} | {fmt_ms(mean(r[1] for r in runs))} | {fmt_ms(mean(r[2] for r in runs))} | {ratio} |")
if any(endpoint == order[-1] for _, endpoint in rows):
    lines += ["", f"\"{order[-1]}\" (PROFILE=1) is a diagnostic: the same list selecting only the IDs, one SQL statement;"
              " the gap to the full query is what the nested fields cost (three more statements, their rows and resolvers)."]
lines += ["", "SQL statements per GraphQL contact-list request (counted by an EF Core command interceptor):", ""]
for provider in dict.fromkeys(p for p, _ in rows):
    f = facts[provider]
    lines.append(f"- {provider}: {f['statements']} for `first: 50`, {f['statements100']} for `first: 100` (minimal API: {f['minimal_statements']}).")
lines += ["", "Seeding (bulk load through ADO.NET multi-row INSERTs on SQLite, binary COPY on PostgreSQL):", ""]
for provider in dict.fromkeys(p for p, _ in rows):
    lines.append(f"- {provider}: {facts[provider]['seed'].strip()}")
lines += ["", "Every measurement, in the order run (load average: the machine's 1-minute load when it ended; 2 means both cores busy):", "",
          "| provider | endpoint | round | req/s | p50 | p99 | load average |", "|---|---|---:|---:|---:|---:|---:|"]
for line in open(measurements_file):
    provider, endpoint, round_, rps, p50, p99, _, _, load = line.rstrip("\n").split("\t")
    lines.append(f"| {provider} | {endpoint} | {round_} | {float(rps):,.0f} | {fmt_ms(float(p50))} | {fmt_ms(float(p99))} | {load} |")
if problems:
    lines += ["", "**Failed requests during the measurements:**", ""] + [f"- {p}" for p in problems]
lines += ["", "The GraphQL request (POST /graphql); the minimal API gets `{\"tag\":\"customer\",\"first\":50}` at POST /bench/contacts:", "",
          "```graphql", json.load(open(query_file))["query"], "```", ""]
open(out_file, "w").write("\n".join(lines))
print("\n".join(lines))
if problems:
    sys.exit("Some requests failed during the measurements; see above.")
PY
