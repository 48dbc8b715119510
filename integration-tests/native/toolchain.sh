#!/usr/bin/env bash
# Assembles a native-image toolchain (a GraalVM-like home) from Maven Central and Debian bookworm only, and caches
# it outside the clone. A second run takes seconds. Prints the GraalVM home on the last line of stdout: pass it as
# GRAALVM_HOME to `mvn -Pnative`.
#
#   FLUXCONFIG_NATIVE_CACHE   cache root (default ~/.cache/fluxconfig-native)
#   --cached                  only answer: print the home and exit 0 when it is assembled, exit 3 otherwise
#
# Why it is assembled and not downloaded: no GraalVM or Mandrel distribution is served to these machines. What is
# served, and what this script puts together (each patch is explained where it is made):
#   builder JDK      Debian's openjdk-17-jdk-headless (17.0.14 or later; it has JVMCI, jdk.internal.vm.ci)
#   SubstrateVM      org.graalvm.nativeimage:svm:23.0.6 and its jars (the last "GraalVM for JDK 17" on Central)
#   SVM C libraries  org.graalvm.nativeimage:svm-hosted-native-linux-amd64:21.1.0 (the newest on Central)
#   JDK static libs  built from Debian's openjdk-17 source package (no Debian package ships libjava.a and friends)
#   driver           bin/native-image (our stand-in: the svm-driver jar stops at 20.3.0 on Central)
# This is an unsupported combination (GraalVM 23.0 is past its end of life and older than the 23.1 that Quarkus
# 3.30 supports). It proves the code native-ready and measures the footprint here. Production images are built with
# Mandrel 23.1 or later for JDK 21 in a builder container (quay.io/quarkus/ubi-quarkus-mandrel-builder-image:jdk-21)
# on a machine that can pull it: `mvn -Pnative -Dquarkus.native.container-build=true`. See integration-tests/native/README.md.
#
# Needs root (apt), network to Maven Central and deb.debian.org, about 4 GB of disk. Heavy steps run under nice.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
KIT=$HERE/toolchain
CACHE="${FLUXCONFIG_NATIVE_CACHE:-$HOME/.cache/fluxconfig-native}"
SVM_VER=23.0.6
CLIB_VER=21.1.0
# A version of Debian's openjdk-17 source that the mirror serves; its static libraries are linked into the binary.
OJDK_SRC_VER=${OJDK_SRC_VER:-17.0.19+10-1~deb12u2}
JDK17=/usr/lib/jvm/java-17-openjdk-amd64
GH=$CACHE/graalvm-$SVM_VER-jdk17
M2=${MAVEN_REPO:-$HOME/.m2/repository}
NICE=(nice -n "${FLUXCONFIG_NATIVE_NICE:-15}")

log() { echo "[native-toolchain $(date -u +%H:%M:%S)] $*" >&2; }

mkdir -p "$CACHE"
exec 9>"$CACHE/.lock"
flock 9

if [ -f "$GH/.complete" ] && [ "$(cat "$GH/.complete")" = "$(cat "$KIT"/bin/* "$KIT"/svm-clib/* "$KIT"/patches/* | sha1sum)" ]; then
  log "cached: $GH"
  echo "$GH"
  exit 0
fi
if [ "${1:-}" = "--cached" ]; then
  log "not assembled yet: $GH"
  exit 3
fi

SUDO=""
[ "$(id -u)" = 0 ] || SUDO="sudo"
APT=($SUDO apt-get -o DPkg::Lock::Timeout=900 -y -qq --no-install-recommends)
export DEBIAN_FRONTEND=noninteractive

# ---- 1. Debian packages -------------------------------------------------------------------------------------------
# The JDK the SVM patches below target must be 17.0.14 or later (JCE internals changed in 17.0.14).
if [ ! -x "$JDK17/bin/javac" ]; then
  log "apt: openjdk-17-jdk-headless"
  $SUDO apt-get update -qq
  "${APT[@]}" install openjdk-17-jdk-headless >/dev/null
fi
JDK_VER=$("$JDK17/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.version =/ {print $2}')
case "$JDK_VER" in
  17.0.1[4-9]*|17.0.[2-9][0-9]*) ;;
  *) echo "native-toolchain: $JDK17 is $JDK_VER; the svm $SVM_VER patches need 17.0.14 or later" >&2; exit 1 ;;
