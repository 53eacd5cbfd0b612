#!/usr/bin/env bash
# Contract conformance: runs tests/tests/contract_prism.rs against Prism serving the
# official Pipedrive v1 OpenAPI document. Prism validates every request (422 on a
# violation) and answers with the contract's examples, which the SDK must decode.
#
# The spec is read from $PIPEDRIVE_V1_SPEC or ../shared/reference/openapi/pipedrive-v1.yaml;
# it is reference data and is never copied into this repository.
set -euo pipefail
cd "$(dirname "$0")/.."

spec="${PIPEDRIVE_V1_SPEC:-../shared/reference/openapi/pipedrive-v1.yaml}"
if [ ! -f "$spec" ]; then
    echo "contract-tests: $spec not present; contract conformance not checked on this machine"
    exit 0
fi

prism_dir="target/tools/prism"
prism="$prism_dir/node_modules/.bin/prism"
if [ ! -x "$prism" ]; then
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

PIPEDRIVE_PRISM_URL="http://127.0.0.1:$port" PIPEDRIVE_CONTRACT_REQUIRED=1 \
    cargo test -q -p pipedrive-tests --test contract_prism -- --test-threads 4 "$@"
