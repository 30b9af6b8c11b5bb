#!/usr/bin/env bash
# Measures the embedded default's cold start: seconds from process launch to the first 200 from
# /health/ready, and the host's resident memory once ready. Runs a fresh database, then a restart on it.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build src/CaseHub.Host -c Release --nologo -v q >/dev/null
work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
trap 'rm -rf "$work"' EXIT

measure() {
  local label=$1 start pid elapsed rss
  start=$(date +%s.%N)
  ASPNETCORE_ENVIRONMENT=Development ConnectionStrings__CaseHub="Data Source=$work/casehub.db" \
    dotnet src/CaseHub.Host/bin/Release/net10.0/CaseHub.Host.dll --contentRoot "$PWD/src/CaseHub.Host/bin/Release/net10.0" --urls "http://127.0.0.1:$port" >"$work/$label.log" 2>&1 &
  pid=$!
  until curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null; do
    kill -0 "$pid" 2>/dev/null || { cat "$work/$label.log"; exit 1; }
    sleep 0.02
  done
  elapsed=$(echo "$(date +%s.%N) - $start" | bc)
  sleep 1
  rss=$(awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$pid/status")
  printf '%-24s %6.2f s to ready   %5s MB resident\n' "$label" "$elapsed" "$rss"
  kill "$pid"; wait "$pid" 2>/dev/null || true
}

measure "first start (new db)"
measure "restart (existing db)"
