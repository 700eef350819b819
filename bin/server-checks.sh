# Sourced by bin/check-payara-server and bin/check-wildfly: timings, fetching a distribution from
# Maven Central, the check's own broker node and database server, and the end-to-end checks of a
# running faafo, which speak only HTTP to the application (and rabbitmqctl to the broker), so they
# hold for any server; among them the faults (e2e_faults), which kill and restart the check's own
# broker and database. The caller sets WORK (a scratch folder) and DOWNLOADS (where fetched
# artifacts are kept).
source "$(dirname "${BASH_SOURCE[0]}")/services.sh"

# A value of the parent POM's <properties>.
pom_property() { # name
  sed -n "s#.*<$1>\(.*\)</$1>.*#\1#p" "$FAAFO_HOME/pom.xml" | head -1
}

# MariaDB and RabbitMQ running, and this check's own database (made afresh: every fractal the
# check sees was made by this run; its name must contain $1), user, virtual host and API
# administrator password, kept in $2.
prepare_services() { # word secrets-dir
  ensure_tools
  ensure_mariadb
  ensure_rabbitmq
  reset_database "$FAAFO_DB_NAME" "$1"
  ensure_database "$2"
  reset_vhost "$FAAFO_RABBITMQ_VHOST"
  ensure_admin_password "$2"
}

# The check's own RabbitMQ node (bin/rabbitmq-node) and MariaDB server (bin/mariadb-node), or with
# "galera" its own three-node Galera cluster (bin/galera-cluster: SQL on db-port and the next two,
# each node in a namespace of the network $1 of bin/partition-net, reached over its bridge),
# all named $1, started afresh on the given ports, so that the faults it makes disturb nothing else
# on the machine (a bin/run, the tests); exports the settings that point the check, the server and
# its set-up at them (FAAFO_DB_HOSTS lists a cluster's nodes; FAAFO_DB_NODE is the one whose socket
# the set-up uses). With "tls" (a single database server only) both take TLS connections only,
# with certificates that bin/tls-certs makes for the run (target/tls-NAME), and the settings verify
# both peers against that CA. The caller's exit trap calls stop_private_services. Needs root.
PRIVATE_DATABASE=server
PRIVATE_TLS_DIR=
start_private_services() { # name broker-port db-port [server|galera] [tls]
  [ "$(id -u)" -eq 0 ] || die "the check runs its own RabbitMQ node and MariaDB server, which needs root"
  PRIVATE_SERVICES=$1
  PRIVATE_DATABASE=${4:-server}
  local t
  t=$(now)
  # what an interrupted earlier run may have left
  "$FAAFO_HOME/bin/rabbitmq-node" stop "$1"
  stop_private_database "$1"
  if [ "${5:-}" = tls ]; then
    [ "$PRIVATE_DATABASE" = server ] || die "TLS links are made for a single database server only"
    PRIVATE_TLS_DIR=$FAAFO_HOME/target/tls-$1
    rm -rf "$PRIVATE_TLS_DIR"
    "$FAAFO_HOME/bin/tls-certs" "$PRIVATE_TLS_DIR" "$1" 127.0.0.1 localhost
    local trust_password
    trust_password=$(cat "$PRIVATE_TLS_DIR/truststore-password")
    export FAAFO_RABBITMQ_TLS=true FAAFO_RABBITMQ_TRUST_STORE=$PRIVATE_TLS_DIR/truststore.p12
    export FAAFO_RABBITMQ_TRUST_STORE_PASSWORD=$trust_password FAAFO_DB_SSL_MODE=VERIFY_IDENTITY
    export FAAFO_DB_TRUST_STORE_URL=file:$PRIVATE_TLS_DIR/truststore.p12
    export FAAFO_DB_TRUST_STORE_PASSWORD=$trust_password
  fi
  RABBITMQ_NODE_TLS_DIR=$PRIVATE_TLS_DIR "$FAAFO_HOME/bin/rabbitmq-node" start "$1" "$2"
  export FAAFO_RABBITMQ_HOST=127.0.0.1 FAAFO_RABBITMQ_PORT=$2 FAAFO_RABBITMQ_NODE=faafo-$1@localhost
  export FAAFO_DB_HOST=127.0.0.1 FAAFO_DB_PORT=$3
  if [ "$PRIVATE_DATABASE" = galera ]; then
    # each node in a namespace of its own network, so that a node can be cut off (e2e_galera_node_cut)
    "$FAAFO_HOME/bin/partition-net" down "$1" # (kept by an earlier run: FAAFO_KEEP_CHECK_NETWORK)
    "$FAAFO_HOME/bin/partition-net" up "$1" 3
    "$FAAFO_HOME/bin/galera-cluster" start "$1" "$3" "$1"
    export FAAFO_DB_HOSTS FAAFO_DB_NODE=$1-1 FAAFO_DB_CLIENT_ADDRESS
    FAAFO_DB_HOSTS=$("$FAAFO_HOME/bin/galera-cluster" hosts "$1")
    FAAFO_DB_HOST=${FAAFO_DB_HOSTS%%:*}
    # the servers reach the nodes from the bridge's address, which the set-up's user is made for
    FAAFO_DB_CLIENT_ADDRESS=$("$FAAFO_HOME/bin/partition-net" address "$1" 0)
    # a node cut off is found by these timeouts (docs/configuration.md), short for the check
    export FAAFO_DB_CONNECT_TIMEOUT_MS=3000 FAAFO_DB_SOCKET_TIMEOUT_MS=15000
  else
    MARIADB_NODE_TLS_DIR=$PRIVATE_TLS_DIR "$FAAFO_HOME/bin/mariadb-node" start "$1" "$3"
    export FAAFO_DB_NODE=$1
  fi
  timing "own RabbitMQ node and MariaDB $PRIVATE_DATABASE started${PRIVATE_TLS_DIR:+ (TLS only)}" "$t"
}
stop_private_database() { # name
  if [ "$PRIVATE_DATABASE" = galera ]; then
    "$FAAFO_HOME/bin/galera-cluster" stop "$1"
    # bin/test removes the network itself once its integration tests are over: a Payara Micro
    # started meanwhile may name the bridge's address as its own, and one whose address went
    # away mid-test stopped answering (2026-12-08); nothing runs in it any more
    [ -n "${FAAFO_KEEP_CHECK_NETWORK:-}" ] || "$FAAFO_HOME/bin/partition-net" down "$1"
  else
    "$FAAFO_HOME/bin/mariadb-node" stop "$1"
  fi
}

