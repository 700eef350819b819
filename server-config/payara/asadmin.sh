# Sourced by setup-domain.sh, undo-domain.sh, setup-group.sh, undo-group.sh and
# bin/check-payara-server: how they talk to the domain through asadmin.

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

# Where faafo runs in the domain: the DAS itself ("server", the default) or a deployment group
# (setup-group.sh sets it), and the configurations of the servers that run it (each instance of a
# group has its own, made from default-config), which hold their HTTP listener and MDB pool.
TARGET=${FAAFO_PAYARA_TARGET:-server}
read -r -a CONFIGS <<<"${FAAFO_PAYARA_CONFIGS:-server-config}"

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

# The deployment group of setup-group.sh and undo-group.sh: its name, its instances and their
# configurations (create-instance gives each its own, <instance>-config), exported for
# setup-domain.sh and undo-domain.sh.
group_settings() {
  TARGET=${FAAFO_PAYARA_GROUP:-faafo}
  read -r -a INSTANCES <<<"${FAAFO_PAYARA_INSTANCES:-faafo-1 faafo-2}"
  CONFIGS=("${INSTANCES[@]/%/-config}")
  export FAAFO_PAYARA_TARGET=$TARGET FAAFO_PAYARA_CONFIGS="${CONFIGS[*]}"
}

# Whether the domain has a resource of that kind (jdbc-resource, connector-resource,
# admin-object-resource) and JNDI name, on whichever target (the list commands take some kinds of
# target and not others: a deployment group only for some, "domain" only for others).
resource_exists() { # kind jndi-name
  asadmin get "resources.$1.$2.jndi-name" >/dev/null 2>&1
}

# Payara 6's resource commands mishandle a deployment group as their target: they make the
# resource with no reference at all (neither the group's nor its instances', so a running instance
# never binds it; payara/Payara#6165 is of this family), and they refuse to delete a resource of the
# group ("not referenced in target"). create-resource-ref and delete-resource-ref do handle a group,
# and write or remove each instance's reference with the group's. So every faafo resource gets its
# reference through reference(), and goes through delete_resource().

# Gives faafo's target a reference to the resource (on a group, each instance too), unless it has one.
reference() { # jndi-name
  lists "$1" list-resource-refs "$TARGET" || asadmin create-resource-ref --target "$TARGET" "$1" >/dev/null
}

# Deletes a resource (delete-jdbc-resource, delete-connector-resource, delete-admin-object) that
# exists: a group's references first, then the resource through a reference of the DAS's own
# ("server"), the one target every kind of resource is deleted through.
delete_resource() { # delete-command kind jndi-name
  resource_exists "$2" "$3" || return 0
  if [ "$TARGET" != server ] && lists "$3" list-resource-refs "$TARGET"; then
    asadmin delete-resource-ref --target "$TARGET" "$3" >/dev/null
  fi
  lists "$3" list-resource-refs server || asadmin create-resource-ref --target server "$3" >/dev/null
  asadmin "$1" --target server "$3" >/dev/null
}

# Deletes the adapter's administered objects, its connector resource and its outbound pool (each
# that exists), before the adapter is undeployed: undeploying it with --cascade takes the pool but
# leaves a group's administered objects behind.
remove_adapter_resources() {
  local object
  for object in "$(topology dispatch-queue)" "$(topology task-queue)" "$(topology reply-queue)"; do
    delete_resource delete-admin-object admin-object-resource "$object"
  done
  delete_resource delete-connector-resource connector-resource "$(topology sender-factory)"
  if lists "$(topology sender-pool)" list-connector-connection-pools; then
    asadmin delete-connector-connection-pool "$(topology sender-pool)" >/dev/null
  fi
}

# Whether a list command prints a line whose first word is the name.
lists() { # name list-command [arguments...]
  local name=$1
  shift
  asadmin "$@" 2>/dev/null | awk -v n="$name" '$1 == n { found = 1 } END { exit !found }'
}

# Whether the instance named, or without a name any instance of the domain, is running.
instance_running() { # [instance]
  asadmin list-instances 2>/dev/null |
    awk -v i="${1:-}" '(i == "" || $1 == i) && $2 == "running" { found = 1 } END { exit !found }'
}

# Restarts what runs faafo, after a change they read only when they start: the DAS, and a
# group's instances when they run.
restart_servers() {
  asadmin restart-domain "$DOMAIN_NAME" >/dev/null
  wait_for_domain
  if [ "$TARGET" != server ] && instance_running; then
    asadmin restart-deployment-group "$TARGET" >/dev/null
  fi
}

# An administered object of the embedded resource adapter (unless it exists), referenced by the target.
create_admin_object() { # restype classname properties jndi-name
  if ! resource_exists admin-object-resource "$4"; then
    asadmin create-admin-object --target "$TARGET" --raname "$RA_NAME" --restype "$1" --classname "$2" ${3:+--property "$3"} "$4" >/dev/null
  fi
  reference "$4"
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
  if ! resource_exists connector-resource "$(topology sender-factory)"; then
    asadmin create-connector-resource --target "$TARGET" --poolname "$(topology sender-pool)" "$(topology sender-factory)" >/dev/null
  fi
  reference "$(topology sender-factory)"
}
