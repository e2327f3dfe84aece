// RunTest / RunWithHosts: one run end to end (harness/docs/running.md,
// phases): start the nodes, init them (10 s), workload setup (broadcast
// topology, 5 s), main phase (generator + nemesis for --time-limit
// seconds), final phase for workloads that have one (heal, 10 s recovery,
// one final op per worker), teardown (kill every node), analysis, store,
// verdict.
//
// Returns the process exit status: 0 valid, 1 invalid, 2 unknown, 255 when
// the run aborted (a node never answered init or a setup request, a node
// crashed, lin-kv's concurrency rule, an unwritable store). Bad node
// behaviour never crashes or hangs the harness: it is reported naming the
// node and the line, and judged. Single-threaded; every node it starts is
// killed before it returns.
#ifndef HARNESS_RUN_RUNNER_H_
#define HARNESS_RUN_RUNNER_H_

#include <functional>
#include <string>

#include "harness/cli/test_options.h"
#include "harness/host/node_host.h"
#include "harness/run/loop.h"

namespace harness {

// `harness test`: node processes (ProcessHost) on an EventLoop, SIGINT and
// SIGTERM ending the run cleanly. Refuses (254) a --bin it cannot execute
// and (255) the clock nemesis without libfaketime.
// REQUIRES: options came from ParseTestFlags.
int RunTest(const TestOptions& options);

// What the runner is told about the hosts it drives; everything above the
// hosts behaves the same whichever they are.
struct HostFacts {
  std::string host = "process";  // run.json's "host": "process" or "sim"
  bool simulated = false;        // run.json's "simulated": true (virtual time)
  std::string command = "test";  // the subcommand run.json's "reproduce" names
  // Optional: called once the run's log is open, with a function that ends
  // the run early but cleanly (nodes killed, what was recorded stored, exit
  // 255). `harness test` wires SIGINT and SIGTERM to it.
  std::function<void(std::function<void()> interrupt)> watch_interrupts;
};

// A run on any Loop with nodes from `hosts` (one host per node, made once
// and started again after each kill). Refuses (255) lin-kv runs whose
// concurrency breaks its rule. REQUIRES: options came from ParseTestFlags;
// `loop` outlives the call.
int RunWithHosts(const TestOptions& options, Loop& loop, NodeHostFactory hosts,
                 const HostFacts& facts);

}  // namespace harness

#endif  // HARNESS_RUN_RUNNER_H_
