#!/usr/bin/env bash
# Builds and runs every cargo-fuzz target of tests/fuzz for SECONDS each, one after the
# other, then prints the executions per target and their total.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]     (default: 300 s, every target)
#
# Installs the nightly toolchain and cargo-fuzz when missing. Each target reads its
# committed seeds (tests/fuzz/seeds/<target>, read-only) and grows a working corpus in
# tests/fuzz/corpus/<target> (gitignored); crashes land in tests/fuzz/artifacts/<target>
# and the full libFuzzer output in tests/fuzz/logs/<target>.log. Exits non-zero when any
# target found a crash, a leak or a hang (an input taking over FUZZ_TIMEOUT seconds).
#
# Environment: PIPEDRIVE_FUZZ_ROUNDTRIP=stable|modulo-nulls|exact sets how strict the
# models target's round-trip check is (see tests/fuzz/src/lib.rs; default exact);
# FUZZ_TIMEOUT (10); FUZZ_CODEGEN_UNITS (cargo-fuzz's default, 1: the fastest executions,
# the slowest build; `just fuzz-smoke` asks for 16, its few seconds per target need the
# build more than the speed).
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-300}"
shift || true
fuzz_dir=tests/fuzz
timeout="${FUZZ_TIMEOUT:-10}"
# No sanitizer: the fuzzed crates forbid `unsafe`, and AddressSanitizer would halve the
# executions per second. Debug assertions on, so an arithmetic overflow is a finding.
build_flags=(--sanitizer none --debug-assertions)
if [ -n "${FUZZ_CODEGEN_UNITS:-}" ]; then
    build_flags+=(--codegen-units "$FUZZ_CODEGEN_UNITS")
fi

if ! rustup toolchain list | grep -q '^nightly'; then
    echo "fuzz: installing the nightly toolchain (cargo-fuzz needs -Z sanitizer flags)"
    rustup toolchain install nightly --profile minimal
fi
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
    echo "fuzz: installing cargo-fuzz"
    cargo install cargo-fuzz --locked
fi

cargo +nightly fuzz build "${build_flags[@]}" --fuzz-dir "$fuzz_dir"

if [ "$#" -gt 0 ]; then
    targets=("$@")
else
    mapfile -t targets < <(cargo +nightly fuzz list --fuzz-dir "$fuzz_dir")
fi

mkdir -p "$fuzz_dir/logs"
echo "fuzz: ${#targets[@]} targets, ${seconds}s each, round trip: ${PIPEDRIVE_FUZZ_ROUNDTRIP:-exact}"
total=0
failed=()
report=()
for target in "${targets[@]}"; do
    corpus="$fuzz_dir/corpus/$target"
    seeds="$fuzz_dir/seeds/$target"
    log="$fuzz_dir/logs/$target.log"
    mkdir -p "$corpus" "$seeds"
    status=ok
    # The seeds come second: libFuzzer only writes new inputs into the first directory.
    if ! cargo +nightly fuzz run "${build_flags[@]}" --fuzz-dir "$fuzz_dir" "$target" "$corpus" "$seeds" -- \
        -max_total_time="$seconds" -timeout="$timeout" -print_final_stats=1 \
        >"$log" 2>&1; then
        status=FAILED
        failed+=("$target")
    fi
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1 || true)
    if [ -z "$runs" ]; then
        # A crash ends libFuzzer before its final stats; take the last progress line.
        runs=$(grep -o '^#[0-9]*' "$log" | tr -d '#' | tail -1 || true)
    fi
    runs="${runs:-0}"
    total=$((total + runs))
    rate=$((runs / (seconds > 0 ? seconds : 1)))
    report+=("$(printf '%-14s %14s execs  %9s/s  %s' "$target" "$runs" "$rate" "$status")")
    echo "fuzz: $target: $runs executions ($status)"
    if [ "$status" != ok ]; then
        grep -E 'panicked at|ERROR: libFuzzer|SUMMARY|Test unit written to' "$log" | head -8 || true
    fi
done

echo
printf '%s\n' "${report[@]}"
printf '%-14s %14s execs\n' total "$total"
if [ "${#failed[@]}" -gt 0 ]; then
    echo "fuzz: failures in: ${failed[*]} (inputs in $fuzz_dir/artifacts/, logs in $fuzz_dir/logs/)"
    exit 1
fi
