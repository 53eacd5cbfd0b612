#!/usr/bin/env bash
# Contract conformance: runs tests/tests/contract_prism.rs against Prism serving the
# official Pipedrive v1 OpenAPI document, and tests/tests/contract_prism_v2.rs against a
# second Prism serving the v2 one. Prism validates every request (422 on a violation)
# and answers with the contract's examples, which the SDK must decode.
#
# The specs are read from $PIPEDRIVE_V1_SPEC / $PIPEDRIVE_V2_SPEC or
# ../shared/reference/openapi/; they are reference data and are never copied into this
# repository. Without one, its tests are reported as SKIPPED (scripts/skip.sh), not run.
# The tests are `#[ignore]`d, so a plain `cargo test` lists them as ignored; this script
# runs them with `--ignored`, and inside such a run a missing Prism URL fails every test.
set -euo pipefail
cd "$(dirname "$0")/.."

v1_spec="${PIPEDRIVE_V1_SPEC:-../shared/reference/openapi/pipedrive-v1.yaml}"
v2_spec="${PIPEDRIVE_V2_SPEC:-../shared/reference/openapi/pipedrive-v2.yaml}"

prism_dir="target/tools/prism"
prism="$prism_dir/node_modules/.bin/prism"
install_prism() {
    if [ ! -x "$prism" ]; then
        command -v npm >/dev/null 2>&1 || { echo "contract-tests: npm is needed to install Prism" >&2; exit 1; }
        echo "contract-tests: installing @stoplight/prism-cli@5.14.2"
        npm install --silent --no-audit --no-fund --prefix "$prism_dir" @stoplight/prism-cli@5.14.2 >/dev/null
    fi
}

pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done' EXIT

# start_prism SPEC LOG: starts Prism on a free port, waits for it, and sets prism_url.
# (Not in a command substitution: the pid must be recorded in this shell for the trap.)
start_prism() {
    local spec=$1 log=$2 port pid
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    "$prism" mock --host 127.0.0.1 --port "$port" "$spec" >"$log" 2>&1 &
    pid=$!
    pids+=("$pid")
    for _ in $(seq 1 120); do
        if grep -q "Prism is listening" "$log" 2>/dev/null; then break; fi
        if ! kill -0 "$pid" 2>/dev/null; then cat "$log" >&2; echo "contract-tests: prism exited" >&2; exit 1; fi
        sleep 0.5
    done
    grep -q "Prism is listening" "$log" || { tail -20 "$log" >&2; echo "contract-tests: prism did not start" >&2; exit 1; }
    prism_url="http://127.0.0.1:$port"
}

mkdir -p target/tools
ran=0
if [ -f "$v1_spec" ]; then
    install_prism
    start_prism "$v1_spec" target/tools/prism.log
    PIPEDRIVE_PRISM_URL="$prism_url" \
        cargo test -q -p pipedrive-tests --test contract_prism -- --ignored --test-threads 4 "$@"
    ran=1
else
    scripts/skip.sh "contract tests (v1)" "$v1_spec not present"
fi
if [ -f "$v2_spec" ]; then
    install_prism
    start_prism "$v2_spec" target/tools/prism-v2.log
    PIPEDRIVE_PRISM_V2_URL="$prism_url" \
        cargo test -q -p pipedrive-tests --test contract_prism_v2 -- --ignored --test-threads 4 "$@"
    ran=1
else
    scripts/skip.sh "contract tests (v2)" "$v2_spec not present"
fi
[ "$ran" = 1 ] || exit 0
