#!/usr/bin/env bash
# Removes from a Payara Server 6 domain what setup-domain.sh created: the application, its
# resource adapter, the adapter's administered objects, outbound connection pool, connector resource
# and settings, the JDBC resource and pool, the password aliases and faafo's config properties. The MySQL driver stays in the domain's library (other
# applications may use it; `asadmin remove-library --type common mysql-connector-j.jar` removes
# it) and the MDB pool size keeps its value. Missing pieces are skipped, so it can run twice.
# FAAFO_PAYARA_TARGET and FAAFO_PAYARA_CONFIGS as for setup-domain.sh (undo-group.sh sets them).
#   server-config/payara/undo-domain.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/asadmin.sh"

if asadmin list-applications "$TARGET" 2>/dev/null | grep -q "^$APP_NAME "; then
  say "undeploying $APP_NAME"
  asadmin undeploy --target "$TARGET" --cascade=true "$APP_NAME" >/dev/null
fi
remove_adapter_resources
if asadmin list-applications "$TARGET" 2>/dev/null | grep -q "^$RA_NAME "; then
  say "undeploying the resource adapter $RA_NAME"
  asadmin undeploy --target "$TARGET" --cascade=true "$RA_NAME" >/dev/null
fi
lists "$RA_NAME" list-resource-adapter-configs && asadmin delete-resource-adapter-config "$RA_NAME" >/dev/null
delete_resource delete-jdbc-resource jdbc-resource jdbc/FaafoDatabase
lists FaafoPool list-jdbc-connection-pools && asadmin delete-jdbc-connection-pool FaafoPool >/dev/null
for alias in faafo-db-password faafo-rabbitmq-password faafo.api.admin-password faafo-db-trust-store-password \
  faafo-rabbitmq-trust-store-password faafo-rabbitmq-key-store-password; do
  lists "$alias" list-password-aliases && asadmin delete-password-alias "$alias" >/dev/null
done
# The DAS's HTTPS listener, given the admin's key store by setup-domain.sh (FAAFO_HTTPS_KEY_STORE),
# keeps it and its password alias; a group's configurations go with its instances (undo-group.sh).
https_alias=faafo-https-key-store-password
if lists "$https_alias" list-password-aliases; then
  if [ "$TARGET" = server ] && asadmin get \
    configs.config.server-config.network-config.protocols.protocol.http-listener-2.ssl.key-store-password |
    grep -qF "$https_alias"; then
    say "the HTTPS listener keeps the key store setup-domain.sh gave it, and the alias $https_alias"
  else
    asadmin delete-password-alias "$https_alias" >/dev/null
  fi
fi
if asadmin get-config-property --source domain --propertyName faafo.producer.interval-seconds >/dev/null 2>&1; then
  asadmin delete-config-property --source domain --propertyName faafo.producer.interval-seconds >/dev/null || true
fi
# Payara's own HTTP timeouts again (request 900 s, keep-alive 30 s).
for config in "${CONFIGS[@]}"; do
  asadmin get "configs.config.$config.name" >/dev/null 2>&1 || continue
  http=configs.config.$config.network-config.protocols.protocol.http-listener-1.http
  asadmin set "$http.request-timeout-seconds=900" "$http.timeout-seconds=30" >/dev/null
done
say "removed faafo's application and resources from the domain"
