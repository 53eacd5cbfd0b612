#!/usr/bin/env bash
# The wheel as a user gets it: installed into a fresh venv (with pytest from PyPI), then
# used with no Rust toolchain on PATH, from a temp folder outside the checkout, with an
# environment that holds nothing of ours (no CARGO_TARGET_DIR, PIPEDRIVE_*, PYTHONPATH):
# the import comes from site-packages, the index-page metadata and license files are
# there (python/tests/test_package_metadata.py), the in-process sandbox serves a few v2
# calls (python/wheel_smoke/smoke.py), and the pytest plugin's fixtures work in a test
# file of their own (python/wheel_smoke/test_wheel_plugin.py).
#
#   scripts/py-wheel-smoke.sh          builds the wheel first (scripts/py-wheel.sh)
#   scripts/py-wheel-smoke.sh WHEEL    tests that wheel
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD

if [ "$(uname -s)" != Linux ]; then
    ./scripts/skip.sh "wheel smoke" "the manylinux wheel is built and checked on Linux only"
    exit 0
fi

if [ "$#" -eq 0 ]; then
    ./scripts/py-wheel.sh
    wheels=("$repo"/target/wheels/pipedrive_rs-*-cp39-abi3-manylinux*.whl)
    [ "${#wheels[@]}" -eq 1 ] && [ -f "${wheels[0]}" ] || {
        echo "py-wheel-smoke: expected one wheel in target/wheels" >&2
        exit 1
    }
    wheel=${wheels[0]}
elif [ "$#" -eq 1 ] && [ -f "$1" ]; then
    wheel=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
else
    echo "usage: $0 [WHEEL]" >&2
    exit 2
fi
echo "py-wheel-smoke: $(basename "$wheel"), $(stat -c %s "$wheel") bytes ($(du -h "$wheel" | cut -f1))"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/py-wheel-smoke.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
case "$tmp/" in "$repo"/*) echo "py-wheel-smoke: $tmp is inside the checkout" >&2; exit 1 ;; esac
start=$SECONDS

python3 -m venv "$tmp/venv"
# Binaries only: nothing may be compiled here (the wheel is the thing under test).
"$tmp/venv/bin/python" -m pip install -q --disable-pip-version-check --only-binary :all: \
    "$wheel" "pytest>=7"

mkdir -p "$tmp/run" "$tmp/home"
cp python/wheel_smoke/smoke.py python/wheel_smoke/test_wheel_plugin.py \
    python/tests/test_package_metadata.py "$tmp/run/"
cd "$tmp/run"
# A user's shell: the venv and the system, nothing else of this machine's environment.
user=(env -i HOME="$tmp/home" TMPDIR="$tmp" LANG=C.UTF-8 PATH="$tmp/venv/bin:/usr/bin:/bin")

"${user[@]}" bash -c '
    for tool in cargo rustc rustup; do
        if found=$(command -v "$tool"); then echo "py-wheel-smoke: $tool is on PATH ($found)" >&2; exit 1; fi
    done'
echo "py-wheel-smoke: no cargo, rustc or rustup on PATH"

# pytest exits 0 when everything is skipped or deselected: its JUnit report must show
# every test of FILE run and passed.
run_pytest() {
    local file=$1 expected
    expected=$(grep -c '^def test_' "$file")
    "${user[@]}" python -m pytest -q -p no:cacheprovider --junitxml="$tmp/junit.xml" "$file"
    "${user[@]}" python - "$tmp/junit.xml" "$expected" "$file" <<'EOF'
import sys
import xml.etree.ElementTree as ET

report, expected, name = sys.argv[1], int(sys.argv[2]), sys.argv[3]
suite = ET.parse(report).getroot()
suite = suite if suite.tag == "testsuite" else suite.find("testsuite")
counts = {k: int(suite.get(k, 0)) for k in ("tests", "failures", "errors", "skipped")}
if counts != {"tests": expected, "failures": 0, "errors": 0, "skipped": 0}:
    sys.exit(f"py-wheel-smoke: {name}: expected {expected} tests run and passed, got {counts}")
EOF
}

echo "py-wheel-smoke: import"
"${user[@]}" python smoke.py import "$repo"
echo "py-wheel-smoke: metadata"
run_pytest test_package_metadata.py
echo "py-wheel-smoke: sandbox"
"${user[@]}" python smoke.py sandbox
echo "py-wheel-smoke: pytest plugin"
run_pytest test_wheel_plugin.py
echo "py-wheel-smoke: passed in $((SECONDS - start)) s"
