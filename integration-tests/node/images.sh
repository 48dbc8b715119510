#!/usr/bin/env bash
# Builds the images of fluxconfig-agent and fluxconfig-controller from the project's own Dockerfile
# (src/main/docker/Dockerfile.jvm) on the Java base that build.sh made from Debian packages, into the node's dockerd.
# The apps must have been packaged (mvn package: <module>/target/quarkus-app).
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
echo fluxconfig.local
