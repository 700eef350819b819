#!/usr/bin/env bash
# Creates on a running Payara Server 6 domain everything faafo.ear needs, then deploys its
# resource adapter (faafo-rabbitmq-rar.rar, which the build puts beside the EAR; a third argument
# names another) and the EAR:
#   server-config/payara/setup-domain.sh path/to/faafo.ear path/to/mysql-connector-j.jar [path/to/faafo-rabbitmq-rar.rar]
# Safe to run again: what exists is kept (pools and settings are updated), the adapter and the EAR
# are deployed anew.
# server-config/payara/undo-domain.sh removes all of it.
#
# How it reaches the domain (asadmin's own variables): AS_ADMIN_HOST (localhost), AS_ADMIN_PORT
# (4848), AS_ADMIN_USER (admin) and FAAFO_ASADMIN_PASSWORDFILE, a file with the line
# AS_ADMIN_PASSWORD=... (none for a domain without an admin password). PAYARA_HOME names the
# installation when asadmin is not on the PATH; FAAFO_PAYARA_DOMAIN the domain (domain1).
# faafo runs on the DAS itself unless FAAFO_PAYARA_TARGET names a deployment group, whose
# instances' configurations FAAFO_PAYARA_CONFIGS lists (setup-group.sh sets both).
#
# Settings (environment of this script; docs/deploy-payara.md lists them all):
#   database  FAAFO_DB_HOST FAAFO_DB_PORT (or FAAFO_DB_HOSTS, host:port,host:port,... of a Galera
#             cluster) FAAFO_DB_NAME FAAFO_DB_USER FAAFO_DB_PASSWORD
#   broker    FAAFO_RABBITMQ_HOST FAAFO_RABBITMQ_PORT FAAFO_RABBITMQ_VHOST FAAFO_RABBITMQ_USER
#             FAAFO_RABBITMQ_PASSWORD FAAFO_TASK_DELIVERY_LIMIT FAAFO_RABBITMQ_TLS
#             FAAFO_RABBITMQ_TRUST_STORE[_PASSWORD] FAAFO_RABBITMQ_KEY_STORE[_PASSWORD]
#             FAAFO_RABBITMQ_HOSTNAME_VERIFICATION
#   HTTPS     FAAFO_HTTPS_KEY_STORE FAAFO_HTTPS_KEY_STORE_PASSWORD FAAFO_HTTPS_KEY_ALIAS
#   pools     FAAFO_DB_POOL_MAX FAAFO_MDB_POOL_MAX FAAFO_TASK_SESSIONS FAAFO_DISPATCH_SESSIONS
#   the app   FAAFO_API_ADMIN_PASSWORD FAAFO_PRODUCER_INTERVAL_SECONDS
# Passwords become password aliases (kept encrypted by the domain, referenced as ${ALIAS=...});
# no secret is written to domain.xml, to this script's output or to its command lines.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/asadmin.sh"

ear=${1:?usage: setup-domain.sh faafo.ear mysql-connector-j.jar [faafo-rabbitmq-rar.rar]}
driver=${2:?usage: setup-domain.sh faafo.ear mysql-connector-j.jar [faafo-rabbitmq-rar.rar]}
rar=${3:-$(dirname "$ear")/faafo-rabbitmq-rar.rar}
[ -f "$ear" ] || die "no EAR at $ear (build it: mvn package)"
[ -f "$rar" ] || die "no resource adapter at $rar (the build puts it beside faafo.ear)"
[ -f "$driver" ] || die "no MySQL driver at $driver"
: "${FAAFO_DB_PASSWORD:?set FAAFO_DB_PASSWORD, the database password}"

# The database's servers, in the order Connector/J tries them (one, or a Galera cluster's nodes).
db_hosts=${FAAFO_DB_HOSTS:-${FAAFO_DB_HOST:-127.0.0.1}:${FAAFO_DB_PORT:-3306}}
db_name=${FAAFO_DB_NAME:-faafo}
db_user=${FAAFO_DB_USER:-faafo}

