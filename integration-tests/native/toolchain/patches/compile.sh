#!/bin/bash
# Recompile the two patched svm-23.0.6 sources (SecuritySubstitutions.java, SecurityServicesFeature.java)
# against the unpatched svm jars and splice the classes into a copy of the svm jar.
# usage: compile.sh <deps-lib-dir> <out-jar>
set -euo pipefail
cd "$(dirname "$0")"
L=$1; OUTJAR=$2; T=org.graalvm.nativeimage.builder
TS="$T,org.graalvm.nativeimage.pointsto,jdk.internal.vm.compiler,org.graalvm.nativeimage.base,org.graalvm.nativeimage.objectfile"
EXP=()
for p in meta code code.site code.stack common runtime services amd64 aarch64 hotspot; do EXP+=("--add-exports=jdk.internal.vm.ci/jdk.vm.ci.$p=$TS"); done
for p in sun.security.jca sun.security.util sun.security.provider sun.security.ssl sun.security.x509 com.sun.crypto.provider \
  jdk.internal.misc jdk.internal.access sun.util.locale.provider jdk.internal.loader jdk.internal.reflect jdk.internal.module \
  sun.nio.ch sun.reflect.annotation jdk.internal.util jdk.internal.vm sun.util.calendar sun.invoke.util sun.net jdk.internal.ref; do
  EXP+=("--add-exports=java.base/$p=$TS"); done
EXP+=("--add-exports=java.management/sun.management=$TS")
rm -rf out && mkdir -p out
JAVAC=${JAVAC:-/usr/lib/jvm/java-17-openjdk-amd64/bin/javac}
$JAVAC -proc:none -nowarn -d out --add-modules=jdk.internal.vm.ci \
  --module-path "$L/svm-23.0.6.jar:$L/objectfile-23.0.6.jar:$L/pointsto-23.0.6.jar:$L/native-image-base-23.0.6.jar:$L/graal-sdk-23.0.6.jar:$L/truffle-api-23.0.6.jar" \
  --upgrade-module-path "$L/compiler-23.0.6.jar" --patch-module "$T=$PWD" "${EXP[@]}" \
  com/oracle/svm/core/jdk/SecuritySubstitutions.java com/oracle/svm/hosted/SecurityServicesFeature.java 2>&1 | grep -E '(error|^[0-9]+ error)' -A3 || true
[ -f out/com/oracle/svm/hosted/SecurityServicesFeature.class ] || { echo "compile failed"; exit 1; }
cp "$L/svm-23.0.6.jar" "$OUTJAR.tmp"
(cd out && zip -q -r "$OUTJAR.tmp" com)
mv "$OUTJAR.tmp" "$OUTJAR"
echo "patched $OUTJAR ($(find out -name '*.class' | wc -l) classes replaced)"
