# Sourced by setup-domain.sh and undo-domain.sh: how they talk to the domain through asadmin.

# The application's name in the domain; the resource adapter's is that of server-config/topology.properties.
APP_NAME=faafo
DOMAIN_NAME=${FAAFO_PAYARA_DOMAIN:-domain1}

say() { printf 'faafo: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

# A messaging name or default of server-config/topology.properties (topology.<key>), the one
# source the applications are built from too.
TOPOLOGY=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/topology.properties
topology() { # key
  local value
  value=$(sed -n "s/^topology\.$1=//p" "$TOPOLOGY")
  [ -n "$value" ] || die "$TOPOLOGY has no topology.$1"
  printf '%s' "$value"
}
RA_NAME=$(topology adapter)

if [ -n "${PAYARA_HOME:-}" ]; then
  ASADMIN=$PAYARA_HOME/bin/asadmin
else
  ASADMIN=$(command -v asadmin) || die "asadmin not found: set PAYARA_HOME or put Payara's bin on the PATH"
fi

# asadmin, non-interactive, with the admin password file when there is one.
asadmin() {
  if [ -n "${FAAFO_ASADMIN_PASSWORDFILE:-}" ]; then
    "$ASADMIN" --interactive=false --passwordfile "$FAAFO_ASADMIN_PASSWORDFILE" "$@"
  else
    "$ASADMIN" --interactive=false "$@"
  fi
}

# Creates or updates a password alias; the value goes through a private file, never a command line.
set_alias() { # name value
  local file verb=create-password-alias
  asadmin list-password-aliases | grep -qx "$1" && verb=update-password-alias
  file=$(mktemp) && chmod 600 "$file"
  [ -n "${FAAFO_ASADMIN_PASSWORDFILE:-}" ] && cat "$FAAFO_ASADMIN_PASSWORDFILE" >"$file"
  printf 'AS_ADMIN_ALIASPASSWORD=%s\n' "$2" >>"$file"
  "$ASADMIN" --interactive=false --passwordfile "$file" "$verb" "$1" >/dev/null || { rm -f "$file"; die "cannot $verb $1"; }
  rm -f "$file"
}

# Waits until the domain answers asadmin again (after a restart).
wait_for_domain() {
  local i
  for ((i = 0; i < 120; i++)); do
    asadmin uptime >/dev/null 2>&1 && return 0
    sleep 1
  done
  die "the domain did not answer asadmin within 120 s"
}

# An administered object of the embedded resource adapter, unless it exists.
create_admin_object() { # restype classname properties jndi-name
  asadmin list-admin-objects | grep -qx "$4" && return 0
  asadmin create-admin-object --raname "$RA_NAME" --restype "$1" --classname "$2" ${3:+--property "$3"} "$4" >/dev/null
}

# The adapter's outbound side: the connector connection pool of broker connections for senders
# (validated before each loan; a failed one empties the pool) and the connector resource they look
# up. FAAFO_SENDER_POOL_MAX sets its largest size; an admin changes it in the console afterwards.
create_sender_pool() {
  if ! asadmin list-connector-connection-pools | grep -qx "$(topology sender-pool)"; then
    asadmin create-connector-connection-pool --raname "$RA_NAME" \
      --connectiondefinition jakarta.jms.ConnectionFactory --transactionsupport NoTransaction \
      --steadypoolsize "$(topology sender-pool-steady)" \
      --maxpoolsize "${FAAFO_SENDER_POOL_MAX:-$(topology sender-pool-max)}" --maxwait 10000 \
      --isconnectvalidatereq true --failconnection true "$(topology sender-pool)" >/dev/null
  fi
  if ! asadmin list-connector-resources | grep -qx "$(topology sender-factory)"; then
    asadmin create-connector-resource --poolname "$(topology sender-pool)" "$(topology sender-factory)" >/dev/null
  fi
}
