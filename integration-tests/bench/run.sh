#!/usr/bin/env bash
# The controller benchmark (not a test): N FluxConfigs (default 1000, two kustomizations each) on the real API server with
# the packaged controller (the chart's JVM settings) and the Flux stand-in, against the floor of creating the same objects
# directly. Usage: integration-tests/bench/run.sh [--configs N]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
CONFIGS=1000
while [ $# -gt 0 ]; do
  case "$1" in
    --configs) CONFIGS="$2"; shift 2 ;;
    *) echo "unknown option $1 (known: --configs N)" >&2; exit 2 ;;
  esac
done
if [ ! -f controller/target/quarkus-app/quarkus-run.jar ] || [ ! -f sandbox/target/quarkus-app/quarkus-run.jar ]; then
  mvn -B -q install -DskipTests
fi
mvn -B -q -pl integration-tests test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath
export FLUXCONFIG_KUBE_DATA="${TMPDIR:-/tmp}/fluxconfig-bench-$$"
trap 'integration-tests/kube/stop.sh; rm -rf "$FLUXCONFIG_KUBE_DATA"' EXIT
KUBECONFIG_FILE="$(FLUXCONFIG_KUBE_FRESH=1 integration-tests/kube/start.sh | tail -1)"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(java -version 2>&1 | head -1)"
java -cp "integration-tests/target/test-classes:$(cat integration-tests/target/bench.classpath)" \
  dev.fluxconfig.it.bench.Bench --configs "$CONFIGS" --kubeconfig "$KUBECONFIG_FILE" --root "$ROOT"
