# Sourced by bin/run and bin/test: makes sure MariaDB and RabbitMQ are there and running,
# installing them from Debian's packages when run as root, and prepares the faafo database.
# Settings (all optional): FAAFO_DB_HOST, FAAFO_DB_PORT, FAAFO_DB_NAME, FAAFO_DB_USER,
# FAAFO_DB_PASSWORD, FAAFO_RABBITMQ_HOST, FAAFO_RABBITMQ_PORT; and, for a private server of
# bin/mariadb-node or node of bin/rabbitmq-node (the server checks'), FAAFO_DB_SOCKET (its socket,
# where MariaDB's root is reached instead of the machine's) and FAAFO_RABBITMQ_NODE (its node name,
# which rabbitmqctl is pointed at instead of the machine's).

FAAFO_HOME=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export FAAFO_DB_HOST=${FAAFO_DB_HOST:-127.0.0.1}
export FAAFO_DB_PORT=${FAAFO_DB_PORT:-3306}
export FAAFO_DB_NAME=${FAAFO_DB_NAME:-faafo}
export FAAFO_DB_USER=${FAAFO_DB_USER:-faafo}
export FAAFO_RABBITMQ_HOST=${FAAFO_RABBITMQ_HOST:-localhost}
export FAAFO_RABBITMQ_PORT=${FAAFO_RABBITMQ_PORT:-5672}

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

ensure_java() {
  command -v java >/dev/null || apt_install openjdk-17-jdk-headless
  command -v mvn >/dev/null || apt_install maven
}

ensure_mariadb() {
  port_open "$FAAFO_DB_HOST" "$FAAFO_DB_PORT" && return 0
  [ "$FAAFO_DB_HOST" = 127.0.0.1 ] || [ "$FAAFO_DB_HOST" = localhost ] ||
    die "no database answers at $FAAFO_DB_HOST:$FAAFO_DB_PORT"
  [ -x /usr/sbin/mariadbd ] || apt_install mariadb-server
  [ "$(id -u)" -eq 0 ] || die "MariaDB is installed but not running; start it (as root: start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd)"
  say "starting MariaDB"
  mkdir -p /run/mysqld && chown mysql:mysql /run/mysqld 2>/dev/null
  start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd
  FAAFO_STARTED_MARIADB=1
  wait_for_port "$FAAFO_DB_HOST" "$FAAFO_DB_PORT" 60 MariaDB
}

ensure_rabbitmq() {
  port_open "$FAAFO_RABBITMQ_HOST" "$FAAFO_RABBITMQ_PORT" && return 0
  [ "$FAAFO_RABBITMQ_HOST" = localhost ] || [ "$FAAFO_RABBITMQ_HOST" = 127.0.0.1 ] ||
    die "no broker answers at $FAAFO_RABBITMQ_HOST:$FAAFO_RABBITMQ_PORT"
  command -v rabbitmq-server >/dev/null || apt_install rabbitmq-server
  [ "$(id -u)" -eq 0 ] || die "RabbitMQ is installed but not running; start it (as root: rabbitmq-server -detached)"
  say "starting RabbitMQ"
  rabbitmq-server -detached >/dev/null 2>&1
  FAAFO_STARTED_RABBITMQ=1
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

# Runs SQL as MariaDB's root: over FAAFO_DB_SOCKET only, when set (a private server's; never the
# machine's then); otherwise over the machine's socket, or else over TCP to the database.
db_root_sql() { # sql
  if [ -n "${FAAFO_DB_SOCKET:-}" ]; then
    mariadb --no-defaults -uroot --protocol=socket --socket="$FAAFO_DB_SOCKET" -e "$1"
  else
    mariadb -uroot --protocol=socket -e "$1" 2>/dev/null ||
      mariadb -uroot -h"$FAAFO_DB_HOST" -P"$FAAFO_DB_PORT" -e "$1"
  fi
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

# The database and its user. The password is FAAFO_DB_PASSWORD if given; otherwise one is
# made once and kept in $1 (mode 600, outside git), never printed.
ensure_database() { # secrets-dir
  local secrets=$1
  mkdir -p "$secrets" && chmod 700 "$secrets"
  if [ -z "${FAAFO_DB_PASSWORD:-}" ]; then
    FAAFO_DB_PASSWORD=$(kept_secret "$secrets/db-password")
    export FAAFO_DB_PASSWORD
  fi
  [ "$FAAFO_DB_HOST" = 127.0.0.1 ] || [ "$FAAFO_DB_HOST" = localhost ] || return 0
  command -v mariadb >/dev/null || die "the mariadb client is missing"
  local host sql="CREATE DATABASE IF NOT EXISTS \`$FAAFO_DB_NAME\` CHARACTER SET utf8mb4;"
  for host in 127.0.0.1 localhost; do
    sql+="CREATE USER IF NOT EXISTS '$FAAFO_DB_USER'@'$host' IDENTIFIED BY '$FAAFO_DB_PASSWORD';"
    sql+="ALTER USER '$FAAFO_DB_USER'@'$host' IDENTIFIED BY '$FAAFO_DB_PASSWORD';"
    sql+="GRANT ALL PRIVILEGES ON \`$FAAFO_DB_NAME\`.* TO '$FAAFO_DB_USER'@'$host';"
  done
  db_root_sql "$sql" ||
    die "cannot create the faafo database and user as MariaDB's root; create them yourself and set FAAFO_DB_USER and FAAFO_DB_PASSWORD"
}

# Stops the services that ensure_mariadb and ensure_rabbitmq started, and only those.
stop_started_services() {
  if [ -n "${FAAFO_STARTED_RABBITMQ:-}" ]; then
    say "stopping the RabbitMQ this script started"
    rabbitmqctl stop >/dev/null 2>&1
  fi
  if [ -n "${FAAFO_STARTED_MARIADB:-}" ]; then
    say "stopping the MariaDB this script started"
    start-stop-daemon --stop --oknodo --exec /usr/sbin/mariadbd >/dev/null
  fi
}