# 1. Secrets, as password aliases.
set_alias faafo-db-password "$FAAFO_DB_PASSWORD"
set_alias faafo-rabbitmq-password "${FAAFO_RABBITMQ_PASSWORD:-guest}"
[ -z "${FAAFO_DB_TRUST_STORE_PASSWORD:-}" ] || set_alias faafo-db-trust-store-password "$FAAFO_DB_TRUST_STORE_PASSWORD"
[ -z "${FAAFO_RABBITMQ_TRUST_STORE_PASSWORD:-}" ] || set_alias faafo-rabbitmq-trust-store-password "$FAAFO_RABBITMQ_TRUST_STORE_PASSWORD"
[ -z "${FAAFO_RABBITMQ_KEY_STORE_PASSWORD:-}" ] || set_alias faafo-rabbitmq-key-store-password "$FAAFO_RABBITMQ_KEY_STORE_PASSWORD"
[ -z "${FAAFO_HTTPS_KEY_STORE:-}" ] ||
  set_alias faafo-https-key-store-password "${FAAFO_HTTPS_KEY_STORE_PASSWORD:?set FAAFO_HTTPS_KEY_STORE_PASSWORD with FAAFO_HTTPS_KEY_STORE}"
if [ -n "${FAAFO_API_ADMIN_PASSWORD:-}" ]; then
  # Payara's password-alias config source hands this alias to MicroProfile Config.
  set_alias faafo.api.admin-password "$FAAFO_API_ADMIN_PASSWORD"
fi

# 2. What the domain reads only when it starts: the MySQL driver (in the domain's common library
# folder) and the HTTP timeouts of the listener. Setting a timeout on a running listener makes
# Payara restart that listener in the background, and one that restarts while an application
# deploys may not come back; so both are changed here, followed by one restart of the domain.
restart_needed=
if ! asadmin list-libraries --type common | grep -qx "$(basename "$driver")"; then
  say "installing the MySQL driver $(basename "$driver") into the domain"
  asadmin add-library --type common "$driver" >/dev/null
  restart_needed=yes
fi
# A request may take at most 60 s, an idle keep-alive connection is closed after 30 s (the API
# also cuts off a body that has not arrived within faafo.api.body-read-seconds, docs/operations.md).
for config in "${CONFIGS[@]}"; do
  # A group's instances keep EJB timers in the Domain Data Grid: the embedded H2 database that
  # stores them by default exists on the DAS alone, and without a store the producer's module does
  # not start ("EJB Timer Service is not available"). faafo's timers are not persistent; no
  # database is needed for them.
  timers=configs.config.$config.ejb-container.ejb-timer-service.ejb-timer-service
  if [ "$TARGET" != server ] && ! asadmin get "$timers" | grep -qx "$timers=DataGrid"; then
    asadmin set "$timers=DataGrid" >/dev/null
    restart_needed=yes
  fi
  http=configs.config.$config.network-config.protocols.protocol.http-listener-1.http
  for timeout in "request-timeout-seconds=${FAAFO_HTTP_REQUEST_TIMEOUT_SECONDS:-60}" \
    "timeout-seconds=${FAAFO_HTTP_IDLE_TIMEOUT_SECONDS:-30}"; do
    if ! asadmin get "$http.${timeout%%=*}" | grep -qx "$http.$timeout"; then
      asadmin set "$http.$timeout" >/dev/null
      restart_needed=yes
    fi
  done
  # HTTPS (http-listener-2) from the admin's key store instead of the domain's own certificate,
  # its password an alias (docs/security.md). The listener's key store type may only be JKS (or
  # NSS); Java's JKS reads PKCS12 files too.
  if [ -n "${FAAFO_HTTPS_KEY_STORE:-}" ]; then
    ssl=configs.config.$config.network-config.protocols.protocol.http-listener-2.ssl
    for setting in "key-store=$FAAFO_HTTPS_KEY_STORE" key-store-type=JKS \
      "cert-nickname=${FAAFO_HTTPS_KEY_ALIAS:-faafo}" 'key-store-password=${ALIAS=faafo-https-key-store-password}'; do
      if ! asadmin get "$ssl.${setting%%=*}" 2>/dev/null | grep -qxF "$ssl.$setting"; then
        asadmin set "$ssl.$setting" >/dev/null
        restart_needed=yes
      fi
    done
  fi
done
if [ -n "$restart_needed" ]; then
  say "restarting to load the driver and the settings read at start (HTTP timeouts, HTTPS key store, timer store)"
  restart_servers
fi

