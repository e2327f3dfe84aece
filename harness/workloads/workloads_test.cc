// Proves the generators of harness/docs/workloads.md: broadcast values 0,1,2,... in
// emission order and a 50/50 mix; g-counter never adds a negative and adds
// about a third of the time; pn-counter deltas span [-5, 4]; lin-kv's group
// layout (N readers, N writers per 2N threads, values 0-4, [key v] values)
// and its move to a new key after more than 20 distinct processes.
#include <catch2/catch.hpp>

#include "harness/workloads/counter_workload.h"
#include "harness/workloads/lin_kv_workload.h"
#include "harness/workloads/set_workloads.h"

namespace harness {
namespace {

TEST_CASE("broadcast: increasing values in emission order, about half reads") {
  BroadcastWorkload w({});
  Rng rng(1);
  int64_t expect = 0, reads = 0;
  for (int i = 0; i < 1000; ++i) {
    Invocation op = w.NextOp(0, 0, rng);
    if (op.f == "broadcast") {
      CHECK(op.value.as_int() == expect++);
    } else {
      ++reads;
    }
  }
  CHECK(reads > 400);
  CHECK(reads < 600);
  CHECK(w.FinalOp(0)->final);
}

TEST_CASE("counters: g-counter adds are non-negative and rarer than reads") {
  CounterWorkload g(true), pn(false);
  Rng rng(2);
  int adds = 0;
  int64_t lo = 0, hi = 0;
  for (int i = 0; i < 3000; ++i) {
    Invocation op = g.NextOp(0, 0, rng);
    if (op.f == "add") {
      ++adds;
      CHECK(op.value.as_int() >= 0);
      CHECK(op.value.as_int() <= 4);
    }
    Invocation p = pn.NextOp(0, 0, rng);
    if (p.f == "add") {
      lo = std::min(lo, p.value.as_int());
      hi = std::max(hi, p.value.as_int());
    }
  }
  CHECK(adds > 800);
  CHECK(adds < 1200);
  CHECK(lo == -5);
  CHECK(hi == 4);
}

TEST_CASE("lin-kv: groups of 2N threads, N readers, keys move after 20 processes") {
  LinKvWorkload w(/*node_count=*/2, /*latency_ms=*/0);
  Rng rng(3);
  CHECK(w.timeout_ms() == 1000);
  CHECK(LinKvWorkload(2, 500).timeout_ms() == 5000);
  // Threads 0-3 are group 0, 4-7 group 1.
  Invocation r = w.NextOp(0, 0, rng);
  CHECK(r.f == "read");
  CHECK(r.value.ToEdn() == "[0 nil]");
  Invocation r1 = w.NextOp(1, 1, rng);
  CHECK(r1.f == "read");
  Invocation x = w.NextOp(2, 2, rng);
  CHECK(x.f != "read");
  Invocation g1 = w.NextOp(4, 4, rng);
  CHECK(g1.value.items()[0] == Value::Int(1));  // group 1 has its own key
  // New processes on group 0 (after :info outcomes): 20 distinct are
  // allowed on key 0, the 21st moves the group to the next key.
  int64_t key = 0;
  for (int64_t p = 3; p <= 19; ++p) key = w.NextOp(3, p + 100, rng).value.items()[0].as_int();
  CHECK(key == 0);
  CHECK(w.NextOp(3, 999, rng).value.items()[0].as_int() == 2);
  for (int i = 0; i < 200; ++i) {
    Invocation op = w.NextOp(2, 2, rng);
    const Value& v = op.value.items()[1];
    if (op.f == "write") CHECK((v.as_int() >= 0 && v.as_int() <= 4));
    if (op.f == "cas") CHECK(v.items().size() == 2);
  }
}

}  // namespace
}  // namespace harness
