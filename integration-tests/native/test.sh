#!/usr/bin/env bash
# The native tier: assembles the native-image toolchain (or finds it cached), builds fluxconfig-controller's native
# executable with `mvn -Pnative` and runs the native integration tests (NativeControllerIT: the executable on the real
# API server; NativeNodeIT: its image as the chart's controller pod on the real node of integration-tests/node, which
# needs root). NativeControllerIT uses the API server of FLUXCONFIG_TEST_KUBECONFIG when set, else the tests start one;
# NativeNodeIT starts an API server and a node of its own.
#
#   integration-tests/native/test.sh            toolchain + native build + native tests
#   integration-tests/native/test.sh --no-build the tests only, on the executable already in controller/target
#
# Prints the time of each step. Heavy steps run under nice (FLUXCONFIG_NATIVE_NICE, default 15).
set -euo pipefail
cd "$(dirname "$0")/../.."
NICE=(nice -n "${FLUXCONFIG_NATIVE_NICE:-15}")
step() { echo "[native-tier $(date -u +%H:%M:%S)] $*" >&2; }

BUILD=1
[ "${1:-}" = "--no-build" ] && BUILD=0

t0=$SECONDS
GRAALVM_HOME=$(integration-tests/native/toolchain.sh | tail -1)
export GRAALVM_HOME
step "toolchain: $GRAALVM_HOME ($((SECONDS - t0)) s)"

# the controller's native executable; the other modules (shared-model, and the sandbox the tests use) stay JVM
MVN=(mvn -B -Pnative -Dquarkus.native.container-build=false)
if [ "$BUILD" = 1 ]; then
  t1=$SECONDS
  "${NICE[@]}" "${MVN[@]}" package -pl controller -am -DskipTests
  step "native build: $(ls -l controller/target/*-runner | awk '{print $5}') bytes ($((SECONDS - t1)) s)"
fi

# the tests: integration-tests with -Pnative runs the native ITs; -o and skipping the controller's own build keep the
# executable just built
t2=$SECONDS
"${NICE[@]}" "${MVN[@]}" verify -pl integration-tests -am -Dquarkus.native.enabled=false -Dquarkus.package.jar.enabled=true \
  -Dtest=none -Dit.test='**/nativeimage/*IT' -Dsurefire.failIfNoSpecifiedTests=false \
  -Dfailsafe.failIfNoSpecifiedTests=false
step "native tests passed ($((SECONDS - t2)) s)"
