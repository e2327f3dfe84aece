// txn_check_bench [--list-append] [FILE|RUN_DIR]: times the txn checker.
// With a file (an EDN history, or a run's store directory), on that
// history; without, on a generated one shaped like a rate-1000, 20 s
// txn-rw-register run (17,500 txns by 4 processes, Elle's generator: 10
// keys in the exponential pool, 1-4 micro-ops, 16 writes per key) executed
// by a simulated strict-serializable store, so the answer must be valid.
// Prints the median of 5 runs per model set, and the verdict. Not a test:
// figures depend on the machine.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "harness/elle/txn_check.h"

namespace {

using harness::History;
using harness::Op;
using harness::OpType;
using harness::Value;

// Elle's generator and a store that applies each txn atomically at a
// moment inside its invocation window (strict serializable by design).
History Generate(bool list_append, int txns, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(0, 1);
  const int kKeys = 10, kMaxLen = 4, kMaxWrites = 16, kProcesses = 4;
  std::vector<int64_t> slots;
  for (int i = 0; i < kKeys; ++i) slots.push_back(i);
  int64_t next_key = kKeys;
  std::map<int64_t, int64_t> writes;
  std::map<int64_t, std::vector<int64_t>> state;  // key -> list (register: last)
  struct Pending {
    int64_t process;
    int64_t invoke_ns, commit_ns, complete_ns;
    std::vector<std::vector<int64_t>> mops;  // {f, k, v}: f 0 r, 1 w/append
  };
  History h;
  std::vector<int64_t> free_at(kProcesses, 0);
  std::vector<Pending> in_flight;
  auto value_of = [&](const std::vector<std::vector<int64_t>>& mops, bool ok,
                      const std::vector<Value>* reads) {
    std::vector<Value> out;
    for (size_t i = 0; i < mops.size(); ++i) {
      const auto& m = mops[i];
      Value v = m[0] == 0 ? (ok ? (*reads)[i] : Value()) : Value::Int(m[2]);
      out.push_back(Value::Vec({Value::Keyword(m[0] == 0     ? "r"
                                               : list_append ? "append"
                                                             : "w"),
                                Value::Int(m[1]), v}));
    }
    return Value::Vec(std::move(out));
  };
  struct Event {
    int64_t t;
    int kind;  // 0 invoke, 1 commit, 2 complete
    size_t pending;
  };
  // Invocations paced at 1 ms (rate 1000), each on a free process.
  int64_t t = 0;
  for (int i = 0; i < txns; ++i) {
    t += static_cast<int64_t>(-std::log(1 - u(rng)) * 1e6);
    const int64_t p =
        static_cast<int64_t>(std::min_element(free_at.begin(), free_at.end()) - free_at.begin());
    const int64_t start = std::max(t, free_at[static_cast<size_t>(p)]);
    Pending x{p, start, start + 1 + static_cast<int64_t>(u(rng) * 2e6), 0, {}};
    x.complete_ns = x.commit_ns + static_cast<int64_t>(u(rng) * 2e6) + 1;
    free_at[static_cast<size_t>(p)] = x.complete_ns + 1;
    const int len = 1 + static_cast<int>(u(rng) * kMaxLen);
    for (int m = 0; m < len; ++m) {
      double r = u(rng) * (1.0 - std::ldexp(1.0, -kKeys));
      int s = kKeys - 1;
      double w = 0.5;
      while (s > 0 && r >= w) {
        r -= w;
        w /= 2;
        --s;
      }
      const int64_t k = slots[static_cast<size_t>(s)];
      if (u(rng) < 0.5) {
        x.mops.push_back({0, k, 0});
      } else {
        const int64_t v = ++writes[k];
        if (v >= kMaxWrites) slots[static_cast<size_t>(s)] = next_key++;
        x.mops.push_back({1, k, v});
      }
    }
    in_flight.push_back(std::move(x));
  }
  std::vector<Event> events;
  for (size_t i = 0; i < in_flight.size(); ++i) {
    const Pending& x = in_flight[i];
    events.push_back({x.invoke_ns, 0, i});
    events.push_back({x.commit_ns, 1, i});
    events.push_back({x.complete_ns, 2, i});
  }
  std::sort(events.begin(), events.end(), [](const Event& a, const Event& b) {
    return std::tie(a.t, a.kind, a.pending) < std::tie(b.t, b.kind, b.pending);
  });
  std::vector<std::vector<Value>> reads(in_flight.size());
  for (const Event& e : events) {
    Pending& x = in_flight[e.pending];
    if (e.kind == 1) {
      for (const auto& m : x.mops) {
        auto& s = state[m[1]];
        if (m[0] == 1) {
          if (!list_append) s.clear();
          s.push_back(m[2]);
          reads[e.pending].push_back(Value());
          continue;
        }
        if (s.empty()) {
          reads[e.pending].push_back(Value());
        } else if (list_append) {
          std::vector<Value> l;
          for (int64_t v : s) l.push_back(Value::Int(v));
          reads[e.pending].push_back(Value::Vec(std::move(l)));
        } else {
          reads[e.pending].push_back(Value::Int(s.back()));
        }
      }
      continue;
    }
    Op op;
    op.index = static_cast<int64_t>(h.size());
    op.time_ns = e.t;
    op.process = x.process;
    op.f = "txn";
    op.type = e.kind == 0 ? OpType::kInvoke : OpType::kOk;
    op.value = value_of(x.mops, e.kind == 2, &reads[e.pending]);
    h.push_back(std::move(op));
  }
  return h;
}

}  // namespace

int main(int argc, char** argv) {
  bool list_append = false;
  std::string file;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--list-append") {
      list_append = true;
    } else {
      file = a;
    }
  }
  History h;
  if (!file.empty()) {
    std::filesystem::path p(file);
    if (std::filesystem::is_directory(p)) p /= "history.edn";
    std::ifstream in(p);
    std::stringstream text;
    text << in.rdbuf();
    auto parsed = harness::HistoryFromEdn(text.str());
    if (!parsed.ok()) {
      std::fprintf(stderr, "%s\n", std::string(parsed.status().message()).c_str());
      return 2;
    }
    h = std::move(*parsed);
  } else {
    h = Generate(list_append, 17'500, 1);
  }
  std::printf("%s history: %zu entries\n", list_append ? "list-append" : "rw-register", h.size());
  for (const char* models :
       {"read-uncommitted", "read-committed", "serializable", "strict-serializable"}) {
    harness::elle::TxnCheckOptions o;
    o.list_append = list_append;
    o.models = {models};
    std::vector<double> ms;
    harness::elle::TxnCheckOutput out;
    for (int i = 0; i < 5; ++i) {
      auto start = std::chrono::steady_clock::now();
      out = harness::elle::CheckTxn(h, o);
      ms.push_back(
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
              .count());
    }
    std::sort(ms.begin(), ms.end());
    std::printf("  %-20s median %7.1f ms (min %.1f, max %.1f)  valid? %s  %s\n", models, ms[2],
                ms[0], ms[4], harness::ValidityValue(out.result.valid).ToEdn().c_str(),
                out.result.details.FindKeyword("anomaly-types")->ToEdn().c_str());
  }
  return 0;
}
