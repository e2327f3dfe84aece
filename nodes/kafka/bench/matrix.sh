#!/bin/sh
# A grid of kafka bench runs at 5b's flags under each fault, one summary
# line per run (summary.py). Benchmarks only; run from a build directory:
#   ../nodes/kafka/bench/matrix.sh STORE "partition kill pause" "2 3" "1 2" [node args...]
# STORE gets every run's directory; node args (e.g. --mode linkv) go to the node.
# A fault named "none" runs without a nemesis (5a/5b/5c as fly.io runs them).
set -u
store=$1 faults=$2 counts=$3 seeds=$4
shift 4
here=$(dirname "$0")
for fault in $faults; do
  for n in $counts; do
    for seed in $seeds; do
      nemesis="--nemesis $fault"
      [ "$fault" = none ] && nemesis=""
      # $nemesis is unquoted on purpose: empty, or two words.
      out=$(bin/harness test -w kafka --bin bin/node-kafka --node-count "$n" --concurrency 2n \
        --time-limit 20 --rate 1000 $nemesis --seed "$seed" --store "$store" -- "$@" 2>&1)
      dir=$(printf '%s\n' "$out" | sed -n 's/.*store=\([^ ]*\).*/\1/p' | tail -1)
      printf 'fault=%s nodes=%s seed=%s ' "$fault" "$n" "$seed"
      if [ -n "$dir" ]; then "$here/summary.py" "$dir"; else printf 'no result: %s\n' "$(printf '%s' "$out" | tail -2)"; fi
    done
  done
done
