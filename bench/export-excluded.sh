#!/usr/bin/env bash
# Peak memory of an export that leaves out every contact: CONTACTS [200000] seeded contacts without assignments,
# exported for a consent-based purpose (all NO_CONSENT) through the real exporter on SQLite, ROUNDS [3] fresh processes.
# Prints each round's seconds and GNU time's maximum resident set size. BENCH=<path to a ContactBox.Bench binary> runs
# another build (e.g. one of the commit before the excluded contacts were stored in blocks) against the same database.
#   CONTACTS=200000 bench/export-excluded.sh
set -euo pipefail
cd "$(dirname "$0")/.."
CONTACTS=${CONTACTS:-200000}
ROUNDS=${ROUNDS:-3}
work=${BENCH_WORK:-$(mktemp -d "${TMPDIR:-/tmp}/contactbox-excluded.XXXXXX")}
mkdir -p "$work"
if [ -z "${BENCH:-}" ]; then
  dotnet build bench/ContactBox.Bench -c Release -v q -nologo >/dev/null
  BENCH=$PWD/bench/ContactBox.Bench/bin/Release/net10.0/ContactBox.Bench
fi
db="$work/excluded-$CONTACTS.db"
if [ ! -f "$db" ]; then
  "$BENCH" seed --provider sqlite --connection "Data Source=$db" --contacts "$CONTACTS" --entries-per-contact 0 --ContactBox:DataPath="$work/data" >/dev/null
fi
for round in $(seq "$ROUNDS"); do
  /usr/bin/time -f "%e %M" -o "$work/time" "$BENCH" export --provider sqlite --connection "Data Source=$db" --ContactBox:DataPath="$work/data" \
    --legal-basis consent >"$work/out" 2>"$work/err" || { cat "$work/err" >&2; exit 1; }
  read -r seconds rss_kb <"$work/time"
  echo "round=$round process_seconds=$seconds max_rss_mb=$((rss_kb / 1024)) $(grep -o 'rows=.*managed_peak_mb=[0-9]*' "$work/out")"
  rm -rf "$work/data/exports"
done
