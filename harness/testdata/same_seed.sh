#!/usr/bin/env bash
# same_seed.sh HARNESS NODE STORE: two runs with the same --seed must draw
# the same nemesis schedule (ops, shapes, partition tables) and the same op
# stream (values in emission order); a different seed must not.
set -u
harness=$1 node=$2 store=$3
rm -rf "$store"
run() {
  timeout 60 "$harness" test --store "$store/$1" --seed "$2" -w echo --bin "$node" \
    --node-count 3 --time-limit 2 --rate 30 --nemesis partition --nemesis-interval 0.5 \
    >/dev/null 2>&1
  cp "$store/$1/latest/history.txt" "$store/$1.txt"
}
run a 11; run b 11; run c 12
nemesis() { grep -E "^:nemesis|^-1" "$store/$1.txt" | cut -f2-; }
ops() { grep "	:invoke	" "$store/$1.txt" | cut -f3- | head -30; }
if ! diff <(nemesis a) <(nemesis b) >/dev/null; then echo "FAIL: nemesis differs"; exit 1; fi
if ! diff <(ops a) <(ops b) >/dev/null; then echo "FAIL: op stream differs"; exit 1; fi
if [ "$(nemesis a | wc -l)" -lt 2 ]; then echo "FAIL: no nemesis ops recorded"; exit 1; fi
if diff <(nemesis a) <(nemesis c) >/dev/null && diff <(ops a) <(ops c) >/dev/null; then
  echo "FAIL: a different seed gave the same schedule"; exit 1
fi
echo ok
