#!/usr/bin/env bash
# Stops exactly the processes start.sh started for one data dir, by their pid files, never by name.
#   FLUXCONFIG_KUBE_DATA   the data dir given to start.sh (default <repo>/.kube-run)
#   FLUXCONFIG_KUBE_WIPE=1 also delete the etcd data
set -uo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
DATA="${FLUXCONFIG_KUBE_DATA:-$(cd "$HERE/../.." && pwd)/.kube-run}"

# shellcheck source=lib.sh
. "$HERE/lib.sh"
stop_one kube-controller-manager
stop_one kube-apiserver
stop_one etcd
if [ "${FLUXCONFIG_KUBE_WIPE:-0}" = 1 ]; then rm -rf "$DATA/etcd"; log "wiped $DATA/etcd"; fi
exit 0
