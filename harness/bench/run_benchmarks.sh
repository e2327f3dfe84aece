#!/usr/bin/env bash
# Reproduces the bench's figures. Usage: run_benchmarks.sh BUILD_DIR
# (after building harness, bench-broadcast_node and journal_latency there).
#   1. routing throughput: flooding broadcast over 25 nodes (N*(N-1)
#      messages per broadcast) at increasing rates
#   2. per-hop latency the bench adds at --latency 0, 25 nodes, rate 100
#   3. analysis time of a stored 20 s run (harness analyze)
set -eu
build=$1
bin=$build/bin
store=$(mktemp -d)
trap 'rm -rf "$store"' EXIT
run() { timeout 200 "$bin/harness" test --store "$store" --seed 1 "$@" >/dev/null || true; }
for rate in 100 400; do
  echo "== flood, 25 nodes, rate $rate, 10 s"
  run -w broadcast --bin "$bin/bench-broadcast_node" --node-count 25 --time-limit 10 \
    --rate "$rate" --topology total flood
  "$bin/journal_latency" "$store/latest"
done
echo "== gossip broadcast, 25 nodes, rate 100, latency 0, 20 s"
run -w broadcast --bin "$bin/bench-broadcast_node" --node-count 25 --time-limit 20 --rate 100
"$bin/journal_latency" "$store/latest"
echo "== analysis time of that 20 s run"
/usr/bin/time -f "%e s elapsed, %M KiB max RSS" "$bin/harness" analyze "$store/latest" | tail -1
