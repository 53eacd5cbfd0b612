#!/usr/bin/env bash
# Compiles the generated Kotlin bindings with the tests in bindings/ffi/tests/kotlin/ and
# the Kotlin recipes of docs/cookbook.md (SandboxTest.kt runs them all; the other files
# add theirs through `test(...)`) for the JVM (the same generated code Android uses) and
# runs them against a local pipedrive-sandbox; then, in JVMs of their own, ClientCycles.kt
# (2,000 clients: sockets and RSS) and the Java caller in bindings/ffi/tests/java/,
# compiled with javac. Installs what it needs when missing:
# kotlinc from the npm package `kotlin-compiler` (into target/tools/kotlin; it also ships
# the kotlinx-coroutines jar the `suspend` forms and the pager Flows need, the same
# library an Android app gets from Maven) and JNA from Debian's `libjna-java`;
# `--install-only` stops after that (.ci/run uses it); `--release` runs the same test
# against the shipped library (stripped `ffi-release` build, target/ffi/release/).
set -euo pipefail
cd "$(dirname "$0")/.."

# Pinned so CI compiles with the compiler this test was written against.
kotlin_version="2.4.20"
kotlin_dir="target/tools/kotlin"
kotlinc="$kotlin_dir/node_modules/kotlin-compiler/bin/kotlinc-jvm"
jna="${JNA_JAR:-/usr/share/java/jna.jar}"
coroutines="$kotlin_dir/node_modules/kotlin-compiler/lib/kotlinx-coroutines-core-jvm.jar"

install() {
    if [ ! -x "$kotlinc" ]; then
        echo "ffi-kotlin-test: installing kotlin-compiler@$kotlin_version from npm"
        npm install --silent --no-audit --no-fund --prefix "$kotlin_dir" "kotlin-compiler@$kotlin_version" >/dev/null
    fi
    if [ ! -f "$jna" ]; then
        echo "ffi-kotlin-test: installing libjna-java"
        local sudo_cmd=""
        [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
        $sudo_cmd apt-get install -y -qq libjna-java >/dev/null 2>&1 ||
            { $sudo_cmd apt-get update -qq >/dev/null && $sudo_cmd apt-get install -y -qq libjna-java >/dev/null; }
    fi
    [ -x "$kotlinc" ] || { echo "ffi-kotlin-test: no kotlinc at $kotlinc"; exit 1; }
    [ -f "$jna" ] || { echo "ffi-kotlin-test: no JNA jar at $jna"; exit 1; }
    [ -f "$coroutines" ] || { echo "ffi-kotlin-test: no kotlinx-coroutines jar at $coroutines"; exit 1; }
    command -v java >/dev/null || { echo "ffi-kotlin-test: no java on PATH"; exit 1; }
    command -v javac >/dev/null || { echo "ffi-kotlin-test: no javac on PATH (the Java caller test needs a JDK)"; exit 1; }
}

install
profile=debug
case "${1:-}" in
    --install-only) exit 0 ;;
    --release) profile=release ;;
    "") ;;
    *) echo "usage: $0 [--install-only|--release]" >&2; exit 2 ;;
esac

scripts/ffi-bindings.sh "$profile"
if [ "$profile" = release ]; then
    libdir="$PWD/target/ffi/release"
else
    libdir="$PWD/target/debug"
fi

build="target/ffi/kotlin-test/$profile"
mkdir -p "$build"
jar="$build/sandbox-test.jar"
python3 scripts/cookbook-kotlin.py docs/cookbook.md "$build/CookbookTest.kt"
sources=(target/ffi/"$profile"/bindings/uniffi/pipedrive_ffi/*.kt bindings/ffi/tests/kotlin/*.kt "$build/CookbookTest.kt")
# Recompile only when the generated bindings or the test changed.
stamp="$build/sources.sha"
sum=$(cat "${sources[@]}" | sha256sum | cut -d' ' -f1)
if [ ! -f "$jar" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$sum" ]; then
    echo "ffi-kotlin-test: compiling the bindings and the test with kotlinc"
    # The bindings of both API versions are large: the default heap is not enough.
    "$kotlinc" -J-Xmx4g -nowarn -cp "$jna:$coroutines" "${sources[@]}" -include-runtime -d "$jar"
    echo "$sum" >"$stamp"
fi
# A Java caller of the same classes, compiled with the JDK's javac against that jar.
rm -rf "$build/java"
javac -nowarn -d "$build/java" -cp "$jar:$jna" bindings/ffi/tests/java/*.java

# The same classpath for every JVM run here: the Kotlin test, the lifetime check and the
# Java caller.
export FFI_TEST_CP="$jar:$jna:$coroutines" FFI_TEST_LIBDIR="$libdir" FFI_TEST_JAVA="$build/java"
scripts/with-sandbox.sh --seed 11 --seed-deals 120 --token kotlin-sandbox-token -- bash -c '
    set -e
    java -Djna.library.path="$FFI_TEST_LIBDIR" -cp "$FFI_TEST_CP" SandboxTestKt
    # A fixed, pre-touched heap: a change in RSS is then native memory.
    java -Xms64m -Xmx64m -XX:+AlwaysPreTouch -Djna.library.path="$FFI_TEST_LIBDIR" \
        -cp "$FFI_TEST_CP" ClientCycles
    java -Djna.library.path="$FFI_TEST_LIBDIR" -cp "$FFI_TEST_JAVA:$FFI_TEST_CP" JavaCaller

'
