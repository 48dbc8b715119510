#!/usr/bin/env bash
# Starts etcd + kube-apiserver (+ kube-controller-manager) v1.20.2 on 127.0.0.1, on free ports, in the background.
# Uses the binaries build.sh cached; builds them first when they are missing.
#
#   FLUXCONFIG_KUBE_DATA     data dir: etcd data, certificates, token, logs, pid files, kubeconfig
#                            (default: <repo>/.kube-run). One running instance per data dir.
#   FLUXCONFIG_KUBE_NO_KCM=1 do not start the controller-manager (no garbage collection, no namespace deletion)
#   FLUXCONFIG_KUBE_TIMEOUT  seconds to wait for /readyz (default 60)
#   FLUXCONFIG_KUBE_FRESH=1  delete the etcd data first (an empty cluster)
#   FLUXCONFIG_KUBE_AUDIT=1  audit log of every write (user, verb, object) in $DATA/audit.log
#
# Prints the kubeconfig path on the last line of stdout.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
DATA="${FLUXCONFIG_KUBE_DATA:-$(cd "$HERE/../.." && pwd)/.kube-run}"
TIMEOUT="${FLUXCONFIG_KUBE_TIMEOUT:-60}"
ETCD="$(command -v etcd || echo /usr/bin/etcd)"
# shellcheck source=lib.sh
. "$HERE/lib.sh"

BIN="$("$HERE/build.sh" | tail -1)"
mkdir -p "$DATA/pki"

for name in etcd kube-apiserver kube-controller-manager; do
  if [ -f "$DATA/$name.pid" ] && kill -0 "$(cat "$DATA/$name.pid")" 2>/dev/null; then
    log "$name is already running from $DATA (pid $(cat "$DATA/$name.pid")); run stop.sh first"
    exit 1
  fi
done

# A port is free when nothing accepts a connection on it; ports are picked at random in a high range so that
# parallel instances (separate data dirs) rarely collide, and the bind itself is checked below.
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
pick_port() {
  local p
  for _ in $(seq 1 200); do
    p=$(( 20000 + RANDOM % 20000 ))
    if port_free "$p" && port_free $((p + 1)); then echo "$p"; return 0; fi
  done
  log "no free port found"; return 1
}

PKI="$DATA/pki"
if [ ! -f "$PKI/token" ]; then
  log "creating certificates and an admin token in $PKI"
  (
    cd "$PKI"
    openssl genrsa -out sa.key 2048 2>/dev/null
    openssl rsa -in sa.key -pubout -out sa.pub 2>/dev/null
    openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days 3650 -subj "/CN=fluxconfig-test-ca" 2>/dev/null
    cat > serving.cnf <<'CNF'
[req]
distinguished_name=dn
[dn]
[ext]
basicConstraints=CA:FALSE
keyUsage=digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc
CNF
    openssl req -newkey rsa:2048 -nodes -keyout apiserver.key -out apiserver.csr -subj "/CN=kube-apiserver" 2>/dev/null
    openssl x509 -req -in apiserver.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out apiserver.crt -days 3650 \
      -extfile serving.cnf -extensions ext 2>/dev/null
    openssl rand -hex 24 > token
    echo "$(cat token),admin,admin,system:masters" > tokens.csv
    chmod 600 ca.key sa.key apiserver.key token tokens.csv
  )
fi
TOKEN="$(cat "$PKI/token")"

[ "${FLUXCONFIG_KUBE_FRESH:-0}" = 1 ] && rm -rf "$DATA/etcd"
started=$(date +%s%N)
ETCD_PORT=$(pick_port)
: >"$DATA/etcd.log"
start_etcd "$ETCD_PORT"

API_PORT=$(pick_port)
# restart-apiserver.sh starts them again on the same ports
echo "ETCD_PORT=$ETCD_PORT API_PORT=$API_PORT" >"$DATA/ports"
: >"$DATA/kube-apiserver.log"
start_apiserver "$ETCD_PORT" "$API_PORT"

cat >"$DATA/kubeconfig" <<KC
apiVersion: v1
kind: Config
clusters:
- name: fluxconfig-test
  cluster:
    server: https://127.0.0.1:$API_PORT
    certificate-authority: $PKI/ca.crt
users:
- name: admin
  user:
    token: $TOKEN
contexts:
- name: fluxconfig-test
  context:
    cluster: fluxconfig-test
    user: admin
    namespace: default
current-context: fluxconfig-test
KC
chmod 600 "$DATA/kubeconfig"

wait_for_apiserver "$API_PORT"

if [ "${FLUXCONFIG_KUBE_NO_KCM:-0}" != 1 ]; then
  nohup "$BIN/kube-controller-manager" \
    --kubeconfig "$DATA/kubeconfig" \
    --authentication-kubeconfig "$DATA/kubeconfig" --authorization-kubeconfig "$DATA/kubeconfig" \
    --bind-address 127.0.0.1 --secure-port 0 --port 0 --leader-elect=false \
    --service-account-private-key-file "$PKI/sa.key" --root-ca-file "$PKI/ca.crt" \
    --use-service-account-credentials=false \
    --controllers '*,-csrsigning,-csrapproving,-csrcleaner,-nodeipam,-cloud-node-lifecycle,-service,-route,-persistentvolume-binder,-attachdetach,-pvc-protection,-pv-protection' \
    --v=1 \
    >"$DATA/kube-controller-manager.log" 2>&1 &
  echo $! >"$DATA/kube-controller-manager.pid"
fi

log "etcd 127.0.0.1:$ETCD_PORT (pid $(cat "$DATA/etcd.pid")), kube-apiserver https://127.0.0.1:$API_PORT (pid $(cat "$DATA/kube-apiserver.pid"))$( [ -f "$DATA/kube-controller-manager.pid" ] && echo ", kube-controller-manager (pid $(cat "$DATA/kube-controller-manager.pid"))")"
log "ready in $(( ($(date +%s%N) - started) / 1000000 )) ms"
echo "$DATA/kubeconfig"
