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
# of an Elytron credential store (FAAFO_WILDFLY_CREDENTIAL_STORE, by default
# domain/configuration/faafo-credentials.cs), so the servers need none in their environment. Given
# FAAFO_HTTPS_KEY_STORE (PKCS12), FAAFO_HTTPS_KEY_STORE_PASSWORD and FAAFO_HTTPS_KEY_ALIAS (faafo),
# the servers' HTTPS listener answers with that key store's certificate.
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
# environment: a secret key in an Elytron credential store file of this machine (mode 600; every
# server of the group reads it, the domain's configuration holds only the ciphertext), made once
# with elytron-tool, which takes each password on its standard input. docs/security.md.
store=${FAAFO_WILDFLY_CREDENTIAL_STORE:-$WILDFLY_HOME/domain/configuration/faafo-credentials.cs}
if [ ! -f "$store" ]; then
  say "making the credential store $store (a secret key for faafo's passwords)"
  (umask 077 && "$WILDFLY_HOME/bin/elytron-tool.sh" credential-store --create --location "$store" \
    --type PropertiesCredentialStore --generate-secret-key faafo >/dev/null) ||
    die "elytron-tool could not make the credential store $store"
fi
chmod 600 "$store"
encrypted() { # password: its encrypted expression
  local token
  token=$(printf '%s\n%s\n' "$1" "$1" | "$WILDFLY_HOME/bin/elytron-tool.sh" credential-store \
    --location "$store" --type PropertiesCredentialStore --encrypt faafo 2>/dev/null |
    sed -n "s/.*token '\(.*\)' using.*/\1/p")
  [ -n "$token" ] || die "elytron-tool could not encrypt a password with the key of $store"
  printf '${ENC::faafo:%s}' "$token"
}
adapter=/profile=$profile/subsystem=resource-adapters/resource-adapter=$(sed -n 's/^topology.adapter=//p' "$here/../topology.properties")
# (each in a variable first: a failed encryption then stops the script)
db_secret=$(encrypted "${FAAFO_DB_PASSWORD:?set FAAFO_DB_PASSWORD}")
broker_secret=$(encrypted "${FAAFO_RABBITMQ_PASSWORD:-guest}")
trust_secret= key_secret= admin_secret=
[ -z "${FAAFO_RABBITMQ_TRUST_STORE_PASSWORD:-}" ] || trust_secret=$(encrypted "$FAAFO_RABBITMQ_TRUST_STORE_PASSWORD")
[ -z "${FAAFO_RABBITMQ_KEY_STORE_PASSWORD:-}" ] || key_secret=$(encrypted "$FAAFO_RABBITMQ_KEY_STORE_PASSWORD")
[ -z "${FAAFO_API_ADMIN_PASSWORD:-}" ] || admin_secret=$(encrypted "$FAAFO_API_ADMIN_PASSWORD")
https_secret=
if [ -n "${FAAFO_HTTPS_KEY_STORE:-}" ]; then
  [ -r "$FAAFO_HTTPS_KEY_STORE" ] || die "cannot read the HTTPS key store $FAAFO_HTTPS_KEY_STORE"
  https_secret=$(encrypted "${FAAFO_HTTPS_KEY_STORE_PASSWORD:?set FAAFO_HTTPS_KEY_STORE_PASSWORD with FAAFO_HTTPS_KEY_STORE}")
fi
secrets=$(umask 077 && mktemp)
{
  echo "if (outcome != success) of /profile=$profile/subsystem=elytron/secret-key-credential-store=faafo:read-resource"
  echo "  /profile=$profile/subsystem=elytron/secret-key-credential-store=faafo:add(path=\"$store\", create=false, populate=false)"
  echo "end-if"
  echo "if (outcome != success) of /profile=$profile/subsystem=elytron/expression=encryption:read-resource"
  echo "  /profile=$profile/subsystem=elytron/expression=encryption:add(resolvers=[{name=faafo, credential-store=faafo, secret-key=faafo}])"
  echo "end-if"
  echo "/profile=$profile/subsystem=datasources/data-source=FaafoDS:write-attribute(name=password, value=\"$db_secret\")"
  echo "$adapter/config-properties=password:write-attribute(name=value, value=\"$broker_secret\")"
  [ -z "$trust_secret" ] ||
    echo "$adapter/config-properties=trustStorePassword:write-attribute(name=value, value=\"$trust_secret\")"
  [ -z "$key_secret" ] ||
    echo "$adapter/config-properties=keyStorePassword:write-attribute(name=value, value=\"$key_secret\")"
  if [ -n "$admin_secret" ]; then
    # a system property each server sets once booted (not on its command line), read by
    # MicroProfile Config before the environment
    property=/server-group=$GROUP/system-property=faafo.api.admin-password
    echo "if (outcome == success) of $property:read-resource"
    echo "  $property:remove"
    echo "end-if"
    echo "$property:add(value=\"$admin_secret\", boot-time=false)"
  fi
  if [ -n "$https_secret" ]; then
    # HTTPS from the admin's key store (PKCS12, the key under FAAFO_HTTPS_KEY_ALIAS) instead of the
    # stock self-signed applicationSSC; made anew at each run, so that a new file or password counts
    elytron=/profile=$profile/subsystem=elytron
    listener=/profile=$profile/subsystem=undertow/server=default-server/https-listener=https
    echo "if (outcome == success) of $elytron/server-ssl-context=faafo-https:read-resource"
    echo "  $listener:write-attribute(name=ssl-context, value=applicationSSC)"
    echo "  $elytron/server-ssl-context=faafo-https:remove"
    echo "  $elytron/key-manager=faafo-https:remove"
    echo "  $elytron/key-store=faafo-https:remove"
    echo "end-if"
    echo "$elytron/key-store=faafo-https:add(path=\"$FAAFO_HTTPS_KEY_STORE\", type=PKCS12, credential-reference={clear-text=\"$https_secret\"})"
    echo "$elytron/key-manager=faafo-https:add(key-store=faafo-https, alias-filter=\"${FAAFO_HTTPS_KEY_ALIAS:-faafo}\", credential-reference={clear-text=\"$https_secret\"})"
    echo "$elytron/server-ssl-context=faafo-https:add(key-manager=faafo-https)"
    echo "$listener:write-attribute(name=ssl-context, value=faafo-https)"
  fi
} >"$secrets"
say "putting faafo's passwords into the profile as encrypted expressions ($store)"
cli --file="$secrets" >/dev/null || { rm -f "$secrets"; die "storing the encrypted passwords failed"; }
rm -f "$secrets"

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
