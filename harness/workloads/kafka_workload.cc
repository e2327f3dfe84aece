#include "harness/workloads/kafka_workload.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "harness/run/check.h"
#include "harness/workloads/outcome.h"

namespace harness {

using nlohmann::json;

namespace {

Value Kw(const char* name) { return Value::Keyword(name); }

// The poll_ok "msgs" object as the history's {"k" [[offset msg] ...]} map,
// and the highest offset returned per key (keys with pairs only). Fails
// when a key's entry is not an array of [integer, message] pairs.
absl::StatusOr<Value> PollMsgs(const json& msgs, std::map<std::string, int64_t>* highest) {
  std::vector<std::pair<Value, Value>> entries;
  for (auto it = msgs.begin(); it != msgs.end(); ++it) {
    if (!it.value().is_array()) {
      return absl::InvalidArgumentError(absl::StrCat("msgs[\"", it.key(), "\"] is not an array"));
    }
    std::vector<Value> pairs;
    for (const json& pair : it.value()) {
      if (!pair.is_array() || pair.size() != 2 || !pair[0].is_number_integer()) {
        return absl::InvalidArgumentError(
            absl::StrCat("msgs[\"", it.key(), "\"] holds ", pair.dump(),
                         ", not an [offset, msg] pair with an integer offset"));
      }
      int64_t offset = pair[0].get<int64_t>();
      auto [h, inserted] = highest->emplace(it.key(), offset);
      if (!inserted) h->second = std::max(h->second, offset);
      pairs.push_back(Value::Vec({Value::Int(offset), Value::FromJson(pair[1])}));
    }
    entries.emplace_back(Value::String(it.key()), Value::Vec(std::move(pairs)));
  }
  return Value::Map(std::move(entries));
}

Completion Ok(Value v) {
  Completion c;
  c.type = OpType::kOk;
  c.value = std::move(v);
  return c;
}

// crash: nothing is sent; the op is :info, so the runner drops the client.
class CrashExchange : public OpExchange {
 public:
  std::optional<json> NextRequest() override { return std::nullopt; }
  void OnReply(const std::optional<json>&) override {}
  Completion Result() override {
    Completion c;
    c.type = OpType::kInfo;
    return c;
  }
};

// assign: list_committed_offsets (unless seeking to 0), then the new
// assignment.
class AssignExchange : public OpExchange {
 public:
  AssignExchange(const Workload* w, Invocation op, KafkaWorkload::Positions* client, bool seek)
      : w_(w), op_(std::move(op)), client_(client), seek_(seek) {}
  std::optional<json> NextRequest() override {
    if (done_) return std::nullopt;
    if (seek_) {
      KafkaWorkload::Positions next;
      for (const Value& k : op_.value.items()) next[k.as_string()] = 0;
      *client_ = std::move(next);
      result_ = Ok(op_.value);
      done_ = true;
      return std::nullopt;
    }
    json keys = json::array();
    for (const Value& k : op_.value.items()) keys.push_back(k.as_string());
    return json{{"type", "list_committed_offsets"}, {"keys", keys}};
  }
  void OnReply(const std::optional<json>& reply) override {
    done_ = true;
    ReplySchema schema{"list_committed_offsets_ok", {{"offsets", ReplySchema::Kind::kObject}}};
    if (auto failed = FailedStep(*w_, op_, reply, schema)) {
      result_ = *failed;
      return;
    }
    const json& committed = reply->at("offsets");
    KafkaWorkload::Positions next;
    for (const Value& kv : op_.value.items()) {
      const std::string& k = kv.as_string();
      if (auto it = client_->find(k); it != client_->end()) {
        next[k] = it->second;
      } else if (auto c = committed.find(k); c != committed.end()) {
        if (!c->is_number_integer()) {
          result_ = MalformedReply(op_, absl::StrCat("committed offset of \"", k,
                                                      "\" is not an integer: ", c->dump()));
          return;
        }
        next[k] = c->get<int64_t>();
      } else {
        next[k] = 0;
      }
    }
    *client_ = std::move(next);
    result_ = Ok(op_.value);
  }
  Completion Result() override { return result_; }

