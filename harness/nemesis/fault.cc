#include "harness/nemesis/fault.h"

#include "harness/run/check.h"

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
  std::vector<std::string> shapes = policy_.Allowed(kPartitionTargetKinds);
  HARNESS_CHECK(!shapes.empty());
  std::string shape =
      shapes[static_cast<size_t>(rng.UniformInt(0, static_cast<int64_t>(shapes.size())))];
  Grudge g;
  if (shape == "primaries") {
    std::string primary = policy_.PrimaryOr(nodes_, rng);
    std::vector<std::string> rest;
    for (const auto& n : nodes_) {
      if (n != primary) rest.push_back(n);
    }
    g = CompleteGrudge({{primary}, rest});
  } else {
    for (PartitionShape s : kAllPartitionShapes) {
      if (PartitionShapeName(s) == shape) g = MakePartition(s, nodes_, rng);
    }
  }
  Value completion = GrudgeValue(g);
  net_->SetGrudge(std::move(g));
  active_ = true;
  return {Value::Keyword(shape), completion, shape};
}

Fault::Step PartitionFault::Stop() {
  net_->Heal();
  active_ = false;
  return {Value(), Value::Keyword("network-healed"), "healed"};
}

}  // namespace harness
