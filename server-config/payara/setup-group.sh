#!/usr/bin/env bash
# Runs faafo on a deployment group of a running Payara Server 6 domain: creates the group and its
# instances on the DAS's own node (each with its own port base and worker name), sets faafo up for
# the group with setup-domain.sh (the resources and the deployments targeted to the group; the
# pools and the adapter's settings are domain-wide) and starts the group:
#   server-config/payara/setup-group.sh path/to/faafo.ear path/to/mysql-connector-j.jar [path/to/faafo-rabbitmq-rar.rar]
# FAAFO_PAYARA_GROUP names the group (faafo), FAAFO_PAYARA_INSTANCES its instances ("faafo-1
# faafo-2"), FAAFO_PAYARA_PORT_BASE the first one's port base (28000: HTTP on 28080, each next
# instance 100 higher). An instance's worker name (faafo.worker.name, which generated_by shows) is
# its own name. Everything else as for setup-domain.sh, whose settings it passes on.
# Safe to run again. server-config/payara/undo-group.sh removes it all.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/asadmin.sh"
group_settings

[ $# -ge 2 ] || die "usage: setup-group.sh faafo.ear mysql-connector-j.jar [faafo-rabbitmq-rar.rar]"

# The node of type CONFIG that stands for the DAS's own host (localhost-<domain> by default).
node=$(asadmin list-nodes | awk '$2 == "CONFIG" && $3 == "localhost" { print $1; exit }')
[ -n "$node" ] || die "the domain has no local node of type CONFIG to create the instances on"

lists "$TARGET" list-deployment-groups || {
  say "creating the deployment group $TARGET"
  asadmin create-deployment-group "$TARGET" >/dev/null
}
port_base=${FAAFO_PAYARA_PORT_BASE:-28000}
for instance in "${INSTANCES[@]}"; do
  if ! lists "$instance" list-instances --nostatus; then
    say "creating the instance $instance on $node (port base $port_base, HTTP $((port_base + 80)))"
    asadmin create-instance --node "$node" --portbase "$port_base" \
      --systemproperties "faafo.worker.name=$instance" "$instance" >/dev/null
  fi
  if ! asadmin get "deployment-groups.deployment-group.$TARGET.dg-server-ref.$instance.ref" >/dev/null 2>&1; then
    asadmin add-instance-to-deployment-group --instance "$instance" --deploymentgroup "$TARGET" >/dev/null
  fi
  port_base=$((port_base + 100))
done

"$here/setup-domain.sh" "$@"

for instance in "${INSTANCES[@]}"; do
  instance_running "$instance" && continue
  say "starting the instance $instance"
  asadmin start-instance "$instance" >/dev/null
done
say "faafo runs on the deployment group $TARGET (${INSTANCES[*]})"
