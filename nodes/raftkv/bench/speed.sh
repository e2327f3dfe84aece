#!/usr/bin/env bash
# The speed table of results/raft/README.md: throughput and latency of
# node-raftkv at --latency 0 (3 and 5 nodes, fsync on and off) and at
# --latency 10 (3 and 5 nodes), 10 s runs, seed 7. Prints one JSON object
# per run (latency.py --json plus the configuration) to stdout. Run from a
# build directory; HARNESS and NODE as for run.sh.
#   ../nodes/raftkv/bench/speed.sh > speed.jsonl
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
run() {  # latency nodes concurrency rate sync
  local lat=$1 n=$2 conc=$3 rate=$4 sync=$5 node_flags=() log store
  [[ "$sync" == no ]] && node_flags=(--no-sync)
  log="$(mktemp)"
  KEEP_DATA=0 "$here/run.sh" --node-count "$n" --concurrency "$conc" --rate "$rate" \
    --time-limit 10 --latency "$lat" --seed 7 -- "${node_flags[@]}" >"$log" 2>&1
  store="$(sed -n 's/^RESULT .* store=\([^ ]*\).*/\1/p' "$log" | tail -1)"
  valid="$(sed -n 's/^RESULT valid=\([a-z]*\).*/\1/p' "$log" | tail -1)"
  rm -f "$log"
  [[ -z "$store" ]] && { echo "{\"error\": \"no result\", \"latency_ms\": $lat, \"nodes\": $n}"; return; }
  python3 "$here/latency.py" --json --nodes "$n" "$store" | python3 -c '
import json, sys
r = json.load(sys.stdin)
lat, n, conc, rate, sync, valid = sys.argv[1:]
r.update({"latency_ms": int(lat), "nodes": int(n), "concurrency": conc,
          "rate": float(rate), "fsync": sync == "yes", "valid": valid == "true"})
print(json.dumps(r))' "$lat" "$n" "$conc" "$rate" "$sync" "$valid"
}
for n in 3 5; do
  run 0 "$n" 10n 30000 yes
  run 0 "$n" 10n 30000 no
done
for n in 3 5; do run 10 "$n" 4n 1000 yes; done