# Stops the broker node and the database of start_private_services (their data goes too).
stop_private_services() {
  [ -n "${PRIVATE_SERVICES:-}" ] || return 0
  say "stopping the check's own RabbitMQ node and MariaDB $PRIVATE_DATABASE ($PRIVATE_SERVICES)"
  "$FAAFO_HOME/bin/rabbitmq-node" stop "$PRIVATE_SERVICES" || true
  stop_private_database "$PRIVATE_SERVICES" || true
  [ -z "$PRIVATE_TLS_DIR" ] || rm -rf "$PRIVATE_TLS_DIR"
  PRIVATE_SERVICES=
}

# Fails if a secret of this run (the database's, the broker's unless the default, the API
# administrator's, the trust store's, and any given) stands in clear text in a file under the given
# folders (the servers' configuration) or in the arguments of a process.
e2e_no_clear_secrets() { # folder... [-- secret...]
  local folders=() secrets=() secret found processes
  while [ $# -gt 0 ] && [ "$1" != -- ]; do
    folders+=("$1")
    shift
  done
  [ $# -eq 0 ] || shift
  secrets=("$@" "${FAAFO_DB_PASSWORD:-}" "${FAAFO_API_ADMIN_PASSWORD:-}"
    "${FAAFO_RABBITMQ_TRUST_STORE_PASSWORD:-}" "${FAAFO_DB_TRUST_STORE_PASSWORD:-}")
  [ "${FAAFO_RABBITMQ_PASSWORD:-guest}" = guest ] || secrets+=("$FAAFO_RABBITMQ_PASSWORD")
  processes=$(ps -eo pid,args)
  # (each secret reaches grep as a pattern file, never as an argument of its own)
  for secret in "${secrets[@]}"; do
    [ ${#secret} -ge 8 ] || continue
    found=$(grep -rlF -f <(printf '%s\n' "$secret") "${folders[@]}" 2>/dev/null | head -3 || true)
    [ -z "$found" ] || die "a password stands in clear text in $found"
    found=$(grep -F -f <(printf '%s\n' "$secret") <<<"$processes" | awk '{print $1, $2}' | head -2 || true)
    [ -z "$found" ] || die "a password stands in clear text in the arguments of process(es) $found"
  done
  say "no password of this run in clear text in ${folders[*]} or in a process's arguments (${#secrets[@]} checked)"
}

now() { date +%s.%N; }
seconds_since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
timings=()
timing() { # what start
  local s
  s=$(seconds_since "$2")
  timings+=("$1: $s s")
  say "$1 in $s s"
}

# --- End-to-end checks ---------------------------------------------------------------------------

# The first field named $2 in the JSON object $1 (flat objects; strings without quotes in them).
json_field() {
  sed -n "s/.*\"$2\":\(\"[^\"]*\"\|[^,}]*\).*/\1/p" <<<"$1" | head -1 | sed 's/^"\(.*\)"$/\1/'
}

# Waits until the API lists a fractal that is done; prints its uuid.
e2e_wait_first_done() { # base-url timeout-seconds
  local deadline=$((SECONDS + $2)) list uuid
  while ((SECONDS < deadline)); do
    list=$(curl -fsS "$1/api/fractal?results_per_page=100" 2>/dev/null || true)
    uuid=$(tr '{' '\n' <<<"$list" | grep '"status":"done"' | sed -n 's/.*"uuid":"\([^"]*\)".*/\1/p' | head -1)
    if [ -n "$uuid" ]; then
      echo "$uuid"
      return 0
    fi
    sleep 1
  done
  die "no fractal was done within $2 s (last list: ${list:0:300})"
}

# Waits until the fractal is done, then checks the fields a finished record has.
e2e_wait_done() { # base-url uuid timeout-seconds
  local deadline=$((SECONDS + $3)) body status=
  while ((SECONDS < deadline)); do
    body=$(curl -fsS "$1/api/fractal/$2" 2>/dev/null || true)
    status=$(json_field "$body" status)
    [ "$status" = failed ] && die "fractal $2 failed: $body"
    [ "$status" = done ] && break
    sleep 0.5
  done
  [ "$status" = done ] || die "fractal $2 was not done within $3 s (status '$status')"
  [[ "$(json_field "$body" checksum)" =~ ^[0-9a-f]{64}$ ]] || die "fractal $2 has no SHA-256 checksum: $body"
  [[ "$(json_field "$body" size)" =~ ^[1-9][0-9]*$ ]] || die "fractal $2 has no size: $body"
  [[ "$(json_field "$body" duration)" =~ ^[0-9.eE-]+$ ]] || die "fractal $2 has no duration: $body"
  [ -n "$(json_field "$body" generated_by)" ] && [ "$(json_field "$body" generated_by)" != null ] ||
    die "fractal $2 says nothing of who rendered it: $body"
}

# The image is served as a PNG: its content type and its eight magic bytes.
e2e_check_image() { # base-url uuid
  local type magic
  type=$(curl -fsS -o /dev/null -w '%{content_type}' "$1/api/fractal/$2/image") ||
    die "GET $1/api/fractal/$2/image failed"
  [[ "$type" == image/png* ]] || die "the image of $2 is served as '$type', not image/png"
  magic=$(curl -fsS "$1/api/fractal/$2/image" -o "$WORK/image.png" && head -c 8 "$WORK/image.png" | od -An -tx1 | tr -d ' \n')
  [ "$magic" = 89504e470d0a1a0a ] || die "the image of $2 does not start with the PNG signature ($magic)"
}

# The message-driven beans have their consumers on the broker: queue and count, as "name=count".
e2e_check_consumers() { # vhost timeout-seconds expected...
  local vhost=$1 deadline=$((SECONDS + $2)) out want missing
  shift 2
  command -v rabbitmqctl >/dev/null || { say "no rabbitmqctl here: not counting consumers"; return 0; }
  while :; do
    out=$(broker_ctl list_queues -p "$vhost" name consumers 2>/dev/null | tr '\t' '=' || true)
    missing=
    for want in "$@"; do
      grep -qx "$want" <<<"$out" || missing+=" $want"
    done
    [ -z "$missing" ] && return 0
    ((SECONDS < deadline)) || die "the broker does not show the consumers$missing (it shows: $(tr '\n' ' ' <<<"$out"))"
    sleep 1
  done
}

# Waits until the broker shows exactly <count> connections of the adapter's outbound pool in
# <vhost> (the client property connection_name "faafo outbound", OutboundConnectionFactory's
# CONNECTION_NAME): the size an admin gave the server's connector pool, in force.
e2e_check_outbound_connections() { # vhost timeout-seconds count
  local deadline=$((SECONDS + $2)) seen
  command -v rabbitmqctl >/dev/null || { say "no rabbitmqctl here: not counting connections"; return 0; }
  while :; do
    seen=$(broker_ctl list_connections vhost client_properties 2>/dev/null |
      awk -F'\t' -v vhost="$1" '$1 == vhost && index($2, "{\"connection_name\",\"faafo outbound\"}")' |
      wc -l)
    [ "$seen" -eq "$3" ] && return 0
    ((SECONDS < deadline)) || die "the broker shows $seen outbound pool connection(s) in $1, not $3"
    sleep 1
  done
}

# Creates a fractal with POST (400 × 300 unless another request body is given), which must be
# answered 201; prints its uuid.
e2e_post_fractal() { # base-url [body]
  local request=${2:-'{"width":400,"height":300,"iterations":200,"xa":-1.6,"xb":1.6,"ya":-1.2,"yb":1.2,"cx":-0.8,"cy":0.156}'}
  local answer code body uuid
  answer=$(curl -sS -w '\n%{http_code}' -X POST -H 'Content-Type: application/json' -d "$request" \
    "$1/api/fractal") || die "POST $1/api/fractal failed"
  code=${answer##*$'\n'}
  body=${answer%$'\n'*}
  [ "$code" = 201 ] || die "POST $1/api/fractal answered $code, not 201: ${body:0:500}"
  uuid=$(json_field "$body" uuid)
  [ -n "$uuid" ] || die "POST $1/api/fractal answered without a uuid: $body"
  echo "$uuid"
}

# The administrator may change a record; nobody else may.
e2e_check_admin() { # base-url uuid password
  local code
  code=$(curl -sS -o /dev/null -w '%{http_code}' -X PUT -H 'Content-Type: application/json' \
    -d '{"generated_by":"check"}' "$1/api/fractal/$2")
  [ "$code" = 401 ] || die "PUT without credentials answered $code, not 401"
  code=$(curl -sS -o /dev/null -w '%{http_code}' -u "admin:$3" -X PUT \
    -H 'Content-Type: application/json' -d '{"generated_by":"check"}' "$1/api/fractal/$2")
  [ "$code" = 200 ] || die "PUT as the administrator answered $code, not 200"
  [ "$(json_field "$(curl -fsS "$1/api/fractal/$2")" generated_by)" = check ] ||
    die "PUT as the administrator did not change fractal $2"
}

# A Maven artifact copied to $DOWNLOADS (from ~/.m2, fetched from Maven Central the first time).
fetch() { # groupId:artifactId:version[:type] file-name
  [ -s "$DOWNLOADS/$2" ] && return 0
  mkdir -p "$DOWNLOADS"
  local args=(-q -B -N dependency:copy "-Dartifact=$1" -Dtransitive=false "-DoutputDirectory=$DOWNLOADS" -Dmdep.stripVersion=false)
  mvn -o "${args[@]}" >/dev/null 2>&1 || mvn "${args[@]}" || die "cannot fetch $1 from Maven Central"
  [ -s "$DOWNLOADS/$2" ] || die "fetching $1 gave no $DOWNLOADS/$2"
}

# --- Faults --------------------------------------------------------------------------------------

# A tiny task, as FaultsIT posts.
SMALL_TASK='{"width":24,"height":24,"iterations":32,"xa":-2.0,"xb":2.0,"ya":-2.0,"yb":2.0}'
# A task whose every pixel lies inside the Julia set of c = 0 (the unit disk), so that each costs
# all its iterations (1,049 M): it takes the worker about a second, and so is still being rendered
# when the database goes.
HEAVY_TASK='{"width":1024,"height":1024,"iterations":1000,"xa":-0.5,"xb":0.5,"ya":-0.5,"yb":0.5,"cx":0.0,"cy":0.0}'

# The value of a field of a fractal as the API shows it (nothing while the API cannot tell).
e2e_field() { # base-url uuid field
  json_field "$(curl -fsS "$1/api/fractal/$2" 2>/dev/null || true)" "$3"
}

# Prints the fractals named that are not done yet (the API's answer, or none, counts); dies when
# one failed (called as $(...), its caller exits with it: waiting=$(e2e_unfinished ...) || exit).
e2e_unfinished() { # base-url uuid...
  local base=$1 uuid status
  shift
  for uuid in "$@"; do
    status=$(e2e_field "$base" "$uuid" status)
    [ "$status" = failed ] && die "fractal $uuid failed: $(curl -sS "$base/api/fractal/$uuid")"
    [ "$status" = done ] || echo "$uuid"
  done
}

# Waits until every fractal named is done; dies when one failed or at the deadline.
e2e_wait_all_done() { # base-url timeout-seconds uuid...
  local base=$1 timeout=$2 deadline=$(($2 + SECONDS)) waiting
  shift 2
  waiting=$*
  while waiting=$(e2e_unfinished "$base" $waiting) || exit; [ -n "$waiting" ]; do
    ((SECONDS < deadline)) || die "$(wc -w <<<"$waiting") fractal(s) not done within $timeout s: $(echo $waiting)"
    sleep 1
  done
}

# Waits until the producer has dispatched each fractal named (its task is on its way to a worker).
e2e_wait_dispatched() { # base-url timeout-seconds uuid...
  local base=$1 timeout=$2 deadline=$(($2 + SECONDS)) uuid
  shift 2
  for uuid in "$@"; do
    until [[ "$(e2e_field "$base" "$uuid" attempts)" =~ ^[1-9] ]]; do
      ((SECONDS < deadline)) || die "fractal $uuid was not dispatched within $timeout s"
      sleep 0.2
    done
  done
}

# The uuids of all pending fractals (the producer timer's too), one a line.
e2e_pending() { # base-url
  local list count
  list=$(curl -fsS -G --data-urlencode 'q={"filters":[{"name":"status","op":"eq","val":"pending"}]}' \
    --data-urlencode results_per_page=100 "$1/api/fractal") || die "cannot list the pending fractals"
  count=$(json_field "$list" num_results)
  ((count <= 100)) || die "$count fractals are pending, more than one page of the API"
  tr '{' '\n' <<<"$list" | sed -n 's/.*"uuid":"\([^"]*\)".*/\1/p'
}

# Waits until a list request is answered 503 with a JSON body that names the database.
e2e_wait_database_unavailable() { # base-url timeout-seconds
  local deadline=$((SECONDS + $2)) answer code='' body=''
  until [ "$code" = 503 ]; do
    ((SECONDS < deadline)) || die "the API did not answer 503 within $2 s of the database's end (last: $code ${body:0:300})"
    sleep 0.5
    answer=$(curl -sS --max-time 30 -w '\n%{http_code}' "$1/api/fractal" 2>/dev/null || true)
    code=${answer##*$'\n'}
    body=${answer%$'\n'*}
  done
  if [ "$(json_field "$body" status)" != 503 ] || [[ "$(json_field "$body" message)" != *database* ]]; then
    die "the 503 answer does not say in JSON that the database is away: $body"
  fi
}

# Waits until a queue of the check's virtual host holds no message, ready or unacknowledged.
e2e_wait_queue_empty() { # queue timeout-seconds
  local deadline=$((SECONDS + $2)) count=''
  until [ "$count" = 0 ]; do
    ((SECONDS < deadline)) || die "$1 still holds ${count:-?} message(s) after $2 s"
    sleep 0.5
    count=$(broker_ctl list_queues -p "$FAAFO_RABBITMQ_VHOST" name messages 2>/dev/null | awk -v q="$1" '$1 == q { print $2 }')
  done
}

# Faults on a running server with the check's own broker node and database server (named $3, see
# start_private_services). The broker: 5 tasks posted before its node is killed (SIGKILL), 5 while
# it is down (each must be accepted, 201), 5 after its restart; all 15 must be done. The database:
# 2 heavy tasks are dispatched, then its mariadbd is killed (SIGKILL) while they (at least one) are
# being rendered; the API must answer 503 with a JSON body naming the database, the workers must
# hand in every result meanwhile, and after the restart every fractal that was pending (the
# producer timer's too) must be done. Prints a reliability: line for each, labelled with the
# server ($2).
# Posts $2 small tasks to $1, adding their uuids to the caller's array "tasks".
post_small_tasks() { # base-url count
  local i
  for ((i = 0; i < $2; i++)); do
    tasks+=("$(e2e_post_fractal "$1" "$SMALL_TASK")")
  done
}

e2e_faults() { # base-url server-label services-name
  local base=$1 label=$2 name=$3 uuid t in_flight
  local -a tasks=() pending
  t=$(now)
  post_small_tasks "$base" 5
  say "killing the broker node faafo-$name (SIGKILL) after 5 tasks"
  "$FAAFO_HOME/bin/rabbitmq-node" kill "$name"
  post_small_tasks "$base" 5
  say "5 tasks accepted while the broker was down; restarting it"
  "$FAAFO_HOME/bin/rabbitmq-node" restart "$name"
  post_small_tasks "$base" 5
  e2e_wait_all_done "$base" 180 "${tasks[@]}"
  timing "broker killed and restarted, 15 tasks done" "$t"
  echo "reliability: $label broker killed: 15 tasks (5 before, 5 during, 5 after): 15 done, 0 lost"

  t=$(now)
  tasks=()
  for _ in 1 2; do
    uuid=$(e2e_post_fractal "$base" "$HEAVY_TASK")
    tasks+=("$uuid")
  done
  e2e_wait_dispatched "$base" 30 "${tasks[@]}"
  mapfile -t pending < <(e2e_pending "$base")
  in_flight=0
  for uuid in "${tasks[@]}"; do
    [[ " ${pending[*]} " != *" $uuid "* ]] || in_flight=$((in_flight + 1))
  done
  ((in_flight > 0)) || die "both heavy tasks were done before the database went; nothing would be in flight"
  if [ "$PRIVATE_DATABASE" = galera ]; then
    e2e_galera_node_killed "$base" "$label" "$name" "$t"
    e2e_galera_node_cut "$label" "$name"
    return
  fi
  say "killing the database server $name (SIGKILL) with ${#pending[@]} fractal(s) pending ($in_flight of the 2 heavy ones)"
  "$FAAFO_HOME/bin/mariadb-node" kill "$name"
  e2e_wait_database_unavailable "$base" 30
  e2e_wait_queue_empty faafo.tasks 60
  say "the API answers 503 naming the database, and the workers handed in every result; restarting it"
  "$FAAFO_HOME/bin/mariadb-node" restart "$name"
  e2e_wait_all_done "$base" 120 "${pending[@]}"
  [ "$(curl -sS -o /dev/null -w '%{http_code}' "$base/api/fractal")" = 200 ] ||
    die "the API does not answer 200 again after the database's restart"
  timing "database killed and restarted, pending tasks done" "$t"
  echo "reliability: $label database killed: API answered 503 meanwhile; ${#pending[@]} pending tasks done after the restart, 0 lost"
}

# The database part of e2e_faults on a Galera cluster: the node that the servers' connections use
# (the first of FAAFO_DB_HOSTS) killed (SIGKILL) while tasks are pending (the caller's array
# "pending"). The servers' pools fail over to the next node: while it is down the API is asked
# every half second, answers other than 200 are counted (a 503 must name the database), and every
# pending fractal must be done. Then the node is started again, must rejoin (3 synced nodes), and
# a fractal posted after that must be done.
e2e_galera_node_killed() { # base-url label name start
  local base=$1 label=$2 name=$3 t=$4 code answers=0 refused=0 posted rejoined
  # the servers write to one node: all their connections are on the first
  [ "$(galera_connections "$name" 2)$(galera_connections "$name" 3)" = 00 ] && positive "$(galera_connections "$name" 1)" ||
    die "the servers' connections are not all on $name-1: $(galera_connections "$name" 1), $(galera_connections "$name" 2), $(galera_connections "$name" 3) on the three nodes"
  say "killing the Galera node $name-1 (SIGKILL), which holds all $(galera_connections "$name" 1) of the servers' connections, with ${#pending[@]} fractal(s) pending"
  "$FAAFO_HOME/bin/galera-cluster" kill "$name" 1
  local deadline=$((SECONDS + 120)) waiting=${pending[*]}
  while waiting=$(e2e_unfinished "$base" $waiting) || exit; [ -n "$waiting" ]; do
    ((SECONDS < deadline)) || die "with the Galera node $name-1 down, still not done after 120 s: $(echo $waiting) ($("$FAAFO_HOME/bin/galera-cluster" status "$name" | tr '\n' ';'))"
    code=$(curl -sS -o "$WORK/galera-answer.json" -w '%{http_code}' --max-time 30 "$base/api/fractal" 2>/dev/null || true)
    answers=$((answers + 1))
    if [ "$code" != 200 ]; then
      refused=$((refused + 1))
      [ "$code" = 503 ] && grep -q database "$WORK/galera-answer.json" ||
        die "with the Galera node $name-1 down the API answered $code: $(head -c 300 "$WORK/galera-answer.json")"
    fi
    sleep 0.5
  done
  say "with $name-1 down, every pending fractal is done; the servers' connections are on $name-2 ($(galera_connections "$name" 2)) and $name-3 ($(galera_connections "$name" 3)); the API answered 200 to $((answers - refused)) of $answers requests$( ((refused > 0)) && echo ", 503 naming the database to the others"); starting $name-1 again"
  rejoined=$(now)
  "$FAAFO_HOME/bin/galera-cluster" restart "$name" 1
  "$FAAFO_HOME/bin/galera-cluster" wait "$name" 3 120
  timing "Galera node $name-1 rejoined, 3 nodes synced" "$rejoined"
  posted=$(e2e_post_fractal "$base" "$SMALL_TASK")
  e2e_wait_done "$base" "$posted" 60
  timing "Galera node killed and restarted, pending tasks done" "$t"
  echo "reliability: $label Galera node killed: $name-1 (all connections on it) SIGKILLed with ${#pending[@]} fractals pending: ${#pending[@]} done, 0 lost, the API answered 200 to $((answers - refused)) of $answers requests meanwhile$( ((refused > 0)) && echo " (the others 503)"); the node rejoined and a new fractal was done"
}

# A partition of the database: while tasks are posted through every server (BASES, or the one given
# as $1), the Galera node that holds most of the servers' connections is cut off from the other
# nodes and the servers (bin/partition-net cut: its packets vanish, no connection is reset). It
# must see itself outside the primary component, every task accepted before and during the cut
# must be done meanwhile, and every answer must be 201 or a 503 with Retry-After naming the
# database. Then the link is healed: 3 nodes synced, a final burst done, and the history of every
# create checked (e2e_check_history). Prints a reliability: line labelled $1.
e2e_galera_node_cut() { # label name
  local label=$1 name=$2 n count most=0 node t cut_at outside= posted=0 waiting deadline
  local -a bases=("${BASES[@]}") accepted=()
  HISTORY=$WORK/galera-cut-history.txt
  : >"$HISTORY"
  for n in 1 2 3; do
    count=$(galera_connections "$name" "$n")
    [[ "$count" =~ ^[0-9]+$ ]] && ((count > most)) && most=$count node=$n
  done
  ((most > 0)) || die "the servers hold no connection on any Galera node: $(galera_connections "$name" 1), $(galera_connections "$name" 2), $(galera_connections "$name" 3)"
  t=$(now)
  for _ in 1 2 3 4 5 6; do
    history_post "${bases[posted++ % ${#bases[@]}]}" "$SMALL_TASK"
  done
  say "cutting the Galera node $name-$node off (it holds $most of the servers' connections) in the middle of a burst"
  "$FAAFO_HOME/bin/partition-net" cut "$name" "$node"
  cut_at=$(now)
  # when the node sees itself outside the primary component, watched apart from the posts (a post
  # may wait for the socket timeout)
  rm -f "$WORK/outside"
  (for _ in $(seq 360); do
    [ "$(node_state "$name" "$node")" = non-Primary ] && { seconds_since "$cut_at" >"$WORK/outside"; break; }
    sleep 0.5
  done) &
  local watcher=$!
  deadline=$((SECONDS + 180))
  while :; do
    history_post "${bases[posted++ % ${#bases[@]}]}" "$SMALL_TASK"
    outside=$(cat "$WORK/outside" 2>/dev/null || true)
    mapfile -t accepted < <(awk '$2 == 201 { print $1 }' "$HISTORY")
    waiting=$(e2e_unfinished "${bases[0]}" "${accepted[@]}") || exit
    [ -n "$outside" ] && [ -z "$waiting" ] && ((posted >= 16)) && break
    ((SECONDS < deadline)) || { kill "$watcher" 2>/dev/null; die "with $name-$node cut off for 180 s: $(wc -w <<<"$waiting") accepted fractal(s) not done ($(echo $waiting)); the node's view: $(node_state "$name" "$node"); answers so far: $(history_summary); cluster: $("$FAAFO_HOME/bin/galera-cluster" status "$name" | tr '\n' ';')"; }
    sleep 0.5
  done
  local cut_for
  cut_for=$(seconds_since "$cut_at")
  say "with $name-$node cut off for $cut_for s (outside the primary component after $outside s), every accepted fractal is done; answers: $(history_summary); healing its link"
  "$FAAFO_HOME/bin/partition-net" heal "$name" "$node"
  local healed
  healed=$(now)
  "$FAAFO_HOME/bin/galera-cluster" wait "$name" 3 120
  local rejoined
  rejoined=$(seconds_since "$healed")
  # what a client does with a create it has no answer for: send it again, under the same uuid
  local resent=0 uuid code
  while read -r uuid code _; do
    history_post "${bases[0]}" "$SMALL_TASK" "$uuid"
    resent=$((resent + 1))
  done < <(awk '$2 == 503 || $2 == "000"' "$HISTORY")
  for _ in 1 2 3 4 5; do
    history_post "${bases[posted++ % ${#bases[@]}]}" "$SMALL_TASK"
  done
  mapfile -t accepted < <(awk '$2 == 201 || $2 == 200 { print $1 }' "$HISTORY")
  e2e_wait_all_done "${bases[0]}" 120 "${accepted[@]}"
  e2e_check_history "${bases[0]}" "$HISTORY"
  timing "Galera node cut off and healed, history checked" "$t"
  echo "reliability: $label Galera node cut off: $name-$node (holding $most connections) cut ${cut_for} s mid-burst (outside the primary component after $outside s): $(history_summary) (the $resent refused or unanswered sent again under their uuid after the heal), every accepted one done with its image's checksum, 0 lost; 3 nodes synced ${rejoined} s after the heal, and a final burst done"
}

# Posts a create with a uuid of its own (a new one unless given) through the base URL and records
# it in HISTORY as "uuid code seconds" (how long the answer took), the code being 201, 200 (a repeat of a stored create), a 503 with Retry-After and
# a body naming the database, or no answer within 30 s (000); anything else ends the check.
history_post() { # base-url body [uuid]
  local uuid=${3:-} answer code headers seconds
  [ -n "$uuid" ] || uuid=$(cat /proc/sys/kernel/random/uuid)
  headers=$WORK/history-headers.txt
  answer=$(curl -sS -D "$headers" -w '\n%{time_total} %{http_code}' --max-time 30 -X POST -H 'Content-Type: application/json' \
    -d "${2%\}},\"uuid\":\"$uuid\"}" "$1/api/fractal" 2>/dev/null) || answer=$'\n30 000'
  code=${answer##* }
  seconds=${answer##*$'\n'}
  seconds=${seconds% *}
  case "$code" in
  201 | 200 | 000) ;;
  503)
    grep -qi '^Retry-After: [0-9]' "$headers" && grep -q database <<<"$answer" ||
      die "POST $1/api/fractal answered 503 without Retry-After or without naming the database: $(tr -d '\r' <"$headers" | tr '\n' ' ') ${answer:0:300}"
    ;;
  *) die "POST $1/api/fractal answered $code while a database node was cut off: ${answer:0:300}" ;;
  esac
  echo "$uuid $code $seconds" >>"$HISTORY"
}

# The answers recorded in HISTORY, counted.
history_summary() {
  awk '{ n[$2]++; if ($3 > slowest) slowest = $3 } END { printf "%d accepted (201), %d refused (503 with Retry-After), %d unanswered, %d repeats answered 200, the slowest answer after %.1f s", n["201"], n["503"], n["000"], n["200"], slowest }' "$HISTORY"
}

# The history check: every create that was answered 201 (or 200, a repeat) is done, and its
# image's SHA-256 is the record's checksum; a create refused (503) or unanswered either left no
# record or one that is done in the same way (the client cannot know whether it was stored).
e2e_check_history() { # base-url history-file
  local uuid code body status checksum digest
  while read -r uuid code _; do
    body=$(curl -sS -w '\n%{http_code}' "$1/api/fractal/$uuid") || die "GET $1/api/fractal/$uuid failed"
    status=${body##*$'\n'}
    body=${body%$'\n'*}
    if [ "$status" = 404 ] && [ "$code" != 201 ]; then
      continue
    fi
    [ "$status" = 200 ] || die "history: the create of $uuid was answered $code, and GET answers $status: ${body:0:300}"
    [ "$(json_field "$body" status)" = done ] || die "history: $uuid (answered $code) is not done: $body"
    checksum=$(json_field "$body" checksum)
    digest=$(curl -fsS "$1/api/fractal/$uuid/image" | sha256sum | cut -d' ' -f1) || die "history: the image of $uuid cannot be read"
    [ "$digest" = "$checksum" ] || die "history: the image of $uuid has SHA-256 $digest, its record says $checksum"
  done <"$2"
}

# Node N's own view of its component (Primary, non-Primary), over its socket: reachable when cut off.
node_state() { # name n
  "$FAAFO_HOME/bin/galera-cluster" sql "$1" "$2" -N -B --connect-timeout=2 \
    -e "SHOW GLOBAL STATUS LIKE 'wsrep_cluster_status'" 2>/dev/null | cut -f2
}

# How many connections the servers (FAAFO_DB_USER) hold on node N of the Galera cluster.
galera_connections() { # name n
  "$FAAFO_HOME/bin/galera-cluster" sql "$1" "$2" -N -B \
    -e "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE USER = '$FAAFO_DB_USER'" 2>/dev/null || echo '?'
}

# --- A cluster of servers -------------------------------------------------------------------------
# The caller lists its servers in SERVERS (names), BASES (their HTTP base URLs) and SERVER_LOGS
# (each one's current log file; rotated files beside it count too), and defines
# kill_server_at INDEX (SIGKILL), start_server_at INDEX and wait_ready TIMEOUT-SECONDS.

# What the check is doing, for its failure message.
step=
step() { step=$*; say "$*"; }

# Waits until the broker shows every server's message-driven beans consuming: per server 4 on
# faafo.tasks (or the sessions given), 4 on faafo.dispatch and 1 on faafo.tasks.dead.
e2e_check_consumers_of_servers() { # timeout-seconds [task-sessions]
  local n=${#SERVERS[@]}
  e2e_check_consumers "$FAAFO_RABBITMQ_VHOST" "$1" "faafo.tasks=$((n * ${2:-4}))" \
    "faafo.dispatch=$((n * 4))" "faafo.tasks.dead=$n"
}

# Posts a fractal through each server and waits until each is done, with its image.
e2e_post_through_each() {
  local i posted
  for i in "${!SERVERS[@]}"; do
    posted=$(e2e_post_fractal "${BASES[$i]}")
    e2e_wait_done "${BASES[$i]}" "$posted" 60
    e2e_check_image "${BASES[$i]}" "$posted"
  done
}

# Posts fractals through each server until each server's worker has signed one with the server's
# name (faafo.worker.name; a lone server's is the host's, whatever it signs will do), at most 20
# rounds; checks the last one's image.
e2e_each_worker_renders() {
  local t round i posted server missing
  local -A rendered_by=()
  t=$(now)
  for round in $(seq 20); do
    for i in "${!SERVERS[@]}"; do
      posted=$(e2e_post_fractal "${BASES[$i]}")
      e2e_wait_done "${BASES[$i]}" "$posted" 60
      rendered_by[$(e2e_field "${BASES[$i]}" "$posted" generated_by)]=1
    done
    missing=
    if ((${#SERVERS[@]} > 1)); then
      for server in "${SERVERS[@]}"; do
        [ -n "${rendered_by[$server]:-}" ] || missing+=" $server"
      done
    fi
    [ -z "$missing" ] && break
  done
  [ -z "$missing" ] || die "after $round rounds no fractal was rendered by$missing (the workers signed: ${!rendered_by[*]})"
  e2e_check_image "${BASES[0]}" "$posted"
  timing "POSTed fractals done, rendered by ${!rendered_by[*]}" "$t"
}

# Whether a number (a metric as Prometheus prints it, 2.0; or a difference, "5.0 - 3.0") is above 0.
positive() { # number-or-difference
  awk "BEGIN { exit !(($1) > 0) }"
}

# Waits until the broker shows exactly <count> connections of the adapter's outbound pool (see
# e2e_check_outbound_connections) held by the processes a test command accepts (it gets the pid
# as its last argument): each connection's client port leads to the process that holds it.
e2e_outbound_connections_of() { # label timeout-seconds count test-command...
  local label=$1 deadline=$((SECONDS + $2)) count=$3 seen port pid
  shift 3
  while :; do
    seen=0
    for port in $(broker_ctl list_connections vhost peer_port client_properties 2>/dev/null |
      awk -F'\t' -v vhost="$FAAFO_RABBITMQ_VHOST" '$1 == vhost && index($3, "{\"connection_name\",\"faafo outbound\"}") { print $2 }'); do
      pid=$(ss -tnpH "sport = :$port" 2>/dev/null | sed -n 's/.*pid=\([0-9]*\),.*/\1/p' | head -1)
      [ -n "$pid" ] && "$@" "$pid" && seen=$((seen + 1))
    done
    [ "$seen" -eq "$count" ] && { say "$label: $seen outbound pool connections on the broker"; return 0; }
    ((SECONDS < deadline)) || die "$label: the broker shows $seen outbound pool connection(s) of this server, not $count"
    sleep 1
  done
}

# The generation lease's holder as the lease table names it, while its lease runs (nothing once it
# lapsed or was given up: a stopping node gives its leases up, and its name stays in the row): a
# node's host and an id of its start, so a new term after every take-over.
lease_term() {
  db_root_sql "SELECT holder FROM \`$FAAFO_DB_NAME\`.producer_lease WHERE name = 'generation' AND expires_at > UTC_TIMESTAMP(3)" |
    tail -n 1
}

# The index of the server whose log says that it took the generation lease under the term.
lease_holder_of() { # term
  local i
  for i in "${!SERVERS[@]}"; do
    # (grep reads the files itself: grep -q at the end of a pipe would break it, and pipefail
    # would report that)
    if grep -qsF "this node ($1) now holds the generation lease" "${SERVER_LOGS[$i]}"*; then
      echo "$i"
      return 0
    fi
  done
}

# How many batches the server's logs say it has generated so far.
batches_generated() { # index
  cat "${SERVER_LOGS[$1]}"* 2>/dev/null | grep -c 'generating [0-9]* task(s)' || true
}

# Waits until the lease table names a holder other than the given term (any, when empty) that is
# one of the servers; prints "index term".
wait_lease_holder() { # old-term timeout-seconds
  local deadline=$((SECONDS + $2)) term holder
  while :; do
    term=$(lease_term)
    if [ -n "$term" ] && [ "$term" != "$1" ]; then
      holder=$(lease_holder_of "$term")
      [ -n "$holder" ] && { echo "$holder $term"; return 0; }
    fi
    ((SECONDS < deadline)) || die "no server took the generation lease within $2 s (lease table: '$term'${1:+, before: '$1'}; the row: $(db_root_sql "SELECT holder, expires_at, UTC_TIMESTAMP(3) FROM \`$FAAFO_DB_NAME\`.producer_lease WHERE name = 'generation'" | tail -n 1))"
    sleep 1
  done
}

# The server that holds the generation lease, SIGKILLed in the middle of a burst of small tasks
# posted through every server, then started again: every task must be done, another server must
# take the lease under a new term and generate, and the restarted one must render tasks again and
# generate nothing while the other holds the lease. Prints a reliability: line labelled $1.
e2e_lease_holder_killed() { # server-label
  local t killed holder other term new_term took_over before restarted posted base round
  local -a tasks=()
  t=$(now)
  for round in $(seq 10); do
    for base in "${BASES[@]}"; do
      tasks+=("$(e2e_post_fractal "$base" "$SMALL_TASK")")
    done
  done
  # the holder as of now, right before the kill
  read -r holder term < <(wait_lease_holder "" 60) || die "no server holds the generation lease"
  other=$(((holder + 1) % ${#SERVERS[@]}))
  killed=$(now)
  kill_server_at "$holder"
  say "killed ${SERVERS[$holder]} (the lease holder, term '$term') after ${#tasks[@]} tasks; the burst goes on through ${SERVERS[$other]}"
  before=$(batches_generated "$other")
  post_small_tasks "${BASES[$other]}" 10
  read -r other new_term < <(wait_lease_holder "$term" 120) || die "no other server took the generation lease"
  took_over=$(seconds_since "$killed")
  say "${SERVERS[$other]} holds the generation lease under the term '$new_term', ${took_over} s after the kill"
  e2e_wait_all_done "${BASES[$other]}" 180 "${tasks[@]}"
  local deadline=$((SECONDS + 60))
  until positive "$(batches_generated "$other") - $before"; do
    ((SECONDS < deadline)) || die "${SERVERS[$other]} holds the lease but its log shows no batch generated in 60 s"
    sleep 1
  done
  say "starting ${SERVERS[$holder]} again"
  before=$(batches_generated "$holder")
  start_server_at "$holder"
  wait_ready 180
  restarted=
  for round in $(seq 20); do
    posted=$(e2e_post_fractal "${BASES[$holder]}" "$SMALL_TASK")
    e2e_wait_done "${BASES[$holder]}" "$posted" 60
    [ "$(e2e_field "${BASES[$holder]}" "$posted" generated_by)" = "${SERVERS[$holder]}" ] && { restarted=1; break; }
  done
  [ -n "$restarted" ] || die "${SERVERS[$holder]} takes requests again but its worker rendered none of $round tasks"
  [ "$(lease_term)" = "$new_term" ] || die "after its restart ${SERVERS[$holder]}'s start took the lease from ${SERVERS[$other]} (lease table: '$(lease_term)')"
  ! positive "$(batches_generated "$holder") - $before" ||
    die "the restarted ${SERVERS[$holder]} generated batches while ${SERVERS[$other]} held the lease"
  local terms
  terms=$(e2e_check_lease_terms) || die "the fence's history: $terms"
  timing "lease holder killed mid-burst and restarted, ${#tasks[@]} tasks done" "$t"
  echo "reliability: $1 lease holder killed: ${SERVERS[$holder]} SIGKILLed mid-burst of ${#tasks[@]} tasks (through every server, then the survivor): ${#tasks[@]} done, 0 lost; ${SERVERS[$other]} held the generation lease under a new term ${took_over} s after the kill and generated; the restarted ${SERVERS[$holder]} rendered tasks again and generated none; the timer's records so far fall into $terms lease terms, one after another, none overlapping"
}

# The fence's history: the timer's records grouped by the generation lease's term they were made
# under (fractal.lease_term); each term's span of creation times must begin after the one before
# ended (a holder that acted on a lease it had lost would make records of an older term after a
# newer one's). Prints how many terms, or what overlaps (and fails).
e2e_check_lease_terms() {
  db_root_sql "SELECT lease_term, MIN(created_at), MAX(created_at), COUNT(*) FROM \`$FAAFO_DB_NAME\`.fractal WHERE lease_term IS NOT NULL GROUP BY lease_term ORDER BY lease_term" |
    awk -F'\t' 'NR == 1 { next }
      n > 0 && $2 <= last { bad = bad sprintf("term %s began at %s, before term %s ended (%s); ", $1, $2, term, last) }
      { last = $3; term = $1; n++ }
      END { if (bad != "") { print bad; exit 1 } if (n == 0) { print "no record of the timer has a lease term"; exit 1 } print n }'
}
