#!/usr/bin/env bash
# Do reads stay flat as the table grows? Starts faafo on port 8090 with its own database
# faafo_bench (as run-pipeline-bench.sh does), fills the table with SQL copies of one rendered
# record to 3,000 and then to 2,000,000 records (no images: reads of records only), and times at
# both sizes, one request at a time (median of REPEAT): the gallery's poll (first page of 6), the
# first page of 10, a deep page (the middle of the table) by number and by its next link
# (after=), a filtered search that matches one
# record (q on uuid), and GET one. Prints each at both sizes and the ratio; the target is at most
# 2. Drops the database faafo_bench at the end (it would slow the other benchmarks). List pages are
# read with the API's page cache off (faafo.api.page-cache-millis=0, unless the environment sets
# FAAFO_API_PAGE_CACHE_MILLIS), so that each request reaches the database: with it on, the 31
# requests of a figure all come within its second and all but the first are answered from memory.
#
# Usage: faafo-benchmarks/run-reads-scale-bench.sh
# Environment: REPEAT (31 requests per figure), LARGE (2000000 records).
set -euo pipefail
# shellcheck source=run-pipeline-bench.sh
source "$(dirname "$0")/run-pipeline-bench.sh"

repeat=${REPEAT:-31}
large=${LARGE:-2000000}
sql() { mariadb -uroot --protocol=socket -N -B faafo_bench -e "$1"; }

cd "$bench_root"
bench_wait_idle
# start from an empty table: other benchmarks leave their records in faafo_bench
mariadb -uroot --protocol=socket -e "DROP DATABASE IF EXISTS faafo_bench"
export FAAFO_API_PAGE_CACHE_MILLIS=${FAAFO_API_PAGE_CACHE_MILLIS:-0}
bench_start_system
trap 'bench_stop_system; mariadb -uroot --protocol=socket -e "DROP DATABASE IF EXISTS faafo_bench"' EXIT

task='{"width":64,"height":64,"iterations":64,"xa":-2,"xb":2,"ya":-2,"yb":2,"cx":-0.8,"cy":0.156}'
seed=$(curl -fsS -H 'Content-Type: application/json' -d "$task" "$bench_url/api/fractal" | jq -r .uuid)
for ((i = 0; i < 100; i++)); do
  [[ "$(curl -fsS "$bench_url/api/fractal/$seed" | jq -r .status)" == done ]] && break
  sleep 0.1
done

# Copies of the done record, in doubling INSERT ... SELECTs, up to $1 records in all.
fill() { # records
  local have
  while have=$(sql "SELECT COUNT(*) FROM fractal") && ((have < $1)); do
    sql "INSERT INTO fractal (uuid, width, height, iterations, xa, xb, ya, yb, cx, cy, status,
           checksum, duration, size, generated_by, attempts, created_at, updated_at)
         SELECT UUID(), width, height, iterations, xa, xb, ya, yb, cx, cy, status, checksum,
           duration, size, generated_by, attempts, created_at, updated_at
         FROM fractal LIMIT $(($1 - have))"
  done
}

median_ms() { # path
  local i times=()
  for ((i = 0; i < repeat; i++)); do
    times+=("$(curl -fsS -o /dev/null -w '%{time_total}' "$bench_url$1")")
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{ a[NR] = $1 } END { printf "%.2f", a[int((NR + 1) / 2)] * 1000 }'
}

q() { # JSON -> URL-encoded
  jq -rn --arg q "$1" '$q | @uri'
}

declare -A small big
figures() { # array-name
  local -n into=$1
  local total one
  total=$(curl -fsS "$bench_url/api/fractal?results_per_page=1" | jq .num_results)
  one=$(sql "SELECT uuid FROM fractal ORDER BY seq LIMIT 1 OFFSET $((total / 2))")
  into[count]=$total
  into[poll]=$(median_ms "/api/fractal?page=1&results_per_page=6")
  into[first]=$(median_ms "/api/fractal?page=1&results_per_page=10")
  into[deep]=$(median_ms "/api/fractal?page=$((total / 20))&results_per_page=10")
  # the same page as a client following the next links asks for it: after the previous page's last
  local previous
  previous=$(sql "SELECT uuid FROM fractal ORDER BY seq DESC LIMIT 1 OFFSET $(((total / 20 - 1) * 10 - 1))")
  into[next]=$(median_ms "/api/fractal?page=$((total / 20))&results_per_page=10&after=$previous")
  into[search]=$(median_ms "/api/fractal?q=$(q "{\"filters\":[{\"name\":\"uuid\",\"op\":\"eq\",\"val\":\"$one\"}]}")")
  into[one]=$(median_ms "/api/fractal/$one")
}

bench_machine
bench_say "warm-up (300 requests)"
for ((i = 0; i < 100; i++)); do
  curl -fsS -o /dev/null "$bench_url/api/fractal?results_per_page=6"
  curl -fsS -o /dev/null "$bench_url/api/fractal/$seed"
  curl -fsS -o /dev/null "$bench_url/api/fractal?page=2&results_per_page=10"
done
fill 3000
figures small
started=$SECONDS
fill "$large"
bench_say "filled to $large records in $((SECONDS - started)) s"
figures big
bench_busy_report

echo
printf '%-52s %12s %12s %7s %s\n' read "${small[count]} ms" "${big[count]} ms" ratio "target <= 2"
for name in poll first deep next search one; do
  case $name in
    poll) label="gallery poll: GET /api/fractal?page=1&results_per_page=6" ;;
    first) label="GET /api/fractal?page=1&results_per_page=10" ;;
    deep) label="deep page: page=count/20, results_per_page=10" ;;
    next) label="the same page by its next link (&after=uuid)" ;;
    search) label="q: uuid eq one record (indexed, 1 match)" ;;
    one) label="GET /api/fractal/{uuid}" ;;
  esac
  awk -v l="$label" -v a="${small[$name]}" -v b="${big[$name]}" \
    'BEGIN { r = b / a; printf "%-52s %12.2f %12.2f %7.2f %s\n", l, a, b, r, r <= 2 ? "met" : "NOT met" }'
done
