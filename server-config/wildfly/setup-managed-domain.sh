#!/usr/bin/env bash
# Runs faafo on a server group of a running WildFly 38 managed domain whose domain controller is
# on this machine: gives each server of the group a port offset, its own transaction node
# identifier and its worker name; configures the group's profile with configure.cli (the same
# lines as for a standalone server, under /profile=<the group's profile>); restarts the group's
# servers; and deploys the adapter and the EAR once, to the group:
#   server-config/wildfly/setup-managed-domain.sh path/to/mysql-connector-j.jar path/to/faafo.ear [path/to/faafo-rabbitmq-rar.rar]
# FAAFO_WILDFLY_CONTROLLER is the domain controller's management address (127.0.0.1:9990),
# FAAFO_WILDFLY_HOST its host (primary), FAAFO_WILDFLY_SERVER_GROUP the group (main-server-group,
# which the stock domain runs on the full profile), FAAFO_WILDFLY_SERVERS its servers ("server-one
# server-two") and FAAFO_WILDFLY_PORT_OFFSETS their port offsets ("0 150", the stock ones). A
# server's worker name (faafo.worker.name, which generated_by shows) and transaction node
# identifier are its own name. The servers read faafo's settings (FAAFO_DB_*, FAAFO_RABBITMQ_*, as
# for configure.cli) from their environment, which is that of the domain's process controller, but
# for the passwords: this script puts those into the profile as expressions encrypted with a key
# of an Elytron credential store (store-secrets.sh, which also gives the HTTPS listener the admin's
# key store), so the servers need none in their environment.
# Safe to run again. undo-managed-domain.sh removes it.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
driver=${1:?usage: setup-managed-domain.sh mysql-connector-j.jar faafo.ear [faafo-rabbitmq-rar.rar]}
ear=${2:?usage: setup-managed-domain.sh mysql-connector-j.jar faafo.ear [faafo-rabbitmq-rar.rar]}
rar=${3:-$(dirname "$ear")/faafo-rabbitmq-rar.rar}
source "$here/cli.sh"

for file in "$driver" "$ear" "$rar"; do
  [ -f "$file" ] || die "no file at $file"
done
read -r -a servers <<<"${FAAFO_WILDFLY_SERVERS:-server-one server-two}"
read -r -a offsets <<<"${FAAFO_WILDFLY_PORT_OFFSETS:-0 150}"
[ "${#servers[@]}" -eq "${#offsets[@]}" ] || die "FAAFO_WILDFLY_SERVERS and FAAFO_WILDFLY_PORT_OFFSETS differ in length"
profile=$(cli_value "/server-group=$GROUP" profile)
[ -n "$profile" ] || die "the domain has no server group $GROUP"

# 1. The MySQL driver as the module com.mysql of this installation (the CLI adds modules only
# where it runs, and only when not connected to a domain controller; each host of a domain on
# several machines needs it).
if [ ! -d "$WILDFLY_HOME/modules/com/mysql" ]; then
  say "adding the module com.mysql ($(basename "$driver"))"
  "$WILDFLY_HOME/bin/jboss-cli.sh" --command="module add --name=com.mysql --resources=$driver --dependencies=java.se,jakarta.transaction.api" >/dev/null ||
    die "cannot add the module com.mysql"
fi

# 2. Each server of the group: its port offset, its transaction node identifier, its worker name.
commands=()
for i in "${!servers[@]}"; do
  server=/host=$HOST/server-config=${servers[$i]}
  [ "$(cli_value "$server" group)" = "$GROUP" ] || die "the host $HOST has no server ${servers[$i]} in the group $GROUP"
  if [ "$(cli_value "$server" socket-binding-port-offset)" != "${offsets[$i]}" ]; then
    commands+=("$server:write-attribute(name=socket-binding-port-offset, value=${offsets[$i]})")
  fi
  for property in jboss.tx.node.id faafo.worker.name; do
    if [ "$(cli_value "$server/system-property=$property" value)" != "${servers[$i]}" ]; then
      cli_exists "$server/system-property=$property" && commands+=("$server/system-property=$property:remove")
      commands+=("$server/system-property=$property:add(value=${servers[$i]})")
    fi
  done
done
say "the servers ${servers[*]} of $GROUP: port offsets ${offsets[*]}, their own transaction node identifiers and worker names"
if [ "${#commands[@]}" -gt 0 ]; then
  file=$(mktemp)
  printf '%s\n' "${commands[@]}" >"$file"
  cli --file="$file" >/dev/null || { rm -f "$file"; die "setting up the servers of $GROUP failed"; }
  rm -f "$file"
fi

# 3. The group's profile, by the standalone server's own definitions.
say "configuring the profile $profile (configure.cli)"
cli --file="$here/configure.cli" --properties="$here/../topology.properties" \
  -Dfaafo.mysql.jar="$driver" -Dfaafo.profile="/profile=$profile" >/dev/null || die "configure.cli failed for the profile $profile"

# 3b. The passwords, as encrypted expressions (${ENC::faafo:…}) in the profile instead of the
# environment (store-secrets.sh; every server of the group reads the one credential store file).
"$here/store-secrets.sh" "$profile" || die "storing the encrypted passwords failed"

# 4. The servers start again with their offsets, properties and profile when a change asks for it
# (those not running, start), before the deployments, which need the profile's resources in force.
states=()
for server in "${servers[@]}"; do
  states+=("$(cli_value "/host=$HOST/server=$server" server-state)")
done
if [ -n "$(printf '%s\n' "${states[@]}" | grep -vx -e running -e reload-required)" ]; then
  say "restarting the servers of $GROUP (${states[*]})"
  cli --command="/server-group=$GROUP:restart-servers(blocking=true)" >/dev/null || die "restarting the servers of $GROUP failed"
  cli --command="/server-group=$GROUP:start-servers(blocking=true)" >/dev/null || die "starting the servers of $GROUP failed"
elif printf '%s\n' "${states[@]}" | grep -qx reload-required; then
  say "reloading the servers of $GROUP"
  cli --command="/server-group=$GROUP:reload-servers(blocking=true)" >/dev/null || die "reloading the servers of $GROUP failed"
fi

# 5. The adapter, then the EAR, deployed once, to the group (anew when there).
for deployment in "faafo-rabbitmq-rar.rar=$rar" "faafo.ear=$ear"; do
  name=${deployment%%=*}
  if cli_exists "/deployment=$name"; then
    say "deploying $name anew"
    cli --command="deploy ${deployment#*=} --name=$name --force" >/dev/null || die "deploying $name anew failed"
  else
    say "deploying $name to $GROUP"
    cli --command="deploy ${deployment#*=} --name=$name --server-groups=$GROUP" >/dev/null || die "deploying $name failed"
  fi
done

say "faafo runs on the server group $GROUP (${servers[*]})"
