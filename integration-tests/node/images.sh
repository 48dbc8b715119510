#!/usr/bin/env bash
# Builds the images of fluxconfig-agent and fluxconfig-controller from the project's own Dockerfile
# (src/main/docker/Dockerfile.jvm) on the Java base that build.sh made from Debian packages, into the node's dockerd.
# The apps must have been packaged (mvn package: <module>/target/quarkus-app).
#
#   images.sh [--native]
#
# --native: also the controller's native image, <tag>-native (the chart's fluxconfig-controller.nativeImage), from
# src/main/docker/Dockerfile.native-micro and the executable of mvn -Pnative (controller/target/*-runner). Its first
# stage downloads libc6, zlib1g and libgcc-s1 with apt inside the Java base (bookworm, which has apt), on the host's
# network (dockerd here has no bridge); dockerd's layer cache (in FLUXCONFIG_NODE_CACHE) keeps that stage for the next
# build. The image is then checked with its own dynamic loader: every library the executable needs resolves inside it.
#
#   FLUXCONFIG_KUBE_DATA    as for start.sh (the node must be running)
#   FLUXCONFIG_IMAGE_TAG    tag of both images (default: dev)
#
# Prints the registry part of the image names (fluxconfig.local, the chart's image.registry) on the last line.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
DATA="${FLUXCONFIG_KUBE_DATA:-$ROOT/.kube-run}"
TAG="${FLUXCONFIG_IMAGE_TAG:-dev}"
log() { echo "[node-images] $*" >&2; }
NATIVE=0
case "${1:-}" in
  --native) NATIVE=1 ;;
  "") ;;
  *) log "unknown argument $1; usage: images.sh [--native]"; exit 2 ;;
esac
export DOCKER_HOST="unix://$DATA/node/docker.sock" DOCKER_BUILDKIT=0
/usr/bin/docker version >/dev/null 2>&1 || { log "no node dockerd at $DOCKER_HOST: run start.sh first"; exit 1; }

for module in controller agent; do
  [ -f "$ROOT/$module/target/quarkus-app/quarkus-run.jar" ] \
    || { log "$module is not packaged ($module/target/quarkus-app): run mvn package first"; exit 1; }
  started=$(date +%s%N)
  /usr/bin/docker build -q -f "$ROOT/src/main/docker/Dockerfile.jvm" \
    --build-arg BASE_IMAGE=fluxconfig.local/debian-jre17:bookworm --build-arg MODULE="$module" \
    --build-arg REVISION="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)" \
    -t "fluxconfig.local/fluxconfig-$module:$TAG" "$ROOT" >/dev/null
  log "fluxconfig.local/fluxconfig-$module:$TAG built in $(( ($(date +%s%N) - started) / 1000000 )) ms"
done

if [ "$NATIVE" = 1 ]; then
  runner=$(ls "$ROOT"/controller/target/*-runner 2>/dev/null | head -1 || true)
  [ -n "$runner" ] || { log "no native executable (controller/target/*-runner): run mvn -Pnative first (../native/README.md)"; exit 1; }
  started=$(date +%s%N)
  image="fluxconfig.local/fluxconfig-controller:$TAG-native"
  /usr/bin/docker build -q --network host -f "$ROOT/src/main/docker/Dockerfile.native-micro" \
    --build-arg DEBIAN_IMAGE=fluxconfig.local/debian-jre17:bookworm --build-arg MODULE=controller \
    --build-arg REVISION="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)" \
    -t "$image" "$ROOT" >/dev/null
  # ldd inside the image (it has no shell): the loader lists what the executable links and where it found it
  libs=$(/usr/bin/docker run --rm --network none --entrypoint /lib64/ld-linux-x86-64.so.2 "$image" --list /work/application)
  if grep -q "not found" <<<"$libs"; then log "$image lacks libraries of the executable:"; echo "$libs" >&2; exit 1; fi
  size=$(/usr/bin/docker image inspect -f '{{.Size}}' "$image")
  log "$image built in $(( ($(date +%s%N) - started) / 1000000 )) ms ($((size / 1048576)) MiB; links $(awk '{print $1}' <<<"$libs" | xargs))"
fi
echo fluxconfig.local
