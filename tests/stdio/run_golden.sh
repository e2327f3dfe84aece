#!/usr/bin/env bash
# Process-level test: feeds NAME.in to a node binary on stdin and requires
# its stdout to equal NAME.out line for line, and its stderr to contain each
# line of NAME.err (if present) as a substring, in order.
# Usage: run_golden.sh BINARY CASE_PATH_WITHOUT_EXTENSION [node args...]
set -euo pipefail
binary=$1 case_path=$2
shift 2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# A huge line (over the 16 MiB limit) cannot live in a file in the repo, so
# the marker @HUGE_LINE@ stands for one.
while IFS= read -r line || [ -n "$line" ]; do
  if [ "$line" = "@HUGE_LINE@" ]; then
    head -c $((17 * 1024 * 1024)) /dev/zero | tr '\0' 'x'
    echo
  else
    printf '%s\n' "$line"
  fi
done <"$case_path.in" >"$work/in"
(cd "$work" && "$binary" "$@" <"$work/in" >"$work/out" 2>"$work/err") || {
  echo "node exited with status $?"; cat "$work/err"; exit 1; }
if ! diff -u "$case_path.out" "$work/out"; then
  echo "stdout differs from $case_path.out"; exit 1
fi
if [ -f "$case_path.err" ]; then
  while IFS= read -r want; do
    grep -qF -- "$want" "$work/err" || { echo "stderr lacks: $want"; cat "$work/err"; exit 1; }
  done <"$case_path.err"
fi
echo "ok: $(wc -l <"$work/out") lines match"
