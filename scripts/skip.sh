#!/usr/bin/env bash
# Records a check that cannot run on this machine, so that nothing passes unrun: the check
# says SKIPPED with its reason, and `just test` ends with one line naming every skip.
#
#   scripts/skip.sh WHAT WHY    prints "SKIPPED: WHAT (WHY)" and, when PIPEDRIVE_SKIP_LOG
#                               names a file (`just test` sets it), appends "WHAT (WHY)"
#   scripts/skip.sh --summary   prints "skipped: A (why); B (why)", or "skipped: nothing"
set -euo pipefail

log="${PIPEDRIVE_SKIP_LOG:-}"
if [ "${1:-}" = --summary ]; then
    if [ -n "$log" ] && [ -s "$log" ]; then
        summary=$(awk 'NF && !seen[$0]++ { printf "%s%s", (n++ ? "; " : ""), $0 }' "$log")
        echo "skipped: $summary"
    else
        echo "skipped: nothing"
    fi
    exit 0
fi
[ "$#" -eq 2 ] || { echo "usage: $0 WHAT WHY | --summary" >&2; exit 2; }
echo "SKIPPED: $1 ($2)"
if [ -n "$log" ]; then
    mkdir -p "$(dirname "$log")"
    echo "$1 ($2)" >>"$log"
fi