esac
if [ ! -f "$CACHE/.apt-done" ]; then
  log "apt: compiler, zlib and the OpenJDK build dependencies"
  $SUDO apt-get update -qq
  # the headers of the desktop libraries are needed by OpenJDK's configure even for a headless static-libs build
  "${APT[@]}" install gcc g++ make autoconf zip unzip file zlib1g-dev python3 dpkg-dev \
    libcups2-dev libasound2-dev libfontconfig1-dev libfreetype-dev libx11-dev libxext-dev libxrender-dev \
    libxrandr-dev libxtst-dev libxt-dev >/dev/null
  touch "$CACHE/.apt-done"
fi

# ---- 2. SubstrateVM jars and C libraries from Maven Central ----------------------------------------------------------
L=$CACHE/svm-$SVM_VER/lib
if [ ! -f "$L/svm-$SVM_VER.jar" ]; then
  log "mvn: svm $SVM_VER and its dependencies"
  mkdir -p "$CACHE/svm-$SVM_VER"
  cat > "$CACHE/svm-$SVM_VER/pom.xml" <<EOF
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
<groupId>fluxconfig.native</groupId><artifactId>svm-jars</artifactId><version>1</version><packaging>pom</packaging>
<dependencies><dependency><groupId>org.graalvm.nativeimage</groupId><artifactId>svm</artifactId><version>$SVM_VER</version></dependency></dependencies>
</project>
EOF
  (cd "$CACHE/svm-$SVM_VER" && mvn -B -q dependency:copy-dependencies -DoutputDirectory=lib)
fi
if [ ! -f "$M2/org/graalvm/nativeimage/svm/$SVM_VER/svm-$SVM_VER-sources.jar" ]; then
  mvn -B -q dependency:get -Dartifact=org.graalvm.nativeimage:svm:$SVM_VER:jar:sources -Dtransitive=false
fi
HN=$CACHE/svm-hosted-native-$CLIB_VER
if [ ! -f "$HN/linux-amd64/libjvm.a" ]; then
  log "mvn: svm-hosted-native-linux-amd64 $CLIB_VER"
  mvn -B -q dependency:get -Dartifact=org.graalvm.nativeimage:svm-hosted-native-linux-amd64:$CLIB_VER:tar.gz -Dtransitive=false
  mkdir -p "$HN"
  tar xzf "$M2/org/graalvm/nativeimage/svm-hosted-native-linux-amd64/$CLIB_VER/svm-hosted-native-linux-amd64-$CLIB_VER.tar.gz" -C "$HN"
fi

# ---- 3. JDK 17 static libraries from Debian's openjdk-17 source package ----------------------------------------------
# native-image links libjava.a, libnio.a, libnet.a, libzip.a, libmanagement_ext.a ... into the binary; no Debian
# package ships them, so they are built from the source (only the static-libs targets: about 13 min on 2 cores).
SRC=$CACHE/openjdk-17-src
OJ=$(find "$SRC" -maxdepth 1 -type d -name 'openjdk-17-17.*' 2>/dev/null | head -1 || true)
if [ -z "$OJ" ]; then
  # deb-src, written as integration-tests/kube/build.sh writes it (one file, whichever script comes first)
  if ! grep -rqs '^Types:.*deb-src' /etc/apt/sources.list.d/ && ! grep -qs '^deb-src' /etc/apt/sources.list; then
    log "enabling deb-src"
    if [ -f /etc/apt/sources.list.d/debian.sources ]; then
      sed 's/^Types: deb$/Types: deb-src/' /etc/apt/sources.list.d/debian.sources \
        | $SUDO tee /etc/apt/sources.list.d/fluxconfig-debian-src.sources >/dev/null
    else
      grep '^deb ' /etc/apt/sources.list | sed 's/^deb /deb-src /' | $SUDO tee /etc/apt/sources.list.d/fluxconfig-debian-src.list >/dev/null
    fi
  fi
  apt-cache showsrc openjdk-17 2>/dev/null | grep -q '^Package:' || $SUDO apt-get -o DPkg::Lock::Timeout=900 update -qq
  log "apt-get source openjdk-17=$OJDK_SRC_VER"
  mkdir -p "$SRC"
  (cd "$SRC" && apt-get source --download-only "openjdk-17=$OJDK_SRC_VER" >/dev/null && tar xf openjdk-17_*.orig.tar.xz)
  OJ=$(find "$SRC" -maxdepth 1 -type d -name 'openjdk-17-17.*' | head -1)
