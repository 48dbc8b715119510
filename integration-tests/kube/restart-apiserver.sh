#!/usr/bin/env bash
# Stops kube-apiserver of a running start.sh instance and starts it again on the same port, with the same data and
# certificates, so clients keep their kubeconfig. etcd and the controller-manager keep running unless asked.
#
#   FLUXCONFIG_KUBE_DATA      the data dir given to start.sh (default <repo>/.kube-run)
#   FLUXCONFIG_KUBE_TIMEOUT   seconds to wait for /readyz (default 60)
#   --with-etcd               restart etcd too (same port and data), between stopping and starting the API server
#   --kill                    stop with SIGKILL instead of SIGTERM (a crash rather than a graceful shutdown)
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
DATA="${FLUXCONFIG_KUBE_DATA:-$(cd "$HERE/../.." && pwd)/.kube-run}"
TIMEOUT="${FLUXCONFIG_KUBE_TIMEOUT:-60}"
ETCD="$(command -v etcd || echo /usr/bin/etcd)"
# shellcheck source=lib.sh
. "$HERE/lib.sh"
WITH_ETCD=0
KILL=0
for arg in "$@"; do
  case "$arg" in
    --with-etcd) WITH_ETCD=1 ;;
    --kill) KILL=1 ;;
    *) log "unknown option $arg (known: --with-etcd, --kill)"; exit 2 ;;
  esac
done

BIN="$("$HERE/build.sh" | tail -1)"
if [ ! -f "$DATA/ports" ] || [ ! -f "$DATA/kube-apiserver.pid" ]; then
  log "no API server started by start.sh in $DATA"; exit 1
fi
# shellcheck disable=SC1091
. <(tr ' ' '\n' <"$DATA/ports")

down() { # name
  if [ "$KILL" = 1 ] && [ -f "$DATA/$1.pid" ]; then
    kill -9 "$(cat "$DATA/$1.pid")" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$(cat "$DATA/$1.pid")" 2>/dev/null || break; sleep 0.1; done
    log "killed $1 (pid $(cat "$DATA/$1.pid"))"
    rm -f "$DATA/$1.pid"
  else
    stop_one "$1"
  fi
}

started=$(date +%s%N)
down kube-apiserver
if [ "$WITH_ETCD" = 1 ]; then
  down etcd
  start_etcd "$ETCD_PORT"
fi
start_apiserver "$ETCD_PORT" "$API_PORT"
wait_for_apiserver "$API_PORT"
log "kube-apiserver https://127.0.0.1:$API_PORT (pid $(cat "$DATA/kube-apiserver.pid"))$( [ "$WITH_ETCD" = 1 ] && echo ", etcd 127.0.0.1:$ETCD_PORT (pid $(cat "$DATA/etcd.pid"))") back in $(( ($(date +%s%N) - started) / 1000000 )) ms"
