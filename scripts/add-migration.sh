#!/usr/bin/env bash
# Adds one migration, with the same name, for each database provider (each has its own context and folder).
# Usage: scripts/add-migration.sh <Name>
set -euo pipefail
name=${1:?usage: scripts/add-migration.sh <MigrationName>}
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
for provider in Sqlite Postgres SqlServer; do
  dotnet ef migrations add "$name" --project src/CaseHub.Core --startup-project src/CaseHub.Core \
    --context "${provider}CaseHubDbContext" --output-dir "Migrations/$provider"
done
