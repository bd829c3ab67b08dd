#!/usr/bin/env bash
# Attachment benchmark: upload and download throughput of ContactBox (GraphQL multipart upload into the
# file-system store; download by bearer token) beside a minimal ASP.NET Core endpoint that writes the request
# body to disk and sends a file back (bench/UploadSink), both driven by curl, in the same run; and the API's
# resident memory while a 1 GB file is uploaded. Writes bench/results/attachments.md.
#
#   bench/attachments.sh
# Environment (defaults in brackets): SMALL_RUNS [20] for 1 MB, LARGE_RUNS [5] for 100 MB, HUGE_MB [1024],
#   BENCH_WORK [/tmp/contactbox-attachments-bench], RESULTS [bench/results/attachments.md].
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
SMALL_RUNS=${SMALL_RUNS:-20}
LARGE_RUNS=${LARGE_RUNS:-5}
HUGE_MB=${HUGE_MB:-1024}
BENCH_WORK=${BENCH_WORK:-/tmp/contactbox-attachments-bench}
RESULTS=${RESULTS:-$repo/bench/results/attachments.md}

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
wait_ready() { for _ in $(seq 1 300); do curl -sf "$1" >/dev/null 2>&1 && return 0; sleep 0.2; done; echo "not ready: $1" >&2; exit 1; }
median() { python3 -c 'import sys, statistics; print(statistics.median(float(x) for x in sys.stdin.read().split()))'; }

rm -rf "$BENCH_WORK" && mkdir -p "$BENCH_WORK/files"
dotnet build src/Api -c Release -v q -nologo >/dev/null
dotnet build bench/UploadSink -c Release -v q -nologo >/dev/null

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT

api_port=$(free_port)
(cd src/Api/bin/Release/net10.0 && ASPNETCORE_ENVIRONMENT=Development Urls=http://127.0.0.1:$api_port \
  ContactBox__DataPath=$BENCH_WORK/data Logging__LogLevel__Default=Warning \
  ContactBox__Attachments__MaxFileBytes=$((2 * 1024 * 1024 * 1024)) ContactBox__Attachments__DefaultQuotaBytes=$((1024 * 1024 * 1024 * 1024)) \
  ContactBox__RateLimits__GraphQLPerSubject=1000000 ContactBox__RateLimits__GraphQLPerIp=1000000 \
  exec dotnet ContactBox.Api.dll) &