fi
BUILD=$OJ/build/linux-x86_64-server-release
if [ ! -f "$BUILD/spec.gmk" ]; then
  log "configure OpenJDK (static libraries only)"
  (cd "$OJ" && "${NICE[@]}" bash configure --with-boot-jdk=$JDK17 --disable-warnings-as-errors \
    --with-native-debug-symbols=none --with-jvm-variants=server --with-debug-level=release --enable-headless-only \
    --disable-javac-server --with-zlib=system --with-jobs=2) > "$CACHE/configure-openjdk.log" 2>&1 \
    || { tail -30 "$CACHE/configure-openjdk.log" >&2; exit 1; }
fi
if [ ! -f "$BUILD/support/native/jdk.management/libmanagement_ext/static/libmanagement_ext.a" ]; then
  log "make java.base-static-libs jdk.net-static-libs jdk.management-static-libs (log: $CACHE/make-static-libs.log)"
  (cd "$OJ" && "${NICE[@]}" make CONF=linux-x86_64-server-release java.base-static-libs jdk.net-static-libs \
    jdk.management-static-libs) > "$CACHE/make-static-libs.log" 2>&1 || { tail -30 "$CACHE/make-static-libs.log" >&2; exit 1; }
fi

# ---- 4. the GraalVM-like home ----------------------------------------------------------------------------------------
log "assembling $GH"
rm -rf "$GH.tmp"
# a real copy of the JDK: java.home must be this directory, where the builder looks for lib/svm and lib/static
cp -a "$JDK17/." "$GH.tmp"
rm -rf "$GH.tmp/jmods"
mkdir -p "$GH.tmp/lib/svm/builder/lib" "$GH.tmp/lib/jvmci" "$GH.tmp/lib/truffle" "$GH.tmp/lib/static/linux-amd64/glibc" \
  "$GH.tmp/lib/svm/clibraries/linux-amd64/glibc" "$GH.tmp/lib/svm/clibraries/linux-amd64/include"
echo "$SVM_VER" > "$GH.tmp/lib/svm/VERSION"
cp "$L/objectfile-$SVM_VER.jar" "$L/pointsto-$SVM_VER.jar" "$L/native-image-base-$SVM_VER.jar" "$GH.tmp/lib/svm/builder/"
cp "$L/compiler-$SVM_VER.jar" "$GH.tmp/lib/jvmci/graal.jar"     # upgrades the JDK's jdk.internal.vm.compiler module
cp "$L/graal-sdk-$SVM_VER.jar" "$GH.tmp/lib/jvmci/graal-sdk.jar"
cp "$L/truffle-api-$SVM_VER.jar" "$GH.tmp/lib/truffle/truffle-api.jar"

W=$CACHE/work
rm -rf "$W" && mkdir -p "$W"
# PATCH 1 (svm jar): svm 23.0.6 was built for JDK 17.0.13. JDK 17.0.14 replaced javax.crypto.JceSecurity.IdentityWrapper
# with WeakIdentityWrapper and Provider.EngineDescription.constructorParameterClassName with constructorParameterClass;
# the builder then stops with "Substitution target ... IdentityWrapper ... can not be found" and NoSuchFieldException.
# Two classes are recompiled from svm's sources jar with the new names and spliced into a copy of the svm jar.
python3 "$KIT/patches/apply-src-patches-$SVM_VER.py" "$M2/org/graalvm/nativeimage/svm/$SVM_VER/svm-$SVM_VER-sources.jar" "$W/src" >&2
cp "$KIT/patches/compile.sh" "$W/src/compile.sh"
JAVAC=$JDK17/bin/javac "$W/src/compile.sh" "$L" "$GH.tmp/lib/svm/builder/svm-$SVM_VER.jar" >&2

# PATCH 2 (JVMCI): the Maven jars are compiled against labsjdk, whose StackLockValue has 'AllocatableValue getSlot()';
# stock JDK 17 has only 'Value getSlot()' (NoSuchMethodError at the first compiled monitor). jvmcicheck/JvmciCheck.java
# shows it is the only JVMCI member missing. The method is added to a copy of the class, loaded with --patch-module.
mkdir -p "$W/jvmci"
"$JDK17/bin/javac" --add-exports java.base/jdk.internal.org.objectweb.asm=ALL-UNNAMED -d "$W/jvmci" \
  "$KIT/jvmcicheck/PatchStackLockValue.java" "$KIT/jvmcicheck/JvmciCheck.java"
