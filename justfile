# Task runner for pipedrive-rs. `just --list` shows the recipes.

# The README's main job: a CRM workflow against a local server (or the real API when
# PIPEDRIVE_API_TOKEN is set).
demo:
    cargo run -q -p pipedrive --example crm_workflow

build:
    cargo build --workspace --all-targets

# Everything CI checks: formatting, lints, generated code up to date, all tests. A check
# that cannot run here (no ../shared, no Swift toolchain, a pytest skip) says SKIPPED with
# its reason, and the last line names every skip (scripts/skip.sh; log target/skipped.txt).
test:
    #!/usr/bin/env bash
    set -euo pipefail
    export PIPEDRIVE_SKIP_LOG="$PWD/target/skipped.txt"
    mkdir -p target
    : >"$PIPEDRIVE_SKIP_LOG"
    just="{{just_executable()}}"
    # Each step's start time in the trace: where a slow or failed run spent its minutes.
    PS4='+ [$(date +%T)] '
    set -x
    "$just" lint
    "$just" generate-check
    # bindings/ffi has no rlib, so `cargo test` does not build the library its parity test reads.
    cargo build -q -p pipedrive-ffi --lib
    # The contract tests are listed as ignored here: contract-tests.sh runs them against Prism.
    cargo test --workspace --all-targets
    cargo test --workspace --doc
    # The wheel as shipped (release build from the sdist) builds in the background from
    # here on: its fat LTO runs on one core, as do Prism, pytest, mypy, the fuzzers and
    # pdoc below. Its own target dir, so cargo's lock on target/ never makes either wait.
    setsid env CARGO_TARGET_DIR="$PWD/target/py-wheel-target" ./scripts/py-wheel.sh \
        >target/py-wheel.log 2>&1 &
    wheel_build=$!
    trap 'kill -- "-$wheel_build" 2>/dev/null || true' EXIT
    ./scripts/contract-tests.sh
    "$just" py-test
    # The Kotlin, lifetime and Java tests against the library as shipped (LTO, stripped).
    "$just" ffi-release-test
    "$just" ffi-swift-if-available
    "$just" fuzz-smoke
    "$just" docs
    if ! wait "$wheel_build"; then
        cat target/py-wheel.log
        exit 1
    fi
    trap - EXIT
    tail -n 4 target/py-wheel.log
    # That wheel, installed where there is no Rust, used from outside the checkout.
    "$just" py-wheel-smoke target/wheels/pipedrive_rs-*-cp39-abi3-manylinux*.whl
    { set +x; } 2>/dev/null
    ./scripts/skip.sh --summary

# Every endpoint against Prism serving the official v1 contract (installs Prism with npm).
contract:
    ./scripts/contract-tests.sh

lint:
    cargo fmt --all -- --check
    cargo clippy --workspace --all-targets -- -D warnings

# The API reference, failing on any warning: rustdoc of every workspace crate
# (`cargo doc`, RUSTDOCFLAGS=-D warnings; missing docs are denied by the workspace lints),
# then pdoc of the Python package from its docstrings and .pyi stubs (scripts/py-docs.py,
# after `py-develop`). Prints where each one is.
docs:
    #!/usr/bin/env bash
    set -euo pipefail
    doc="${CARGO_TARGET_DIR:-target}/doc"
    RUSTDOCFLAGS="${RUSTDOCFLAGS:-} -D warnings" cargo doc -q --workspace --no-deps
    "{{just_executable()}}" py-develop
    if [ -z "${VIRTUAL_ENV:-}" ]; then source .venv/bin/activate; fi
    "$VIRTUAL_ENV/bin/python" scripts/py-docs.py "$doc/python"
    echo "Rust API reference:   $doc/pipedrive/index.html (every crate in $doc/)"
    echo "Python API reference: $doc/python/index.html"

# Regenerate the endpoint surface from the API reference and operations.map.
generate reference="../shared/reference/pipedrive-api-v1-reference.txt":
    cargo run -q -p pipedrive-codegen -- --reference {{reference}}
    # The generator links pipedrive-types: the Python stubs and mobile records of the v2
    # models it just wrote come out of a second run, built against them.
    cargo run -q -p pipedrive-codegen -- --reference {{reference}}

