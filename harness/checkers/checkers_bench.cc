// checkers_bench: times Analyze on synthetic histories the size of a 20 s run
// at 1000 ops/s (~40k ops), to keep the checkers' cost in view. Not a test;
// it prints one line per workload and exits 0.
//
// Usage: checkers_bench [ops_per_second] [seconds]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "harness/checkers/analysis.h"

namespace harness {
namespace {

constexpr int64_t kProcesses = 25;
// Elements per broadcast read, to bound memory (5M values in all); older
// elements drop out of reads, so the broadcast verdict is false by design.
constexpr size_t kReadWindow = 500;

struct Synth {
  History h;
  int64_t clock_ns = 0;
  void Add(OpType type, int64_t process, const char* f, Value v, bool final = false) {
    Op op;
    op.index = static_cast<int64_t>(h.size());
    op.time_ns = clock_ns;
    op.type = type;
    op.process = process;
    op.f = f;
    op.value = std::move(v);
    op.final = final;
    h.push_back(std::move(op));
  }
};

// Ops are issued in rounds of kProcesses concurrent invocations followed by
// their completions, so every read overlaps other ops as in a real run.
History Make(const std::string& workload, int64_t ops) {
  Synth s;
  int64_t next = 0;
  std::vector<int64_t> acked;
  int64_t counter = 0;
  const int64_t gap_ns = 1000000;  // 1 ms per op
  for (int64_t done = 0; done < ops; done += kProcesses) {
    std::vector<std::pair<const char*, Value>> round;
    for (int64_t p = 0; p < kProcesses; ++p) {
      // The last round holds only (final) reads.
      bool write = (done / kProcesses + p) % 2 == 0 && done + kProcesses < ops;
      const char* f = "read";
      Value v;
      if (workload == "broadcast") {
        f = write ? "broadcast" : "read";
        if (write) v = Value::Int(next++);
      } else if (workload == "g-counter") {
        f = write ? "add" : "read";
        if (write) v = Value::Int(p % 5);
      } else if (workload == "unique-ids") {
        f = "generate";
      } else {
        f = "echo";
        v = Value::String("Please echo " + std::to_string(p));
      }
      s.Add(OpType::kInvoke, p, f, v);
      s.clock_ns += gap_ns / 2;
      round.emplace_back(f, v);
    }
    for (int64_t p = 0; p < kProcesses; ++p) {
      auto& [f, v] = round[p];
      Value reply = v;
      if (std::string(f) == "broadcast") acked.push_back(v.as_int());
      if (std::string(f) == "add") counter += v.as_int();
      if (std::string(f) == "read" && workload == "broadcast") {
        std::vector<Value> items;
        size_t from = acked.size() > kReadWindow ? acked.size() - kReadWindow : 0;
        for (size_t i = from; i < acked.size(); ++i) items.push_back(Value::Int(acked[i]));
        reply = Value::Vec(std::move(items));
      } else if (std::string(f) == "read") {
        reply = Value::Int(counter);
      } else if (std::string(f) == "generate") {
        reply = Value::Int(next++);
      }
      s.Add(OpType::kOk, p, f, reply, std::string(f) == "read" && done + kProcesses >= ops);
      s.clock_ns += gap_ns / 2;
    }
  }
  return s.h;
}

}  // namespace
}  // namespace harness

int main(int argc, char** argv) {
  const int64_t rate = argc > 1 ? std::atoll(argv[1]) : 1000;
  const int64_t seconds = argc > 2 ? std::atoll(argv[2]) : 20;
  for (const char* w : {"echo", "unique-ids", "g-counter", "broadcast"}) {
    harness::History h = harness::Make(w, rate * seconds);
    harness::Journal journal;
    for (int64_t i = 0; i < static_cast<int64_t>(h.size()); ++i) {
      journal.push_back({h[i].time_ns, harness::JournalEvent::Kind::kSend, i, "c1", "n1"});
      journal.push_back({h[i].time_ns, harness::JournalEvent::Kind::kRecv, i, "c1", "n1"});
    }
    harness::RunFacts facts;
    facts.workload = w;
    auto start = std::chrono::steady_clock::now();
    harness::Analysis a = harness::Analyze(h, journal, facts);
    auto ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start);
    std::printf("%-10s history %zu ops, journal %zu events: analysed in %.1f ms, valid? %s\n", w,
                h.size(), journal.size(), ms.count(),
                a.results.FindKeyword("valid?")->ToEdn().c_str());
  }
  return 0;
}
