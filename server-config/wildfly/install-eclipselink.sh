#!/usr/bin/env bash
# Puts EclipseLink into WildFly's org.eclipse.persistence module, as WildFly's JPA guide says
# (WildFly ships the module with only its integration code, jipijapa-eclipselink): the jar beside
# it, a resource-root for it and the Java SE modules EclipseLink uses. Run it while the server is
# stopped, before it first deploys faafo.ear; running it again changes nothing.
#   server-config/wildfly/install-eclipselink.sh WILDFLY_HOME /path/to/eclipselink-4.0.1.jar
#   server-config/wildfly/install-eclipselink.sh --remove WILDFLY_HOME   (puts the module back)
set -euo pipefail

remove=
if [ "${1:-}" = --remove ]; then
  remove=1
  shift
fi
home=${1:?usage: $0 [--remove] WILDFLY_HOME [eclipselink.jar]}
dir=$home/modules/system/layers/base/org/eclipse/persistence/main
module=$dir/module.xml
[ -f "$module" ] || { echo "no org.eclipse.persistence module in $home" >&2; exit 1; }

if [ -n "$remove" ]; then
  [ -f "$module.orig" ] && mv "$module.orig" "$module"
  rm -f "$dir"/eclipselink-*.jar
  exit 0
fi

jar=${2:?usage: $0 WILDFLY_HOME eclipselink.jar}
[ -f "$jar" ] || { echo "no such file: $jar" >&2; exit 1; }
name=$(basename "$jar")
[ -f "$module.orig" ] || cp "$module" "$module.orig"
rm -f "$dir"/eclipselink-*.jar
cp "$jar" "$dir/$name"
# Start again from WildFly's own module.xml, so that a new jar version replaces the old one.
sed -e "s#\( *\)<resource-root path=\"jipijapa-eclipselink[^\"]*\"/>#&\n\1<resource-root path=\"$name\"/>#" \
  -e "s#\( *\)<dependencies>#&\n\1    <module name=\"java.se\"/>#" \
  "$module.orig" >"$module"
grep -q "path=\"$name\"" "$module" || { echo "cannot add $name to $module" >&2; exit 1; }