# Fails when committed generated code differs from the generator's output; SKIPPED (and
# recorded for `just test`'s summary) when the reference is not on this machine.
generate-check reference="../shared/reference/pipedrive-api-v1-reference.txt":
    #!/usr/bin/env bash
    set -euo pipefail
    if [ -f "{{reference}}" ]; then
        cargo run -q -p pipedrive-codegen -- --reference "{{reference}}" --check
    else
        ./scripts/skip.sh generate-check "{{reference}} not present"
    fi

# After a dependency change: the union of third-party features that every member depends
# on (crates/pipedrive-workspace-hack, .config/hakari.toml), so builds of any subset of the
# workspace (`-p`, maturin, the contract tests) reuse one compiled stack. Installs
# cargo-hakari when missing.
workspace-hack:
    command -v cargo-hakari >/dev/null 2>&1 || cargo install cargo-hakari --locked
    cargo hakari generate
    cargo hakari manage-deps -y

# Speed ratios against baselines measured in the same run.
bench:
    cargo bench -p pipedrive-benches

# Connections opened by 16 threads sharing one client: ureq's former 3-per-host pool
# against the default one (benches/examples/pool_reuse.rs). N = calls per thread.
bench-pool N="2000":
    cargo run -q --release -p pipedrive-benches --example pool_reuse -- {{N}}

# The Python package is python/ (pure Python) over bindings/python (the native module).
# Builds it in place (maturin develop) into $VIRTUAL_ENV, else .venv.
py-develop:
    #!/usr/bin/env bash
    set -euo pipefail
    if [ -z "${VIRTUAL_ENV:-}" ]; then
        [ -x .venv/bin/python ] || python3 -m venv .venv
        source .venv/bin/activate
    fi
    python -m pip install -q "maturin>=1.16,<2" "pytest>=7" "mypy>=1.10" "pdoc>=15"
    maturin develop

# What PyPI gets, in target/wheels/: the sdist, and the release wheel (abi3: CPython 3.9+;
# py-release profile, fat LTO) built from it with zig for manylinux2014 (glibc 2.17+). Fails
# unless maturin's compliance check and `auditwheel show` agree on manylinux_2_17. Tools
# (maturin, ziglang, auditwheel) from PyPI into target/py-wheel-venv.
py-wheel:
    ./scripts/py-wheel.sh

# The wheel in a fresh venv, outside the checkout, with no Rust on PATH: import from
# site-packages, index-page metadata and license files, the in-process sandbox, the pytest
# plugin's fixtures. Builds with `py-wheel` unless given a WHEEL.
py-wheel-smoke *WHEEL:
    ./scripts/py-wheel-smoke.sh {{WHEEL}}

# pytest covers every endpoint's request shape (mock server) and the sandbox end to end.
# Python tests, then mypy --strict on the package (stubs included), tests and examples,
# against an in-place build.
py-test: py-develop
    #!/usr/bin/env bash
    set -euo pipefail
    if [ -z "${VIRTUAL_ENV:-}" ]; then source .venv/bin/activate; fi
    # -rs lists each skipped test with its reason; conftest.py records them for `just test`.
    python -m pytest -rs python/tests
    python -m mypy --strict python/pipedrive_rs python/tests python/examples python/wheel_smoke

# pipedrive_rs against pipedrive-python-lib, raw requests, raw urllib3+orjson and a Rust
# floor (benches/examples/rust_floor.rs), one run on one local sandbox (10,000 deals); then
# the whole-process comparison (benches/python/bench_procs.py, see `py-bench-procs`).
# Release builds; everything goes into target/ (venv: target/py-bench-venv). ARGS go to
# bench_peers.py.
py-bench *ARGS:
    #!/usr/bin/env bash
    set -euo pipefail
    venv=target/py-bench-venv
    [ -x "$venv/bin/python" ] || python3 -m venv "$venv"
    "$venv/bin/python" -m pip install -q pipedrive-python-lib requests urllib3 orjson
    "$venv/bin/python" -m pip install -q --force-reinstall --no-deps .
    cargo build --release -p pipedrive-benches --example rust_floor --example proc_raw --example proc_typed
    scripts/with-sandbox.sh --release --seed 1 --seed-deals 10000 --token bench-token -- \
        sh -c '"$0" benches/python/bench_peers.py --url "$PIPEDRIVE_SANDBOX_URL" --token bench-token --floor-bin target/release/examples/rust_floor "$@" && "$0" benches/python/bench_procs.py --url "$PIPEDRIVE_SANDBOX_URL" --token bench-token' \
        "$venv/bin/python" {{ARGS}}

