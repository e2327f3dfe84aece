// Proves the g-counter node's contract (gcounter.h): step by step on one
// TestNode (the cas it sends, coalescing, retrying the same cas when in
// doubt, resolving a failed cas by reading, the scratch write before a
// read, malformed adds), and end to end against FakeSeqKv, which serves
// stale reads and stale cas failures, with reordering latency and lost
// service messages: every read lies between the adds acknowledged before it
// began and the adds invoked before it ended, final reads are exact, and a
// restarted node continues from its stored total.
#include <catch2/catch.hpp>

#include <map>
#include <memory>
#include <random>

#include "absl/strings/str_cat.h"
#include "nodes/gcounter/fake_seq_kv.h"
#include "nodes/gcounter/gcounter.h"
#include "runtime/random.h"
#include "runtime/test_support.h"

namespace gcounter {
namespace {

using runtime::Json;
using runtime::Message;
using namespace std::chrono_literals;

// Like TestNode::Init, but keeps what the node sends during init (the
// recovery's scratch write) and drops only the init_ok.
void InitKeepingOutput(runtime::TestNode& t, const std::string& id, const std::vector<std::string>& ids) {
  t.node.Receive(Message{"c0", id, Json{{"type", "init"}, {"msg_id", 1}, {"node_id", id}, {"node_ids", ids}}});
  for (Message& m : t.Sent()) {
    if (m.body.value("type", "") != "init_ok") t.transport.sent.push_back(std::move(m));
  }
}

// One node whose seq-kv traffic the test answers by hand.
struct Single {
  runtime::TestNode t;
  GCounterNode g{t.node, Options{}};

