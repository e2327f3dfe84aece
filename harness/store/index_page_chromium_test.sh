#!/usr/bin/env bash
# index_page_chromium_test.sh HARNESS ECHO_NODE STORE: a run's index.html
# renders in a real browser. Two short echo runs, one valid and one invalid
# (the node adds a key to every other reply: those ops fail, and
# --availability total makes that invalid); headless Chromium loads
# each page and its rendered DOM must hold the verdict element with the
# right word, the replay command with the run's seed, and (invalid run) the
# anomaly; a screenshot must be written. Exits 77 (CTest: skipped) when no
# Chromium is on PATH; never hangs (every step under a timeout).
set -u
harness=$1 echo_node=$2 store=$3
browser=""
for name in chromium chromium-browser google-chrome google-chrome-stable; do
  if command -v "$name" >/dev/null 2>&1; then browser=$(command -v "$name"); break; fi
done
if [ -z "$browser" ]; then
  echo "SKIP: no chromium on PATH"
  exit 77
fi
rm -rf "$store"
mkdir -p "$store"
profile=$(mktemp -d "${TMPDIR:-/tmp}/index-page-chromium.XXXXXX")
trap 'rm -rf "$profile"' EXIT
fail=0

# render NAME: dumps the DOM of NAME's index.html and screenshots it.
render() {
  local page="$store/$1/latest/index.html"
  if [ ! -f "$page" ]; then
    echo "FAIL ($1): the run wrote no index.html"
    fail=1
    return 1
  fi
  page=$(cd "$(dirname "$page")" && pwd -P)/index.html
  local flags=(--headless --no-sandbox --disable-gpu --no-first-run --disable-extensions
    --user-data-dir="$profile/$1" --window-size=1100,1600)
  timeout -k 5 60 "$browser" "${flags[@]}" --dump-dom "file://$page" \
    >"$store/$1.dom" 2>"$store/$1.chromium.log"
  timeout -k 5 60 "$browser" "${flags[@]}" --screenshot="$store/$1.png" "file://$page" \
    >/dev/null 2>>"$store/$1.chromium.log"
  if [ ! -s "$store/$1.png" ]; then
    echo "FAIL ($1): no screenshot"
    fail=1
  fi
}

# expect NAME REGEX: the rendered DOM of NAME must match REGEX.
expect() {
  if ! grep -Eq -- "$2" "$store/$1.dom"; then
    echo "FAIL ($1): the rendered page does not match /$2/"
    tail -n 5 "$store/$1.chromium.log"
    fail=1
  fi
}

run() {  # run NAME MODE...
  local name=$1
  shift
  timeout 60 "$harness" test --store "$store/$name" --seed 7 -w echo --bin "$echo_node" \
    --node-count 1 --time-limit 2 --rate 20 "$@" >"$store/$name.out" 2>&1
}

run valid
if render valid; then
  expect valid '<div id="verdict">Valid</div>'
  expect valid '<pre id="replay-command">harness test .*--seed 7</pre>'
  expect valid '<img src="rate.svg"'
fi
run invalid --availability total extra-key
if render invalid; then
  expect invalid '<div id="verdict">Invalid</div>'
  expect invalid 'unexpected key debug'
  expect invalid '<details id="checker-availability" open="">'
fi
[ "$fail" -eq 0 ] && echo ok
exit "$fail"
