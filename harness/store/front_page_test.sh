#!/usr/bin/env bash
# front_page_test.sh HARNESS KV_PROXY_NODE STORE: a real run's store holds
# index.html, rate.svg and a :perf that names the plots, and `harness
# analyze` rewrites them to the same effect. The run is the planted lin-kv
# bug (kv_proxy_node over lww-kv: not linearizable), so its page must be
# invalid and show the failing key's picture; after analyze, the page must
# still hold no inline SVG text from the results (WriteResults moves it to
# independent/<key>/linear.svg before the page is written).
set -u
harness=$1 node=$2 store=$3
rm -rf "$store"
fail=0
expect() {  # expect FILE REGEX WHAT
  if ! grep -Eq -- "$2" "$1"; then
    echo "FAIL: $3 (no /$2/ in $1)"
    fail=1
  fi
}
reject() {  # reject FILE REGEX WHAT
  if grep -Eq -- "$2" "$1"; then
    echo "FAIL: $3 (/$2/ found in $1)"
    fail=1
  fi
}
check_store() {  # check_store WHEN
  local dir=$store/latest
  for f in index.html rate.svg latency-raw.svg results.edn; do
    [ -s "$dir/$f" ] || { echo "FAIL ($1): no $f"; fail=1; }
  done
  expect "$dir/results.edn" ':perf \{:latency-graph \{:valid\? true, :file "latency-raw.svg"\}, :rate-graph \{:valid\? true, :file "rate.svg"\}' "($1) :perf names both plots"
  expect "$dir/index.html" '<div id="verdict">Invalid</div>' "($1) the verdict"
  expect "$dir/index.html" '<img src="independent/0/linear.svg"' "($1) the failing key's picture"
  expect "$dir/index.html" '<img src="rate.svg"' "($1) the rate plot"
  expect "$dir/index.html" 'id="replay-command">harness test .*--seed 7<' "($1) the replay command"
  reject "$dir/index.html" 'linear-svg|&lt;svg' "($1) SVG text inlined from the results"
}
timeout 120 "$harness" test --store "$store" --seed 7 -w lin-kv --bin "$node" --node-count 2 \
  --concurrency 2n --time-limit 2 --rate 50 --latency 5 lww-kv >"$store.test.out" 2>&1
status=$?
[ "$status" -eq 1 ] || { tail -n 20 "$store.test.out"; echo "FAIL: test exit $status, not 1"; fail=1; }
check_store test
rm -f "$store/latest/index.html" "$store/latest/rate.svg"
timeout 60 "$harness" analyze "$store/latest" >"$store.analyze.out" 2>&1
status=$?
[ "$status" -eq 1 ] || { tail -n 20 "$store.analyze.out"; echo "FAIL: analyze exit $status, not 1"; fail=1; }
check_store analyze
[ "$fail" -eq 0 ] && echo ok
exit "$fail"
