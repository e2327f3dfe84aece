#!/usr/bin/env bash
# determinism_test.sh HARNESS STORE SIM-ARGS...: one seed of `harness sim`
# must store the same history, journal and results every time: twice in one
# process (--check-determinism) and once more in a second process, whose
# files must equal the first process's byte for byte.
set -u
harness=$1 store=$2
shift 2
rm -rf "$store"
out=$(timeout 300 "$harness" sim --store "$store/a" --check-determinism "$@" 2>&1)
status=$?
echo "$out" | tail -n 20
if ! echo "$out" | grep -q "deterministic:"; then
  echo "FAIL: --check-determinism did not report the two runs identical (exit $status)"
  exit 1
fi
timeout 300 "$harness" sim --store "$store/b" "$@" >/dev/null 2>&1
for f in history.edn history.txt journal results.edn; do
  if ! cmp -s "$store/a/latest/$f" "$store/b/latest/$f"; then
    echo "FAIL: $f differs between two processes running the same seed"
    cmp "$store/a/latest/$f" "$store/b/latest/$f" | head -3
    exit 1
  fi
done
if [ "$(grep -c ':invoke' "$store/b/latest/history.edn")" -lt 10 ]; then
  echo "FAIL: the run recorded fewer than 10 invocations; nothing was compared"
  exit 1
fi
echo "ok: identical across runs and processes"
