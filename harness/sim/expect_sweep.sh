#!/usr/bin/env bash
# expect_sweep.sh STATUS PATTERN -- COMMAND...: a `harness sim` sweep must
# end with exit STATUS and print something matching the extended regex
# PATTERN.
set -u
want=$1 pattern=$2
shift 3
out=$(timeout 600 "$@" 2>&1)
status=$?
echo "$out" | grep -E '^(seed|[0-9]+ seeds|failing)' | tail -n 30
if [ "$status" -ne "$want" ]; then echo "FAIL: exit status $status, expected $want"; exit 1; fi
if ! echo "$out" | grep -Eq -- "$pattern"; then echo "FAIL: output does not match /$pattern/"; exit 1; fi
echo ok