  // Init, then answer the recovery (scratch write, read of our key).
  explicit Single(std::optional<int64_t> stored = std::nullopt) {
    InitKeepingOutput(t, "n1", {"n0", "n1", "n2"});
    auto sync = t.Sent();
    REQUIRE(sync.size() == 1);
    CHECK(sync[0].body.at("type") == "write");
    CHECK(sync[0].body.at("key") == "scratch-n1");
    Answer(sync[0], Json{{"type", "write_ok"}});
    auto read = t.Sent();
    REQUIRE(read.size() == 1);
    CHECK(read[0].body.at("key") == "counter-n1");
    Answer(read[0], stored ? Json{{"type", "read_ok"}, {"value", *stored}} : Json{{"type", "error"}, {"code", 20}});
    REQUIRE(g.recovered());
  }
  void Answer(const Message& request, Json reply) {
    reply["in_reply_to"] = request.body.at("msg_id");
    t.Deliver("seq-kv", std::move(reply));
  }
  void Add(int64_t msg_id, int64_t delta) {
    t.Deliver("c1", Json{{"type", "add"}, {"msg_id", msg_id}, {"delta", delta}});
  }
  Message OnlySent() {
    auto sent = t.Sent();
    REQUIRE(sent.size() == 1);
    return sent[0];
  }
};

TEST_CASE("An add becomes a cas on the node's own key; add_ok only once it applied") {
  Single s(/*stored=*/10);
  s.Add(1, 3);
  Message cas = s.OnlySent();
  CHECK(cas.dest == "seq-kv");
  CHECK(cas.body.at("type") == "cas");
  CHECK(cas.body.at("key") == "counter-n1");
  CHECK(cas.body.at("from") == 10);
  CHECK(cas.body.at("to") == 13);
  CHECK(cas.body.at("create_if_not_exists") == true);
  s.Answer(cas, Json{{"type", "cas_ok"}});
  Message ok = s.OnlySent();
  CHECK(ok.dest == "c1");
  CHECK(ok.body.at("type") == "add_ok");
  CHECK(ok.body.at("in_reply_to") == 1);
  CHECK(s.g.stored_total() == 13);
}

TEST_CASE("Adds arriving during a write are coalesced into the next one") {
  Single s;
  s.Add(1, 1);
  Message first = s.OnlySent();
  s.Add(2, 2);
  s.Add(3, 4);
  CHECK(s.t.Sent().empty());  // one write in flight at a time
  s.Answer(first, Json{{"type", "cas_ok"}});
  auto sent = s.t.Sent();
  REQUIRE(sent.size() == 2);
  CHECK(sent[0].body.at("type") == "add_ok");
  CHECK(sent[1].body.at("from") == 1);
  CHECK(sent[1].body.at("to") == 7);
  s.Answer(sent[1], Json{{"type", "cas_ok"}});
  sent = s.t.Sent();
  REQUIRE(sent.size() == 2);
  CHECK(sent[0].body.at("in_reply_to") == 2);
  CHECK(sent[1].body.at("in_reply_to") == 3);
}

TEST_CASE("A cas in doubt is retried with the same from and to, even when more adds arrived") {
  Single s(/*stored=*/5);
  s.Add(1, 2);
  Message cas = s.OnlySent();
  s.Add(2, 100);
  s.t.Advance(1001ms);  // the kv timeout: in doubt
  s.t.Advance(60ms);    // the retry delay
  Message again = s.OnlySent();
  CHECK(again.body.at("type") == "cas");
  CHECK(again.body.at("from") == 5);
  CHECK(again.body.at("to") == 7);
}

TEST_CASE("A failed cas is resolved by reading the key: commit if it holds `to`, else the same cas again") {
  struct Case {
    const char* what;
    Json read_reply;
    bool committed;
  };
  std::vector<Case> cases = {
      {"an earlier copy applied", Json{{"type", "read_ok"}, {"value", 7}}, true},
      {"stale state: still `from`", Json{{"type", "read_ok"}, {"value", 5}}, false},
      {"read timed out as error", Json{{"type", "error"}, {"code", 0}}, false},
  };
  for (const Case& c : cases) {
    INFO(c.what);
    Single s(/*stored=*/5);
    s.Add(1, 2);
    Message cas = s.OnlySent();
    s.Answer(cas, Json{{"type", "error"}, {"code", 22}});
    Message read = s.OnlySent();
    CHECK(read.body.at("type") == "read");
    CHECK(read.body.at("key") == "counter-n1");
    s.Answer(read, c.read_reply);
    if (c.committed) {
      CHECK(s.OnlySent().body.at("type") == "add_ok");
      CHECK(s.g.stored_total() == 7);
    } else {
      CHECK(s.t.Sent().empty());
      s.t.Advance(60ms);
      Message again = s.OnlySent();
      CHECK(again.body.at("from") == 5);
      CHECK(again.body.at("to") == 7);
    }
  }
}

TEST_CASE("A read writes a fresh scratch value first, then sums the others' keys and its own total") {
  Single s(/*stored=*/4);
  s.t.Deliver("c1", Json{{"type", "read"}, {"msg_id", 9}});
  Message sync = s.OnlySent();
  CHECK(sync.body.at("type") == "write");
  CHECK(sync.body.at("key") == "scratch-n1");
  CHECK(sync.body.at("value") != Json("n1"));  // not some fixed value
  s.Answer(sync, Json{{"type", "write_ok"}});
  auto reads = s.t.Sent();
  REQUIRE(reads.size() == 2);
  CHECK(reads[0].body.at("key") == "counter-n0");
  CHECK(reads[1].body.at("key") == "counter-n2");
  s.Answer(reads[0], Json{{"type", "read_ok"}, {"value", 30}});
  s.Answer(reads[1], Json{{"type", "error"}, {"code", 20}});  // never written: 0
  Message reply = s.OnlySent();
  CHECK(reply.body.at("type") == "read_ok");
  CHECK(reply.body.at("value") == 34);
  CHECK(reply.body.size() == 4);  // type, value, in_reply_to, msg_id
  // The next read's scratch value differs.
  s.t.Deliver("c1", Json{{"type", "read"}, {"msg_id", 10}});
  CHECK(s.OnlySent().body.at("value") != sync.body.at("value"));
}

TEST_CASE("Malformed adds get error 12 and write nothing") {
  for (const Json& body : {Json{{"type", "add"}, {"msg_id", 1}},
                           Json{{"type", "add"}, {"msg_id", 1}, {"delta", "3"}},
                           Json{{"type", "add"}, {"msg_id", 1}, {"delta", 2.5}}}) {
    Single s;
    s.t.Deliver("c1", body);
    Message reply = s.OnlySent();
    CHECK(reply.body.at("code") == runtime::kMalformedRequest);
    CHECK_FALSE(s.g.write_in_flight());
  }
}

// Nodes and a FakeSeqKv on one virtual clock. Service messages get a
// latency (constant or exponential, so they reorder) and may be lost with
// probability `loss` (the real network never loses them, but a lost
// request or reply is what a timeout looks like to the node). Client
// messages are instant and never lost.
class CounterSim {
 public:
  struct Op {
    bool is_add;
    int64_t delta = 0;
    runtime::Time invoked{};
    std::optional<runtime::Time> completed;
    std::optional<Json> reply;
  };

