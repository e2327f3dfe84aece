// FakeSeqKv (tests only): seq-kv as harness/docs/services.md describes it,
// including its failure modes. A global sequence of states; per caller the
// index of the newest state it has observed; each request is evaluated on
// a state drawn uniformly between that index and the newest. A request
// that would leave the drawn state unchanged is answered from it (a stale
// read, or a cas failing against a stale value); otherwise it is applied
// to the newest state and the caller moves there. All states are kept (no
// 32-entry ring), which only makes staleness more likely, never less.
#ifndef NODES_GCOUNTER_FAKE_SEQ_KV_H_
#define NODES_GCOUNTER_FAKE_SEQ_KV_H_

#include <map>
#include <optional>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "runtime/message.h"
#include "runtime/random.h"

namespace gcounter {

class FakeSeqKv {
 public:
  using Json = runtime::Json;
  using State = std::map<Json, Json>;

  explicit FakeSeqKv(uint64_t seed) : random_(seed), states_(1) {}

  // The reply body to `body` from `src` (with in_reply_to), or nothing for
  // a request it cannot handle (the real service then stays silent).
  std::optional<Json> Handle(const std::string& src, const Json& body) {
    size_t newest = states_.size() - 1;
    size_t& seen = seen_[src];
    size_t drawn = size_t(runtime::UniformInt(random_, int64_t(seen), int64_t(newest) + 1));
    std::optional<Eval> stale = Evaluate(body, states_[drawn]);
    if (!stale) return std::nullopt;
    Json reply;
    if (!stale->next) {
      seen = drawn;
      reply = std::move(stale->reply);
    } else {
      Eval fresh = *Evaluate(body, states_[newest]);
      states_.push_back(fresh.next ? std::move(*fresh.next) : states_[newest]);
      seen = states_.size() - 1;
      reply = std::move(fresh.reply);
    }
    reply["in_reply_to"] = body.contains("msg_id") ? body.at("msg_id") : Json(nullptr);
    return reply;
  }

  const State& newest() const { return states_.back(); }

 private:
  struct Eval {
    Json reply;
    std::optional<State> next;  // set when the request changes the state
  };

  static Json Err(int code) { return Json{{"type", "error"}, {"code", code}}; }

  static std::optional<Eval> Evaluate(const Json& body, const State& state) {
    const std::string type = body.value("type", "");
    const Json& key = body.at("key");
    auto it = state.find(key);
    if (type == "read") {
      if (it == state.end()) return Eval{Err(20), std::nullopt};
      return Eval{Json{{"type", "read_ok"}, {"value", it->second}}, std::nullopt};
    }
    if (type == "write") {
      const Json& value = body.at("value");
      if (it != state.end() && it->second == value) return Eval{Json{{"type", "write_ok"}}, std::nullopt};
      State next = state;
      next[key] = value;
      return Eval{Json{{"type", "write_ok"}}, std::move(next)};
    }
    if (type == "cas") {
      const Json& to = body.at("to");
      if (it == state.end()) {
        if (!body.value("create_if_not_exists", false)) return Eval{Err(20), std::nullopt};
      } else if (it->second != body.at("from")) {
        return Eval{Err(22), std::nullopt};
      } else if (it->second == to) {
        return Eval{Json{{"type", "cas_ok"}}, std::nullopt};
      }
      State next = state;
      next[key] = to;
      return Eval{Json{{"type", "cas_ok"}}, std::move(next)};
    }
    return std::nullopt;
  }

  std::mt19937_64 random_;
  std::vector<State> states_;
  std::map<std::string, size_t> seen_;
};

}  // namespace gcounter

#endif  // NODES_GCOUNTER_FAKE_SEQ_KV_H_