# 3. The JDBC pool and its resource. The servers are named in the pool's URL, which Connector/J
# reads as a list (a connection goes to the first that answers; one that failed over stays
# writable, failOverReadOnly=false; when none answers it tries the list 4 times, a quarter second
# apart, retriesAllDown, not Connector/J's 120); the other settings are the pool's properties. The connect and
# socket timeouts are how a connection finds that its server was cut off (no reset ever comes).
db_url="jdbc:mysql://$db_hosts/$db_name"
db_timeouts=(connectTimeout="${FAAFO_DB_CONNECT_TIMEOUT_MS:-10000}" socketTimeout="${FAAFO_DB_SOCKET_TIMEOUT_MS:-60000}")
# TLS (docs/configuration.md): the mode, and for VERIFY_CA or VERIFY_IDENTITY the trust store, whose
# password is a password alias.
# (fallbackToSystemKeyStore=false: else Connector/J offers the server's own HTTPS key as a client
# certificate, which a database that checks client certificates refuses mid-handshake.)
db_tls=(sslMode="${FAAFO_DB_SSL_MODE:-DISABLED}" fallbackToSystemKeyStore=false)
if [ -n "${FAAFO_DB_TRUST_STORE_URL:-}" ]; then
  db_tls+=(trustCertificateKeyStoreUrl="$FAAFO_DB_TRUST_STORE_URL" trustCertificateKeyStoreType=PKCS12
    "trustCertificateKeyStorePassword=\${ALIAS=faafo-db-trust-store-password}")
fi
pool_properties="url=${db_url//:/\\:}:databaseName=$db_name:user=$db_user"
pool_properties+=":password=\${ALIAS=faafo-db-password}:allowPublicKeyRetrieval=true"
pool_properties+=":rewriteBatchedStatements=true:failOverReadOnly=false:retriesAllDown=4:${db_timeouts[0]}:${db_timeouts[1]}"
for p in "${db_tls[@]}"; do
  pool_properties+=":${p//:/\\:}"
done
if ! asadmin list-jdbc-connection-pools | grep -qx FaafoPool; then
  say "creating the JDBC pool FaafoPool ($db_user@$db_hosts/$db_name)"
  asadmin create-jdbc-connection-pool --datasourceclassname com.mysql.cj.jdbc.MysqlDataSource \
    --restype javax.sql.DataSource --steadypoolsize 4 --maxpoolsize "${FAAFO_DB_POOL_MAX:-32}" \
    --maxwait 10000 --isconnectvalidatereq true --validationmethod custom-validation \
    --validationclassname org.glassfish.api.jdbc.validation.JDBC40ConnectionValidation \
    --failconnection true --property "$pool_properties" FaafoPool >/dev/null
else
  say "JDBC pool FaafoPool exists; setting its size and database"
  asadmin set "resources.jdbc-connection-pool.FaafoPool.max-pool-size=${FAAFO_DB_POOL_MAX:-32}" >/dev/null
  for p in url="$db_url" databaseName="$db_name" user="$db_user" rewriteBatchedStatements=true \
    failOverReadOnly=false retriesAllDown=4 "${db_timeouts[@]}" "${db_tls[@]}"; do
    asadmin set "resources.jdbc-connection-pool.FaafoPool.property.$p" >/dev/null
  done
fi
if ! resource_exists jdbc-resource jdbc/FaafoDatabase; then
  asadmin create-jdbc-resource --target "$TARGET" --connectionpoolid FaafoPool jdbc/FaafoDatabase >/dev/null
fi
reference jdbc/FaafoDatabase
asadmin ping-connection-pool FaafoPool >/dev/null || die "the pool FaafoPool cannot reach the database at $db_hosts/$db_name as $db_user"
say "JDBC pool FaafoPool reaches the database"

# 4. What an earlier run deployed goes first, the EAR before its adapter: Payara does not undeploy
# an adapter whose administered objects or message-driven beans are still there. Then the
# adapter's settings, before the adapter starts with them.
if asadmin list-applications "$TARGET" | grep -q "^$APP_NAME "; then
  say "undeploying $APP_NAME, to deploy it anew"
  asadmin undeploy --target "$TARGET" "$APP_NAME" >/dev/null
fi
if asadmin list-applications "$TARGET" | grep -q "^$RA_NAME "; then
  say "undeploying the resource adapter $RA_NAME and its administered objects, to deploy them anew"
  remove_adapter_resources
  asadmin undeploy --target "$TARGET" --cascade=true "$RA_NAME" >/dev/null
