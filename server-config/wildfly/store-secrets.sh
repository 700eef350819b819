#!/usr/bin/env bash
# Puts faafo's passwords into WildFly's configuration as encrypted expressions (${ENC::faafo:…})
# instead of the server's environment, on a standalone server or a managed domain's profile: their
# key is a secret key in an Elytron credential store file of this machine (mode 600; the
# configuration holds only the ciphertext), made once with elytron-tool, which takes each password
# on its standard input. Run it after configure.cli, with the passwords in the environment of this
# script only (FAAFO_DB_PASSWORD, FAAFO_RABBITMQ_PASSWORD, and where set FAAFO_DB_TRUST_STORE_PASSWORD,
# FAAFO_RABBITMQ_TRUST_STORE_PASSWORD, FAAFO_RABBITMQ_KEY_STORE_PASSWORD, FAAFO_API_ADMIN_PASSWORD);
# given FAAFO_HTTPS_KEY_STORE (PKCS12), FAAFO_HTTPS_KEY_STORE_PASSWORD and FAAFO_HTTPS_KEY_ALIAS
# (faafo), the HTTPS listener answers with that key store's certificate. The server then needs no
# password in its environment. Safe to run again; setup-managed-domain.sh runs it for a domain.
#   server-config/wildfly/store-secrets.sh             # a standalone server (FAAFO_WILDFLY_CONTROLLER)
#   server-config/wildfly/store-secrets.sh PROFILE     # a managed domain's profile, for FAAFO_WILDFLY_SERVER_GROUP
# FAAFO_WILDFLY_CREDENTIAL_STORE is the store's file (by default configuration/faafo-credentials.cs
# of the standalone server or of the domain). A standalone server then needs a reload (the script
# does it when the server asks for one).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/cli.sh"

profile=${1:-}
if [ -n "$profile" ]; then
  base=/profile=$profile
  store=${FAAFO_WILDFLY_CREDENTIAL_STORE:-$WILDFLY_HOME/domain/configuration/faafo-credentials.cs}
  # a system property each server of the group sets once booted (not on its command line)
  admin_property=/server-group=$GROUP/system-property=faafo.api.admin-password
  admin_attributes=", boot-time=false"
else
  base=
  store=${FAAFO_WILDFLY_CREDENTIAL_STORE:-$WILDFLY_HOME/standalone/configuration/faafo-credentials.cs}
  admin_property=/system-property=faafo.api.admin-password
  admin_attributes=
fi

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
datasource=$base/subsystem=datasources/data-source=FaafoDS
adapter=$base/subsystem=resource-adapters/resource-adapter=$(sed -n 's/^topology.adapter=//p' "$here/../topology.properties")
cli_exists "$datasource" || die "no data source FaafoDS${base:+ in $base}: run configure.cli first"
# (each in a variable first: a failed encryption then stops the script)
db_secret=$(encrypted "${FAAFO_DB_PASSWORD:?set FAAFO_DB_PASSWORD}")
broker_secret=$(encrypted "${FAAFO_RABBITMQ_PASSWORD:-guest}")
db_trust_secret= trust_secret= key_secret= admin_secret= https_secret=
[ -z "${FAAFO_DB_TRUST_STORE_PASSWORD:-}" ] || db_trust_secret=$(encrypted "$FAAFO_DB_TRUST_STORE_PASSWORD")
[ -z "${FAAFO_RABBITMQ_TRUST_STORE_PASSWORD:-}" ] || trust_secret=$(encrypted "$FAAFO_RABBITMQ_TRUST_STORE_PASSWORD")
[ -z "${FAAFO_RABBITMQ_KEY_STORE_PASSWORD:-}" ] || key_secret=$(encrypted "$FAAFO_RABBITMQ_KEY_STORE_PASSWORD")
[ -z "${FAAFO_API_ADMIN_PASSWORD:-}" ] || admin_secret=$(encrypted "$FAAFO_API_ADMIN_PASSWORD")
if [ -n "${FAAFO_HTTPS_KEY_STORE:-}" ]; then
  [ -r "$FAAFO_HTTPS_KEY_STORE" ] || die "cannot read the HTTPS key store $FAAFO_HTTPS_KEY_STORE"
  https_secret=$(encrypted "${FAAFO_HTTPS_KEY_STORE_PASSWORD:?set FAAFO_HTTPS_KEY_STORE_PASSWORD with FAAFO_HTTPS_KEY_STORE}")
fi
# An attribute or resource set anew: removed first when there.
replace() { # address add-arguments
  echo "if (outcome == success) of $1:read-resource"
  echo "  $1:remove"
  echo "end-if"
  echo "$1:add($2)"
}
secrets=$(umask 077 && mktemp)
{
  echo "if (outcome != success) of $base/subsystem=elytron/secret-key-credential-store=faafo:read-resource"
  echo "  $base/subsystem=elytron/secret-key-credential-store=faafo:add(path=\"$store\", create=false, populate=false)"
  echo "end-if"
  echo "if (outcome != success) of $base/subsystem=elytron/expression=encryption:read-resource"
  echo "  $base/subsystem=elytron/expression=encryption:add(resolvers=[{name=faafo, credential-store=faafo, secret-key=faafo}])"
  echo "end-if"
  echo "$datasource:write-attribute(name=password, value=\"$db_secret\")"
  # the trust store's password as a connection property of the driver (not in the URL, which the
  # console and the logs show)
  [ -z "$db_trust_secret" ] ||
    replace "$datasource/connection-properties=trustCertificateKeyStorePassword" "value=\"$db_trust_secret\""
  echo "$adapter/config-properties=password:write-attribute(name=value, value=\"$broker_secret\")"
  [ -z "$trust_secret" ] ||
    echo "$adapter/config-properties=trustStorePassword:write-attribute(name=value, value=\"$trust_secret\")"
  [ -z "$key_secret" ] ||
    echo "$adapter/config-properties=keyStorePassword:write-attribute(name=value, value=\"$key_secret\")"
  # read by MicroProfile Config before the environment
  [ -z "$admin_secret" ] || replace "$admin_property" "value=\"$admin_secret\"$admin_attributes"
  if [ -n "$https_secret" ]; then
    # HTTPS from the admin's key store (PKCS12, the key under FAAFO_HTTPS_KEY_ALIAS) instead of the
    # stock self-signed applicationSSC; made anew at each run, so that a new file or password counts
    elytron=$base/subsystem=elytron
    listener=$base/subsystem=undertow/server=default-server/https-listener=https
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
  # a standalone server takes the new values at its reload
  [ -n "$profile" ] || echo "if (result == reload-required) of :read-attribute(name=server-state)"
  [ -n "$profile" ] || echo "  reload"
  [ -n "$profile" ] || echo "end-if"
} >"$secrets"
say "putting faafo's passwords into the configuration${base:+ of $base} as encrypted expressions ($store)"
cli --file="$secrets" >/dev/null || { rm -f "$secrets"; die "storing the encrypted passwords failed"; }
rm -f "$secrets"
