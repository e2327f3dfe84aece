#!/usr/bin/env bash
# primaries.sh HARNESS STAR_ECHO_NODE STORE
# Proves --nemesis-targets primaries end to end: five echo nodes in "star"
# mode, where the middle one (n2) sends the most node-to-node messages;
# every partition after the first (which may come before any traffic) must
# isolate n2 from all four others, both ways, and the run stays valid.
set -u
harness=$1 node=$2 store=$3
rm -rf "$store"
out=$(timeout 60 "$harness" test -w echo --bin "$node" --node-count 5 --time-limit 5 --rate 10 \
  --nemesis partition --nemesis-targets primaries --nemesis-interval 0.5 --seed 7 \
  --store "$store" -- star 2>&1)
status=$?
echo "$out" | grep -E "Nemesis|RESULT"
if [ "$status" -ne 0 ]; then
  echo "FAIL: exit status $status, expected 0"
  exit 1
fi
grudges=$(grep -F ':start-partition	[:isolated' "$store/latest/history.txt" | tail -n +2)
count=$(printf '%s\n' "$grudges" | grep -c isolated)
if [ "$count" -lt 2 ]; then
  echo "FAIL: expected at least 3 partitions, saw $((count + 1))"
  exit 1
fi
wrong=$(printf '%s\n' "$grudges" | grep -vF '"n2" #{"n0" "n1" "n3" "n4"}')
if [ -n "$wrong" ]; then
  echo "FAIL: a :primaries partition did not isolate n2:"
  echo "$wrong"
  exit 1
fi
echo "ok: $count partitions after the first all isolated n2"
