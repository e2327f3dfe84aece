// The four built-in services (harness/docs/services.md).
//
//   LinKv  one map; each request applied to the current state.
//   SeqKv  Maelstrom's sequentially consistent store as coded: the last 32
//          states kept, a per-caller index, a request evaluated against a
//          random state at or after what the caller has seen, and only
//          state-changing requests re-applied to the newest state.
//   LwwKv  as coded: two independent replicas, each request on a random
//          one (the merge Maelstrom computes is discarded, so replicas never
//          converge); cas ignores create_if_not_exists.
//   LinTso a counter from 0, one value per ts request.
// Randomness comes from the Rng each is given (derived from --seed).
#ifndef HARNESS_SERVICES_KV_SERVICES_H_
#define HARNESS_SERVICES_KV_SERVICES_H_

#include <cstdint>
#include <deque>
#include <memory>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "harness/run/rng.h"
#include "harness/services/kv_model.h"
#include "harness/services/service.h"

namespace harness {

class LinKv : public Service {
 public:
  absl::StatusOr<nlohmann::json> Handle(const std::string& src,
                                        const nlohmann::json& body) override;

 private:
  KvMap state_;
};

class SeqKv : public Service {
 public:
  static constexpr size_t kKeptStates = 32;
  explicit SeqKv(Rng rng);
  absl::StatusOr<nlohmann::json> Handle(const std::string& src,
                                        const nlohmann::json& body) override;
  int64_t latest_index() const { return latest_; }

 private:
  const KvMap& StateAt(int64_t index) const;

  Rng rng_;
  std::deque<std::shared_ptr<const KvMap>> states_;  // oldest first, newest = s_L
  int64_t latest_ = 0;                               // L
  absl::flat_hash_map<std::string, int64_t> seen_;   // caller -> index it has observed
};

class LwwKv : public Service {
 public:
  static constexpr int kReplicas = 2;
  explicit LwwKv(Rng rng);
  absl::StatusOr<nlohmann::json> Handle(const std::string& src,
                                        const nlohmann::json& body) override;

 private:
  struct Replica {
    int64_t clock = 0;
    KvMap values;
  };
  Rng rng_;
  Replica replicas_[kReplicas];
};

class LinTso : public Service {
 public:
  absl::StatusOr<nlohmann::json> Handle(const std::string& src,
                                        const nlohmann::json& body) override;

 private:
  int64_t next_ = 0;
};

}  // namespace harness

#endif  // HARNESS_SERVICES_KV_SERVICES_H_
