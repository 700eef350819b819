#!/usr/bin/env bash
# Measures what TLS on the broker and database links costs the pipeline: the same 64 x 64 task
# streams as run-pipeline-bench.sh (single POSTs, and batches of 32), against a private MariaDB and
# a private RabbitMQ node in plain text and against a pair that takes TLS only, with certificates of
# a CA made for this run (bin/tls-certs), verified by faafo (VERIFY_IDENTITY, hostname
# verification). Plain and TLS alternate, twice each, each with faafo started anew on port 8090
# (producer timer off), so that both see the same machine. The API stays plain HTTP: the figures
# are those of the two links. Loopback only; needs root (the private servers); about 8 minutes.
# Removes its servers, certificates and faafo when it ends, even when it fails.
#
# Usage: faafo-benchmarks/run-tls-bench.sh
# Environment: SKIP_BUILD=1 to reuse target/benchmarks.jar, MVN_ARGS (e.g. -o), ROUNDS (2),
# SECONDS_MEASURED (20 per stream).
set -euo pipefail
# shellcheck source=run-pipeline-bench.sh
source "$(dirname "$0")/run-pipeline-bench.sh"

certs=$bench_root/target/bench-tls
jar=$bench_here/target/benchmarks.jar
db_password=
declare -A db_port=([plain]=3327 [tls]=3328) broker_port=([plain]=5727 [tls]=5728)

tls_bench_cleanup() {
  bench_stop_system
  local mode
  for mode in plain tls; do
    "$bench_root/bin/mariadb-node" stop "bench-$mode" >/dev/null 2>&1 || true
    "$bench_root/bin/rabbitmq-node" stop "bench-$mode" >/dev/null 2>&1 || true
  done
  rm -rf "$certs"
}

# The private pair of a mode: its database (faafo_bench, user faafo) and its broker.
tls_bench_servers() { # mode
  local mode=$1 tls_env=()
  [ "$mode" = plain ] || tls_env=("MARIADB_NODE_TLS_DIR=$certs" "RABBITMQ_NODE_TLS_DIR=$certs")
  env "${tls_env[@]}" "$bench_root/bin/mariadb-node" start "bench-$mode" "${db_port[$mode]}" >/dev/null
  env "${tls_env[@]}" "$bench_root/bin/rabbitmq-node" start "bench-$mode" "${broker_port[$mode]}" >/dev/null
  "$bench_root/bin/mariadb-node" sql "bench-$mode" -e "CREATE DATABASE faafo_bench CHARACTER SET utf8mb4;
    CREATE USER 'faafo'@'127.0.0.1' IDENTIFIED BY '$db_password';
    GRANT ALL PRIVILEGES ON faafo_bench.* TO 'faafo'@'127.0.0.1';"
}

# faafo on port 8090 on the pair of a mode, as bench_start_system starts it.
tls_bench_start() { # mode
  local mode=$1 settings=(FAAFO_DB_NODE="bench-$mode" FAAFO_DB_HOST=127.0.0.1
    FAAFO_DB_PORT="${db_port[$mode]}" FAAFO_DB_USER=faafo FAAFO_DB_PASSWORD="$db_password"
    FAAFO_RABBITMQ_HOST=localhost FAAFO_RABBITMQ_PORT="${broker_port[$mode]}"
    FAAFO_HTTPS_PORT=8493)
  if [ "$mode" = tls ]; then
    settings+=(FAAFO_DB_SSL_MODE=VERIFY_IDENTITY FAAFO_DB_TRUST_STORE_URL="file://$certs/truststore.p12"
      FAAFO_DB_TRUST_STORE_PASSWORD="$(cat "$certs/truststore-password")"
      FAAFO_RABBITMQ_TLS=true FAAFO_RABBITMQ_TRUST_STORE="$certs/truststore.p12"
      FAAFO_RABBITMQ_TRUST_STORE_PASSWORD="$(cat "$certs/truststore-password")")
  fi
  # each start from an empty database and image folder, as run-pipeline-bench.sh
  "$bench_root/bin/mariadb-node" sql "bench-$mode" \
    -e "DROP DATABASE faafo_bench; CREATE DATABASE faafo_bench CHARACTER SET utf8mb4;"
  rm -rf "$bench_storage"
  mkdir -p "$bench_storage"
  (cd "$bench_root" && exec env "${settings[@]}" FAAFO_HTTP_PORT=$bench_port FAAFO_DB_NAME=faafo_bench \
    FAAFO_RABBITMQ_VHOST=/ FAAFO_PRODUCER_ENABLED=false FAAFO_WORKER_STORAGE_DIR="$bench_storage" \
    setsid nohup bin/run >"$bench_log" 2>&1 </dev/null) &
  bench_run_pid=$!
  bench_await_ready
}

# One stream of a mode: its rate, p50 and CPU per task lines.
tls_bench_stream() { # mode kind
  local client_url="jdbc:mysql://127.0.0.1:${db_port[$1]}/faafo_bench"
  [ "$1" = plain ] || client_url+="?sslMode=REQUIRED"
  FAAFO_BENCH_DB_URL=$client_url FAAFO_BENCH_DB_PASSWORD_FILE=$certs/db-password \
    timeout 200 java -cp "$jar" io.github.faafo.bench.PipelineBenchmark "$2" "${SECONDS_MEASURED:-20}" |
    sed "s/^/  [$1 $2] /"
}

cd "$bench_root"
[ "$(id -u)" -eq 0 ] || { echo "run-tls-bench.sh needs root (private MariaDB and RabbitMQ nodes)" >&2; exit 1; }
if (exec 3<>"/dev/tcp/127.0.0.1/$bench_port") 2>/dev/null; then
  bench_say "port $bench_port is taken; stop what runs there (this benchmark starts faafo itself)"
  exit 1
fi
bench_wait_idle
bench_build
trap tls_bench_cleanup EXIT
trap 'exit 130' INT TERM
tls_bench_cleanup
"$bench_root/bin/tls-certs" "$certs" bench-tls 127.0.0.1 localhost >/dev/null
db_password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
(umask 077 && printf '%s\n' "$db_password" >"$certs/db-password")
for mode in plain tls; do tls_bench_servers "$mode"; done
bench_machine
for ((round = 1; round <= ${ROUNDS:-2}; round++)); do
  for mode in plain tls; do
    bench_say "round $round, $mode links: faafo on MariaDB :${db_port[$mode]} and RabbitMQ :${broker_port[$mode]}"
    tls_bench_start "$mode"
    tls_bench_stream "$mode" singles
    tls_bench_stream "$mode" batches
    bench_stop_system
  done
done
bench_busy_report
