#!/usr/bin/env bash
# Benchmarks the read side of the REST API with wrk: one fractal, a list page and an image,
# side by side in the same run with a trivial reference of Payara Micro's own speed, the static
# file gallery.css served by the same server (the application has no trivial JSON endpoint).
# Starts faafo on port 8090 like run-pipeline-bench.sh unless it runs there; loopback only.
#
# Usage: faafo-benchmarks/run-api-bench.sh
# Environment: WRK_THREADS (2), WRK_CONNECTIONS (16), WRK_SECONDS (10 measured per endpoint).
set -euo pipefail
# shellcheck source=run-pipeline-bench.sh
source "$(dirname "$0")/run-pipeline-bench.sh"

threads=${WRK_THREADS:-2}
connections=${WRK_CONNECTIONS:-16}
seconds=${WRK_SECONDS:-10}
report=$bench_here/wrk/report.lua

if ! command -v wrk >/dev/null; then
  [[ "$(id -u)" -eq 0 ]] || { echo "please install the Debian package wrk" >&2; exit 1; }
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi
command -v jq >/dev/null || { echo "jq is needed" >&2; exit 1; }

cd "$bench_root"
bench_wait_idle
bench_start_system

# A fractal to read: the original's example task (510 x 278, 281 iterations), rendered.
task='{"width":510,"height":278,"iterations":281,"xa":-3.3528957195683087,"xb":1.1428457603077387,"ya":-2.1341119130263717,"yb":2.478654026560605,"cx":-0.8,"cy":0.156}'
post() { curl -fsS -H 'Content-Type: application/json' -d "$task" "$bench_url/api/fractal" | jq -r .uuid; }
uuid=$(post)
for ((i = 0; i < 200; i++)); do
  [[ "$(curl -fsS "$bench_url/api/fractal/$uuid" | jq -r .status)" == done ]] && break
  sleep 0.1
done
# At least one full list page.
total=$(curl -fsS "$bench_url/api/fractal" | jq .num_results)
for ((i = total; i < 10; i++)); do post >/dev/null; done
total=$(curl -fsS "$bench_url/api/fractal" | jq .num_results)

declare -A path=(
  [reference]=/gallery.css
  [one]=/api/fractal/$uuid
  [list]="/api/fractal?page=1&results_per_page=10"
  [image]=/api/fractal/$uuid/image
)

declare -A label=(
  [reference]="GET /gallery.css (reference)"
  [one]="GET /api/fractal/{uuid}"
  [list]="GET /api/fractal?page=1&results_per_page=10"
  [image]="GET /api/fractal/{uuid}/image"
)

server_pid=$(bench_server_pid)
db_pid=$(pgrep -xo mariadbd)
broker_pid=$(pgrep -o beam.smp)
ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }               # user + system, 1/100 s
busy() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 }' /proc/stat; } # all cores, 1/100 s

# One wrk run; its RESULT line gains the CPU that Payara Micro and MariaDB spent meanwhile, and
# the share of the cores that processes other than these, the broker and wrk took.
measure() { # name seconds
  local s0 d0 b0 m0 out wrk_cpu servers
  s0=$(ticks "$server_pid") d0=$(ticks "$db_pid") b0=$(ticks "$broker_pid") m0=$(busy)
  out=$( { /usr/bin/time -f 'WRKCPU %U %S' wrk -t"$threads" -c"$connections" -d"$2s" --latency \
    -s "$report" "$bench_url${path[$1]}"; } 2>&1 | grep -E '^(RESULT|WRKCPU)' | tr '\n' ' ')
  wrk_cpu=$(awk '{ for (i = 1; i < NF; i++) if ($i == "WRKCPU") print int(($(i + 1) + $(i + 2)) * 100) }' <<<"$out")
  servers=$(($(ticks "$server_pid") - s0 + $(ticks "$db_pid") - d0 + $(ticks "$broker_pid") - b0))
  echo "$out server_ticks=$(($(ticks "$server_pid") - s0)) db_ticks=$(($(ticks "$db_pid") - d0))" \
    "others_pct=$(( ($(busy) - m0 - servers - wrk_cpu) * 100 / ($2 * 100 * $(nproc)) ))"
}

bench_machine
echo "== $(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2)"
echo "== wrk -t$threads -c$connections -d${seconds}s --latency; $total fractals in the database; fractal $uuid"
# A fresh Payara Micro serves several times slower for its first minute or two (JIT): warm up.
echo "== warm-up: 2 x 4 x 10 s (not measured)"
for round in 1 2; do
  for name in reference one list image; do measure "$name" 10 >/dev/null; done
done
declare -A result
for name in reference one list image reference2; do
  result[$name]=$(measure "${name%2}" "$seconds")
done
bench_busy_report

field() { sed -n "s/.* $2=\([^ ]*\).*/\1/p" <<<"${result[$1]}"; }
ref_rps=$(awk -v a="$(field reference rps)" -v b="$(field reference2 rps)" 'BEGIN { print (a + b) / 2 }')
echo
printf '%-44s %8s %7s %7s %6s %6s %10s %10s %7s %s\n' endpoint 'req/s' 'p50 ms' 'p99 ms' bytes 'vs ref' 'Payara_us' 'MariaDB_us' 'others' errors
for name in reference one list image reference2; do
  awk -v l="${label[${name%2}]}" -v r="$(field "$name" rps)" -v p50="$(field "$name" p50)" -v p99="$(field "$name" p99)" \
    -v b="$(field "$name" bytes)" -v ref="$ref_rps" -v e="$(($(field "$name" non2xx) + $(field "$name" socket_errors)))" \
    -v n="$(field "$name" requests)" -v st="$(field "$name" server_ticks)" -v dt="$(field "$name" db_ticks)" \
    -v o="$(field "$name" others_pct)" \
    'BEGIN { printf "%-44.44s %8.0f %7.2f %7.2f %6d %6.2f %10.0f %10.0f %6d%% %d\n", l, r, p50, p99, b, r / ref, st * 1e4 / n, dt * 1e4 / n, o, e }'
done
echo "(vs ref: requests/s divided by the mean of the two reference runs; *_us: CPU microseconds"
echo " per request; others: share of the $(nproc) cores used by processes other than Payara Micro,"
echo " MariaDB, RabbitMQ and wrk during the measurement)"
