#!/usr/bin/env bash
# The benchmark of issue 8 (a measurement, not a test; `mvn verify` never runs it).
#
#   integration-tests/bench/run.sh [--configs 1000] [--per-namespace 10] [--threads 8] [--resync 20s]
#                                  [--agent-configs 100] [--agent-poll 10s]
#                                  [--controller-jvm-option OPT]... [--controller-env NAME=VALUE]... [--diagnose]
#                                  [--native]
#
# --native: the controller's native executable (controller/target/*-runner) with the chart's nativeOpts instead of the
# packaged JVM app; it is built first when missing (integration-tests/native/toolchain.sh, then mvn -Pnative).
#
# Builds what is missing (the packaged controller, the sandbox), starts an API server of its own (fresh etcd, data in
# $BENCH_WORK/kube), and runs dev.fluxconfig.it.bench.Bench: the baseline with a plain client, then the packaged controller
# as a process with the chart's JVM settings and a short resync period, the Flux stand-in (test equipment) inside the
# benchmark's JVM. Prints a table and, last, `bench: ratio=… idle_writes=… controller_rss_mib=… agent_p99_ms=…`.
# Everything it started is stopped on exit. Logs: $BENCH_WORK/{bench.log,controller.log,kube/*.log}.
#
#   integration-tests/bench/run.sh --on-node [--configs 1000] [--per-namespace 10] [--timeout 30m] [--native]
#
# The node mode (dev.fluxconfig.it.bench.NodeBench): the chart's pods on a real node of its own (integration-tests/node),
# fed the configurations through the data-plane emulator; prints each container's memory-cgroup working set beside its
# RSS, idle, converging and after convergence, and last `node-bench: compliant=… agent_ws_idle_mib=… … oom_kills=…`.
# With --native the controller pod runs the native image (chart value fluxconfig-controller.nativeImage).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
WORK="${BENCH_WORK:-$ROOT/integration-tests/target/bench}"
DATA="$WORK/kube"
log() { echo "[bench.sh] $*" >&2; }

cleanup() {
  if [ -f "$WORK/controller.pid" ]; then
    pid="$(cat "$WORK/controller.pid")"
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
      kill -9 "$pid" 2>/dev/null || true
    fi
    rm -f "$WORK/controller.pid"
  fi
  FLUXCONFIG_KUBE_DATA="$DATA" FLUXCONFIG_KUBE_WIPE=1 "$ROOT/integration-tests/kube/stop.sh" || true
}
trap cleanup EXIT INT TERM

cd "$ROOT"
mkdir -p "$WORK"
for a in "$@"; do
  if [ "$a" = "--native" ] && ! ls controller/target/*-runner >/dev/null 2>&1; then
    log "building the controller's native executable"
    GRAALVM_HOME="$("$ROOT/integration-tests/native/toolchain.sh" | tail -1)" \
      nice -n 15 mvn -B -q -Pnative -pl controller -am -DskipTests package
  fi
done
if [ ! -f controller/target/quarkus-app/quarkus-run.jar ] || [ ! -f agent/target/quarkus-app/quarkus-run.jar ] \
  || ! ls sandbox/target/sandbox-*.jar >/dev/null 2>&1; then
  log "building the controller, the agent and the sandbox"
  mvn -B -q -pl controller,agent,sandbox -am -DskipTests package
fi
log "compiling the benchmark"
mvn -B -q -pl integration-tests -am -DskipTests -Dformatter.skip -Dimpsort.skip test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/test.classpath >/dev/null

if [ "${1:-}" = "--on-node" ]; then
  shift
  CP="integration-tests/target/test-classes:$(cat integration-tests/target/test.classpath)"
  log "node mode: an API server and a node of their own; the stand-in's log goes to $WORK/bench.log"
  exec java -cp "$CP" dev.fluxconfig.it.bench.NodeBench "$@" 2>"$WORK/bench.log"
fi

log "starting an API server of its own in $DATA"
KUBECONFIG_PATH="$(FLUXCONFIG_KUBE_DATA="$DATA" FLUXCONFIG_KUBE_FRESH=1 "$ROOT/integration-tests/kube/start.sh" | tail -1)"

CP="integration-tests/target/test-classes:$(cat integration-tests/target/test.classpath)"
log "running; the stand-in's and the client's log go to $WORK/bench.log"
java -Djava.awt.headless=true -cp "$CP" dev.fluxconfig.it.bench.Bench --kubeconfig "$KUBECONFIG_PATH" --kube-data "$DATA" --work-dir "$WORK" "$@" 2>"$WORK/bench.log"
