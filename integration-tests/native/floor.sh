#!/usr/bin/env bash
# The native controller's idle memory floor and what holds it up: starts the executable (controller/target/*-runner)
# on an API server, waits until it is ready and idle, and splits its resident memory by where it lives
# (/proc/<pid>/smaps): pages mapped from the executable file (code and the pre-initialised image heap; clean ones are
# shared and reclaimable, dirty ones are copies), anonymous memory (the run-time heap, malloc arenas, thread stacks)
# and the threads. A measurement for docs/benchmarks.md, not a test.
#
#   integration-tests/native/floor.sh KUBECONFIG [--env NAME=VALUE]... [--] [executable options...]
#
# The executable options default to the chart's nativeOpts (helm/fluxconfig/values.yaml); MALLOC_ARENA_MAX=2 as the
# chart sets it unless --env overrides it. Idle: 20 s after ready (FLUXCONFIG_FLOOR_IDLE seconds). Prints one line:
#   floor: ready_ms=… rss_mib=… anon_mib=… file_mib=… file_dirty_mib=… threads=… opts=…
# (anon_mib includes file_dirty_mib: pages of the executable's mappings written since, copies of the image heap)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
KUBECONFIG_PATH="${1:?usage: floor.sh KUBECONFIG [--env NAME=VALUE]... [--] [options...]}"
shift
ENVS=(MALLOC_ARENA_MAX=2)
while [ $# -gt 0 ]; do
  case "$1" in
    --env) ENVS+=("$2"); shift 2 ;;
    --) shift; break ;;
    *) break ;;
  esac
done
RUNNER=$(ls "$ROOT"/controller/target/*-runner 2>/dev/null | head -1 || true)
[ -n "$RUNNER" ] || { echo "no controller/target/*-runner: build it first (README.md)" >&2; exit 1; }
if [ $# -eq 0 ]; then
  # the chart's nativeOpts
  read -r -a OPTS <<<"$(awk '/^fluxconfig-controller:/{s=1;next} /^[^ ]/{s=0} s && $1=="nativeOpts:"{sub(/^ *nativeOpts: */,""); gsub(/"/,""); print}' "$ROOT/helm/fluxconfig/values.yaml")"
else
  OPTS=("$@")
fi
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
LOG=$(mktemp /tmp/floor-XXXX.log)
env KUBECONFIG="$KUBECONFIG_PATH" QUARKUS_HTTP_PORT="$PORT" QUARKUS_HTTP_HOST=127.0.0.1 POD_NAMESPACE=flux-system \
  POD_NAME=floor-probe "${ENVS[@]}" "$RUNNER" "${OPTS[@]}" >"$LOG" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null; rm -f "$LOG"' EXIT
started=$(date +%s%N)
for _ in $(seq 1 600); do
  curl -fsS "http://127.0.0.1:$PORT/q/health/ready" >/dev/null 2>&1 && break
  kill -0 $PID 2>/dev/null || { echo "the executable exited:" >&2; tail -20 "$LOG" >&2; exit 1; }
  sleep 0.1
done
ready_ms=$(( ($(date +%s%N) - started) / 1000000 ))
sleep "${FLUXCONFIG_FLOOR_IDLE:-20}" # the idle window of the measurement
awk -v exe="$(readlink -f "$RUNNER")" -v threads="$(awk '/^Threads:/{print $2}' /proc/$PID/status)" \
  -v ready="$ready_ms" -v opts="${ENVS[*]} ${OPTS[*]}" '
  /^[0-9a-f]+-[0-9a-f]+ / { path = $6; file = (path == exe); next }
  /^Rss:/ { rss += $2; if (file) frss += $2 }
  /^Anonymous:/ { anon += $2; if (file) fdirty += $2 }
  END {
    printf "floor: ready_ms=%d rss_mib=%.1f anon_mib=%.1f file_mib=%.1f file_dirty_mib=%.1f threads=%d opts=%s\n",
      ready, rss / 1024, anon / 1024, (frss - fdirty) / 1024, fdirty / 1024, threads, opts
  }' /proc/$PID/smaps