"$JDK17/bin/java" --add-exports java.base/jdk.internal.org.objectweb.asm=ALL-UNNAMED -cp "$W/jvmci" PatchStackLockValue \
  "$GH.tmp/lib/svm/jvmci-patch" >&2

# PATCH 3 (C libraries): the 21.1.0 libraries are older than svm 23.0.6.
#  - the CPU feature struct grew (35 fields in 21.1, 61 in 23.0.6): the header is generated from the svm jar and
#    svm-clib/cpufeatures.c (our own CPUID code) replaces the archive's cpuid.o;
#  - svm 23.0 calls openSII, openatISII and fprintfSD, which libchelper 21.1 lacks: svm-clib/svmhelpers.c;
#  - JDK 17's libjava.a calls jio_snprintf and jio_fprintf, which libjvm.a 21.1 lacks: svm-clib/jvmstubs.c;
#  - the builder's progress reporter loads libreporterchelper.so (JNI, peak RSS and terminal width): reporterchelper.c.
C=$KIT/svm-clib
"$C/gen-header.sh" "$L/svm-$SVM_VER.jar" "$W/clib" >&2
gcc -O2 -fPIC -c "$C/cpufeatures.c" -I"$W/clib/include" -I"$W/clib" -o "$W/clib/cpufeatures.o"
gcc -O2 -fPIC -c "$C/svmhelpers.c" -o "$W/clib/svmhelpers.o"
gcc -O2 -fPIC -c "$C/jvmstubs.c" -o "$W/clib/jvmstubs.o"
mkdir -p "$W/clib/ar"
(cd "$W/clib/ar" && ar x "$HN/linux-amd64/liblibchelper.a" && rm cpuid.o \
  && cp ../cpufeatures.o ../svmhelpers.o . && ar rcs ../liblibchelper.a ./*.o)
cp "$HN/linux-amd64/libjvm.a" "$W/clib/libjvm.a" && ar rs "$W/clib/libjvm.a" "$W/clib/jvmstubs.o" 2>/dev/null
for d in "$GH.tmp/lib/svm/clibraries/linux-amd64" "$GH.tmp/lib/svm/clibraries/linux-amd64/glibc"; do
  cp "$W/clib/libjvm.a" "$W/clib/liblibchelper.a" "$d/"
done
cp "$W"/clib/include/*cpufeatures.h "$GH.tmp/lib/svm/clibraries/linux-amd64/include/"
gcc -O2 -shared -fPIC -I"$JDK17/include" -I"$JDK17/include/linux" "$C/reporterchelper.c" \
  -o "$GH.tmp/lib/svm/builder/lib/libreporterchelper.so"

# the JDK static libraries
find "$BUILD/support/native" -path '*/static/*.a' -exec cp {} "$GH.tmp/lib/static/linux-amd64/glibc/" \;
for lib in libjava libnio libnet libzip libmanagement_ext; do
  [ -f "$GH.tmp/lib/static/linux-amd64/glibc/$lib.a" ] || { echo "native-toolchain: $lib.a was not built" >&2; exit 1; }
done

# the driver stand-in (what Quarkus calls) and the builder launcher
cp "$KIT/bin/native-image" "$KIT/bin/ni-builder" "$GH.tmp/bin/"
chmod +x "$GH.tmp/bin/native-image" "$GH.tmp/bin/ni-builder"

# ---- 5. smoke test: a hello world must build and run -----------------------------------------------------------------
mkdir -p "$W/hello/classes"
cat > "$W/hello/Hello.java" <<'EOF'
public class Hello {
    public static void main(String[] args) {
        System.out.println("hello from native " + System.getProperty("java.version"));
    }
}
EOF
"$JDK17/bin/javac" -d "$W/hello/classes" "$W/hello/Hello.java"
log "smoke test: native hello world"
(cd "$W/hello" && "${NICE[@]}" "$GH.tmp/bin/native-image" -J-Xmx2g -cp classes Hello hello) > "$W/hello/build.log" 2>&1 \
  || { tail -40 "$W/hello/build.log" >&2; exit 1; }
"$W/hello/hello" | grep -q '^hello from native 17' || { echo "native-toolchain: the hello world did not run" >&2; exit 1; }

rm -rf "$GH"
mv "$GH.tmp" "$GH"
cat "$KIT"/bin/* "$KIT"/svm-clib/* "$KIT"/patches/* | sha1sum > "$GH/.complete"
log "done: $GH"
echo "$GH"
