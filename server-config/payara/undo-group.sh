#!/usr/bin/env bash
# Removes what setup-group.sh made: faafo from the deployment group (undo-domain.sh), the group's
# instances (stopped first) and the group. Missing pieces are skipped, so it can run twice.
# FAAFO_PAYARA_GROUP and FAAFO_PAYARA_INSTANCES as for setup-group.sh.
#   server-config/payara/undo-group.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/asadmin.sh"
group_settings

"$here/undo-domain.sh"
for instance in "${INSTANCES[@]}"; do
  lists "$instance" list-instances --nostatus || continue
  if instance_running "$instance"; then
    say "stopping the instance $instance"
    asadmin stop-instance "$instance" >/dev/null
  fi
  asadmin delete-instance "$instance" >/dev/null
done
if lists "$TARGET" list-deployment-groups; then
  asadmin delete-deployment-group "$TARGET" >/dev/null
fi
say "removed the deployment group $TARGET and its instances"
