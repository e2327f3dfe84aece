#!/usr/bin/env bash
# exit_time_test.sh HARNESS ECHO_NODE STORE: a node's exit is reported at a
# time within the run, never on the machine's monotonic clock (which counts
# from boot: a run a second old once said "exited at 1360.185 s"). Two
# cases: `true` exits during setup (timed from the run's start), and
# echo_node crash exits in the main phase (timed on the history's clock).
# Each reported time must lie between 0 and the wall time the test measured
# around the whole run; that bound holds on any machine, however slow.
set -u
harness=$1 echo_node=$2 store=$3
rm -rf "$store"
true_bin=$(type -P true)
fail=0
check() {  # check NAME EXPECTED_PHRASE COMMAND...
  local name=$1 phrase=$2
  shift 2
  local t0 t1 out
  t0=$(date +%s.%N)
  out=$(timeout 60 "$@" 2>&1)
  t1=$(date +%s.%N)
  local line
  line=$(echo "$out" | grep -E "exited \([^)]*\)" | grep -v "before answering" | head -n 1)
  if [ -z "$line" ]; then
    echo "$out" | tail -n 20
    echo "FAIL ($name): no exit was reported"
    fail=1
    return
  fi
  # The first number of seconds after the status, e.g. "at 1.234 s".
  local reported
  reported=$(echo "$line" | sed -E 's/.*exited \([^)]*\)[^0-9]*([0-9]+\.[0-9]+) s.*/\1/')
  local elapsed
  elapsed=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
  echo "$name: \"$line\"; run took $elapsed s"
  if ! echo "$line" | grep -q -- "$phrase"; then
    echo "FAIL ($name): expected the phrase \"$phrase\""
    fail=1
  fi
  if ! awk -v r="$reported" -v e="$elapsed" 'BEGIN { exit !(r >= 0 && r <= e) }'; then
    echo "FAIL ($name): reported $reported s is outside the run's $elapsed s"
    fail=1
  fi
}
check setup "during setup" "$harness" test --store "$store/setup" --seed 1 -w echo \
  --bin "$true_bin" --node-count 2 --time-limit 2
check main "exited (exit status 3) at" "$harness" test --store "$store/main" --seed 1 -w echo \
  --bin "$echo_node" --node-count 1 --time-limit 3 --rate 20 crash
[ "$fail" -eq 0 ] && echo ok
exit "$fail"
