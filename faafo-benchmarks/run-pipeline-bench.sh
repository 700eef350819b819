#!/usr/bin/env bash
# Benchmarks request/reply and the fractal pipeline (PipelineBenchmark), each next to its
# reference in the same run, then measures the peak RSS and heap of Payara Micro during two
# bursts of 1,000 tasks. Runs faafo on port 8090 with its own database (faafo_bench, emptied first)
# and RabbitMQ virtual host (faafo-bench), producer timer off, unless something already answers there; stops
# only what it started. Loopback only; about 3.5 minutes (plus a build when sources changed).
#
# Usage: faafo-benchmarks/run-pipeline-bench.sh
# Environment: SKIP_BUILD=1 to reuse target/benchmarks.jar, MVN_ARGS (e.g. -o), BURST (1000),
# FAAFO_BENCH_LOG (the log of a server already running, for the stage breakdown).
# run-api-bench.sh sources this file for the bench_* functions.
set -euo pipefail

bench_here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
bench_root=$(dirname "$bench_here")
bench_port=8090
bench_url="http://127.0.0.1:$bench_port"
bench_log=/tmp/faafo-bench-run.log
# The workers' image files of the benchmark's server, apart from bin/run's and emptied with the
# database: hundreds of thousands of files left by earlier runs made the storage pruner's passes
# part of what a run measured.
bench_storage=$bench_root/target/bench-storage
bench_run_pid=

bench_say() { printf '== %s\n' "$*"; }

# Waits (up to 15 minutes, polling every 20 s) until no other test suite or JMH run is busy.
bench_wait_idle() {
  local i
  for ((i = 0; i < 45; i++)); do
    pgrep -f 'failsafe|surefire|jmh' >/dev/null || { bench_say "machine idle (no surefire/failsafe/jmh)"; return 0; }
    ((i == 0)) && bench_say "waiting for other test suites or JMH runs to finish (at most 15 minutes)"
    sleep 20
  done
  bench_say "MACHINE BUSY: other test suites still run after 15 minutes; figures below are disturbed"
}

bench_busy_report() {
  if pgrep -f 'failsafe|surefire|jmh' >/dev/null; then
    bench_say "MACHINE BUSY at the end of the run: another test suite or JMH run started meanwhile"
  else
    bench_say "no other test suite or JMH run at the end (load average $(cut -d' ' -f1-3 /proc/loadavg), mostly this run)"
  fi
}

# What was measured on what: cores, CPU, Java, and the commit (dirty: with uncommitted edits).
bench_machine() {
  local commit
  commit=$(git -C "$bench_root" rev-parse --short HEAD 2>/dev/null || echo unknown)
  git -C "$bench_root" diff --quiet HEAD -- 2>/dev/null || commit="$commit (dirty)"
  bench_say "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(java -version 2>&1 | head -1), commit $commit"
}

bench_build() {
  [[ "${SKIP_BUILD:-0}" == 1 ]] && return 0
  bench_say "building (mvn -Pbench -pl faafo-benchmarks -am package -DskipTests)"
  # shellcheck disable=SC2086
  (cd "$bench_root" && mvn -q -B ${MVN_ARGS:-} -Pbench -pl faafo-benchmarks -am package -DskipTests)
}

# The pid of the Java process listening on the benchmark port.
bench_server_pid() {
  ss -Hltnp "sport = :$bench_port" | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2
}

# Starts faafo on port 8090 as bin/run does (detached, own process group) unless it runs there.
bench_start_system() {
  if (exec 3<>"/dev/tcp/127.0.0.1/$bench_port") 2>/dev/null; then
    local i
    for ((i = 0; i < 60; i++)); do
      if curl -fsS -o /dev/null "$bench_url/api/fractal" 2>/dev/null; then
        # a server of another checkout (a worktree, another clone) would be measured silently
        local micro=$bench_root/faafo-micro/target/micro/payara-micro.jar pid
        pid=$(bench_server_pid)
        if [ -z "$pid" ] || ! tr '\0' '\n' <"/proc/$pid/cmdline" 2>/dev/null | grep -qxF "$micro"; then
          bench_say "port $bench_port runs a faafo that is not this checkout's ($micro); stop it first"
          exit 1
        fi
        bench_say "using this checkout's faafo already running on port $bench_port"
        return 0
      fi
      sleep 1
    done
    bench_say "port $bench_port is taken, but no faafo API answers there within 60 s"
    exit 1
  fi
  rabbitmqctl -q list_vhosts 2>/dev/null | grep -qx faafo-bench || rabbitmqctl -q add_vhost faafo-bench >/dev/null
  rabbitmqctl -q set_permissions -p faafo-bench guest '.*' '.*' '.*' >/dev/null
  bench_say "starting faafo on port $bench_port (database faafo_bench, vhost faafo-bench, producer off; log $bench_log)"
  mkdir -p "$bench_storage"
  (cd "$bench_root" && FAAFO_HTTP_PORT=$bench_port FAAFO_DB_NAME=faafo_bench \
    FAAFO_RABBITMQ_VHOST=faafo-bench FAAFO_PRODUCER_ENABLED=false \
    FAAFO_WORKER_STORAGE_DIR=$bench_storage \
    exec setsid nohup bin/run >"$bench_log" 2>&1 </dev/null) &
  bench_run_pid=$!
  trap bench_stop_system EXIT
  trap 'exit 130' INT TERM
  bench_await_ready
}