  CounterSim(int n, uint64_t seed, bool exponential, double loss)
      : random_(seed), kv_(seed + 1), exponential_(exponential), loss_(loss) {
    for (int i = 0; i < n; ++i) ids_.push_back(absl::StrCat("n", i));
    for (int i = 0; i < n; ++i) Boot(i);
  }

  // Replaces node i by a fresh process with the same id (its memory gone).
  void Boot(int i) {
    if (size_t(i) < hosts_.size()) {
      // Replies in flight to the old process must not reach the new one,
      // whose msg_ids start again at 1.
      for (auto it = in_flight_.begin(); it != in_flight_.end();) {
        it = it->second.dest == ids_[size_t(i)] ? in_flight_.erase(it) : std::next(it);
      }
      logic_[size_t(i)].reset();
      hosts_[size_t(i)] = std::make_unique<runtime::TestNode>(random_());
      hosts_[size_t(i)]->clock.Set(now_);
      logic_[size_t(i)] = std::make_unique<GCounterNode>(hosts_[size_t(i)]->node, Options{});
    } else {
      hosts_.push_back(std::make_unique<runtime::TestNode>(random_()));
      logic_.push_back(std::make_unique<GCounterNode>(hosts_.back()->node, Options{}));
    }
    InitKeepingOutput(*hosts_[size_t(i)], ids_[size_t(i)], ids_);
    Collect();
  }

  int64_t Invoke(int i, bool is_add, int64_t delta = 0) {
    int64_t id = int64_t(ops_.size()) + 1;
    ops_.push_back(Op{is_add, delta, now_});
    Json body = is_add ? Json{{"type", "add"}, {"msg_id", id}, {"delta", delta}} : Json{{"type", "read"}, {"msg_id", id}};
    hosts_[size_t(i)]->Deliver("c1", std::move(body));
    Collect();
    return id;
  }
  const Op& op(int64_t id) const { return ops_[size_t(id - 1)]; }
  const std::vector<Op>& ops() const { return ops_; }

  void Run(runtime::Duration d, runtime::Duration step = 5ms) {
    runtime::Time end = now_ + d;
    while (now_ < end) {
      now_ += step;
      for (auto& h : hosts_) {
        h->clock.Set(now_);
        h->node.RunDueTimers();
      }
      Collect();
      while (!in_flight_.empty() && in_flight_.begin()->first.first <= now_) {
        Message m = std::move(in_flight_.begin()->second);
        in_flight_.erase(in_flight_.begin());
        Deliver(std::move(m));
      }
    }
  }

 private:
  void Deliver(Message m) {
    if (m.dest == "seq-kv") {
      std::optional<Json> reply = kv_.Handle(m.src, m.body);
      if (reply) Send(Message{"seq-kv", m.src, std::move(*reply)});
      return;
    }
    for (size_t i = 0; i < ids_.size(); ++i) {
      if (ids_[i] == m.dest) hosts_[i]->node.Receive(std::move(m));
    }
    Collect();
  }
  void Send(Message m) {
    if (runtime::UniformReal(random_) < loss_) return;
    double ms = exponential_ ? runtime::Exponential(random_, 100) : 100;
    in_flight_.emplace(std::make_pair(now_ + std::chrono::milliseconds(int64_t(ms)), seq_++), std::move(m));
  }
  void Collect() {
    for (auto& h : hosts_) {
      for (Message& m : h->Sent()) {
        if (m.dest != "c1") {
          Send(std::move(m));
          continue;
        }
        Op& o = ops_[size_t(m.body.at("in_reply_to").get<int64_t>() - 1)];
        REQUIRE_FALSE(o.completed.has_value());
        o.completed = now_;
        o.reply = std::move(m.body);
      }
    }
  }

