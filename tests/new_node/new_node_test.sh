#!/usr/bin/env bash
# Proves issue 13's two paths to a node of your own, end to end, in a
# temporary directory (the source tree is only read):
#  (a) in the kit: scripts/new-node scaffolds nodes/probe into a copy of the
#      kit holding only what a node needs (top CMakeLists.txt, cmake/,
#      runtime/, scripts/new-node); the build finds the node without a list
#      being edited, its unit test passes, and build/bin/node-probe passes
#      the bench's echo workload.
#  (b) out of tree: that build installs the runtime to a prefix; the copy of
#      the kit is then deleted, so nothing can reach its sources; a project
#      scaffolded with `new-node --out` builds with find_package against the
#      prefix alone, its unit test passes, and its node passes the bench;
#      and README.md's out-of-tree CMakeLists.txt builds README.md's example.
# Only the runtime and one node are compiled (twice the node, once the
# runtime), never the whole kit.
# Usage: new_node_test.sh SOURCE_DIR HARNESS CXX_COMPILER [COMPILER_LAUNCHER]
set -euo pipefail
src=$1 harness=$2 cxx=$3 launcher=${4:-}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# ccache, when the kit's build uses it, hashes paths relative to the temp
# directory, so a second run hits the cache although the directory is new.
export CCACHE_BASEDIR=$work
# Unoptimised: this proves the node builds and runs, not how fast, and -O0
# compiles the runtime about twice as fast (CI compiles it twice here).
cmake_args=(-DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG=-O0 -DCMAKE_CXX_COMPILER="$cxx")
[[ -z "$launcher" ]] || cmake_args+=(-DCMAKE_CXX_COMPILER_LAUNCHER="$launcher")
jobs=${NEW_NODE_TEST_JOBS:-2}

step() { echo "--- $* ($SECONDS s)"; }
bench() {  # bench NODE_BINARY: one node, 5 s of echo; exit 0 means valid
  "$harness" test -w echo --bin "$1" --node-count 1 --time-limit 5 --store "$work/store" >"$work/bench.log" 2>&1 || {
    cat "$work/bench.log"
    echo "FAIL: $1 did not pass the echo workload" >&2
    exit 1
  }
  grep '^RESULT' "$work/bench.log"
}

step "(a) scaffold nodes/probe into a minimal copy of the kit"
kit=$work/kit
mkdir -p "$kit/scripts" "$kit/nodes"
cp -r "$src/CMakeLists.txt" "$src/cmake" "$src/runtime" "$kit/"
cp "$src/scripts/new-node" "$kit/scripts/"
"$kit/scripts/new-node" probe
# A bad name and an existing node are refused, and leave nothing behind.
for bad in Probe 9lives my-node class probe; do
  if "$kit/scripts/new-node" "$bad" 2>"$work/err"; then
    echo "FAIL: new-node accepted '$bad'" >&2
    exit 1
  fi
  grep -q '^new-node: ' "$work/err"
done
[[ "$(ls "$kit/nodes")" == probe ]] || { echo "FAIL: refused names left files: $(ls "$kit/nodes")" >&2; exit 1; }

step "(a) configure and build node-probe and probe_test"
cmake -S "$kit" -B "$kit/build" "${cmake_args[@]}" >"$work/configure.log"
cmake --build "$kit/build" -j "$jobs" --target node-probe probe_test >"$work/build.log" ||
  { cat "$work/build.log"; exit 1; }
"$kit/build/nodes/probe/probe_test"
step "(a) node-probe on the bench"
bench "$kit/build/bin/node-probe"

step "(b) install the runtime, then delete the kit's copy"
cmake --install "$kit/build" --prefix "$work/prefix" >"$work/install.log"
rm -rf "$kit"

step "(b) scaffold a project of its own and build it with find_package"
"$src/scripts/new-node" --out "$work/mine" mine
cmake -S "$work/mine" -B "$work/mine/build" "${cmake_args[@]}" -DCMAKE_PREFIX_PATH="$work/prefix" \
  >"$work/configure.log"
grep -q "GlomersRuntime_DIR:PATH=$work/prefix/" "$work/mine/build/CMakeCache.txt" ||
  { echo "FAIL: GlomersRuntime was not found in the prefix" >&2; exit 1; }
cmake --build "$work/mine/build" -j "$jobs" >"$work/build.log" || { cat "$work/build.log"; exit 1; }
"$work/mine/build/mine_test"
step "(b) node-mine on the bench"
bench "$work/mine/build/node-mine"

step "(b) README.md's CMakeLists.txt snippet builds README.md's example node"
readme=$work/readme
mkdir -p "$readme"
# block NAME: the code inside the fence between <!-- NAME:begin --> and <!-- NAME:end -->.
block() { awk -v b="<!-- $1:begin -->" -v e="<!-- $1:end -->" \
  '$0 == b {on = 1; next} $0 == e {on = 0} on && !/^```/' "$src/README.md"; }
block out-of-tree >"$readme/CMakeLists.txt"
block example >"$readme/main.cc"
[[ -s "$readme/CMakeLists.txt" && -s "$readme/main.cc" ]] ||
  { echo "FAIL: README.md lost its out-of-tree or example block" >&2; exit 1; }
cmake -S "$readme" -B "$readme/build" "${cmake_args[@]}" -DCMAKE_PREFIX_PATH="$work/prefix" \
  >"$work/configure.log"
cmake --build "$readme/build" -j "$jobs" >"$work/build.log" || { cat "$work/build.log"; exit 1; }
[[ -x "$readme/build/node-mine" ]]
step "passed"
