#!/usr/bin/env bash
# Contract conformance: runs tests/tests/contract_prism.rs against Prism serving the
# official Pipedrive v1 OpenAPI document. Prism validates every request (422 on a
# violation) and answers with the contract's examples, which the SDK must decode.
#
# The spec is read from $PIPEDRIVE_V1_SPEC or ../shared/reference/openapi/pipedrive-v1.yaml;
# it is reference data and is never copied into this repository. Without it the tests
# are reported as SKIPPED (scripts/skip.sh), not run. The tests are `#[ignore]`d, so a
# plain `cargo test` lists them as ignored; this script runs them with `--ignored`, and
# inside such a run a missing PIPEDRIVE_PRISM_URL fails every test.
set -euo pipefail
cd "$(dirname "$0")/.."

spec="${PIPEDRIVE_V1_SPEC:-../shared/reference/openapi/pipedrive-v1.yaml}"
if [ ! -f "$spec" ]; then
    scripts/skip.sh "contract tests" "$spec not present"
    exit 0
fi

prism_dir="target/tools/prism"
prism="$prism_dir/node_modules/.bin/prism"
if [ ! -x "$prism" ]; then
    command -v npm >/dev/null 2>&1 || { echo "contract-tests: npm is needed to install Prism" >&2; exit 1; }
    echo "contract-tests: installing @stoplight/prism-cli@5.14.2"
    npm install --silent --no-audit --no-fund --prefix "$prism_dir" @stoplight/prism-cli@5.14.2 >/dev/null
fi

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
log="target/tools/prism.log"
"$prism" mock --host 127.0.0.1 --port "$port" "$spec" >"$log" 2>&1 &
prism_pid=$!
trap 'kill $prism_pid 2>/dev/null || true' EXIT

for _ in $(seq 1 120); do
    if grep -q "Prism is listening" "$log" 2>/dev/null; then break; fi
    if ! kill -0 $prism_pid 2>/dev/null; then cat "$log"; echo "contract-tests: prism exited"; exit 1; fi
    sleep 0.5
done
grep -q "Prism is listening" "$log" || { tail -20 "$log"; echo "contract-tests: prism did not start"; exit 1; }

PIPEDRIVE_PRISM_URL="http://127.0.0.1:$port" \
    cargo test -q -p pipedrive-tests --test contract_prism -- --ignored --test-threads 4 "$@"
