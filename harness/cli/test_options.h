// TestOptions: everything `harness test` was asked to do, after parsing.
//
// Field names and defaults follow Maelstrom's `test` flags (harness/docs/running.md, flags); seed
// and store_dir are this bench's additions. A plain value;
// ParseTestFlags (flags.h) is the only producer, the runner the consumer.
#ifndef HARNESS_CLI_TEST_OPTIONS_H_
#define HARNESS_CLI_TEST_OPTIONS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "harness/net/latency.h"
#include "harness/net/net_faults.h"

namespace harness {

struct TestOptions {
  std::string workload = "lin-kv";
  std::string bin;                     // as given; resolved at spawn
  std::vector<std::string> node_args;  // positional arguments for the node
  std::vector<std::string> nodes = {"n1", "n2", "n3", "n4", "n5"};
  int concurrency = 0;                 // resolved: 1n unless given
  std::string concurrency_spec = "1n";
  int time_limit_s = 60;
  double rate = 5;
  LatencyModel latency;
  // --net-loss, --net-duplicate, --net-reorder, --net-reorder-max: message
  // faults between nodes beyond Maelstrom's; all off by default.
  NetFaults net_faults;
  std::vector<std::string> nemesis;    // fault kinds, e.g. {"partition"}
  double nemesis_interval_s = 10;
  // --nemesis-targets: target kinds the faults draw from (targets.h);
  // empty = each fault's defaults.
  std::vector<std::string> nemesis_targets;
  std::optional<double> availability;  // fraction; 1.0 with `total`
  bool availability_total = false;
  std::string consistency_models = "strict-serializable";
  std::optional<int> key_count;
  int max_txn_length = 4;
  int max_writes_per_key = 16;
  std::string topology = "grid";
  bool log_stderr = false;
  bool log_net_send = false;
  bool log_net_recv = false;
  int test_count = 1;
  bool leave_db_running = false;
  bool logging_json = false;
  uint64_t seed = 0;
  bool seed_given = false;
  std::string store_dir = "store";
  // --sim-nemesis-steps, --sim-ops: replay of a shrunk schedule; the
  // indices (sorted, distinct) of the nemesis steps and of the generated ops
  // to keep, every other one skipped. Unset = keep all.
  std::optional<std::vector<int64_t>> sim_nemesis_steps;
  std::optional<std::vector<int64_t>> sim_ops;
  // The console gets nothing (jepsen.log still gets everything): `harness
  // sim` sweeps print one line per seed instead.
  bool quiet_console = false;
  // The `harness test` words as given, minus --seed and --test-count, so a
  // failed run can print the exact command that replays it (main sets it).
  std::vector<std::string> command_words;

  bool has_nemesis(const std::string& kind) const {
    for (const auto& k : nemesis) {
      if (k == kind) return true;
    }
    return false;
  }
};

}  // namespace harness

#endif  // HARNESS_CLI_TEST_OPTIONS_H_
