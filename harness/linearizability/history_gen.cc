#include "harness/linearizability/history_gen.h"

#include <algorithm>
#include <functional>
#include <optional>
#include <queue>
#include <tuple>
#include <vector>

#include "absl/strings/str_cat.h"

namespace harness::lin {
namespace {

// splitmix64: the same stream on every platform (std distributions are not).
class Rng {
 public:
  explicit Rng(uint64_t seed) : x_(seed) {}
  uint64_t Next() {
    uint64_t z = (x_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  uint64_t Below(uint64_t n) { return Next() % n; }
  double Unit() { return static_cast<double>(Next() >> 11) / 9007199254740992.0; }
  bool Chance(double p) { return Unit() < p; }

 private:
  uint64_t x_;
};

struct SimOp {
  int key = 0;
  std::string f;
  int64_t process = 0;
  bool crashed = false;
  bool takes_effect = true;
  Value arg;     // write value, [from to], put/append string; nil for reads
  Value result;  // what a read saw
  OpType outcome = OpType::kOk;
  size_t invoke_index = 0;
  size_t complete_index = 0;
};

enum class EventKind { kInvoke, kLinearize, kComplete };

struct Event {
  double time;
  uint64_t seq;  // ties (none in practice) break by creation order
  EventKind kind;
  size_t id;     // client for kInvoke, op otherwise
  bool operator>(const Event& o) const { return std::tie(time, seq) > std::tie(o.time, o.seq); }
};

Value KeyValue(int key, Value v, ModelKind model) {
  Value k = model == ModelKind::kKv ? Value::String(std::to_string(key)) : Value::Int(key);
  return Value::Vec({std::move(k), std::move(v)});
}

class Simulation {
 public:
  Simulation(const GenOptions& o) : o_(o), rng_(o.seed * 0x2545f4914f6cdd1dULL + 17) {
    const int clients = std::clamp(o.clients, 1, 100);
    processes_.resize(static_cast<size_t>(clients));
    counters_.resize(static_cast<size_t>(clients), 0);
    for (size_t c = 0; c < processes_.size(); ++c) {
      processes_[c] = static_cast<int64_t>(c);
      Push(rng_.Unit() * 5, EventKind::kInvoke, c);
    }
    reg_.resize(static_cast<size_t>(std::max(1, o.keys)));
    kv_.resize(reg_.size());
    fresh_.resize(reg_.size(), 1);
  }

  void Run() {
    while (!events_.empty()) {
      const Event e = events_.top();
      events_.pop();
      switch (e.kind) {
        case EventKind::kInvoke: Invoke(e.time, e.id); break;
        case EventKind::kLinearize: Linearize(ops_[e.id]); break;
        case EventKind::kComplete: Complete(e.time, e.id); break;
      }
    }
  }

  History history;
  std::vector<SimOp> ops_;

 private:
  void Push(double t, EventKind kind, size_t id) { events_.push({t, seq_++, kind, id}); }

  Op Record(OpType type, const SimOp& op, Value v) {
    Op out;
    out.index = static_cast<int64_t>(history.size());
    out.type = type;
    out.process = op.process;
    out.f = op.f;
    out.value = KeyValue(op.key, std::move(v), o_.model);
    return out;
  }

  std::string Token(size_t client) {
    return absl::StrCat("x ", processes_[client], " ", counters_[client]++, " y");
  }

  void ChooseOp(SimOp& op, size_t client) {
    const size_t k = static_cast<size_t>(op.key);
    const uint64_t roll = rng_.Below(100);
    if (o_.model == ModelKind::kKv) {
      op.f = roll < 40 ? "get" : roll < 95 ? "append" : "put";
      if (op.f != "get") op.arg = Value::String(Token(client));
      return;
    }
    op.f = roll < 40 ? "read" : roll < 80 ? "write" : "cas";
    if (op.f == "cas" && reg_[k].is_nil()) op.f = "write";  // cas needs a value to expect
    if (op.f == "write") op.arg = Value::Int(fresh_[k]++);
    if (op.f == "cas") {
      // Mostly the value there now (often still there at the lin point),
      // sometimes an older one (a cas that fails).
      const Value from = rng_.Chance(0.7) || fresh_[k] <= 1
                             ? reg_[k]
                             : Value::Int(1 + static_cast<int64_t>(rng_.Below(static_cast<uint64_t>(fresh_[k] - 1))));
      op.arg = Value::Vec({from, Value::Int(fresh_[k]++)});
    }
  }

  void Invoke(double t, size_t client) {
    if (issued_ >= o_.ops) return;
    ++issued_;
    SimOp op;
    op.key = static_cast<int>(rng_.Below(reg_.size()));
    op.process = processes_[client];
    ChooseOp(op, client);
    op.crashed = rng_.Chance(o_.crash_rate);
    op.takes_effect = !op.crashed || rng_.Chance(0.5);
    double duration = 0.5 + rng_.Unit() * 10;
    if (rng_.Chance(0.05)) duration *= 10;  // a slow op overlaps many others
    op.invoke_index = history.size();
    history.push_back(Record(OpType::kInvoke, op, op.f == "read" || op.f == "get" ? Value() : op.arg));
    const size_t id = ops_.size();
    ops_.push_back(std::move(op));
    if (ops_[id].takes_effect) Push(t + duration * (0.02 + 0.96 * rng_.Unit()), EventKind::kLinearize, id);
    Push(t + duration, EventKind::kComplete, id);
    clients_of_.push_back(client);
  }

  void Linearize(SimOp& op) {
    const size_t k = static_cast<size_t>(op.key);
    if (op.f == "read") op.result = reg_[k];
    if (op.f == "get") op.result = Value::String(kv_[k]);
    if (op.f == "write") reg_[k] = op.arg;
    if (op.f == "put") kv_[k] = op.arg.as_string();
    if (op.f == "append") kv_[k] += op.arg.as_string();
    if (op.f == "cas") {
      if (reg_[k] == op.arg.items()[0]) {
        reg_[k] = op.arg.items()[1];
      } else {
        op.outcome = OpType::kFail;
      }
    }
  }

  void Complete(double t, size_t id) {
    SimOp& op = ops_[id];
    const size_t client = clients_of_[id];
    const bool read = op.f == "read" || op.f == "get";
    if (op.crashed) {
      op.outcome = OpType::kInfo;
      processes_[client] += static_cast<int64_t>(processes_.size());  // Jepsen's new process
      counters_[client] = 0;
    }
    op.complete_index = history.size();
    history.push_back(Record(op.outcome, op, read && op.outcome == OpType::kOk ? op.result
                                             : read                         ? Value()
                                                                            : op.arg));
    Push(t + rng_.Unit() * 2, EventKind::kInvoke, client);
  }

  const GenOptions& o_;
  Rng rng_;
  std::priority_queue<Event, std::vector<Event>, std::greater<Event>> events_;
  uint64_t seq_ = 0;
  int issued_ = 0;
  std::vector<int64_t> processes_;  // client -> current process
  std::vector<int64_t> counters_;   // client -> next token number
  std::vector<size_t> clients_of_;  // op -> client
  std::vector<Value> reg_;          // register per key
  std::vector<std::string> kv_;     // string per key
  std::vector<int64_t> fresh_;      // next unused register value per key
};

template <class T>
void Shuffle(std::vector<T>& v, Rng& rng) {
  for (size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[rng.Below(i)]);
}

// ---- Mutations. Each plants an anomaly whose presence follows from the
// real-time order of intervals and the uniqueness of values alone, so the
// mutated history is not linearizable whatever else it contains.

bool Definite(const SimOp& op) { return op.outcome == OpType::kOk; }
bool Before(const SimOp& a, const SimOp& b) { return a.complete_index < b.invoke_index; }
// The value a definite write or cas put in the register.
std::optional<Value> Produced(const SimOp& op) {
  if (!Definite(op)) return std::nullopt;
  if (op.f == "write") return op.arg;
  if (op.f == "cas") return op.arg.items()[1];
  return std::nullopt;
}

void SetRead(History& h, const SimOp& r, Value v, ModelKind model) {
  h[r.complete_index].value = KeyValue(r.key, std::move(v), model);
}

// Register stale read. w1, w2 definite producers with w1 before w2 before r
// (real time). In any linearization w1 < w2 < r, and only w1 writes v1
// (values are unique), so the register cannot hold v1 at r: r reading v1 is
// impossible.
std::string StaleRegisterRead(std::vector<SimOp>& ops, History& h, Rng& rng) {
  std::vector<size_t> reads;
  for (size_t i = 0; i < ops.size(); ++i) {
    if (ops[i].f == "read" && Definite(ops[i])) reads.push_back(i);
  }
  Shuffle(reads, rng);
  for (size_t ri : reads) {
    const SimOp& r = ops[ri];
    const SimOp* w2 = nullptr;
    for (const SimOp& w : ops) {
      if (w.key == r.key && Produced(w) && Before(w, r) && (!w2 || w.complete_index > w2->complete_index)) w2 = &w;
    }
    if (!w2) continue;
    for (const SimOp& w1 : ops) {
      if (w1.key != r.key || !Produced(w1) || !Before(w1, *w2)) continue;
      SetRead(h, r, *Produced(w1), ModelKind::kCasRegister);
      return absl::StrCat("read :index ", r.complete_index, " now returns ", Produced(w1)->ToEdn(),
                          ", written by :index ", w1.complete_index, " and overwritten by :index ",
                          w2->complete_index, " before the read began");
    }
  }
  return "";
}

// Register lost write. w0 before w (real time), both definite; every read
// that began after w completed and saw w's value v now sees w0's value u.
// For any such read r: w0 < w < r in every linearization and only w0
// produces u, so r cannot read u.
std::string LostRegisterWrite(std::vector<SimOp>& ops, History& h, Rng& rng) {
  std::vector<size_t> writes;
  for (size_t i = 0; i < ops.size(); ++i) {
    if (Produced(ops[i])) writes.push_back(i);
  }
  Shuffle(writes, rng);
  for (size_t wi : writes) {
    const SimOp& w = ops[wi];
    const SimOp* w0 = nullptr;
    for (const SimOp& o : ops) {
      if (o.key == w.key && Produced(o) && Before(o, w)) w0 = &o;
    }
    if (!w0) continue;
    std::vector<SimOp*> victims;
    for (SimOp& r : ops) {
      if (r.key == w.key && r.f == "read" && Definite(r) && Before(w, r) && r.result == *Produced(w)) {
        victims.push_back(&r);
      }
    }
    if (victims.empty()) continue;
    for (SimOp* r : victims) SetRead(h, *r, *Produced(*w0), ModelKind::kCasRegister);
    return absl::StrCat("write :index ", w.complete_index, " of ", Produced(w)->ToEdn(), " lost: ",
                        victims.size(), " later reads (first :index ", victims[0]->complete_index,
                        ") return ", Produced(*w0)->ToEdn(), " of :index ", w0->complete_index);
  }
  return "";
}

// Tokens of a kv string: "x P N y" pieces.
std::vector<std::string> Tokens(const std::string& s) {
  std::vector<std::string> out;
  size_t start = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == 'y') {
      out.push_back(s.substr(start, i + 1 - start));
      start = i + 1;
    }
  }
  return out;
}

std::string Join(const std::vector<std::string>& tokens) {
  std::string s;
  for (const std::string& t : tokens) s += t;
  return s;
}

// True when get r's value, once a's token is taken out, is provably
// impossible. a is a definite append that completed before r began, and
// r's value holds a's token, not first. Take any linearization: a < r. Let
// q be the last put before r, if any. If q comes after a, r's value must
// start with q's token; but r's first token is an append's (then there is
// no q at all), or a put's that completed before a began (so q, being that
// put, comes before a). So no put lies between a and r, appends only
// extend the string, and r's string holds a's token (tokens are unique).
bool ProvablyMissing(const std::vector<SimOp>& ops, const SimOp& a, const SimOp& r) {
  const std::vector<std::string> tokens = Tokens(r.result.as_string());
  const std::string& token = a.arg.as_string();
  if (tokens.empty() || tokens[0] == token ||
      std::find(tokens.begin(), tokens.end(), token) == tokens.end()) {
    return false;
  }
  for (const SimOp& o : ops) {
    if (o.key != r.key || o.arg != Value::String(tokens[0])) continue;
    return o.f == "append" || (Definite(o) && o.complete_index < a.invoke_index);
  }
  return false;
}

// kv stale read (one get) or lost append (every later get that shows it):
// a's token is taken out of get r, where ProvablyMissing holds.
std::string MissingAppend(std::vector<SimOp>& ops, History& h, Rng& rng, bool every_later_get) {
  std::vector<size_t> appends;
  for (size_t i = 0; i < ops.size(); ++i) {
    if (ops[i].f == "append" && Definite(ops[i])) appends.push_back(i);
  }
  Shuffle(appends, rng);
  for (size_t ai : appends) {
    const SimOp& a = ops[ai];
    const std::string token = a.arg.as_string();
    for (SimOp& r : ops) {
      if (r.key != a.key || r.f != "get" || !Definite(r) || !Before(a, r) || !ProvablyMissing(ops, a, r)) continue;
      std::vector<SimOp*> victims = {&r};
      if (every_later_get) {
        for (SimOp& other : ops) {
          if (&other != &r && other.key == a.key && other.f == "get" && Definite(other) &&
              Before(a, other) && other.result.as_string().find(token) != std::string::npos) {
            victims.push_back(&other);
          }
        }
      }
      for (SimOp* g : victims) {
        std::vector<std::string> tokens = Tokens(g->result.as_string());
        tokens.erase(std::remove(tokens.begin(), tokens.end(), token), tokens.end());
        SetRead(h, *g, Value::String(Join(tokens)), ModelKind::kKv);
      }
      return absl::StrCat("append \"", token, "\" (:index ", a.complete_index, ") missing from get :index ",
                          r.complete_index, every_later_get ? absl::StrCat(" and ", victims.size() - 1, " other later gets") : "");
    }
  }
  return "";
}

// kv reordered append. a1 completed before a2 was invoked, and get r shows
// a2's token right before a1's. In every linearization a1 < a2, and a
// string holding both tokens got them by appends in linearization order
// after the last put (a put's token is its own, never an append's), so a1's
// token comes first: r's string is impossible.
std::string ReorderedAppend(std::vector<SimOp>& ops, History& h, Rng& rng) {
  std::vector<size_t> gets;
  for (size_t i = 0; i < ops.size(); ++i) {
    if (ops[i].f == "get" && Definite(ops[i])) gets.push_back(i);
  }
  Shuffle(gets, rng);
  for (size_t gi : gets) {
    const SimOp& r = ops[gi];
    std::vector<std::string> tokens = Tokens(r.result.as_string());
    for (size_t i = 0; i + 1 < tokens.size(); ++i) {
      const SimOp* a1 = nullptr;
      const SimOp* a2 = nullptr;
      for (const SimOp& o : ops) {
        if (o.key != r.key || o.f != "append") continue;
        if (o.arg.as_string() == tokens[i]) a1 = &o;
        if (o.arg.as_string() == tokens[i + 1]) a2 = &o;
      }
      if (!a1 || !a2 || !Definite(*a1) || !Before(*a1, *a2)) continue;
      std::swap(tokens[i], tokens[i + 1]);
      SetRead(h, r, Value::String(Join(tokens)), ModelKind::kKv);
      return absl::StrCat("get :index ", r.complete_index, " shows append :index ", a2->invoke_index,
                          " before append :index ", a1->complete_index, ", which completed before it began");
    }
  }
  return "";
}

}  // namespace

const char* MutationName(Mutation m) {
  switch (m) {
    case Mutation::kNone: return "none";
    case Mutation::kStaleRead: return "stale-read";
    case Mutation::kLostWrite: return "lost-write";
    case Mutation::kReorderedAppend: return "reordered-append";
  }
  return "?";
}

GeneratedHistory GenerateHistory(const GenOptions& options, Mutation mutation) {
  Simulation sim(options);
  sim.Run();
  GeneratedHistory out;
  out.history = std::move(sim.history);
  Rng rng(options.seed ^ 0x5bd1e995ULL);
  const bool kv = options.model == ModelKind::kKv;
  switch (mutation) {
    case Mutation::kNone: break;
    case Mutation::kStaleRead:
      out.planted = kv ? MissingAppend(sim.ops_, out.history, rng, false)
                       : StaleRegisterRead(sim.ops_, out.history, rng);
      break;
    case Mutation::kLostWrite:
      out.planted = kv ? MissingAppend(sim.ops_, out.history, rng, true)
                       : LostRegisterWrite(sim.ops_, out.history, rng);
      break;
    case Mutation::kReorderedAppend:
      if (kv) out.planted = ReorderedAppend(sim.ops_, out.history, rng);
      break;
  }
  out.linearizable = out.planted.empty();
  return out;
}

}  // namespace harness::lin
