// SimCluster: a few in-process nodes on the bench's network and services,
// under virtual time, for node tests.
//
// The same SimLoop, SimHost, Network (latency, partitions, Maelstrom's
// queueing) and services (lin-kv, seq-kv, lww-kv, lin-tso) as `harness sim`,
// without a workload or checker: a test sends requests as a client, cuts
// and heals links, kills, pauses and skews nodes, and moves time. Same seed,
// same run. A node test that needs a cluster uses this, so the kit has one
// simulator.
//
// Example:
//   SimCluster c({.nodes = 3, .seed = 7,
//                 .process = RuntimeSimProcess(&kBroadcastProgram, {})});
//   REQUIRE(c.InitAll());
//   auto reply = c.Request("n0", {{"type", "broadcast"}, {"message", 1}});
//   c.Partition({"n0"}, {"n1", "n2"});
//   c.Run(5'000'000'000);
#ifndef HARNESS_HOST_SIM_CLUSTER_H_
#define HARNESS_HOST_SIM_CLUSTER_H_

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "harness/host/sim_host.h"
#include "harness/net/latency.h"
#include "harness/net/network.h"
#include "harness/run/rpc_client.h"
#include "harness/run/sim_loop.h"
#include "harness/services/service_host.h"
#include "nlohmann/json.hpp"

namespace harness {

class SimCluster {
 public:
  struct Options {
    int nodes = 3;
    uint64_t seed = 1;
    LatencyModel latency;       // Maelstrom's default unless set
    SimProcessFactory process;  // REQUIRED
    SimHostOptions host;        // fsync and disk faults; process and seed are filled in
  };

  explicit SimCluster(Options options);
  ~SimCluster();

  const std::vector<std::string>& ids() const { return ids_; }
  // Sends init to every node; true when all answered init_ok.
  bool InitAll(int64_t timeout_ms = 10'000);
  // One client request; runs virtual time until its reply (nullopt at the
  // timeout). Each call uses a fresh client.
  std::optional<nlohmann::json> Request(const std::string& node, nlohmann::json body,
                                        int64_t timeout_ms = 5'000);
  // One client request without running time: `done` runs later, inside
  // Run or Request, with the reply or nullopt at the timeout. A fresh
  // client each, so any number may be outstanding (concurrent clients).
  void Call(const std::string& node, nlohmann::json body, int64_t timeout_ms, RpcClient::Done done);
  // Runs virtual time forward.
  void Run(int64_t ns);
  void RunMs(int64_t ms) { Run(ms * 1'000'000); }

  // Cuts every link between `a` and `b`, both ways (adds to current cuts).
  void Partition(const std::vector<std::string>& a, const std::vector<std::string>& b);
  void Heal();
  // Kill and restart (with init, answered before Restart returns true).
  void Kill(const std::string& id);
  bool Restart(const std::string& id);
  void Pause(const std::string& id);
  void Resume(const std::string& id);
  void SetClock(const std::string& id, const ClockSkew& skew);

  int64_t now_ns() { return loop_.NowNs(); }
  // Messages sent between nodes so far (not to clients or services).
  int64_t server_messages() const;
  int64_t dropped_by_partition() const { return net_.stats().dropped_by_partition; }
  SimHost& host(const std::string& id);
  // The program node `id` runs now, as type T (a node's program struct,
  // nodes/<name>/program.h); nullptr while it is killed or of another type.
  // For tests that assert on a node's internal state.
  template <class T>
  T* program(const std::string& id) {
    SimProcess* p = host(id).process();
    return p == nullptr ? nullptr : dynamic_cast<T*>(p->program());
  }
  // Lines the nodes logged, for a failing test's report.
  const std::vector<std::string>& logs() const { return logs_; }

 private:
  Options options_;
  SimLoop loop_;
  Network net_;
  std::unique_ptr<ServiceHost> services_;
  std::vector<std::string> ids_;
  std::vector<std::unique_ptr<SimHost>> hosts_;
  std::vector<std::string> logs_;
  int64_t next_client_ = 0;
  std::map<int64_t, std::unique_ptr<RpcClient>> clients_;  // outstanding Calls
  int64_t discarded_ = 0;
  Grudge cuts_;
};

}  // namespace harness

#endif  // HARNESS_HOST_SIM_CLUSTER_H_
