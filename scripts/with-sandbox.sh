#!/usr/bin/env bash
# Runs a command against a fresh local pipedrive-sandbox and stops the sandbox afterwards.
#
#   scripts/with-sandbox.sh [--release] [--seed N] [--seed-deals K] [--token T] -- COMMAND...
#
# The command sees PIPEDRIVE_SANDBOX_URL (the sandbox's `.../v1` base URL),
# PIPEDRIVE_SANDBOX_TOKEN and PIPEDRIVE_SANDBOX_DEALS; its exit status is this script's.
set -euo pipefail
cd "$(dirname "$0")/.."

profile=debug
seed=11
deals=120
token="sandbox-token"
while [ $# -gt 0 ]; do
    case "$1" in
        --release) profile=release; shift ;;
        --seed) seed="$2"; shift 2 ;;
        --seed-deals) deals="$2"; shift 2 ;;
        --token) token="$2"; shift 2 ;;
        --) shift; break ;;
        *) echo "with-sandbox: unknown option $1" >&2; exit 2 ;;
    esac
done
[ $# -gt 0 ] || { echo "usage: $0 [--release] [--seed N] [--seed-deals K] [--token T] -- COMMAND..." >&2; exit 2; }

if [ "$profile" = release ]; then
    cargo build -q --release -p pipedrive-sandbox --bin pipedrive-sandbox
else
    cargo build -q -p pipedrive-sandbox --bin pipedrive-sandbox
fi
log=$(mktemp "${TMPDIR:-/tmp}/pipedrive-sandbox.XXXXXX")
"target/$profile/pipedrive-sandbox" --port 0 --seed "$seed" --seed-deals "$deals" --token "$token" >"$log" 2>&1 &
sandbox=$!
trap 'kill $sandbox 2>/dev/null || true; wait $sandbox 2>/dev/null || true; rm -f "$log"' EXIT
url=""
for _ in $(seq 1 300); do
    url=$(sed -n 's/^pipedrive-sandbox listening on //p' "$log")
    [ -n "$url" ] && break
    kill -0 $sandbox 2>/dev/null || { cat "$log"; echo "with-sandbox: the sandbox exited" >&2; exit 1; }
    sleep 0.1
done
[ -n "$url" ] || { cat "$log"; echo "with-sandbox: the sandbox did not start" >&2; exit 1; }

PIPEDRIVE_SANDBOX_URL="$url" PIPEDRIVE_SANDBOX_TOKEN="$token" PIPEDRIVE_SANDBOX_DEALS="$deals" "$@"