# Waits until the bin/run this script started is ready (bin/run's "ready" can come before the
# applications are deployed: the API must answer as well).
bench_await_ready() {
  local started=$SECONDS
  until grep -q 'faafo: ready' "$bench_log" 2>/dev/null &&
    curl -fsS -o /dev/null "$bench_url/api/fractal" 2>/dev/null; do
    kill -0 "$bench_run_pid" 2>/dev/null || { tail -20 "$bench_log"; bench_say "bin/run stopped; see $bench_log"; exit 1; }
    ((SECONDS - started < 420)) || { bench_say "faafo not ready within 420 s; see $bench_log"; exit 1; }
    sleep 1
  done
  bench_say "faafo ready after $((SECONDS - started)) s"
}

# Stops the bin/run this script started (its whole process group), and nothing else.
bench_stop_system() {
  [[ -n "$bench_run_pid" ]] || return 0
  bench_say "stopping the faafo this script started"
  kill -TERM -- "-$bench_run_pid" 2>/dev/null || true
  local i
  for ((i = 0; i < 60; i++)); do
    kill -0 -- "-$bench_run_pid" 2>/dev/null || break
    sleep 1
  done
  kill -KILL -- "-$bench_run_pid" 2>/dev/null || true
  bench_run_pid=
}

# Peak RSS (ps, every 0.5 s) and peak heap used (jstat, every 0.5 s) during a burst of tasks.
bench_burst_memory() { # tasks
  local pid jar=$bench_here/target/benchmarks.jar
  pid=$(bench_server_pid)
  [[ -n "$pid" ]] || { bench_say "no process listens on port $bench_port"; return 1; }
  local rss_before heap_log=/tmp/faafo-bench-jstat.log
  rss_before=$(ps -o rss= -p "$pid")
  jstat -gc "$pid" 500 >"$heap_log" 2>/dev/null &
  local jstat_pid=$!
  timeout 200 java -cp "$jar" io.github.faafo.bench.PipelineBenchmark burst "$1" &
  local burst_pid=$! peak=0 rss
  while kill -0 "$burst_pid" 2>/dev/null; do
    rss=$(ps -o rss= -p "$pid" || echo 0)
    ((rss > peak)) && peak=$rss
    sleep 0.5
  done
  wait "$burst_pid"
  sleep 2
  kill "$jstat_pid" 2>/dev/null || true
  wait "$jstat_pid" 2>/dev/null || true
  local heap_peak
  # G1 heap used = survivor + eden + old used (KB), columns found by name.
  heap_peak=$(awk 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
    $1 ~ /^[0-9.]+$/ { u = $c["S0U"] + $c["S1U"] + $c["EU"] + $c["OU"]; if (u > m) m = u }
    END { printf "%.0f", m / 1024 }' "$heap_log")
  printf 'Payara Micro (pid %s, %s): RSS before %d MB, peak %d MB, after %d MB; peak heap used %s MB\n' \
    "$pid" "$(tr '\0' ' ' </proc/"$pid"/cmdline | grep -o -- '-Xmx[^ ]*' || echo 'no -Xmx')" \
    $((rss_before / 1024)) $((peak / 1024)) $(($(ps -o rss= -p "$pid") / 1024)) "$heap_peak"
}

bench_main() {
  cd "$bench_root"
  bench_wait_idle
  bench_build
  # Every run starts from an empty faafo_bench and image folder (the runs' records and files would
  # otherwise pile up and make each run slower than the one before), unless a faafo of this
  # checkout already runs.
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$bench_port") 2>/dev/null; then
    mariadb -uroot --protocol=socket -e "DROP DATABASE IF EXISTS faafo_bench"
    rm -rf "$bench_storage"
  fi
  bench_start_system
  bench_machine
  # The server's log gives the stage breakdown of the sequential tasks.
  [[ -n "$bench_run_pid" ]] && export FAAFO_BENCH_LOG=$bench_log
  timeout 330 java -cp "$bench_here/target/benchmarks.jar" io.github.faafo.bench.PipelineBenchmark
  # Two bursts: if memory were not bounded, the second would end higher than the first.
  local round
  for round in 1 2; do
    bench_say "memory during burst $round of ${BURST:-1000} tasks of 510 x 278"
    bench_burst_memory "${BURST:-1000}"
  done
  bench_busy_report
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  bench_main "$@"
fi
