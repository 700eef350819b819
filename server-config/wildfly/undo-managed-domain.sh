#!/usr/bin/env bash
# Removes what setup-managed-domain.sh added to a managed domain: the two deployments (from every
# server group), the profile's faafo resources (undo.cli under /profile=<the group's profile>), the
# servers' transaction node identifiers and worker names, and the driver's module; it restarts the
# group's servers on the way. Their port offsets stay. Safe to run again. Settings as for
# setup-managed-domain.sh.
#   server-config/wildfly/undo-managed-domain.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/cli.sh"

read -r -a servers <<<"${FAAFO_WILDFLY_SERVERS:-server-one server-two}"
profile=$(cli_value "/server-group=$GROUP" profile)
[ -n "$profile" ] || die "the domain has no server group $GROUP"

for name in faafo.ear faafo-rabbitmq-rar.rar; do
  if cli_exists "/deployment=$name"; then
    say "undeploying $name"
    cli --command="undeploy $name --all-relevant-server-groups" >/dev/null || die "undeploying $name failed"
  fi
done
say "removing faafo's resources from the profile $profile (undo.cli)"
cli --file="$here/undo.cli" --properties="$here/../topology.properties" \
  -Dfaafo.profile="/profile=$profile" >/dev/null || die "undo.cli failed for the profile $profile"
for server in "${servers[@]}"; do
  for property in jboss.tx.node.id faafo.worker.name; do
    if cli_exists "/host=$HOST/server-config=$server/system-property=$property"; then
      cli --command="/host=$HOST/server-config=$server/system-property=$property:remove" >/dev/null
    fi
  done
done
# the administrator's password (undo.cli has removed the credential store's resources)
property=/server-group=$GROUP/system-property=faafo.api.admin-password
! cli_exists "$property" || cli --command="$property:remove" >/dev/null
rm -f "${FAAFO_WILDFLY_CREDENTIAL_STORE:-$WILDFLY_HOME/domain/configuration/faafo-credentials.cs}"
say "restarting the servers of $GROUP"
cli --command="/server-group=$GROUP:restart-servers(blocking=true)" >/dev/null || die "restarting the servers of $GROUP failed"
# The driver's module last, once no server uses it (the CLI removes modules only when not
# connected to a domain controller).
if [ -d "$WILDFLY_HOME/modules/com/mysql" ]; then
  "$WILDFLY_HOME/bin/jboss-cli.sh" --command="module remove --name=com.mysql" >/dev/null || die "cannot remove the module com.mysql"
fi
say "removed faafo from the server group $GROUP"
