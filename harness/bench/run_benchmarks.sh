#!/usr/bin/env bash
# Reproduces the bench's figures. Usage: run_benchmarks.sh BUILD_DIR [BASE_BUILD_DIR]
# (after building harness, bench-broadcast_node and journal_latency there).
# With BASE_BUILD_DIR (an older build, e.g. from `git worktree add`), every
# run is repeated with that build right after, so both are measured under
# the same machine load; compare them as ratios.
#   1. routing throughput: flooding broadcast over 25 nodes (N*(N-1)
#      messages per broadcast) at increasing rates; harness_cpu.py adds the
#      bench's own CPU time and msgs routed per harness CPU-second
#   2. per-hop latency the bench adds at --latency 0, 25 nodes, rate 100
#      (the 3d load: gossip of whole sets, bodies growing to ~5 KB)
#   3. analysis time of a stored 20 s run (harness analyze)
#   4. kafka at challenge 5a's flags (1 node, concurrency 2n, rate 1000,
#      20 s) against bench-kafka_node: `harness analyze` time and peak RSS,
#      then the kafka checker alone (kafka_check_bench; build it and
#      bench-kafka_node too). Maelstrom 0.2.3 took 84 s and 3.9 GB for this.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
# The baseline runs first, so store/latest is BUILD_DIR's run.
builds=()
[ $# -ge 2 ] && builds+=("$2")
builds+=("$1")
store=$(mktemp -d)
trap 'rm -rf "$store"' EXIT
run() {  # run BUILD_DIR ARGS...: one harness run, its latency and CPU figures
  local bin=$1/bin
  shift
  echo "-- $bin"
  timeout 200 python3 "$here/harness_cpu.py" "$bin" --store "$store" --seed 1 \
    --bin "$bin/bench-broadcast_node" "$@" || true
}
for rate in 100 400 1000; do
  echo "== flood, 25 nodes, rate $rate, 10 s"
  for b in "${builds[@]}"; do
    run "$b" -w broadcast --node-count 25 --time-limit 10 --rate "$rate" --topology total flood
  done
done
echo "== gossip broadcast, 25 nodes, rate 100, latency 0, 20 s"
for b in "${builds[@]}"; do
  run "$b" -w broadcast --node-count 25 --time-limit 20 --rate 100
done
echo "== analysis time of that 20 s run"
/usr/bin/time -f "%e s elapsed, %M KiB max RSS" "$1/bin/harness" analyze "$store/latest" | tail -1
echo "== kafka, challenge 5a flags (1 node, concurrency 2n, rate 1000, 20 s)"
kstore=$store/kafka
timeout 200 "$1/bin/harness" test -w kafka --bin "$1/bin/bench-kafka_node" --node-count 1 \
  --concurrency 2n --time-limit 20 --rate 1000 --store "$kstore" --seed 1 | tail -1
/usr/bin/time -f "harness analyze: %e s elapsed, %M KiB max RSS" \
  "$1/bin/harness" analyze "$kstore/latest" | tail -1
"$1/bin/kafka_check_bench" "$kstore/latest"
