// journal_latency: the delay the bench adds per network hop, from a stored
// run's journal: for every delivered message, recv time - send time, split
// into client hops and server hops (node-node, node-service). Subtract the
// configured --latency to get the bench's own overhead (run with
// --latency 0 to read it directly). Also prints the run's routing rate,
// averaged over the whole run and for its busiest second.
//
//   journal_latency STORE_RUN_DIR
#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "harness/store/store.h"

namespace {

void Print(const char* what, std::vector<int64_t>& d) {
  if (d.empty()) {
    std::printf("%-8s no deliveries\n", what);
    return;
  }
  std::sort(d.begin(), d.end());
  auto q = [&](double p) {
    return static_cast<double>(d[std::min(d.size() - 1, static_cast<size_t>(p * d.size()))]) / 1e6;
  };
  std::printf("%-8s n=%zu p50=%.3f ms p90=%.3f ms p99=%.3f ms max=%.3f ms\n", what, d.size(),
              q(0.5), q(0.9), q(0.99), q(1.0));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: journal_latency STORE_RUN_DIR\n");
    return 254;
  }
  auto journal = harness::ReadJournal(std::string(argv[1]) + "/journal");
  if (!journal.ok()) {
    std::fprintf(stderr, "%s\n", std::string(journal.status().message()).c_str());
    return 1;
  }
  absl::flat_hash_map<int64_t, int64_t> sent;
  std::vector<int64_t> client, server;
  int64_t first = INT64_MAX, last = INT64_MIN, sends = 0;
  absl::flat_hash_map<int64_t, int64_t> per_second;  // second -> sends
  for (const auto& e : *journal) {
    if (e.kind == harness::JournalEvent::Kind::kSend) {
      sent[e.message_id] = e.time_ns;
      ++sends;
      ++per_second[e.time_ns / 1'000'000'000];
      if (e.time_ns >= 0) {
        first = std::min(first, e.time_ns);
        last = std::max(last, e.time_ns);
      }
      continue;
    }
    auto it = sent.find(e.message_id);
    if (it == sent.end()) continue;
    bool is_client = harness::IsClientId(e.src) || harness::IsClientId(e.dest);
    (is_client ? client : server).push_back(e.time_ns - it->second);
  }
  Print("client", client);
  Print("server", server);
  if (last > first) {
    std::printf("messages sent: %lld over %.1f s = %.0f msgs/s\n", static_cast<long long>(sends),
                static_cast<double>(last - first) / 1e9,
                static_cast<double>(sends) / (static_cast<double>(last - first) / 1e9));
  }
  int64_t peak = 0;
  for (const auto& [second, n] : per_second) peak = std::max(peak, n);
  std::printf("busiest second: %lld messages routed\n", static_cast<long long>(peak));
  return 0;
}
