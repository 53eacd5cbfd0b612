#!/usr/bin/env bash
# Compiles the generated Kotlin bindings with bindings/ffi/tests/kotlin/SandboxTest.kt
# (JVM; the same generated code Android uses) and runs it against a local
# pipedrive-sandbox. Installs what it needs when missing: kotlinc from the npm package
# `kotlin-compiler` (into target/tools/kotlin) and JNA from Debian's `libjna-java`;
# `--install-only` stops after that (.ci/run uses it).
set -euo pipefail
cd "$(dirname "$0")/.."

# Pinned so CI compiles with the compiler this test was written against.
kotlin_version="2.4.20"
kotlin_dir="target/tools/kotlin"
kotlinc="$kotlin_dir/node_modules/kotlin-compiler/bin/kotlinc-jvm"
jna="${JNA_JAR:-/usr/share/java/jna.jar}"

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
    command -v java >/dev/null || { echo "ffi-kotlin-test: no java on PATH"; exit 1; }
}

install
[ "${1:-}" = "--install-only" ] && exit 0

scripts/ffi-bindings.sh debug
cargo build -q -p pipedrive-sandbox --bin pipedrive-sandbox

build="target/ffi/kotlin-test"
mkdir -p "$build"
jar="$build/sandbox-test.jar"
sources=(target/ffi/debug/bindings/uniffi/pipedrive_ffi/pipedrive_ffi.kt bindings/ffi/tests/kotlin/SandboxTest.kt)
# Recompile only when the generated bindings or the test changed.
stamp="$build/sources.sha"
sum=$(cat "${sources[@]}" | sha256sum | cut -d' ' -f1)
if [ ! -f "$jar" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$sum" ]; then
    echo "ffi-kotlin-test: compiling the bindings and the test with kotlinc"
    "$kotlinc" -nowarn -cp "$jna" "${sources[@]}" -include-runtime -d "$jar"
    echo "$sum" >"$stamp"
fi

deals=120
token="kotlin-sandbox-token"
log="$build/sandbox.log"
target/debug/pipedrive-sandbox --port 0 --seed 11 --seed-deals "$deals" --token "$token" >"$log" 2>&1 &
sandbox=$!
trap 'kill $sandbox 2>/dev/null || true; wait $sandbox 2>/dev/null || true' EXIT
url=""
for _ in $(seq 1 300); do
    url=$(sed -n 's/^pipedrive-sandbox listening on //p' "$log")
    [ -n "$url" ] && break
    kill -0 $sandbox 2>/dev/null || { cat "$log"; exit 1; }
    sleep 0.1
done
[ -n "$url" ] || { echo "ffi-kotlin-test: the sandbox did not start"; cat "$log"; exit 1; }

PIPEDRIVE_SANDBOX_URL="$url" PIPEDRIVE_SANDBOX_TOKEN="$token" PIPEDRIVE_SANDBOX_DEALS="$deals" \
    java -Djna.library.path="$PWD/target/debug" -cp "$jar:$jna" SandboxTestKt
