#!/usr/bin/env bash
# Functions shared by start.sh and restart-apiserver.sh: launching etcd and kube-apiserver for one data dir, on given
# ports, and waiting for them. Sourced with DATA, TIMEOUT and BIN set.

log() { echo "[kube-$(basename "$0" .sh)] $*" >&2; }

wait_for() { # what, check-command, pid file
  local what=$1 check=$2 pidf=$3
  for _ in $(seq 1 $((TIMEOUT * 10))); do
    if eval "$check" >/dev/null 2>&1; then return 0; fi
    if ! kill -0 "$(cat "$pidf")" 2>/dev/null; then
      log "$what exited; last lines of its log:"; tail -20 "${pidf%.pid}.log" >&2; return 1
    fi
    sleep 0.1
  done
  log "$what not ready after ${TIMEOUT}s; see ${pidf%.pid}.log"; return 1
}

# Stops one process by its pid file (SIGTERM, SIGKILL after 15 s), never by name.
stop_one() {
  local name=$1 pidf="$DATA/$1.pid" pid
  [ -f "$pidf" ] || return 0
  pid=$(cat "$pidf")
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null
    for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null
    log "stopped $name (pid $pid)"
  fi
  rm -f "$pidf"
}

start_etcd() { # client port (the peer port is the next one)
  local port=$1
  nohup "$ETCD" --name fluxconfig-test --data-dir "$DATA/etcd" \
    --listen-client-urls "http://127.0.0.1:$port" --advertise-client-urls "http://127.0.0.1:$port" \
    --listen-peer-urls "http://127.0.0.1:$((port + 1))" --initial-advertise-peer-urls "http://127.0.0.1:$((port + 1))" \
    --initial-cluster "fluxconfig-test=http://127.0.0.1:$((port + 1))" \
    --logger zap --log-level warn --quota-backend-bytes 2147483648 \
    >>"$DATA/etcd.log" 2>&1 &
  echo $! >"$DATA/etcd.pid"
  wait_for etcd "curl -fsS http://127.0.0.1:$port/health | grep -q '\"health\":\"true\"'" "$DATA/etcd.pid"
}

start_apiserver() { # etcd client port, secure port
  local etcd_port=$1 port=$2 pki="$DATA/pki" audit=()
  if [ "${FLUXCONFIG_KUBE_AUDIT:-0}" = 1 ]; then
    # Who wrote what (user, verb, object; no bodies), one JSON line per request, for tests that check which identity did
    # the work.
    cat >"$DATA/audit-policy.yaml" <<'POLICY'
apiVersion: audit.k8s.io/v1
kind: Policy
omitStages: [RequestReceived]
rules:
  - level: Metadata
    verbs: [create, update, patch, delete, deletecollection]
  - level: None
POLICY
    audit=(--audit-policy-file "$DATA/audit-policy.yaml" --audit-log-path "$DATA/audit.log" --audit-log-maxsize 200)
  fi
  nohup "$BIN/kube-apiserver" "${audit[@]}" \
    --etcd-servers "http://127.0.0.1:$etcd_port" \
    --bind-address 127.0.0.1 --advertise-address 127.0.0.1 --secure-port "$port" --insecure-port 0 \
    --tls-cert-file "$pki/apiserver.crt" --tls-private-key-file "$pki/apiserver.key" --client-ca-file "$pki/ca.crt" \
    --token-auth-file "$pki/tokens.csv" --authorization-mode RBAC \
    --service-account-key-file "$pki/sa.pub" --service-account-signing-key-file "$pki/sa.key" \
    --service-account-issuer https://kubernetes.default.svc \
    --service-cluster-ip-range 10.0.0.0/24 \
    --endpoint-reconciler-type none --profiling=false --v=1 \
    --kubelet-preferred-address-types Hostname \
    >>"$DATA/kube-apiserver.log" 2>&1 &
  echo $! >"$DATA/kube-apiserver.pid"
}

wait_for_apiserver() { # secure port
  local port=$1 pki="$DATA/pki"
  wait_for kube-apiserver \
    "curl -fsS --cacert '$pki/ca.crt' -H 'Authorization: Bearer $(cat "$pki/token")' https://127.0.0.1:$port/readyz | grep -qx ok" \
    "$DATA/kube-apiserver.pid"
}
