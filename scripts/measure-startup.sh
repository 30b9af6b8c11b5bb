#!/usr/bin/env bash
# Measures the embedded default's start-up: seconds from launching `dotnet <Release dll>` to the first 200 from
# /health/ready, and the process's resident memory (VmRSS) at that moment, for
#   (a) a first start: an empty App_Data, so the database is created, migrated and seeded with demo data;
#   (b) a restart on the database (a) left.
# Beside it, in the same rounds, a baseline: a bare ASP.NET Core app answering 200 on /health/ready, built in
# Release the same way. The machine is shared, so every round runs baseline and host back to back, and the
# figures to read are the medians and the host ÷ baseline ratio.
#
#   scripts/measure-startup.sh                 # 5 rounds (STARTUP_RUNS=N for more)
#   scripts/measure-startup.sh before=/tmp/old/src/CaseHub.Host/bin/Release/net10.0/CaseHub.Host.dll
#                                              # also measures another build of the host in the same rounds
# The host runs as `dotnet run --project src/CaseHub.Host` runs it (launchSettings.json: Development, demo data on).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${STARTUP_RUNS:-5}
work=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT

dotnet build src/CaseHub.Host -c Release --nologo -v q >/dev/null
hosts=("host=$PWD/src/CaseHub.Host/bin/Release/net10.0/CaseHub.Host.dll" "$@")

# The baseline lives outside the repository so none of its build settings or packages apply.
mkdir -p "$work/baseline"
cat >"$work/baseline/Baseline.csproj" <<'EOF'
<Project Sdk="Microsoft.NET.Sdk.Web">
  <PropertyGroup><TargetFramework>net10.0</TargetFramework><ImplicitUsings>enable</ImplicitUsings></PropertyGroup>
</Project>
EOF
cat >"$work/baseline/Program.cs" <<'EOF'
var app = WebApplication.CreateBuilder(args).Build();
app.MapGet("/health/ready", () => "Healthy");
app.Run();
EOF
dotnet build "$work/baseline" -c Release --nologo -v q >/dev/null
baseline="$work/baseline/bin/Release/net10.0/Baseline.dll"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# start <label> <dll> <data folder>: prints "<seconds> <MB>" once /health/ready answers 200, then stops the process.
start() {
  local label=$1 dll=$2 data=$3 port t0 elapsed rss
  port=$(free_port)
  t0=$(date +%s.%N)
  ASPNETCORE_ENVIRONMENT=Development ConnectionStrings__CaseHub="Data Source=$data/App_Data/casehub.db" \
    dotnet "$dll" --contentRoot "$(dirname "$dll")" --urls "http://127.0.0.1:$port" >"$work/$label.log" 2>&1 &
  pid=$!
  until curl -sf -o /dev/null "http://127.0.0.1:$port/health/ready"; do
    kill -0 "$pid" 2>/dev/null || { echo "$label exited before it was ready:" >&2; cat "$work/$label.log" >&2; exit 1; }
    sleep 0.02
  done
  elapsed=$(echo "$(date +%s.%N) - $t0" | bc)
  rss=$(awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$pid/status")
  kill "$pid"; wait "$pid" 2>/dev/null || true; pid=
  echo "$elapsed $rss"
}

results="$work/results"
for round in $(seq 1 "$runs"); do
  echo "baseline $(start baseline "$baseline" "$work/baseline-data")" >>"$results"
  for entry in "${hosts[@]}"; do
    name=${entry%%=*}; dll=${entry#*=}; data="$work/$name-$round"
    echo "$name:first $(start "$name-first-$round" "$dll" "$data")" >>"$results"
    echo "$name:restart $(start "$name-restart-$round" "$dll" "$data")" >>"$results"
    rm -rf "$data"
  done
  echo "round $round/$runs done (load average $(cut -d' ' -f1-3 /proc/loadavg))" >&2
done

python3 - "$results" "$runs" <<'EOF'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    what, seconds, mb = line.split()
    rows.setdefault(what, []).append((float(seconds), float(mb)))
base = statistics.median(s for s, _ in rows["baseline"])
print(f"| Start ({sys.argv[2]} runs) | To ready, median (min–max) | × baseline | Resident memory, median |")
print("|---|---|---|---|")
for what, samples in rows.items():
    seconds = [s for s, _ in samples]
    median = statistics.median(seconds)
    print(f"| {what} | {median:.2f} s ({min(seconds):.2f}–{max(seconds):.2f}) | {median / base:.1f} | {statistics.median(m for _, m in samples):.0f} MB |")
EOF
