#!/usr/bin/env bash
# Adds a migration with the same name for every database provider (SQLite, PostgreSQL, SQL Server).
# Usage: scripts/add-migration.sh NameOfChange
set -euo pipefail
name=${1:?usage: scripts/add-migration.sh NameOfChange}
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
for provider in Sqlite PostgreSql SqlServer; do
  dotnet ef migrations add "$name" \
    --project src/Infrastructure --startup-project src/Infrastructure \
    --context "${provider}ContactBoxDbContext" --output-dir "Migrations/$provider"
done