 private:
  const Workload* w_;
  Invocation op_;
  KafkaWorkload::Positions* client_;
  bool seek_;
  bool done_ = false;
  Completion result_;
};

// poll, then commit_offsets when anything was returned.
class PollExchange : public OpExchange {
 public:
  PollExchange(const Workload* w, Invocation op, KafkaWorkload::Positions* client)
      : w_(w), op_(std::move(op)), client_(client) {}
  std::optional<json> NextRequest() override {
    if (step_ == 0) {
      json offsets = json::object();
      for (const auto& [k, o] : *client_) offsets[k] = o;
      return json{{"type", "poll"}, {"offsets", offsets}};
    }
    if (step_ == 1) {
      json offsets = json::object();
      for (const auto& [k, o] : highest_) offsets[k] = std::max<int64_t>(o, 0);
      return json{{"type", "commit_offsets"}, {"offsets", offsets}};
    }
    return std::nullopt;
  }
  void OnReply(const std::optional<json>& reply) override {
    if (step_ == 0) {
      ReplySchema schema{"poll_ok", {{"msgs", ReplySchema::Kind::kObject}}};
      if (auto failed = FailedStep(*w_, op_, reply, schema)) return Finish(std::move(*failed));
      auto msgs = PollMsgs(reply->at("msgs"), &highest_);
      if (!msgs.ok()) {
        return Finish(MalformedReply(op_, std::string(msgs.status().message())));
      }
      // The client moves past what it was handed even if the commit fails,
      // as Maelstrom's does.
      for (const auto& [k, o] : highest_) {
        auto [it, inserted] = client_->emplace(k, o + 1);
        if (!inserted) it->second = std::max(it->second, o + 1);
      }
      value_ = Value::Vec({Value::Vec({Kw("poll"), std::move(*msgs)})});
      if (highest_.empty()) return Finish(Ok(value_));
      step_ = 1;
      return;
    }
    ReplySchema schema{"commit_offsets_ok", {}};
    if (auto failed = FailedStep(*w_, op_, reply, schema)) return Finish(std::move(*failed));
    Finish(Ok(value_));
  }
  Completion Result() override { return result_; }

