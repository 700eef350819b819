# Sourced by bin/run, bin/test and the check scripts: the set-up checks (a usable checkout path,
# curl, a JDK of 17 or later, Maven), MariaDB and RabbitMQ there and running (installed from
# Debian's packages and started when run as root), the faafo database, and the folders of the
# private servers of bin/mariadb-node and bin/rabbitmq-node.
# Settings (all optional): FAAFO_DB_HOST, FAAFO_DB_PORT, FAAFO_DB_NAME, FAAFO_DB_USER,
# FAAFO_DB_PASSWORD, FAAFO_RABBITMQ_HOST, FAAFO_RABBITMQ_PORT; and, for a private server of
# bin/mariadb-node or node of bin/rabbitmq-node (the server checks' and the fault tests'),
# FAAFO_DB_NODE (its name: MariaDB's root is reached over its socket instead of the machine's; the
# user is also made for FAAFO_DB_CLIENT_ADDRESS, the address a network of bin/partition-net reaches
# it from) and FAAFO_RABBITMQ_NODE (its node name, which rabbitmqctl is pointed at instead of the machine's).

FAAFO_HOME=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# FAAFO_DB_HOSTS (host:port,host:port,...: a Galera cluster's nodes) names the first node as the
# database the set-up checks and prepares, unless FAAFO_DB_HOST says otherwise.
if [ -n "${FAAFO_DB_HOSTS:-}" ] && [ -z "${FAAFO_DB_HOST:-}" ]; then
  FAAFO_DB_HOST=${FAAFO_DB_HOSTS%%,*}
  if [[ "$FAAFO_DB_HOST" == *:* ]]; then
    FAAFO_DB_PORT=${FAAFO_DB_PORT:-${FAAFO_DB_HOST##*:}}
    FAAFO_DB_HOST=${FAAFO_DB_HOST%:*}
  fi
fi
export FAAFO_DB_HOST=${FAAFO_DB_HOST:-127.0.0.1}
export FAAFO_DB_PORT=${FAAFO_DB_PORT:-3306}
export FAAFO_DB_NAME=${FAAFO_DB_NAME:-faafo}
export FAAFO_DB_USER=${FAAFO_DB_USER:-faafo}
export FAAFO_RABBITMQ_HOST=${FAAFO_RABBITMQ_HOST:-localhost}
export FAAFO_RABBITMQ_PORT=${FAAFO_RABBITMQ_PORT:-5672}
# The oldest JDK faafo builds and runs on.
FAAFO_MIN_JAVA=17

say() { printf 'faafo: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

wait_for_port() { # host port seconds what
  local i
  for ((i = 0; i < $3; i++)); do
    port_open "$1" "$2" && return 0
    sleep 1
  done
  die "$4 did not open $1:$2 within $3 s"
}

apt_install() { # packages...
  [ "$(id -u)" -eq 0 ] || die "please install the Debian package(s) $* (or run this as root to have it done)"
  say "installing $* from Debian's packages"
  if [ -z "${FAAFO_APT_UPDATED:-}" ]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null || die "apt-get update failed"
    FAAFO_APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null || die "apt-get install $* failed"
}

# A command the scripts need: there, or installed from its Debian package as root; otherwise the
# message says what to install.
need_command() { # command package what-it-is-for
  command -v "$1" >/dev/null && return 0
  [ "$(id -u)" -eq 0 ] || die "$1 is missing ($3): install the Debian package $2, or run this as root to have it installed"
  apt_install "$2"
  command -v "$1" >/dev/null || die "$1 is still not on the PATH ($PATH) after installing the Debian package $2"
}

# The major version of the java on the PATH (17 for "17.0.15", 8 for "1.8.0_392"), or nothing.
java_major() {
  java -version 2>&1 | sed -n 's/.* version "\([0-9][0-9.]*\).*/\1/p' | head -1 |
    awk -F. '{ print ($1 == 1 ? $2 : $1) }'
}

# The checkout's path goes whole into Payara Micro's command line, which is split at white space
# and whose library list is split at ':': a path with either is refused at once.
check_checkout_path() {
  case "$FAAFO_HOME" in
  *[[:space:]:]*)
    die "the checkout's path '$FAAFO_HOME' contains white space or ':', which Payara Micro's command line cannot take; clone or move it to a path without them" ;;
  esac
}

# The set-up checks of bin/run and bin/test: the checkout's path, curl, a JDK of at least
# FAAFO_MIN_JAVA (java and javac) and Maven; as root, what is missing is installed.
ensure_tools() {
  check_checkout_path
  need_command curl curl "the scripts ask the API over HTTP with it"
  local jdk="openjdk-$FAAFO_MIN_JAVA-jdk-headless" major
  need_command java "$jdk" "a JDK of $FAAFO_MIN_JAVA or later runs faafo"
  major=$(java_major)
  if [ -z "$major" ] || [ "$major" -lt "$FAAFO_MIN_JAVA" ]; then
    die "java on the PATH is version ${major:-unknown} ($(command -v java)); faafo needs a JDK of $FAAFO_MIN_JAVA or later: install the Debian package $jdk and put its bin folder first on the PATH"
  fi
  need_command javac "$jdk" "a JDK, not only a Java runtime, builds faafo"
  need_command mvn maven "Maven builds faafo"
}

# `bin/run --check`, `bin/test --check`: the set-up checks alone.
only_check_setup() {
  ensure_tools
  say "set-up checks passed: curl, java $(java_major), javac, mvn"
  exit 0
}

# systemd manages the machine's services here: they are started through it and left running.
systemd_unit() { # unit
  [ -d /run/systemd/system ] && systemctl cat "$1" >/dev/null 2>&1
}

# The pid of the machine's MariaDB or RabbitMQ that a script started itself (never one it found).
FAAFO_STARTED_MARIADB_PID=
FAAFO_STARTED_RABBITMQ=

ensure_mariadb() {
  port_open "$FAAFO_DB_HOST" "$FAAFO_DB_PORT" && return 0
  if [ -n "${FAAFO_DB_HOSTS:-}" ]; then # a cluster: one node that answers is enough
    local node
    for node in ${FAAFO_DB_HOSTS//,/ }; do
      port_open "${node%:*}" "${node##*:}" && return 0
    done
    die "no node of FAAFO_DB_HOSTS ($FAAFO_DB_HOSTS) answers"
  fi
  [ "$FAAFO_DB_HOST" = 127.0.0.1 ] || [ "$FAAFO_DB_HOST" = localhost ] ||
    die "no database answers at $FAAFO_DB_HOST:$FAAFO_DB_PORT"
  [ -x /usr/sbin/mariadbd ] || apt_install mariadb-server
  [ "$(id -u)" -eq 0 ] || die "MariaDB is installed but not running; start it (as root: start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd)"
  if systemd_unit mariadb; then
    say "starting the machine's MariaDB service (systemd keeps it running afterwards)"
    systemctl start mariadb || die "systemctl start mariadb failed"
  else
    say "starting MariaDB (stopped again when this command ends)"
    mkdir -p /run/mysqld && chown mysql:mysql /run/mysqld 2>/dev/null
    setsid /usr/sbin/mariadbd </dev/null >/dev/null 2>&1 &
    FAAFO_STARTED_MARIADB_PID=$!
  fi
  wait_for_port "$FAAFO_DB_HOST" "$FAAFO_DB_PORT" 60 MariaDB
}

# FAAFO_RABBITMQ_HOST may list a cluster's nodes (host or host:port, separated by commas): one that
# answers is enough.
ensure_rabbitmq() {
  local entry
  for entry in ${FAAFO_RABBITMQ_HOST//,/ }; do
    if [[ "$entry" == *:* ]]; then
      port_open "${entry%:*}" "${entry##*:}" && return 0
    else
      port_open "$entry" "$FAAFO_RABBITMQ_PORT" && return 0
    fi
  done
  [ "$FAAFO_RABBITMQ_HOST" = localhost ] || [ "$FAAFO_RABBITMQ_HOST" = 127.0.0.1 ] ||
    die "no broker answers at $FAAFO_RABBITMQ_HOST (port $FAAFO_RABBITMQ_PORT where none is given)"
  command -v rabbitmq-server >/dev/null || apt_install rabbitmq-server
  [ "$(id -u)" -eq 0 ] || die "RabbitMQ is installed but not running; start it (as root: rabbitmq-server -detached)"
  if systemd_unit rabbitmq-server; then
    say "starting the machine's RabbitMQ service (systemd keeps it running afterwards)"
    systemctl start rabbitmq-server || die "systemctl start rabbitmq-server failed"
  else
    say "starting RabbitMQ (stopped again when this command ends)"
    rabbitmq-server -detached >/dev/null 2>&1
    FAAFO_STARTED_RABBITMQ=1
  fi
  wait_for_port "$FAAFO_RABBITMQ_HOST" "$FAAFO_RABBITMQ_PORT" 120 RabbitMQ
}

# Chromium and its driver, for the browser test of the gallery.
ensure_chromium() {
  [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ] && return 0
  apt_install chromium chromium-driver
}

# rabbitmqctl, quiet, on the broker's node: FAAFO_RABBITMQ_NODE if set, else the machine's.
broker_ctl() { # args...
  rabbitmqctl -q ${FAAFO_RABBITMQ_NODE:+-n "$FAAFO_RABBITMQ_NODE"} "$@"
}

# A fresh, empty RabbitMQ virtual host for the tests (deleted and made again).
reset_vhost() { # name
  [ "$1" != / ] || die "refusing to reset the default virtual host"
  command -v rabbitmqctl >/dev/null || die "cannot make the RabbitMQ virtual host $1 here (no rabbitmqctl)"
  broker_ctl delete_vhost "$1" >/dev/null 2>&1 || true
  broker_ctl add_vhost "$1" >/dev/null
  broker_ctl set_permissions -p "$1" "${FAAFO_RABBITMQ_USER:-guest}" '.*' '.*' '.*' >/dev/null
}

# The folder of a private server of bin/mariadb-node (KIND mariadb) or bin/rabbitmq-node (KIND
# rabbitmq): outside the checkout, whose folders the server's user (mysql, rabbitmq) may not be
# allowed to enter, under FAAFO_NODES_DIR (/var/tmp/faafo-nodes, owned by root). The folder
# itself is made at the server's start, owned by that user with mode 0700, and removed at its stop.
private_dir() { # kind name
  echo "${FAAFO_NODES_DIR:-/var/tmp/faafo-nodes}/$1-$2"
}

# Makes a private server's folder afresh (the parent must be root's own: never through a link).
make_private_dir() { # kind name user
  local parent dir
  dir=$(private_dir "$1" "$2")
  parent=$(dirname "$dir")
  mkdir -p -m 755 "$parent"
  [ ! -L "$parent" ] && [ "$(stat -c %u "$parent")" = 0 ] ||
    die "$parent must be a folder owned by root (it is not); remove it or set FAAFO_NODES_DIR"
  rm -rf "$dir"
  mkdir -m 700 "$dir"
  chown "$3" "$dir"
  echo "$dir"
}

# Removes a private server's folder, keeping its logs beside the tests' and checks' output, in
# target/private-servers/KIND-NAME (the last run's).
remove_private_dir() { # kind name log-files...
  local dir kept file
  dir=$(private_dir "$1" "$2")
  [ -d "$dir" ] || return 0
  kept=$FAAFO_HOME/target/private-servers/$1-$2
  rm -rf "$kept"
  mkdir -p "$kept"
  for file in "${@:3}"; do
    [ -e "$dir/$file" ] && cp -r "$dir/$file" "$kept/" 2>/dev/null
  done
  rm -rf "$dir"
}

# Runs SQL (given on standard input, so that no password in it shows in the process list) as
# MariaDB's root: over the socket of the private server FAAFO_DB_NODE only, when set (never the
# machine's then); otherwise over the machine's socket, or else over TCP to the database.
db_root_sql() { # sql
  if [ -n "${FAAFO_DB_NODE:-}" ]; then
    mariadb --no-defaults -uroot --protocol=socket --socket="$(private_dir mariadb "$FAAFO_DB_NODE")/mysqld.sock" <<<"$1"
  else
    mariadb -uroot --protocol=socket <<<"$1" 2>/dev/null ||
      mariadb -uroot -h"$FAAFO_DB_HOST" -P"$FAAFO_DB_PORT" <<<"$1"
  fi
}

# Whether FAAFO_DB_USER logs in with FAAFO_DB_PASSWORD and may use the database FAAFO_DB_NAME (the
# password goes in a file only this user can read, never on a command line).
db_user_answers() {
  local file status
  file=$(mktemp)
  printf '[client]\npassword="%s"\n' "$FAAFO_DB_PASSWORD" >"$file"
  mariadb --defaults-extra-file="$file" -u"$FAAFO_DB_USER" -h"$FAAFO_DB_HOST" -P"$FAAFO_DB_PORT" \
    --connect-timeout=5 -e 'SELECT 1' "$FAAFO_DB_NAME" >/dev/null 2>&1
  status=$?
  rm -f "$file"
  return "$status"
}

# Drops a database that tests or checks own, so that they start from nothing; its name must
# contain the given word (test, payara, wildfly), so that no other database is ever dropped.
reset_database() { # name word
  case "$1" in *"$2"*) ;; *) die "refusing to drop $1: its name does not say $2" ;; esac
  db_root_sql "DROP DATABASE IF EXISTS \`$1\`" || die "cannot drop the database $1"
}

# A new random password (24 characters of base64 without / + =).
new_password() {
  head -c 18 /dev/urandom | base64 | tr -d '/+='
}

# The secret kept in a file (mode 600, outside git), made the first time; printed to the caller.
kept_secret() { # file
  [ -s "$1" ] || (umask 077; new_password >"$1")
  cat "$1"
}

# The API administrator's password: FAAFO_API_ADMIN_PASSWORD if given, otherwise one kept in
# $1/admin-password; exported for the server.
ensure_admin_password() { # secrets-dir
  if [ -z "${FAAFO_API_ADMIN_PASSWORD:-}" ]; then
    mkdir -p "$1" && chmod 700 "$1"
    FAAFO_API_ADMIN_PASSWORD=$(kept_secret "$1/admin-password")
  fi
  export FAAFO_API_ADMIN_PASSWORD
}

# The database and its user. Given FAAFO_DB_PASSWORD of a user that logs in already, nothing
# more is done (no SQL as MariaDB's root: a user without root runs faafo on a database an admin
# made, and Connector/J creates the database when the user may). Otherwise the user and database
# are made as MariaDB's root, with the given password or one made once and kept in $1 (mode 600,
# outside git), never printed.
ensure_database() { # secrets-dir
  local secrets=$1
  command -v mariadb >/dev/null || need_command mariadb mariadb-client "the scripts prepare the database with it"
  if [ -n "${FAAFO_DB_PASSWORD:-}" ] && db_user_answers; then
    return 0
  fi
  mkdir -p "$secrets" && chmod 700 "$secrets"
  if [ -z "${FAAFO_DB_PASSWORD:-}" ]; then
    FAAFO_DB_PASSWORD=$(kept_secret "$secrets/db-password")
    export FAAFO_DB_PASSWORD
  fi
  [ "$FAAFO_DB_HOST" = 127.0.0.1 ] || [ "$FAAFO_DB_HOST" = localhost ] || [ -n "${FAAFO_DB_NODE:-}" ] || return 0
  local host sql="CREATE DATABASE IF NOT EXISTS \`$FAAFO_DB_NAME\` CHARACTER SET utf8mb4;"
  for host in 127.0.0.1 localhost ${FAAFO_DB_CLIENT_ADDRESS:-}; do
    sql+="CREATE USER IF NOT EXISTS '$FAAFO_DB_USER'@'$host' IDENTIFIED BY '$FAAFO_DB_PASSWORD';"
    sql+="ALTER USER '$FAAFO_DB_USER'@'$host' IDENTIFIED BY '$FAAFO_DB_PASSWORD';"
    sql+="GRANT ALL PRIVILEGES ON \`$FAAFO_DB_NAME\`.* TO '$FAAFO_DB_USER'@'$host';"
  done
  db_root_sql "$sql" >/dev/null 2>&1 ||
    die "cannot log in to MariaDB at $FAAFO_DB_HOST:$FAAFO_DB_PORT as $FAAFO_DB_USER, nor create that user as MariaDB's root; give FAAFO_DB_USER and FAAFO_DB_PASSWORD of a user that may use the database $FAAFO_DB_NAME"
}

# Stops the machine's MariaDB and RabbitMQ if ensure_mariadb and ensure_rabbitmq started them
# here (by the pid it started, and the node it started), and nothing else.
stop_started_services() {
  if [ -n "$FAAFO_STARTED_RABBITMQ" ]; then
    say "stopping the RabbitMQ this script started"
    rabbitmqctl stop >/dev/null 2>&1
    FAAFO_STARTED_RABBITMQ=
  fi
  if [ -n "$FAAFO_STARTED_MARIADB_PID" ]; then
    say "stopping the MariaDB this script started (pid $FAAFO_STARTED_MARIADB_PID)"
    kill -TERM "$FAAFO_STARTED_MARIADB_PID" 2>/dev/null
    while kill -0 "$FAAFO_STARTED_MARIADB_PID" 2>/dev/null; do sleep 0.2; done
    FAAFO_STARTED_MARIADB_PID=
  fi
}
