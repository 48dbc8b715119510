#!/usr/bin/env bash
# Starts a real node named `localhost` for the API server that ../kube/start.sh runs from FLUXCONFIG_KUBE_DATA:
# dockerd (its own socket, Debian's docker.io, images kept in the cache), kubelet v1.20.2 with Docker as its runtime
# (dockershim) and kube-scheduler; imports the pause and Java base images (build.sh) when dockerd lacks them, and waits
# for the node to be Ready. Everything listens on loopback; pods that reach the API server use hostNetwork and
# KUBERNETES_SERVICE_HOST=127.0.0.1 / KUBERNETES_SERVICE_PORT=<the API server's port> (the chart's
# kubernetesService.* values). One node per machine: the kubelet's port (10250) and the image store are shared.
#
#   FLUXCONFIG_KUBE_DATA    the API server's data dir (default <repo>/.kube-run); the node keeps its state in $DATA/node
#   FLUXCONFIG_NODE_CACHE   image tarballs and dockerd's data root (default ~/.cache/fluxconfig-node)
#   FLUXCONFIG_NODE_TIMEOUT seconds to wait for each step (default 120)
#
# Prints the dockerd socket (DOCKER_HOST) on the last line of stdout.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
DATA="${FLUXCONFIG_KUBE_DATA:-$(cd "$HERE/../.." && pwd)/.kube-run}"
TIMEOUT="${FLUXCONFIG_NODE_TIMEOUT:-120}"
NODE="$DATA/node"
# shellcheck source=../kube/lib.sh
. "$HERE/../kube/lib.sh"
log() { echo "[node-$(basename "$0" .sh)] $*" >&2; }
# Debian's client, of the same version as dockerd (a newer client on the PATH may insist on BuildKit).
docker() { /usr/bin/docker "$@"; }

[ -f "$DATA/kubeconfig" ] && [ -f "$DATA/kube-apiserver.pid" ] && kill -0 "$(cat "$DATA/kube-apiserver.pid")" 2>/dev/null \
  || { log "no API server running from $DATA: start ../kube/start.sh first"; exit 1; }
for name in dockerd kubelet kube-scheduler; do
  if [ -f "$NODE/$name.pid" ] && kill -0 "$(cat "$NODE/$name.pid")" 2>/dev/null; then
    log "$name is already running from $NODE (pid $(cat "$NODE/$name.pid")); run stop.sh first"; exit 1
  fi
done

built=$(date +%s)
CACHE="$("$HERE/build.sh" | tail -1)"
BIN="$("$HERE/../kube/build.sh" --node | tail -1)"
log "node binaries and image tarballs ready in $(( $(date +%s) - built ))s"

started=$(date +%s%N)
mkdir -p "$NODE" "$CACHE/docker"
KUBECONFIG="$DATA/kubeconfig"
export DOCKER_HOST="unix://$NODE/docker.sock"

# dockerd with no bridge and no iptables rules: every pod here uses the host's network. The runtime wrapper raises a
# negative oom_score_adj to 0, which this machine kind refuses.
nohup dockerd --host "$DOCKER_HOST" --data-root "$CACHE/docker" --exec-root "$NODE/docker-exec" \
  --pidfile "$NODE/dockerd.own.pid" --bridge none --iptables=false --ip-masq=false --ip-forward=false \
  --exec-opt native.cgroupdriver=cgroupfs --storage-driver overlay2 --log-driver json-file \
  --add-runtime "nonneg=$HERE/runc-nonneg-oom" --default-runtime nonneg \
  >"$NODE/dockerd.log" 2>&1 &
echo $! >"$NODE/dockerd.pid"

wait_for dockerd "docker version --format '{{.Server.Version}}'" "$NODE/dockerd.pid"

import_image() { # tarball, name, docker import --change ...
  local tar=$1 name=$2; shift 2
  if ! docker image inspect "$name" >/dev/null 2>&1; then
    local t; t=$(date +%s)
    docker import "$@" "$tar" "$name" >/dev/null
    log "imported $name in $(( $(date +%s) - t ))s"
  fi
}
import_image "$CACHE/images/pause.tar" fluxconfig.local/pause:1 \
  --change 'ENTRYPOINT ["/bin/busybox","sh","-c","trap \"exit 0\" TERM INT; while :; do sleep 3600 & wait; done"]'
import_image "$CACHE/images/debian-jre17.tar" fluxconfig.local/debian-jre17:bookworm \
  --change 'ENV JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64' --change 'ENV LANG=C.UTF-8'

cat >"$NODE/kubelet-config.yaml" <<'CFG'
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
address: 127.0.0.1
port: 10250
healthzBindAddress: 127.0.0.1
readOnlyPort: 0
authentication:
  anonymous: {enabled: true}
  webhook: {enabled: false}
authorization: {mode: AlwaysAllow}
cgroupDriver: cgroupfs
cgroupsPerQOS: false
enforceNodeAllocatable: []
failSwapOn: false
evictionHard: {}
imageGCHighThresholdPercent: 100
imageGCLowThresholdPercent: 99
staticPodPath: ""
clusterDomain: cluster.local
serializeImagePulls: false
CFG

# --node-ip 127.0.0.1 is refused ("nodeIP can't be loopback"): the node is named localhost instead, and the API server
# (../kube/lib.sh) reaches kubelets by host name, so `kubectl logs/exec` go to 127.0.0.1:10250.
nohup "$BIN/kubelet" --config "$NODE/kubelet-config.yaml" --kubeconfig "$KUBECONFIG" \
  --container-runtime docker --docker-endpoint "$DOCKER_HOST" \
  --container-runtime-endpoint "unix://$NODE/dockershim.sock" \
  --experimental-dockershim-root-directory "$NODE/dockershim" \
  --pod-infra-container-image fluxconfig.local/pause:1 \
  --root-dir "$NODE/kubelet" --cert-dir "$NODE/kubelet-pki" --volume-plugin-dir "$NODE/volume-plugins" \
  --hostname-override localhost --network-plugin= --v=1 \
  >"$NODE/kubelet.log" 2>&1 &
echo $! >"$NODE/kubelet.pid"

nohup "$BIN/kube-scheduler" --kubeconfig "$KUBECONFIG" \
  --authentication-kubeconfig "$KUBECONFIG" --authorization-kubeconfig "$KUBECONFIG" \
  --leader-elect=false --bind-address 127.0.0.1 --port 0 --v=1 \
  >"$NODE/kube-scheduler.log" 2>&1 &
echo $! >"$NODE/kube-scheduler.pid"

wait_for "node localhost Ready" \
  "kubectl --kubeconfig '$KUBECONFIG' get node localhost -o jsonpath='{.status.conditions[?(@.type==\"Ready\")].status}' | grep -qx True" \
  "$NODE/kubelet.pid"
kill -0 "$(cat "$NODE/kube-scheduler.pid")" 2>/dev/null || { log "kube-scheduler exited:"; tail -20 "$NODE/kube-scheduler.log" >&2; exit 1; }
log "node localhost Ready in $(( ($(date +%s%N) - started) / 1000000 )) ms: dockerd (pid $(cat "$NODE/dockerd.pid")), kubelet (pid $(cat "$NODE/kubelet.pid")), kube-scheduler (pid $(cat "$NODE/kube-scheduler.pid"))"
echo "$DOCKER_HOST"
