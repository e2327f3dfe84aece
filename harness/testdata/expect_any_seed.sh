#!/usr/bin/env bash
# expect_any_seed.sh STATUS PATTERN STORE "SEED..." -- COMMAND...
# For a planted bug that a short run catches only with some schedules: runs
# COMMAND --seed S --store STORE for each seed in turn and passes at the
# first run whose exit status is STATUS and whose output matches PATTERN.
# Fails when no seed does. The seeds are fixed, so a pass is reproducible
# with the printed command.
set -u
want_status=$1 pattern=$2 store=$3 seeds=$4
shift 4
[ "$1" = "--" ] && shift
for seed in $seeds; do
  rm -rf "$store"
  out=$(timeout 120 "$@" --seed "$seed" --store "$store" 2>&1)
  status=$?
  echo "seed $seed: exit status $status; $(echo "$out" | grep RESULT)"
  if [ "$status" -eq "$want_status" ] && echo "$out" | grep -Eq -- "$pattern"; then
    echo "$out" | grep -E -- "$pattern" | head -n 3
    echo "ok: caught with --seed $seed"
    exit 0
  fi
done
echo "FAIL: no seed of [$seeds] gave exit status $want_status and output matching /$pattern/"
exit 1
