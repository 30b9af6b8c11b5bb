#!/usr/bin/env bash
# Crash test of CaseHub on PostgreSQL (issue 13, "Faults and load"), printing its counts as markdown tables:
#  1. the Release host takes orders at CRASH_RATE requests/s (default 100); CRASH_FAULT_AT seconds in (default 6) it is
#     killed with SIGKILL and started again on the same address while the load goes on;
#  2. the same load, and PostgreSQL restarted with `pg_ctl restart -m immediate` (a crash restart: WAL recovery).
# After each: every ticket answered 201 is stored with its first task, no workflow is left half-stepped, timers
# due during the outage fired, the audit chain verifies, and /health/ready went 503 (or silent) and back to 200.
# The PostgreSQL 15 cluster is a throwaway one this script owns (as scripts/test.sh starts one; default durability,
# fsync on), removed on exit. Exit status 1 when a count is off.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
pgbin=/usr/lib/postgresql/15/bin
rate=${CRASH_RATE:-100}
seconds=${CRASH_SECONDS:-20}
fault_at=${CRASH_FAULT_AT:-6}

log() { printf '[crash.sh] %s\n' "$*" >&2; }
[ -x "$pgbin/initdb" ] || { log "PostgreSQL 15 is missing: apt-get install -y postgresql-15"; exit 1; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
pgdata=$(mktemp -d /tmp/casehub-crashpg.XXXXXX)
port=$(free_port)
as=()
if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$pgdata"; as=(runuser -u postgres --); fi
"${as[@]}" "$pgbin/initdb" -D "$pgdata" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
pgctl=("${as[@]}" "$pgbin/pg_ctl" -D "$pgdata" -l "$pgdata/server.log" -w)
"${pgctl[@]}" -o "-h 127.0.0.1 -p $port -k $pgdata -c max_connections=300" start >/dev/null || { cat "$pgdata/server.log" >&2; exit 1; }
stop_postgres() { "${as[@]}" "$pgbin/pg_ctl" -D "$pgdata" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$pgdata"; }
trap stop_postgres EXIT
log "PostgreSQL 15 on 127.0.0.1:$port ($pgdata)"

log "building Release"
dotnet build "$root/tests/CaseHub.Benchmarks/CaseHub.Benchmarks.csproj" -c Release --nologo -v quiet >&2
dotnet build "$root/src/CaseHub.Host/CaseHub.Host.csproj" -c Release --nologo -v quiet >&2

# pg_ctl restart keeps the options the server was started with (postmaster.opts).
restart="${pgctl[*]} -m immediate restart >/dev/null"
dotnet "$root/tests/CaseHub.Benchmarks/bin/Release/net10.0/CaseHub.Benchmarks.dll" crash --provider postgres \
  --connection "Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres" \
  --rate "$rate" --seconds "$seconds" --fault-at "$fault_at" --pg-restart "$restart"
