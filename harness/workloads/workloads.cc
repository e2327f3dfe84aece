// MakeWorkload and BodyValue (declared in workload.h).
#include <algorithm>

#include "harness/run/check.h"
#include "harness/workloads/counter_workload.h"
#include "harness/workloads/kafka_workload.h"
#include "harness/workloads/lin_kv_workload.h"
#include "harness/workloads/set_workloads.h"
#include "harness/workloads/simple_workloads.h"
#include "harness/workloads/workload.h"

namespace harness {

std::unique_ptr<Workload> MakeWorkload(const TestOptions& o) {
  const std::string& w = o.workload;
  if (w == "echo") return std::make_unique<EchoWorkload>();
  if (w == "unique-ids") return std::make_unique<UniqueIdsWorkload>();
  if (w == "broadcast") {
    auto topology = MakeTopology(o.topology, o.nodes);
    if (!topology) return nullptr;
    return std::make_unique<BroadcastWorkload>(std::move(*topology));
  }
  if (w == "g-set") return std::make_unique<GSetWorkload>();
  if (w == "g-counter") return std::make_unique<CounterWorkload>(/*grow_only=*/true);
  if (w == "pn-counter") return std::make_unique<CounterWorkload>(/*grow_only=*/false);
  if (w == "lin-kv") {
    return std::make_unique<LinKvWorkload>(static_cast<int>(o.nodes.size()), o.latency.mean_ms);
  }
  if (w == "kafka") {
    return std::make_unique<KafkaWorkload>(o.key_count.value_or(KafkaWorkload::kDefaultKeyCount),
                                           o.max_writes_per_key, std::max(o.concurrency, 1), o.rate);
  }
  return nullptr;
}

Value BodyValue(const nlohmann::json& body) {
  if (!body.is_object()) return Value::FromJson(body);
  std::vector<std::pair<Value, Value>> entries;
  for (auto it = body.begin(); it != body.end(); ++it) {
    entries.emplace_back(Value::Keyword(it.key()), Value::FromJson(it.value()));
  }
  return Value::Map(std::move(entries));
}

}  // namespace harness