 private:
  void Finish(Completion c) {
    result_ = std::move(c);
    step_ = 2;
  }
  const Workload* w_;
  Invocation op_;
  KafkaWorkload::Positions* client_;
  int step_ = 0;
  std::map<std::string, int64_t> highest_;
  Value value_;
  Completion result_;
};

// Highest offset per key of an :ok op's value ([[:send k [o m]]] or
// [[:poll {k [[o m] ...]}]]), merged into `into` with max.
void MergeOffsets(const Value& value, bool sends, bool polls, std::map<std::string, int64_t>& into) {
  if (!value.is_vector()) return;
  auto bump = [&](const std::string& k, int64_t o) {
    auto [it, inserted] = into.emplace(k, o);
    if (!inserted) it->second = std::max(it->second, o);
  };
  for (const Value& mop : value.items()) {
    if (!mop.is_vector() || mop.items().empty() || !mop.items()[0].is_keyword()) continue;
    const auto& m = mop.items();
    if (sends && m[0].as_string() == "send" && m.size() == 3 && m[1].is_string() &&
        m[2].is_vector() && m[2].items().size() == 2 && m[2].items()[0].is_int()) {
      bump(m[1].as_string(), m[2].items()[0].as_int());
    }
    if (polls && m[0].as_string() == "poll" && m.size() == 2 && m[1].is_map()) {
      for (size_t i = 0; i < m[1].map_size(); ++i) {
        const Value& pairs = m[1].map_value(i);
        if (!m[1].map_key(i).is_string() || !pairs.is_vector()) continue;
        for (const Value& p : pairs.items()) {
          if (p.is_vector() && p.items().size() == 2 && p.items()[0].is_int()) {
            bump(m[1].map_key(i).as_string(), p.items()[0].as_int());
          }
        }
      }
    }
  }
}

}  // namespace

KafkaWorkload::KafkaWorkload(int key_count, int max_writes_per_key, int concurrency, double rate)
    : key_count_(key_count), max_writes_per_key_(max_writes_per_key), next_key_(key_count) {
  HARNESS_CHECK(key_count_ > 0);
  HARNESS_CHECK(max_writes_per_key_ > 0);
  HARNESS_CHECK(concurrency > 0);
  crash_probability_ = rate > 0 ? std::min(0.5, concurrency / (30.0 * rate)) : 0;
  for (int i = 0; i < key_count_; ++i) slots_.push_back(i);
}

KafkaWorkload::Positions& KafkaWorkload::ClientOf(int thread) {
  HARNESS_CHECK(thread >= 0);
  if (clients_.size() <= static_cast<size_t>(thread)) clients_.resize(thread + 1);
  return clients_[static_cast<size_t>(thread)];
}

const KafkaWorkload::Positions& KafkaWorkload::positions(int thread) { return ClientOf(thread); }

std::string KafkaWorkload::PickKey(Rng& rng, int* slot) {
  // Slot i has weight 2^i: walk down from the newest, each slot taking
  // half of what is left (the weights normalised by 2^K - 1).
  const int k = key_count_;
  double u = rng.UniformReal() * (1.0 - std::ldexp(1.0, -k));
  int i = k - 1;
  double w = 0.5;
  while (i > 0 && u >= w) {
    u -= w;
    w /= 2;
    --i;
  }
  *slot = i;
  return absl::StrCat(slots_[static_cast<size_t>(i)]);
}

Invocation KafkaWorkload::Assign(const std::string& key, Rng& rng) {
  std::vector<std::string> keys = {key};
  if (!sent_.empty() && rng.UniformReal() < 1.0 / 3) {
    for (const auto& [k, o] : sent_) {
      if (k != key) keys.push_back(k);
    }
  }
  std::vector<Value> v;
  for (auto& k : keys) v.push_back(Value::String(std::move(k)));
  return {"assign", Value::Vec(std::move(v))};
}

Invocation KafkaWorkload::NextOp(int thread, int64_t process, Rng& rng) {
  if (crash_probability_ > 0 && rng.UniformReal() < crash_probability_) return {"crash", Value()};
  int slot = 0;
  std::string key = PickKey(rng, &slot);
  const bool send = rng.Coin();
  if (rng.UniformReal() < kAssignProbability) return Assign(key, rng);
  if (!send) return {"poll", Value::Vec({Value::Vec({Kw("poll")})})};
  int64_t msg = ++writes_[key];
  if (msg >= max_writes_per_key_) {
    slots_[static_cast<size_t>(slot)] = next_key_++;
  }
  return {"send", Value::Vec({Value::Vec({Kw("send"), Value::String(key), Value::Int(msg)})})};
}

std::optional<Invocation> KafkaWorkload::FinalOp(int thread) {
  if (seen_.empty()) return std::nullopt;
  if (finals_.size() <= static_cast<size_t>(thread)) finals_.resize(thread + 1);
  FinalState& f = finals_[static_cast<size_t>(thread)];
  f.step = 0;
  f.waiting = seen_;
  return Invocation{"crash", Value()};
}

std::optional<std::pair<Invocation, int64_t>> KafkaWorkload::NextFinalOp(int thread, Rng& rng) {
  if (finals_.size() <= static_cast<size_t>(thread)) return std::nullopt;
  FinalState& f = finals_[static_cast<size_t>(thread)];
  if (f.waiting.empty()) return std::nullopt;
  // A fresh client (the crash, or a later :info) has no assignment: assign
  // every key from offset 0 first.
  if (f.step == 0 || ClientOf(thread).empty()) {
    f.step = 1;
    std::vector<Value> keys;
    for (const auto& [k, o] : seen_) keys.push_back(Value::String(k));
    return std::make_pair(Invocation{"assign", Value::Vec(std::move(keys))}, int64_t{0});
  }
  f.step = 2;
  return std::make_pair(Invocation{"poll", Value::Vec({Value::Vec({Kw("poll")})})},
                        rng.UniformInt(0, 400));
}

std::unique_ptr<OpExchange> KafkaWorkload::StartOp(int thread, const Invocation& op) {
  Positions* client = &ClientOf(thread);
  if (op.f == "crash") return std::make_unique<CrashExchange>();
  if (op.f == "poll") return std::make_unique<PollExchange>(this, op, client);
  if (op.f == "assign") {
    bool seek = static_cast<size_t>(thread) < finals_.size() &&
                finals_[static_cast<size_t>(thread)].step == 1;
    return std::make_unique<AssignExchange>(this, op, client, seek);
  }
  return nullptr;
}

json KafkaWorkload::Request(const Invocation& op) const {
  HARNESS_CHECK(op.f == "send");
  const auto& mop = op.value.items()[0].items();
  return json{{"type", "send"}, {"key", mop[1].as_string()}, {"msg", mop[2].ToJson()}};
}

ReplySchema KafkaWorkload::Schema(const Invocation& op) const {
  return {"send_ok", {{"offset", ReplySchema::Kind::kInt}}};
}

absl::StatusOr<Value> KafkaWorkload::OkValue(const Invocation& op, const json& reply) const {
  const auto& mop = op.value.items()[0].items();
  return Value::Vec({Value::Vec(
      {Kw("send"), mop[1], Value::Vec({Value::Int(reply.at("offset").get<int64_t>()), mop[2]})})});
}

void KafkaWorkload::OnCompletion(int thread, int64_t process, const Invocation& op,
                                 const Completion& c) {
  if (c.type == OpType::kInfo) ClientOf(thread).clear();  // the runner opens a fresh client
  if (c.type != OpType::kOk) return;
  const bool final = static_cast<size_t>(thread) < finals_.size() &&
                     finals_[static_cast<size_t>(thread)].step > 0;
  if (final) {
    std::map<std::string, int64_t> polled;
    MergeOffsets(c.value, false, true, polled);
    auto& waiting = finals_[static_cast<size_t>(thread)].waiting;
    for (const auto& [k, o] : polled) {
      if (auto it = waiting.find(k); it != waiting.end() && it->second <= o) waiting.erase(it);
    }
    return;
  }
  MergeOffsets(c.value, true, true, seen_);
  MergeOffsets(c.value, true, false, sent_);
  MergeOffsets(c.value, false, true, polled_);
  for (auto it = sent_.begin(); it != sent_.end();) {
    auto p = polled_.find(it->first);
    if (p != polled_.end() && p->second >= it->second) {
      polled_.erase(p);
      it = sent_.erase(it);
    } else {
      ++it;
    }
  }
}

}  // namespace harness
