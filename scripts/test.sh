#!/usr/bin/env bash
# Runs every test of CaseHub against real dependencies and prints one last line "N passed, N failed".
#  - installs what is missing from Debian packages when run as root (PostgreSQL 15, Chromium, CJK fonts);
#  - starts a throwaway PostgreSQL cluster on 127.0.0.1 on a free port, removed on exit;
#  - hands its connection string to the tests in CASEHUB_TEST_POSTGRES;
#  - runs `dotnet test CaseHub.sln` and sums the results of every test project.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
pgbin=/usr/lib/postgresql/15/bin

log() { printf '[test.sh] %s\n' "$*" >&2; }

install_missing() {
  local packages=()
  [ -x "$pgbin/initdb" ] || packages+=(postgresql-15)
  command -v chromium >/dev/null 2>&1 || packages+=(chromium)
  # Chinese text in the browser tests' screenshots (and the glyph metrics the kiosk's size checks measure).
  [ -d /usr/share/fonts/opentype/noto ] || packages+=(fonts-noto-cjk)
  [ ${#packages[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    log "missing ${packages[*]}: install them (apt-get install -y ${packages[*]}) or run as root"
    return 1
  fi
  log "installing ${packages[*]} from Debian packages"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

start_postgres() {
  pgdata=$(mktemp -d /tmp/casehub-pg.XXXXXX)
  local port; port=$(free_port)
  local as=()
  if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$pgdata"; as=(runuser -u postgres --); fi
  "${as[@]}" "$pgbin/initdb" -D "$pgdata" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null || return 1
  "${as[@]}" "$pgbin/pg_ctl" -D "$pgdata" -l "$pgdata/server.log" -w \
    -o "-h 127.0.0.1 -p $port -k $pgdata -c max_connections=300 -c fsync=off -c synchronous_commit=off" start >/dev/null || {
    cat "$pgdata/server.log" >&2; return 1; }
  stop_postgres() { "${as[@]}" "$pgbin/pg_ctl" -D "$pgdata" -m immediate stop >/dev/null 2>&1; rm -rf "$pgdata"; }
  trap stop_postgres EXIT
  export CASEHUB_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
  log "PostgreSQL 15 on 127.0.0.1:$port"
}

install_missing || { echo "0 passed, 1 failed"; exit 1; }
start_postgres || { log "could not start PostgreSQL"; echo "0 passed, 1 failed"; exit 1; }

# The browser journeys save their screenshots here; look at them before resolving a page's issue.
export CASEHUB_SCREENSHOTS="${CASEHUB_SCREENSHOTS:-$root/TestResults/screenshots}"
rm -rf "$CASEHUB_SCREENSHOTS" && mkdir -p "$CASEHUB_SCREENSHOTS"

output=$(mktemp)
dotnet test "$root/CaseHub.sln" --nologo 2>&1 | tee "$output"
status=${PIPESTATUS[0]}

# Each test project prints "Passed!  - Failed: F, Passed: P, ..." or "Failed!  - Failed: F, Passed: P, ...".
read -r passed failed < <(grep -E '^(Passed|Failed)!' "$output" |
  sed -E 's/.*Failed: *([0-9]+), Passed: *([0-9]+).*/\2 \1/' |
  awk '{p += $1; f += $2} END {print p + 0, f + 0}')
rm -f "$output"
log "browser screenshots: $CASEHUB_SCREENSHOTS ($(find "$CASEHUB_SCREENSHOTS" -name '*.png' | wc -l) files)"
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; log "dotnet test failed before running tests (build error?)"; fi
echo "$passed passed, $failed failed"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
