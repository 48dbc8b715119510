#!/usr/bin/env bash
# Stops exactly the processes start.sh started for one data dir, by their pid files, never by name.
#   FLUXCONFIG_KUBE_DATA   the data dir given to start.sh (default <repo>/.kube-run)
#   FLUXCONFIG_KUBE_WIPE=1 also delete the etcd data
set -uo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
DATA="${FLUXCONFIG_KUBE_DATA:-$(cd "$HERE/../.." && pwd)/.kube-run}"

stop_one() {
  local name=$1 pidf="$DATA/$1.pid" pid
  [ -f "$pidf" ] || return 0
  pid=$(cat "$pidf")
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null
    for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null
    echo "[kube-stop] stopped $name (pid $pid)" >&2
  fi
  rm -f "$pidf"
}
stop_one kube-controller-manager
stop_one kube-apiserver
stop_one etcd
if [ "${FLUXCONFIG_KUBE_WIPE:-0}" = 1 ]; then rm -rf "$DATA/etcd"; echo "[kube-stop] wiped $DATA/etcd" >&2; fi
exit 0
