#!/usr/bin/env bash
# The tutorial with fluxconfig-agent and fluxconfig-controller as the chart's pods on a real local node
# (dev.fluxconfig.it.node.NodeTutorial); the sandbox's `tutorial --on-node` runs this.
#
#   integration-tests/node/tutorial.sh [--once] [--timeout 10m]
#
# Builds what is missing (the packaged apps and sandbox, the test classes), then starts an API server and a node of
# their own, builds the images, installs the chart with real Helm, creates cluster-config through the data-plane
# emulator and shows it converge. --once exits when Compliant (non-zero otherwise); without it, Ctrl-C stops everything.
# Needs root (dockerd, kubelet) and Debian's packages (build.sh).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
log() { echo "[node-tutorial] $*" >&2; }
cd "$ROOT"
[ "$(id -u)" = 0 ] || { log "the node needs root (dockerd, kubelet)"; exit 1; }
"$HERE/build.sh" >/dev/null
if [ ! -f controller/target/quarkus-app/quarkus-run.jar ] || [ ! -f agent/target/quarkus-app/quarkus-run.jar ] \
  || ! ls sandbox/target/sandbox-*.jar >/dev/null 2>&1; then
  log "building the controller, the agent and the sandbox"
  mvn -B -q -pl controller,agent,sandbox -am -DskipTests package
fi
if [ ! -f integration-tests/target/test.classpath ] || [ ! -f integration-tests/target/test-classes/dev/fluxconfig/it/node/NodeTutorial.class ]; then
  log "compiling the node tier"
  mvn -B -q -pl integration-tests -am -DskipTests -Dformatter.skip -Dimpsort.skip test-compile dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile=target/test.classpath >/dev/null
fi
CP="integration-tests/target/test-classes:$(cat integration-tests/target/test.classpath)"
exec java -cp "$CP" dev.fluxconfig.it.node.NodeTutorial "$@"
