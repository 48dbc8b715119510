#!/usr/bin/env bash
# Builds kube-apiserver and kube-controller-manager v1.20.2 from Debian bookworm's `kubernetes` source
# package, offline, with Debian's Go, and caches them outside the clone. A second run takes seconds.
#
#   FLUXCONFIG_KUBE_CACHE   cache root (default ~/.cache/fluxconfig-kube); binaries land in $CACHE/1.20.2/bin
#   --node                  also kubelet and kube-scheduler (for ../node/); a cache that has only the API server
#                           gets just these two built, from the same tree and Go cache
#
# Prints the binary directory on the last line of stdout.
set -euo pipefail

VERSION=1.20.2
CACHE="${FLUXCONFIG_KUBE_CACHE:-$HOME/.cache/fluxconfig-kube}"
OUT="$CACHE/$VERSION"
BIN="$OUT/bin"
WORK="$OUT/src"
TARGETS=(kube-apiserver kube-controller-manager)
for arg in "$@"; do
  case "$arg" in
    --node) TARGETS+=(kubelet kube-scheduler) ;;
    *) echo "[kube-build] unknown option $arg (known: --node)" >&2; exit 2 ;;
  esac
done

log() { echo "[kube-build] $*" >&2; }

have_binaries() {
  for t in "${TARGETS[@]}"; do [ -x "$BIN/$t" ] || return 1; done
  command -v etcd >/dev/null 2>&1 || [ -x /usr/bin/etcd ] || return 1
  command -v openssl >/dev/null 2>&1 || return 1
  command -v curl >/dev/null 2>&1 || return 1
}

mkdir -p "$OUT"
# One build at a time per cache: a second caller waits for the first and then finds the binaries.
exec 9>"$OUT/.build.lock"
flock 9

if have_binaries; then
  log "cached: $BIN ($("$BIN/kube-apiserver" --version 2>/dev/null || true))"
  echo "$BIN"
  exit 0
fi

SUDO=""
[ "$(id -u)" = 0 ] || SUDO="sudo"

# deb-src for the `kubernetes` source package: copy the binary stanzas of debian.sources as deb-src.
if ! grep -rqs '^Types:.*deb-src' /etc/apt/sources.list.d/ && ! grep -qs '^deb-src' /etc/apt/sources.list; then
  log "enabling deb-src"
  if [ -f /etc/apt/sources.list.d/debian.sources ]; then
    sed 's/^Types: deb$/Types: deb-src/' /etc/apt/sources.list.d/debian.sources \
      | $SUDO tee /etc/apt/sources.list.d/fluxconfig-debian-src.sources >/dev/null
  else
    grep '^deb ' /etc/apt/sources.list | sed 's/^deb /deb-src /' \
      | $SUDO tee /etc/apt/sources.list.d/fluxconfig-debian-src.list >/dev/null
  fi
fi

log "installing build and run dependencies from Debian"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends \
  golang-go etcd-server dpkg-dev rsync openssl curl ca-certificates make \
  golang-github-modern-go-reflect2-dev golang-github-json-iterator-go-dev >/dev/null

mkdir -p "$WORK" "$BIN"
SRC=$(find "$WORK" -maxdepth 1 -type d -name 'kubernetes-*' | head -1)
if [ -z "$SRC" ] || [ ! -f "$SRC/Makefile" ]; then
  log "fetching Debian source package kubernetes"
  (cd "$WORK" && apt-get source --download-only kubernetes >/dev/null 2>&1 \
     && dpkg-source -x --no-check "$(ls kubernetes_*.dsc | head -1)" >/dev/null)
  SRC=$(find "$WORK" -maxdepth 1 -type d -name 'kubernetes-*' | head -1)
fi
[ -n "$SRC" ] && [ -f "$SRC/Makefile" ] || { log "no kubernetes source tree under $WORK"; exit 1; }
log "source: $SRC"

# The vendored modern-go/reflect2 1.0.1 faults at run time under Go >= 1.18 (mapiterinit, on the first
# custom-resource create). Debian packages reflect2 1.0.2 and json-iterator 1.1.12, which fix it.
for p in github.com/modern-go/reflect2 github.com/json-iterator/go; do
  if [ ! -f "$SRC/vendor/$p/.fluxconfig-swapped" ]; then
    log "replacing vendor/$p with Debian's copy"
    build_file=""
    [ -f "$SRC/vendor/$p/BUILD" ] && build_file=$(mktemp) && cp "$SRC/vendor/$p/BUILD" "$build_file"
    rm -rf "${SRC:?}/vendor/$p" && mkdir -p "$SRC/vendor/$p"
    find "/usr/share/gocode/src/$p" -maxdepth 1 -type f \
      \( \( -name '*.go' ! -name '*_test.go' \) -o -name '*.s' -o -name LICENSE \) -exec cp {} "$SRC/vendor/$p/" \;
    [ -n "$build_file" ] && mv "$build_file" "$SRC/vendor/$p/BUILD"
    touch "$SRC/vendor/$p/.fluxconfig-swapped"
  fi
done

# Kubernetes 1.20 builds in GOPATH mode through its Makefile (which also generates the openapi code).
MISSING=()
for t in "${TARGETS[@]}"; do [ -x "$BIN/$t" ] || MISSING+=("cmd/$t"); done
[ "${#MISSING[@]}" -gt 0 ] || MISSING=("cmd/${TARGETS[0]}")
mkdir -p "$SRC/.go/src/k8s.io" "$OUT/gocache" "$OUT/buildhome"
[ -L "$SRC/.go/src/k8s.io/kubernetes" ] || ln -s ../../.. "$SRC/.go/src/k8s.io/kubernetes"
start=$(date +%s)
(
  cd "$SRC"
  export GOPATH="$SRC/.go" GOPROXY=off GOFLAGS= CGO_ENABLED=0 GOCACHE="$OUT/gocache" HOME="$OUT/buildhome"
  make WHAT="${MISSING[*]}" >"$OUT/build.log" 2>&1
) || { log "make failed, last lines of $OUT/build.log:"; tail -40 "$OUT/build.log" >&2; exit 1; }
for w in "${MISSING[@]}"; do install -m755 "$SRC/_output/bin/${w#cmd/}" "$BIN/${w#cmd/}"; done
log "built ${MISSING[*]} in $(( $(date +%s) - start ))s: $("$BIN/kube-apiserver" --version)"
echo "$BIN"
