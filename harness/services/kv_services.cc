#include "harness/services/kv_services.h"

#include "harness/run/check.h"

namespace harness {

using nlohmann::json;

absl::StatusOr<json> LinKv::Handle(const std::string& src, const json& body) {
  auto out = ApplyKv(state_, body, /*honor_create_if_not_exists=*/true);
  if (!out.ok()) return out.status();
  if (out->new_state) state_ = std::move(*out->new_state);
  return std::move(out->reply);
}

SeqKv::SeqKv(Rng rng) : rng_(rng) { states_.push_back(std::make_shared<const KvMap>()); }

const KvMap& SeqKv::StateAt(int64_t index) const {
  // Maelstrom reads its ring buffer with a negative index, which wraps modulo
  // the buffer's length for states older than it holds (harness/docs/services.md).
  int64_t n = static_cast<int64_t>(states_.size());
  int64_t back = latest_ - index;
  int64_t pos = ((n - 1 - back) % n + n) % n;
  return *states_[static_cast<size_t>(pos)];
}

absl::StatusOr<json> SeqKv::Handle(const std::string& src, const json& body) {
  int64_t& seen = seen_[src];
  HARNESS_CHECK(seen <= latest_);
  int64_t i = rng_.UniformInt(seen, latest_ + 1);
  auto stale = ApplyKv(StateAt(i), body, /*honor_create_if_not_exists=*/true);
  if (!stale.ok()) return stale.status();
  if (!stale->new_state) {
    seen = i;
    return std::move(stale->reply);
  }
  // A state change always builds on the newest state and is appended, even
  // if it turns out to change nothing there.
  auto fresh = ApplyKv(*states_.back(), body, /*honor_create_if_not_exists=*/true);
  if (!fresh.ok()) return fresh.status();
  std::shared_ptr<const KvMap> next =
      fresh->new_state ? std::make_shared<const KvMap>(std::move(*fresh->new_state))
                       : states_.back();
  states_.push_back(std::move(next));
  if (states_.size() > kKeptStates) states_.pop_front();
  ++latest_;
  seen = latest_;
  return std::move(fresh->reply);
}

LwwKv::LwwKv(Rng rng) : rng_(rng) {}

absl::StatusOr<json> LwwKv::Handle(const std::string& src, const json& body) {
  Replica& r = replicas_[rng_.UniformInt(0, kReplicas)];
  auto out = ApplyKv(r.values, body, /*honor_create_if_not_exists=*/false);
  if (!out.ok()) return out.status();
  if (out->new_state) {
    r.values = std::move(*out->new_state);
  }
  // Writes and successful cas advance the replica's Lamport clock even when
  // the value is unchanged; the clock is observable only through merges,
  // which Maelstrom discards, so it is kept for fidelity alone.
  const std::string type = body.value("type", "");
  if (out->reply.value("type", "") != "error" && (type == "write" || type == "cas")) ++r.clock;
  return std::move(out->reply);
}

absl::StatusOr<json> LinTso::Handle(const std::string& src, const json& body) {
  if (!body.is_object() || body.value("type", "") != "ts") {
    return absl::InvalidArgumentError("lin-tso only answers ts requests");
  }
  return json{{"type", "ts_ok"}, {"ts", next_++}};
}

}  // namespace harness
