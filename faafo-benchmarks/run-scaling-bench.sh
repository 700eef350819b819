#!/usr/bin/env bash
# Throughput with one and with two worker nodes on this machine: starts bin/run (port 8097, its
# own database and virtual host, producer timer off), posts a batch of equal tasks, and times
# until all are done; then the same with `bin/run --workers 1`. Prints fractals per second.
#   faafo-benchmarks/run-scaling-bench.sh [tasks]
set -euo pipefail
cd "$(dirname "$0")/.."
source bin/services.sh
tasks=${1:-120}
port=8097
export FAAFO_HTTP_PORT=$port FAAFO_DB_NAME=faafo_scaling FAAFO_RABBITMQ_VHOST=faafo-scaling FAAFO_PRODUCER_ENABLED=false
# a task of about 150 M iterations: inside the filled Julia set of the "rabbit" few pixels escape
body='{"width":600,"height":600,"iterations":420,"xa":-0.4,"xb":0.4,"ya":-0.4,"yb":0.4,"cx":-0.12,"cy":0.75}'

measure() { # extra-workers
  mariadb -uroot -e "DROP DATABASE IF EXISTS faafo_scaling"
  reset_vhost faafo-scaling
  setsid bin/run --workers "$1" >"target/scaling-$1.log" 2>&1 &
  run=$!
  until grep -q "faafo: ready" "target/scaling-$1.log"; do
    sleep 1
    kill -0 $run 2>/dev/null || { cat "target/scaling-$1.log" | tail -20; die "bin/run stopped"; }
  done
  if [ "$1" -gt 0 ]; then
    until grep -q "faafo.tasks: consuming" "target/run/worker-$1.log" 2>/dev/null; do sleep 1; done
  fi
  local start end done
  start=$(date +%s.%N)
  for ((i = 0; i < tasks; i++)); do
    curl -fsS -o /dev/null -H 'Content-Type: application/json' -d "$body" "http://localhost:$port/api/fractal"
  done
  until done=$(mariadb -uroot -N -e "SELECT COUNT(*) FROM faafo_scaling.fractal WHERE status='done'") && [ "$done" -ge "$tasks" ]; do
    sleep 0.5
  done
  end=$(date +%s.%N)
  local nodes
  nodes=$(mariadb -uroot -N -e "SELECT GROUP_CONCAT(CONCAT(generated_by, '=', n)) FROM (SELECT generated_by, COUNT(*) n FROM faafo_scaling.fractal GROUP BY generated_by) t")
  kill -- -"$run" 2>/dev/null || kill "$run"
  wait "$run" 2>/dev/null || true
  run=
  sleep 3
  python3 -c "print(f'{1 + $1} worker node(s): $tasks tasks in {$end - $start:.1f} s = {$tasks / ($end - $start):.1f} fractals/s; rendered by $nodes')"
}

run=
trap '[ -n "$run" ] && kill -- -"$run" 2>/dev/null' EXIT
measure 0
measure 1
