#!/usr/bin/env bash
# shrink_test.sh HARNESS STORE SIM-ARGS...: a failing seed shrinks to a
# smaller schedule whose printed replay command fails the same way.
set -u
harness=$1 store=$2
shift 2
rm -rf "$store"
out=$(timeout 300 "$harness" sim --store "$store/a" --shrink "$@" 2>&1)
echo "$out" | grep -A60 'shrunk in'
replay=$(echo "$out" | sed -n 's/^  replay it: harness sim //p')
if [ -z "$replay" ]; then echo "FAIL: no shrunk replay command"; exit 1; fi
before=$(echo "$out" | sed -nE 's/.*ops ([0-9]+) -> ([0-9]+).*/\1/p')
after=$(echo "$out" | sed -nE 's/.*ops ([0-9]+) -> ([0-9]+).*/\2/p')
if [ -z "$after" ] || [ "$after" -ge "$before" ]; then echo "FAIL: ops did not shrink ($before -> $after)"; exit 1; fi
# The replay names the same store (a); run it as printed.
eval "set -- $replay"
out2=$(timeout 300 "$harness" sim "$@" 2>&1)
status=$?
if [ "$status" -ne 1 ] || ! echo "$out2" | grep -q "INVALID (workload"; then
  echo "$out2" | tail -5
  echo "FAIL: the shrunk schedule did not fail the same way (exit $status)"
  exit 1
fi
echo "ok: $before ops shrank to $after and the replay still fails"