fi
ra_properties="port=${FAAFO_RABBITMQ_PORT:-5672}"
ra_properties+=":tls=${FAAFO_RABBITMQ_TLS:-false}:hostnameVerification=${FAAFO_RABBITMQ_HOSTNAME_VERIFICATION:-true}"
ra_properties+=":password=\${ALIAS=faafo-rabbitmq-password}:deliveryLimit=${FAAFO_TASK_DELIVERY_LIMIT:-$(topology delivery-limit)}"
# (asadmin reads "=" inside a value only when escaped)
ra_properties+=":sessions=$(topology tasks)\\=${FAAFO_TASK_SESSIONS:-$(topology tasks-sessions)}"
ra_properties+=",$(topology dispatch)\\=${FAAFO_DISPATCH_SESSIONS:-$(topology dispatch-sessions)}"
if asadmin list-resource-adapter-configs | grep -qx "$RA_NAME"; then
  say "resource adapter settings of $RA_NAME exist; replacing them"
  asadmin delete-resource-adapter-config "$RA_NAME" >/dev/null
fi
asadmin create-resource-adapter-config --property "$ra_properties" "$RA_NAME" >/dev/null
# values that may hold ":" or "=" (a cluster's host:port, a user name) each on its own: a property
# list takes neither
# TLS (docs/configuration.md): the stores by path, their passwords as password aliases
ra_tls=("trustStore=${FAAFO_RABBITMQ_TRUST_STORE:-system}" "keyStore=${FAAFO_RABBITMQ_KEY_STORE:-none}")
[ -z "${FAAFO_RABBITMQ_TRUST_STORE_PASSWORD:-}" ] || ra_tls+=("trustStorePassword=\${ALIAS=faafo-rabbitmq-trust-store-password}")
[ -z "${FAAFO_RABBITMQ_KEY_STORE_PASSWORD:-}" ] || ra_tls+=("keyStorePassword=\${ALIAS=faafo-rabbitmq-key-store-password}")
for property in "host=${FAAFO_RABBITMQ_HOST:-localhost}" "virtualHost=${FAAFO_RABBITMQ_VHOST:-/}" \
  "user=${FAAFO_RABBITMQ_USER:-guest}" "${ra_tls[@]}"; do
  asadmin set "resources.resource-adapter-config.$RA_NAME.property.$property" >/dev/null
done
say "resource adapter $RA_NAME: broker ${FAAFO_RABBITMQ_HOST:-localhost} (port ${FAAFO_RABBITMQ_PORT:-5672} where none is given), virtual host ${FAAFO_RABBITMQ_VHOST:-/}, TLS ${FAAFO_RABBITMQ_TLS:-false}"

# 5. The pool of message-driven bean instances (all MDBs of the server), in each configuration.
for config in "${CONFIGS[@]}"; do
  asadmin set "configs.config.$config.mdb-container.max-pool-size=${FAAFO_MDB_POOL_MAX:-32}" >/dev/null
done

# 6. Application settings that an admin tunes in the console (MicroProfile Config, domain scope).
if [ -n "${FAAFO_PRODUCER_INTERVAL_SECONDS:-}" ]; then
  asadmin set-config-property --source domain --propertyName faafo.producer.interval-seconds \
    --propertyValue "$FAAFO_PRODUCER_INTERVAL_SECONDS" >/dev/null
fi

# 7. The resource adapter on its own, its administered objects (Payara creates those only for an
# adapter that is deployed), then the EAR, whose message-driven beans bind to the adapter.
say "deploying the resource adapter $(basename "$rar") as $RA_NAME"
asadmin deploy --target "$TARGET" --type rar --force=true --name "$RA_NAME" "$rar" >/dev/null
create_admin_object jakarta.jms.Queue io.github.faafo.connector.RabbitQueue \
  "name=$(topology tasks):deadLetterQueue=$(topology tasks-dead)" "$(topology task-queue)"
create_admin_object jakarta.jms.Queue io.github.faafo.connector.RabbitQueue \
  "name=$(topology dispatch):deadLetterQueue=$(topology dispatch-dead)" "$(topology dispatch-queue)"
create_admin_object jakarta.jms.Queue io.github.faafo.connector.ReplyQueue \
  "name=$(topology replies)" "$(topology reply-queue)"
create_sender_pool
say "deploying $(basename "$ear") as $APP_NAME"
asadmin deploy --target "$TARGET" --force=true --enabled=true --name "$APP_NAME" "$ear" >/dev/null
say "deployed $APP_NAME to $TARGET"
