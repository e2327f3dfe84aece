#!/usr/bin/env bash
# clock_skew.sh HARNESS CLOCK_NODE STORE
# Proves the clock nemesis reaches a real process: runs clock_node under
# --nemesis clock and requires, in some node's log of its own readings
# (taken every 50 ms), CLOCK_MONOTONIC stepping back by more than 0.5 s and
# jumping ahead by more than 0.9 s, while the run itself stays valid.
set -u
harness=$1 node=$2 store=$3
rm -rf "$store"
out=$(timeout 60 "$harness" test -w echo --bin "$node" --node-count 3 --time-limit 6 --rate 10 \
  --nemesis clock --nemesis-interval 1 --seed 2 --store "$store" 2>&1)
status=$?
echo "$out" | grep -E "Nemesis|RESULT"
if [ "$status" -ne 0 ]; then
  echo "FAIL: exit status $status, expected 0"
  exit 1
fi
back=0 ahead=0
for log in "$store"/latest/node-logs/*.log; do
  read -r b a < <(sed -n 's/^clock mono_ms=\([0-9]*\) .*/\1/p' "$log" |
    awk 'NR > 1 { d = $1 - prev; if (d < -500) b++; if (d > 900) a++ } { prev = $1 }
         END { print b + 0, a + 0 }')
  echo "$(basename "$log"): monotonic went back $b times, jumped ahead $a times"
  back=$((back + b)) ahead=$((ahead + a))
done
if [ "$back" -eq 0 ] || [ "$ahead" -eq 0 ]; then
  echo "FAIL: the nodes' monotonic clocks did not both go back and jump ahead"
  exit 1
fi
echo "ok"