# Only the whole-process comparison of `py-bench` (fresh processes: pipedrive_rs and the
# typed Rust client against a raw ureq + serde_json::Value program, and the import time).
# ARGS go to benches/python/bench_procs.py, e.g. `--runs 15 --modes get,import`.
py-bench-procs *ARGS:
    #!/usr/bin/env bash
    set -euo pipefail
    venv=target/py-bench-venv
    [ -x "$venv/bin/python" ] || python3 -m venv "$venv"
    "$venv/bin/python" -m pip install -q --force-reinstall --no-deps .
    cargo build --release -p pipedrive-benches --example proc_raw --example proc_typed
    scripts/with-sandbox.sh --release --seed 1 --seed-deals 10000 --token bench-token -- \
        sh -c '"$0" benches/python/bench_procs.py --url "$PIPEDRIVE_SANDBOX_URL" --token bench-token "$@"' \
        "$venv/bin/python" {{ARGS}}

# AsyncClient concurrency: 50 gets on one event loop against one get, on an in-process
# sandbox that delays every answer (benches/python/bench_async.py; ARGS go to it).
py-bench-async *ARGS: py-develop
    #!/usr/bin/env bash
    set -euo pipefail
    if [ -z "${VIRTUAL_ENV:-}" ]; then source .venv/bin/activate; fi
    python benches/python/bench_async.py {{ARGS}}

# Mobile bindings (bindings/ffi): builds the library unstripped and runs uniffi-bindgen in
# library mode; Kotlin and Swift sources land in target/ffi/<profile>/bindings/ (never
# committed). `release` builds the shipped profile and strips the library afterwards.
ffi-bindings profile="debug":
    ./scripts/ffi-bindings.sh {{profile}}

# The shipped library: LTO, one codegen unit, opt-level z, uniffi metadata dropped,
# stripped; prints its size.
ffi-release:
    ./scripts/ffi-bindings.sh release

# The Kotlin sandbox test, the 2,000-client lifetime check and the Java caller against the
# shipped (release, stripped) library; what `just test` runs.
ffi-release-test:
    ./scripts/ffi-kotlin-test.sh --release

# Generated Kotlin (JVM) compiled with kotlinc and run against the sandbox (installs
# kotlinc from npm and JNA from Debian when missing), with the debug library: quicker to
# build while working on the bindings.
ffi-test:
    ./scripts/ffi-kotlin-test.sh

# On a Mac with Xcode: the Swift package with the static library, and its tests against
# the sandbox. Not run on our Linux CI (no Swift toolchain there).
ffi-swift:
    ./scripts/ffi-swift-package.sh --test

# `ffi-swift` where it can run (macOS with a working Xcode), else a recorded SKIPPED.
ffi-swift-if-available:
    #!/usr/bin/env bash
    set -euo pipefail
    if [ "$(uname -s)" = Darwin ] && command -v swift >/dev/null 2>&1 &&
        xcodebuild -version >/dev/null 2>&1; then
        ./scripts/ffi-swift-package.sh --test
    else
        ./scripts/skip.sh "Swift package tests" "no Swift/Xcode toolchain, the Kotlin test covers the same library"
    fi

# Every fuzz target in tests/fuzz for `seconds` each (nightly + cargo-fuzz, installed
# when missing); prints executions per target and the total. Crashes: tests/fuzz/artifacts.
# PIPEDRIVE_FUZZ_ROUNDTRIP=stable|modulo-nulls|exact sets the round-trip check's strength.
fuzz seconds="600":
    ./scripts/fuzz.sh {{seconds}}

# A short run of every fuzz target, so CI keeps them compiling and catches easy finds.
# Built with 16 codegen units: quicker to build on CI's two cores, a little slower to run.
fuzz-smoke seconds="20":
    FUZZ_CODEGEN_UNITS=16 ./scripts/fuzz.sh {{seconds}}

# Rewrites tests/fuzz/seeds from the test fixtures and endpoint cases.
fuzz-seeds:
    python3 scripts/fuzz-seeds.py
