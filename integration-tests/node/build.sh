#!/usr/bin/env bash
# Prepares a real Kubernetes node on this machine, from Debian's packages only, and caches it outside the clone:
#   - Debian's docker.io (dockerd 20.10, the kubelet's runtime through dockershim), mmdebstrap, busybox-static;
#   - kubelet and kube-scheduler v1.20.2, built by ../kube/build.sh from the same source tree as the API server;
#   - two image tarballs: a pause image (busybox-static) and a Java 17 base image (mmdebstrap of bookworm with
#     openjdk-17-jre-headless), which start.sh imports into its dockerd. No registry is reachable, so nothing is pulled.
#
#   FLUXCONFIG_NODE_CACHE   cache root (default ~/.cache/fluxconfig-node)
#   FLUXCONFIG_DEBIAN_MIRROR  (default http://deb.debian.org/debian)
#
# Prints the cache directory on the last line of stdout.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CACHE="${FLUXCONFIG_NODE_CACHE:-$HOME/.cache/fluxconfig-node}"
MIRROR="${FLUXCONFIG_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
IMAGES="$CACHE/images"
log() { echo "[node-build] $*" >&2; }

mkdir -p "$IMAGES"
exec 8>"$CACHE/.build.lock"
flock 8

SUDO=""
[ "$(id -u)" = 0 ] || SUDO="sudo"
need=()
for c in dockerd:docker.io runc:runc mmdebstrap:mmdebstrap busybox:busybox-static python3:python3 iptables:iptables; do
  command -v "${c%%:*}" >/dev/null 2>&1 || need+=("${c#*:}")
done
[ -x /bin/busybox ] || need+=(busybox-static)
if [ "${#need[@]}" -gt 0 ]; then
  log "installing ${need[*]} from Debian"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# kubelet and kube-scheduler: same source tree, Go cache and lock as the API server (an incremental make).
"$HERE/../kube/build.sh" --node >/dev/null

# The pause container of every pod: sleeps until TERM. busybox-static has no library to carry.
if [ ! -s "$IMAGES/pause.tar" ]; then
  started=$(date +%s)
  root=$(mktemp -d)
  mkdir -p "$root/bin"
  cp /bin/busybox "$root/bin/busybox"
  ln -s busybox "$root/bin/sh"
  tar -C "$root" -cf "$IMAGES/pause.part.tar" .
  rm -rf "$root"
  mv "$IMAGES/pause.part.tar" "$IMAGES/pause.tar"
  log "pause image tarball in $(( $(date +%s) - started ))s"
fi

# The Java base: a minimal bookworm with the headless JRE. man1 must exist for the JRE's update-alternatives.
if [ ! -s "$IMAGES/debian-jre17.tar" ]; then
  started=$(date +%s)
  log "building the Java 17 base from Debian packages (mmdebstrap, several minutes)"
  mmdebstrap --quiet --variant=minbase --include=openjdk-17-jre-headless,ca-certificates \
    --essential-hook='mkdir -p "$1/usr/share/man/man1"' \
    --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-exclude=/usr/share/locale/*' \
    --customize-hook='rm -rf "$1"/var/cache/apt/* "$1"/var/lib/apt/lists/*' \
    bookworm "$IMAGES/debian-jre17.part.tar" "$MIRROR" >"$CACHE/mmdebstrap.log" 2>&1 \
    || { log "mmdebstrap failed, see $CACHE/mmdebstrap.log"; tail -20 "$CACHE/mmdebstrap.log" >&2; exit 1; }
  mv "$IMAGES/debian-jre17.part.tar" "$IMAGES/debian-jre17.tar"
  log "Java base tarball in $(( $(date +%s) - started ))s ($(du -m "$IMAGES/debian-jre17.tar" | cut -f1) MB)"
fi
echo "$CACHE"
