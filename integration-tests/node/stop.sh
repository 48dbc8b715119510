#!/usr/bin/env bash
# Stops what start.sh started for one data dir, by pid files, never by name: kube-scheduler, kubelet, every container
# of the node's own dockerd, then dockerd (and the containerd it runs). Then unmounts whatever is still mounted under
# the node's directories (secret and token volumes of the kubelet, overlay filesystems) and fails if anything is left.
#   FLUXCONFIG_KUBE_DATA    the data dir given to start.sh (default <repo>/.kube-run)
#   FLUXCONFIG_NODE_CACHE   as for start.sh
set -uo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
DATA="${FLUXCONFIG_KUBE_DATA:-$(cd "$HERE/../.." && pwd)/.kube-run}"
CACHE="${FLUXCONFIG_NODE_CACHE:-$HOME/.cache/fluxconfig-node}"
NODE="$DATA/node"
# shellcheck source=../kube/lib.sh
. "$HERE/../kube/lib.sh"
log() { echo "[node-$(basename "$0" .sh)] $*" >&2; }
# Debian's client, of the same version as dockerd (a newer client on the PATH may insist on BuildKit).
docker() { /usr/bin/docker "$@"; }
[ -d "$NODE" ] || exit 0
DATA="$NODE" # stop_one reads pid files from $DATA

stop_one kube-scheduler
stop_one kubelet
export DOCKER_HOST="unix://$NODE/docker.sock"
if [ -f "$NODE/dockerd.pid" ] && kill -0 "$(cat "$NODE/dockerd.pid")" 2>/dev/null; then
  ids=$(docker ps -aq 2>/dev/null || true)
  if [ -n "$ids" ]; then
    # shellcheck disable=SC2086
    docker rm -f $ids >/dev/null 2>&1 || true
    log "removed $(echo "$ids" | wc -w) containers"
  fi
fi
stop_one dockerd

# The kubelet keeps pod logs under /var/log/pods (a fixed path in 1.20): remove those of this node's pods, by pod UID.
if [ -d "$NODE/kubelet/pods" ]; then
  for uid_dir in "$NODE"/kubelet/pods/*/; do
    uid=$(basename "$uid_dir")
    for d in /var/log/pods/*_"$uid"; do
      [ -d "$d" ] || continue
      find /var/log/containers -maxdepth 1 -lname "$d/*" -delete 2>/dev/null || true
      rm -rf "$d"
    done
  done
fi

mounted() { awk -v a="$NODE/" -v b="$CACHE/docker/" 'index($2, a) == 1 || index($2, b) == 1 {print $2}' /proc/self/mounts | sort -r; }
for m in $(mounted); do umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || true; done
left=$(mounted)
if [ -n "$left" ]; then log "still mounted:"; echo "$left" >&2; exit 1; fi
exit 0
