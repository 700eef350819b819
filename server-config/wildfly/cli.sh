# Sourced by setup-managed-domain.sh, undo-managed-domain.sh and bin/check-wildfly: how they reach
# the domain controller (or a standalone server) through WildFly's CLI, and which host and server
# group faafo runs on.

say() { printf 'faafo: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

CONTROLLER=${FAAFO_WILDFLY_CONTROLLER:-127.0.0.1:9990}
HOST=${FAAFO_WILDFLY_HOST:-primary}
GROUP=${FAAFO_WILDFLY_SERVER_GROUP:-main-server-group}

# The CLI, connected to the domain controller (--timeout: a busy machine's controller may take
# longer than the CLI's 5 s to answer its first request).
cli() {
  [ -x "${WILDFLY_HOME:-}/bin/jboss-cli.sh" ] || die "set WILDFLY_HOME to the WildFly installation (the folder with bin/jboss-cli.sh)"
  "$WILDFLY_HOME/bin/jboss-cli.sh" --connect --controller="$CONTROLLER" --timeout=60000 "$@"
}

# Whether the resource at the address exists.
cli_exists() { # address
  cli --command="$1:read-resource" 2>/dev/null | grep '"outcome" => "success"' >/dev/null
}

# The value of an attribute, as the CLI prints it (nothing when the resource is not there).
cli_value() { # address attribute
  cli --command="$1:read-attribute(name=$2)" 2>/dev/null | sed -n 's/.*"result" => \(.*\)$/\1/p' | sed 's/,$//; s/^"\(.*\)"$/\1/'
}
