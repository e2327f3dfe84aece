// raft-sim: runs the seeded Raft simulator over many seeds.
//   raft-sim [--seeds N] [--from S] [--ms DURATION] [-v]
//            [--naive-commit | --stale-reads | --unsafe-lease]  (planted bugs)
//            [--tree-bodies]  (messages as JSON trees, not text: faster)
// Prints each failing seed with a one-line reason and how to replay it;
// exits 1 if any seed failed.
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "nodes/raftkv/raft/sim/sim.h"

namespace {
volatile uint64_t current_seed = 0;
// A core invariant check aborts the process; say which seed did it.
void OnAbort(int) {
  char buf[64];
  int n = std::snprintf(buf, sizeof buf, "aborted in seed %llu\n",
                        static_cast<unsigned long long>(current_seed));
  if (n > 0) fwrite(buf, 1, static_cast<size_t>(n), stderr);
}
}  // namespace

int main(int argc, char** argv) {
  std::signal(SIGABRT, OnAbort);
  uint64_t seeds = 200;
  uint64_t from = 1;
  int64_t ms = 20000;
  bool naive = false;
  bool stale = false;
  bool lease = false;
  bool verbose = false;
  bool tree_bodies = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--seeds" && i + 1 < argc) {
      seeds = std::strtoull(argv[++i], nullptr, 10);
    } else if (a == "--from" && i + 1 < argc) {
      from = std::strtoull(argv[++i], nullptr, 10);
    } else if (a == "--ms" && i + 1 < argc) {
      ms = std::strtoll(argv[++i], nullptr, 10);
    } else if (a == "--naive-commit") {
      naive = true;
    } else if (a == "--stale-reads") {
      stale = true;
    } else if (a == "--unsafe-lease") {
      lease = true;
    } else if (a == "--tree-bodies") {
      tree_bodies = true;
    } else if (a == "-v") {
      verbose = true;
    } else {
      std::fprintf(stderr,
                   "usage: raft-sim [--seeds N] [--from S] [--ms MS] "
                   "[--naive-commit] [--stale-reads] [--unsafe-lease] "
                   "[--tree-bodies] [-v]\n");
      return 2;
    }
  }
  int failed = 0;
  for (uint64_t s = from; s < from + seeds; ++s) {
    current_seed = s;
    raft::sim::ChaosOptions o;
    o.seed = s;
    o.duration_ms = ms;
    o.naive_commit = naive;
    o.unsafe_local_reads = stale;
    o.lease_reads = lease;
    o.wire_text = !tree_bodies;
    o.verbose = verbose;
    std::string f = raft::sim::RunChaos(o);
    if (!f.empty()) {
      ++failed;
      std::printf("FAIL %s\n  replay: raft-sim --from %llu --seeds 1 --ms %lld%s%s -v\n",
                  f.c_str(), static_cast<unsigned long long>(s),
                  static_cast<long long>(ms),
                  naive ? " --naive-commit"
                  : stale ? " --stale-reads"
                  : lease ? " --unsafe-lease" : "",
                  tree_bodies ? " --tree-bodies" : "");
    }
  }
  std::printf("%d of %llu seeds failed\n", failed,
              static_cast<unsigned long long>(seeds));
  return failed == 0 ? 0 : 1;
}
