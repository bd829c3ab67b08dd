#!/usr/bin/env bash
# The subscription benchmark: starts the API (Release, SQLite, fresh data folder) on 127.0.0.1:5090, then
# ContactBox.Bench realtime: 1,000 WebSocket subscribers of contactChanged, a warm-up (10 s at a fifth of the rate, not
# measured), then 100 createContact mutations per second for 20 s; prints p50/p99 delivery latency, memory per idle
# connection, CPU at idle and CPU while publishing.
# Usage: bench/realtime.sh [--subscribers 1000] [--rate 100] [--seconds 20] [--warmup 10] [--idle-seconds 40]
#   (--warmup 0: none; CPU at idle is measured over --idle-seconds, longer than the 30 s between token checks)
set -euo pipefail
cd "$(dirname "$0")/.."
data=$(mktemp -d)
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; grep -E "fail|crit" -A5 "$data/server.log" | head -40; rm -rf "$data"' EXIT
dotnet build src/Api -c Release -v q -nologo >/dev/null
dotnet build bench/ContactBox.Bench -c Release -v q -nologo >/dev/null
ulimit -n 65536 2>/dev/null || true
ASPNETCORE_ENVIRONMENT=Production ContactBox__DataPath="$data" ContactBox__Auth__RequireHttps=false \
  ContactBox__RateLimits__GraphQLPerSubject=100000000 ContactBox__RateLimits__GraphQLPerIp=100000000 ContactBox__RateLimits__TokenPerIp=100000 \
  Logging__LogLevel__Default=Warning Urls=http://127.0.0.1:5090 \
  dotnet src/Api/bin/Release/net10.0/ContactBox.Api.dll >"$data/server.log" 2>&1 &
server=$!
for _ in $(seq 1 120); do
  curl -sf http://127.0.0.1:5090/health/ready >/dev/null && break
  sleep 0.5
done
client_id=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["ClientId"])' "$data/demo-client.json")
client_secret=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["ClientSecret"])' "$data/demo-client.json")
dotnet bench/ContactBox.Bench/bin/Release/net10.0/ContactBox.Bench.dll realtime --url http://127.0.0.1:5090 \
  --server-pid "$server" --client-id "$client_id" --client-secret "$client_secret" "$@"
