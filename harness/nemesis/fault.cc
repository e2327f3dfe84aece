#include "harness/nemesis/fault.h"

namespace harness {

Value GrudgeValue(const Grudge& g) {
  std::vector<std::pair<Value, Value>> entries;
  for (const auto& [dest, srcs] : g) {
    std::vector<Value> s;
    for (const auto& src : srcs) s.push_back(Value::String(src));
    entries.emplace_back(Value::String(dest), Value::Set(std::move(s)));
  }
  return Value::Vec({Value::Keyword("isolated"), Value::Map(std::move(entries))});
}

Fault::Step PartitionFault::Start(Rng& rng) {
  auto shapes = std::size(kAllPartitionShapes);
  PartitionShape shape = kAllPartitionShapes[rng.UniformInt(0, static_cast<int64_t>(shapes))];
  Grudge g = MakePartition(shape, nodes_, rng);
  Value completion = GrudgeValue(g);
  net_->SetGrudge(std::move(g));
  active_ = true;
  return {Value::Keyword(PartitionShapeName(shape)), completion, PartitionShapeName(shape)};
}

Fault::Step PartitionFault::Stop() {
  net_->Heal();
  active_ = false;
  return {Value(), Value::Keyword("network-healed"), "healed"};
}

}  // namespace harness
