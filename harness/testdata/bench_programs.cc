#include "harness/testdata/bench_programs.h"

#include <algorithm>
#include <iterator>

#include "harness/testdata/bench_factories.h"
#include "harness/testdata/mini_sim.h"

namespace bench {
namespace {

struct Entry {
  const char* name;
  mini::Factory make;
  // A first argument the simulator cannot host (nullptr: none).
  const char* unhostable_mode;
};

// Sorted by name.
constexpr Entry kNodes[] = {
    {"bench-broadcast_node", &MakeBroadcastNode, nullptr},
    {"bench-cache_kv_node", &MakeCacheKvNode, nullptr},
    {"bench-clock_node", &MakeClockNode, nullptr},
    {"bench-counter_node", &MakeCounterNode, nullptr},
    {"bench-disk_counter_node", &MakeDiskCounterNode, nullptr},
    {"bench-echo_node", &MakeEchoNode, "crash"},  // exits mid-run
    {"bench-ids_node", &MakeIdsNode, nullptr},
    {"bench-kafka_node", &MakeKafkaNode, nullptr},
    {"bench-kv_proxy_node", &MakeKvProxyNode, nullptr},
    {"bench-lease_kv_node", &MakeLeaseKvNode, nullptr},
    {"bench-txn_node", &MakeTxnNode, nullptr},
};

}  // namespace

std::optional<harness::SimProcessFactory> FindBenchSimNode(std::string_view name,
                                                           const std::vector<std::string>& args) {
  for (const Entry& e : kNodes) {
    if (name != e.name) continue;
    if (e.unhostable_mode != nullptr && !args.empty() && args[0] == e.unhostable_mode) {
      return std::nullopt;
    }
    return mini::SimFactory(e.make, args);
  }
  return std::nullopt;
}

std::vector<std::string> BenchSimNodeNames() {
  std::vector<std::string> names;
  for (const Entry& e : kNodes) names.emplace_back(e.name);
  return names;
}

}  // namespace bench
