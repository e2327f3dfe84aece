#!/usr/bin/env bash
# One lin-kv bench run of node-raftkv with a fresh data directory, then its
# throughput and latency (latency.py). Run from a build directory:
#   ../nodes/raftkv/bench/run.sh [harness test flags...] [-- node flags...]
# e.g. run.sh --node-count 3 --concurrency 4n --rate 10000 --time-limit 10
# The bench starts every node in its own working directory, and a fresh run
# must not see a previous run's Raft files (they would replay old writes),
# so each run gets raft-data/<unique>/ via --dir, removed afterwards.
# A kill nemesis restarts a node with the same flags, so the same --dir.
# Env: HARNESS (default bin/harness), NODE (default bin/node-raftkv),
#      KEEP_DATA=1 keeps the data directory.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
harness="${HARNESS:-bin/harness}"
node="${NODE:-bin/node-raftkv}"
mkdir -p raft-data
data="$(mktemp -d "$PWD/raft-data/run-XXXXXX")"
args=("$@")
has_sep=0
for a in "${args[@]}"; do [[ "$a" == "--" ]] && has_sep=1; done
if (( has_sep )); then args+=(--dir "$data"); else args+=(-- --dir "$data"); fi
out="$data.out"
# pipefail: the pipeline's status is the harness's (tee does not fail);
# `|| status=$?` keeps it (PIPESTATUS after `|| true` would be true's 0).
status=0
"$harness" test -w lin-kv --bin "$node" "${args[@]}" 2>&1 | tee "$out" || status=$?
# This run's store, not store/latest: another run may have finished since.
store="$(sed -n 's/^RESULT .* store=\([^ ]*\).*/\1/p' "$out" | tail -1)"
rm -f "$out"
[[ "${KEEP_DATA:-0}" == 1 ]] || rm -rf "$data"
[[ -n "$store" ]] && python3 "$here/latency.py" "$store"
exit "$status"
