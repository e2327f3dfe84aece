#!/usr/bin/env bash
# expect_run.sh STATUS PATTERN STORE [FILE...] -- COMMAND...
# Runs COMMAND (a `harness test` run storing into STORE), then requires its
# exit status to be STATUS, its output to match the extended regex PATTERN
# and each FILE (relative to the run's directory) to exist. When the run stored a history, also requires `harness analyze`
# on it to reach the same exit status (the verdict is recomputable).
set -u
want_status=$1 pattern=$2 store=$3
shift 3
files=()
while [ "$1" != "--" ]; do files+=("$1"); shift; done
shift
harness=$1
rm -rf "$store"
out=$(timeout 120 "$@" 2>&1)
status=$?
echo "$out" | tail -n 40
if [ "$status" -ne "$want_status" ]; then
  echo "FAIL: exit status $status, expected $want_status"
  exit 1
fi
if ! echo "$out" | grep -Eq -- "$pattern"; then
  echo "FAIL: output does not match /$pattern/"
  exit 1
fi
for f in "${files[@]}"; do
  if [ ! -e "$store/latest/$f" ]; then
    echo "FAIL: the run did not write $f"
    exit 1
  fi
done
if [ -f "$store/latest/history.edn" ] && [ -f "$store/latest/results.edn" ]; then
  again=$(timeout 60 "$harness" analyze "$store/latest" 2>&1)
  astatus=$?
  if [ "$astatus" -ne "$want_status" ] && [ "$want_status" -ne 255 ]; then
    echo "$again" | tail -n 20
    echo "FAIL: harness analyze exit status $astatus, expected $want_status"
    exit 1
  fi
fi
echo "ok"
