#!/usr/bin/env bash
# Builds CaseHub.Benchmarks in Release and runs the whole suite, printing every markdown table to stdout
# (progress goes to stderr):
#  - in memory (BenchmarkDotNet ShortRun);
#  - SQLite: persisted throughput and resume latency, each on a fresh temp file;
#  - ticket intake over HTTP (`intake`): the Release CaseHub host as a child process on SQLite, then on PostgreSQL,
#    beside a bare one-row-insert endpoint in the same database;
#  - PostgreSQL 15: a throwaway cluster on 127.0.0.1 on a free port, as scripts/test.sh starts one, removed
#    on exit. Default durability (fsync on); throughput runs once with synchronous_commit=on (every commit
#    waits for the WAL flush) and once with it off for the session, which takes the disk out of the figure.
# Sizes: BENCH_COUNT (instances per throughput run, default 1000), BENCH_BOOKMARKS (default 1000000),
# BENCH_VERSIONS (default 500), BENCH_RESUMES (default 500); intake: BENCH_COUNT tickets, BENCH_CONCURRENCY (default 8),
# BENCH_RATE requests/s (default 100) for BENCH_SECONDS (default 10); work pages (`pages`): BENCH_PAGE_TICKETS tickets
# (default 10000), BENCH_PAGE_SAMPLES requests per page (default 300). `scripts/bench.sh --quick` is a cheap smoke run.
# An intake run that saw errors (non-2xx) still prints its tables; the script then goes on and exits 1 at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
pgbin=/usr/lib/postgresql/15/bin

log() { printf '[bench.sh] %s\n' "$*" >&2; }

if [ "${1:-}" = "--quick" ]; then
  : "${BENCH_COUNT:=100}" "${BENCH_BOOKMARKS:=10000}" "${BENCH_VERSIONS:=20}" "${BENCH_RESUMES:=50}" "${BENCH_SECONDS:=2}"
  : "${BENCH_PAGE_TICKETS:=300}" "${BENCH_PAGE_SAMPLES:=30}"
fi
count=${BENCH_COUNT:-1000}
bookmarks=${BENCH_BOOKMARKS:-1000000}
versions=${BENCH_VERSIONS:-500}
resumes=${BENCH_RESUMES:-500}
concurrency=${BENCH_CONCURRENCY:-8}
rate=${BENCH_RATE:-100}
seconds=${BENCH_SECONDS:-10}
page_tickets=${BENCH_PAGE_TICKETS:-10000}
page_samples=${BENCH_PAGE_SAMPLES:-300}
intake_failed=0

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

start_postgres() {
  [ -x "$pgbin/initdb" ] || { log "PostgreSQL 15 is missing: apt-get install -y postgresql-15"; return 1; }
  pgdata=$(mktemp -d /tmp/casehub-benchpg.XXXXXX)
  local port; port=$(free_port)
  as=()
  if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$pgdata"; as=(runuser -u postgres --); fi
  "${as[@]}" "$pgbin/initdb" -D "$pgdata" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null || return 1
  "${as[@]}" "$pgbin/pg_ctl" -D "$pgdata" -l "$pgdata/server.log" -w \
    -o "-h 127.0.0.1 -p $port -k $pgdata -c max_connections=300" start >/dev/null || { cat "$pgdata/server.log" >&2; return 1; }
  trap stop_postgres EXIT
  export CASEHUB_BENCH_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
  log "PostgreSQL 15 on 127.0.0.1:$port"
}
stop_postgres() { "${as[@]}" "$pgbin/pg_ctl" -D "$pgdata" -m immediate stop >/dev/null 2>&1; rm -rf "$pgdata"; }

log "building Release"
dotnet build "$root/tests/CaseHub.Benchmarks/CaseHub.Benchmarks.csproj" -c Release --nologo -v quiet >&2
# The intake command starts this build of the host (src/CaseHub.Host/bin/Release/net10.0/CaseHub.Host.dll).
dotnet build "$root/src/CaseHub.Host/CaseHub.Host.csproj" -c Release --nologo -v quiet >&2
bench() { dotnet "$root/tests/CaseHub.Benchmarks/bin/Release/net10.0/CaseHub.Benchmarks.dll" "$@"; }
intake() {
  bench intake --count "$count" --concurrency "$concurrency" --rate "$rate" --seconds "$seconds" "$@" \
    || { intake_failed=1; log "intake $* saw errors (see its tables and stderr)"; }
}

echo "# CaseHub benchmarks ($(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ))"
echo
bench inmemory

bench persisted --provider sqlite --count "$count"
bench latency --provider sqlite --bookmarks "$bookmarks" --versions "$versions" --resumes "$resumes"
intake --provider sqlite
pages() { bench pages --tickets "$page_tickets" --samples "$page_samples" "$@" || { intake_failed=1; log "pages $* saw errors"; }; }
pages --provider sqlite

start_postgres
async="$CASEHUB_BENCH_POSTGRES;Options=-c synchronous_commit=off"
for parallel in 1 4; do
  bench persisted --provider postgres --count "$count" --parallel "$parallel"
  bench persisted --provider postgres --count "$count" --parallel "$parallel" --connection "$async"
done
bench latency --provider postgres --bookmarks "$bookmarks" --versions "$versions" --resumes "$resumes"
intake --provider postgres
pages --provider postgres

[ "$intake_failed" -eq 0 ] || { log "an intake run saw errors"; exit 1; }