api_pid=$!
pids+=("$api_pid")
sink_port=$(free_port)
(cd bench/UploadSink/bin/Release/net10.0 && Urls=http://127.0.0.1:$sink_port exec dotnet UploadSink.dll) &
sink_pid=$!
pids+=("$sink_pid")
api=http://127.0.0.1:$api_port
sink=http://127.0.0.1:$sink_port
wait_ready "$api/health/ready"
wait_ready "$sink/download?path=/etc/hostname"

client=$BENCH_WORK/data/demo-client.json
token=$(curl -s "$api/connect/token" -d grant_type=client_credentials -d client_id="$(jq -r .ClientId "$client")" -d client_secret="$(jq -r .ClientSecret "$client")" | jq -r .access_token)
gql() { curl -s "$api/graphql" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -d "$1"; }
contact=$(gql '{"query":"mutation { createContact(input: {kind: PERSON, lastName: \"Benchmark\"}) { contact { id } } }"}' | jq -r .data.createContact.contact.id)

make_file() { { printf '%%PDF-1.7\n'; head -c $(($2 * 1024 * 1024 - 9)) /dev/urandom; } >"$1"; }
upload_api() {
  curl -s -o "$BENCH_WORK/last.json" -w '%{time_total}\n' "$api/graphql" -H "Authorization: Bearer $token" -H 'GraphQL-Preflight: 1' \
    -F "operations={\"query\":\"mutation (\$f: Upload!) { uploadAttachment(input: {ownerId: \\\"$contact\\\", file: \$f}) { attachment { id contentPath } errors { __typename } } }\",\"variables\":{\"f\":null}}" \
    -F 'map={"0":["variables.f"]}' -F "0=@$1;type=application/pdf"
}
upload_sink() { curl -s -o /dev/null -w '%{time_total}\n' "$sink/upload" -F "0=@$1;type=application/pdf"; }
download_api() { curl -s -o /dev/null -w '%{time_total}\n' "$api$1" -H "Authorization: Bearer $token"; }
download_sink() { curl -s -o /dev/null -w '%{time_total}\n' "$sink/download?path=$1"; }

{
  echo "# Attachment throughput and memory"
  echo
  echo "\`bench/attachments.sh\` on $(date -u +%Y-%m-%d), $(nproc) cores, $(dotnet --version), SQLite, file-system store."
  echo "Medians of curl's total time per transfer; MB/s = size / median. Each row's two sides were measured alternately in the same run."
  echo
  echo "| transfer | size | runs | ContactBox MB/s | minimal endpoint MB/s | ratio |"
  echo "|---|---|---|---|---|---|"
} >"$RESULTS"

for spec in "1:$SMALL_RUNS" "100:$LARGE_RUNS"; do
  mb=${spec%%:*}; runs=${spec##*:}
  : >"$BENCH_WORK/up-api" ; : >"$BENCH_WORK/up-sink"; : >"$BENCH_WORK/down-api"; : >"$BENCH_WORK/down-sink"
  for i in $(seq 1 "$runs"); do
    # A different file each time: no run is helped by content already stored.
    make_file "$BENCH_WORK/files/f.pdf" "$mb"
    upload_api "$BENCH_WORK/files/f.pdf" >>"$BENCH_WORK/up-api"
    [ "$(jq -r '.data.uploadAttachment.errors' "$BENCH_WORK/last.json")" = null ] || { cat "$BENCH_WORK/last.json"; exit 1; }
    path=$(jq -r .data.uploadAttachment.attachment.contentPath "$BENCH_WORK/last.json")
    upload_sink "$BENCH_WORK/files/f.pdf" >>"$BENCH_WORK/up-sink"
    download_api "$path" >>"$BENCH_WORK/down-api"
    download_sink "$BENCH_WORK/files/f.pdf" >>"$BENCH_WORK/down-sink"
  done
  for direction in up down; do
    a=$(median <"$BENCH_WORK/$direction-api"); s=$(median <"$BENCH_WORK/$direction-sink")
    python3 - "$direction" "$mb" "$runs" "$a" "$s" >>"$RESULTS" <<'PY'
import sys
direction, mb, runs, a, s = sys.argv[1], float(sys.argv[2]), sys.argv[3], float(sys.argv[4]), float(sys.argv[5])
name = "upload" if direction == "up" else "download"
print(f"| {name} | {mb:g} MB | {runs} | {mb / a:.0f} | {mb / s:.0f} | {s / a:.2f} |")
PY
  done
done

# Resident memory of each server while a 1 GB file streams in (sampled every 0.2 s).
make_file "$BENCH_WORK/files/huge.pdf" "$HUGE_MB"
sample() {
  local pid=$1 out=$2
  : >"$out"
  while kill -0 "$pid" 2>/dev/null && [ ! -f "$BENCH_WORK/stop" ]; do
    awk '/VmRSS/ {print $2}' "/proc/$pid/status" >>"$out"; sleep 0.2
  done
}
memory_row() {
  local name=$1 pid=$2 command=$3
  rm -f "$BENCH_WORK/stop"
  before=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
  sample "$pid" "$BENCH_WORK/rss" &
  sampler=$!
  seconds=$($command "$BENCH_WORK/files/huge.pdf")
  touch "$BENCH_WORK/stop"; wait "$sampler"
  python3 - "$name" "$before" "$seconds" "$HUGE_MB" "$BENCH_WORK/rss" >>"$RESULTS" <<'PY'
import sys, statistics
name, before, seconds, mb = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
rss = [int(x) for x in open(sys.argv[5]).read().split()]
print(f"| {name} | {before / 1024:.0f} | {statistics.median(rss) / 1024:.0f} | {max(rss) / 1024:.0f} | {len(rss)} | {mb / seconds:.0f} |")
PY
}
{
  echo
  echo "Resident memory (MiB, from /proc/PID/status) of each server before and while a $HUGE_MB MB file is uploaded:"
  echo
  echo "| server | before | median during | max during | samples | MB/s |"
  echo "|---|---|---|---|---|---|"
} >>"$RESULTS"
memory_row "ContactBox uploadAttachment" "$api_pid" upload_api
[ "$(jq -r '.data.uploadAttachment.errors' "$BENCH_WORK/last.json")" = null ] || { cat "$BENCH_WORK/last.json"; exit 1; }
memory_row "minimal endpoint" "$sink_pid" upload_sink

cat "$RESULTS"
rm -rf "$BENCH_WORK/files"