  std::mt19937_64 random_;
  FakeSeqKv kv_;
  bool exponential_;
  double loss_;
  std::vector<std::string> ids_;
  std::vector<std::unique_ptr<runtime::TestNode>> hosts_;
  std::vector<std::unique_ptr<GCounterNode>> logic_;
  runtime::Time now_{0};
  std::map<std::pair<runtime::Time, uint64_t>, Message> in_flight_;
  uint64_t seq_ = 0;
  std::vector<Op> ops_;
};

// Every ok read must be >= the adds acknowledged before it was invoked and
// <= the adds invoked before it completed (deltas are >= 0).
void CheckReadBounds(const CounterSim& sim) {
  for (const auto& r : sim.ops()) {
    if (r.is_add || !r.reply || r.reply->at("type") != "read_ok") continue;
    int64_t low = 0, high = 0;
    for (const auto& a : sim.ops()) {
      if (!a.is_add) continue;
      if (a.completed && *a.completed < r.invoked && a.reply->at("type") == "add_ok") low += a.delta;
      if (a.invoked <= *r.completed) high += a.delta;
    }
    int64_t v = r.reply->at("value").get<int64_t>();
    CHECK(low <= v);
    CHECK(v <= high);
  }
}

TEST_CASE("Against a stale seq-kv with reordering and lost messages, reads are bounded and final reads exact") {
  struct Setting {
    const char* what;
    bool exponential;
    double loss;
  };
  std::vector<Setting> settings = {
      {"constant latency", false, 0.0},
      {"exponential latency", true, 0.0},
      {"exponential latency, 5% loss", true, 0.05},
      {"constant latency, 20% loss", false, 0.2},
  };
  for (const Setting& s : settings) {
    for (uint64_t seed = 1; seed <= 5; ++seed) {
      INFO(s.what << ", seed " << seed);
      CounterSim sim(3, seed, s.exponential, s.loss);
      std::mt19937_64 rng(seed);
      int64_t total = 0;
      for (int k = 0; k < 300; ++k) {
        int node = int(rng() % 3);
        if (rng() % 3 == 0) {
          int64_t delta = int64_t(rng() % 5);
          total += delta;
          sim.Invoke(node, true, delta);
        } else {
          sim.Invoke(node, false);
        }
        sim.Run(std::chrono::milliseconds(rng() % 30));
      }
      sim.Run(20s);
      for (const auto& o : sim.ops()) {
        if (o.is_add) CHECK(o.reply.has_value());  // every add answered in the end
        if (o.is_add && o.reply) CHECK(o.reply->at("type") == "add_ok");
      }
      for (int i = 0; i < 3; ++i) {
        // A read may give up (error 11) when many service messages are
        // lost; a client would ask again.
        std::optional<Json> reply;
        for (int attempt = 0; attempt < 5 && !(reply && reply->at("type") == "read_ok"); ++attempt) {
          int64_t id = sim.Invoke(i, false);
          sim.Run(5s);
          reply = sim.op(id).reply;
        }
        REQUIRE(reply.has_value());
        CHECK(reply->at("value") == total);
      }
      CheckReadBounds(sim);
    }
  }
}

TEST_CASE("A restarted node recovers its stored total from seq-kv and keeps counting") {
  CounterSim sim(3, 11, /*exponential=*/true, /*loss=*/0.0);
  for (int k = 0; k < 20; ++k) sim.Invoke(1, true, 2);
  sim.Run(5s);
  sim.Boot(1);  // memory gone
  sim.Invoke(1, true, 3);
  sim.Run(5s);
  std::vector<int64_t> finals;
  for (int i = 0; i < 3; ++i) finals.push_back(sim.Invoke(i, false));
  sim.Run(5s);
  for (int64_t id : finals) CHECK(sim.op(id).reply->at("value") == 43);
}

}  // namespace
}  // namespace gcounter
