// Proves the set-full checker (broadcast, g-set) finds every outcome Jepsen's
// set-full defines, on hand-made histories: lost elements (the anomaly, with
// the op indices in the report line), stable and stale elements with their
// exact latency in ms, never-read elements, :info adds that later appear,
// reads concurrent with an add, reads during a partition, empty histories,
// the quantile rule, and a malformed read value (-> :unknown, no crash).
#include "harness/checkers/set_full_checker.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <random>

#include "harness/checkers/checker_util.h"
#include "harness/checkers/test_history.h"

namespace harness {
namespace {

const Value& Field(const CheckResult& r, const char* key) {
  const Value* v = r.details.FindKeyword(key);
  REQUIRE(v != nullptr);
  return *v;
}

int64_t IntField(const CheckResult& r, const char* key) { return Field(r, key).as_int(); }

TEST_CASE("set-full: an empty history has no stable element, so :unknown") {
  CheckResult r = CheckSetFull({}, "broadcast");
  CHECK(r.valid == Validity::kUnknown);
  CHECK(IntField(r, "attempt-count") == 0);
  CHECK(r.details.FindKeyword("stable-latencies") == nullptr);
  CHECK(Field(r, "duplicated-count") == Value::Int(0));
}

// The same scenarios hold for broadcast (:f :broadcast) and g-set (:f :add).
TEST_CASE("set-full: acknowledged element read later is stable with latency 0") {
  for (const char* add_f : {"broadcast", "add"}) {
    HistoryBuilder b;
    b.Invoke(0, add_f, Value::Int(7), 0);
    b.Ok(0, add_f, Value::Int(7), 1);
    b.Invoke(1, "read", Value(), 2);
    b.Ok(1, "read", Ints({7}), 3);
    CheckResult r = CheckSetFull(b.history(), add_f);
    CHECK(r.valid == Validity::kTrue);
    CHECK(IntField(r, "stable-count") == 1);
    CHECK(IntField(r, "stale-count") == 0);
    CHECK(Field(r, "stable-latencies").ToEdn() == "{0 0, 0.5 0, 0.95 0, 0.99 0, 1 0}");
    CHECK(r.anomalies.empty());
  }
}

TEST_CASE("set-full: a read of the other add name does not count") {
  // g-set's :add is not broadcast's add; with add_f "broadcast" nothing is attempted.
  HistoryBuilder b;
  b.Invoke(0, "add", Value::Int(7), 0);
  b.Ok(0, "add", Value::Int(7), 1);
  CHECK(IntField(CheckSetFull(b.history(), "broadcast"), "attempt-count") == 0);
}

TEST_CASE("set-full: lost element is invalid and the report names the ops") {
  HistoryBuilder b;
  b.Invoke(0, "broadcast", Value::Int(17), 0);
  int64_t ack = b.Ok(0, "broadcast", Value::Int(17), 1200);
  b.Invoke(1, "read", Value(), 2000);
  b.Ok(1, "read", Ints({17}), 2001);
  int64_t missing = b.Invoke(1, "read", Value(), 9800);
  b.Ok(1, "read", Ints({}), 9801);
  CheckResult r = CheckSetFull(b.history(), "broadcast");
  CHECK(r.valid == Validity::kFalse);
  CHECK(IntField(r, "lost-count") == 1);
  CHECK(Field(r, "lost") == Ints({17}));
  // lost-latency = t(last present invocation) + 1ns - t(known) = 800 ms.
  CHECK(Field(r, "lost-latencies").ToEdn() == "{0 800, 0.5 800, 0.95 800, 0.99 800, 1 800}");
  REQUIRE(r.anomalies.size() == 1);
  const std::string& line = r.anomalies[0];
  CHECK_THAT(line, Catch::Contains("element 17"));
  CHECK_THAT(line, Catch::Contains("acknowledged at op " + std::to_string(ack) + " (t=1.20s)"));
  CHECK_THAT(line, Catch::Contains("read op " + std::to_string(missing) + " invoked at t=9.80s"));
  CHECK_THAT(line, Catch::Contains("last contained in read op 2"));
}

TEST_CASE("set-full: acknowledged element that no read ever contains is lost") {
  HistoryBuilder b;
  b.Invoke(0, "add", Value::Int(1), 0);
  b.Ok(0, "add", Value::Int(1), 1);
  b.Invoke(0, "add", Value::Int(2), 2);
  b.Ok(0, "add", Value::Int(2), 3);
  b.Invoke(1, "read", Value(), 10);
  b.Ok(1, "read", Ints({1}), 11);
  b.last().final = true;
  CheckResult r = CheckSetFull(b.history(), "add");
  CHECK(r.valid == Validity::kFalse);
  CHECK(Field(r, "lost") == Ints({2}));
  // Never present: lost-time is 0, so the latency clamps to 0.
  CHECK(Field(r, "lost-latencies").ToEdn() == "{0 0, 0.5 0, 0.95 0, 0.99 0, 1 0}");
  CHECK(IntField(r, "stable-count") == 1);
}

TEST_CASE("set-full: stale but stable element reports the exact latency in ms") {
  HistoryBuilder b;
  b.Invoke(0, "broadcast", Value::Int(3), 0);
  b.Ok(0, "broadcast", Value::Int(3), 1.5);  // known at 1.5 ms
  b.Invoke(1, "read", Value(), 1000.7);     // misses it
  b.Ok(1, "read", Ints({}), 1001);
  b.Invoke(2, "read", Value(), 1500);
  b.Ok(2, "read", Ints({3}), 1501);
  CheckResult r = CheckSetFull(b.history(), "broadcast");
  CHECK(r.valid == Validity::kTrue);
  // (1000.7 ms + 1 ns - 1.5 ms) = 999.2 ms + 1 ns, truncated to 999.
  CHECK(Field(r, "stable-latencies").ToEdn() == "{0 999, 0.5 999, 0.95 999, 0.99 999, 1 999}");
  CHECK(Field(r, "stale") == Ints({3}));
  const Value& worst = Field(r, "worst-stale");
  REQUIRE(worst.items().size() == 1);
  CHECK(*worst.items()[0].FindKeyword("stable-latency") == Value::Int(999));
  CHECK(*worst.items()[0].FindKeyword("known")->FindKeyword("index") == Value::Int(1));
  CHECK(*worst.items()[0].FindKeyword("last-absent")->FindKeyword("index") == Value::Int(2));
}

TEST_CASE("set-full: present, absent, present again is stable (flicker), not lost") {
  HistoryBuilder b;
  b.Invoke(0, "broadcast", Value::Int(1), 0);
  b.Ok(0, "broadcast", Value::Int(1), 10);
  b.Invoke(1, "read", Value(), 20);
  b.Ok(1, "read", Ints({1}), 21);
  b.Invoke(1, "read", Value(), 30);
  b.Ok(1, "read", Ints({}), 31);
  b.Invoke(1, "read", Value(), 40);
  b.Ok(1, "read", Ints({1}), 41);
  CheckResult r = CheckSetFull(b.history(), "broadcast");
  CHECK(r.valid == Validity::kTrue);
  CHECK(IntField(r, "stale-count") == 1);
  CHECK(Field(r, "stable-latencies").ToEdn() == "{0 20, 0.5 20, 0.95 20, 0.99 20, 1 20}");
}

TEST_CASE("set-full: element acknowledged but never read after is never-read") {
  HistoryBuilder b;
  b.Invoke(0, "broadcast", Value::Int(1), 0);
  b.Ok(0, "broadcast", Value::Int(1), 1);
  b.Invoke(1, "read", Value(), 2);
  b.Ok(1, "read", Ints({1}), 3);
  b.Invoke(0, "broadcast", Value::Int(2), 4);
  b.Ok(0, "broadcast", Value::Int(2), 5);
  CheckResult r = CheckSetFull(b.history(), "broadcast");
  CHECK(r.valid == Validity::kTrue);
  CHECK(Field(r, "never-read") == Ints({2}));
  CHECK(IntField(r, "never-read-count") == 1);
}

TEST_CASE("set-full: only never-read elements give :unknown with a report line") {
  HistoryBuilder b;
  b.Invoke(0, "broadcast", Value::Int(1), 0);
  b.Ok(0, "broadcast", Value::Int(1), 1);
  CheckResult r = CheckSetFull(b.history(), "broadcast");
  CHECK(r.valid == Validity::kUnknown);
  REQUIRE(r.anomalies.size() == 1);
  CHECK_THAT(r.anomalies[0], Catch::Contains("no element is stable"));
}

TEST_CASE("set-full: an :info broadcast that later appears is stable, known from the read") {
  HistoryBuilder b;
  b.Invoke(0, "broadcast", Value::Int(5), 0);
  b.Info(0, "broadcast", Value::Int(5), 5000);  // timed out
  b.Invoke(1, "read", Value(), 5100);
  b.Ok(1, "read", Ints({}), 5101);  // absent, but it was never known: not lost
  b.Invoke(1, "read", Value(), 6000);
  int64_t seen = b.Ok(1, "read", Ints({5}), 6002);
  CheckResult r = CheckSetFull(b.history(), "broadcast");
  CHECK(r.valid == Validity::kTrue);
  CHECK(IntField(r, "stable-count") == 1);
  // known = the read completion at 6002 ms, after the absent read: latency 0.
  CHECK(Field(r, "stable-latencies").ToEdn() == "{0 0, 0.5 0, 0.95 0, 0.99 0, 1 0}");
  (void)seen;
}

TEST_CASE("set-full: an :info broadcast never seen is never-read, not lost") {
  HistoryBuilder b;
  b.Invoke(0, "broadcast", Value::Int(5), 0);
  b.Info(0, "broadcast", Value::Int(5), 5000);
  b.Invoke(1, "broadcast", Value::Int(6), 5001);
  b.Ok(1, "broadcast", Value::Int(6), 5002);
  b.Invoke(2, "read", Value(), 6000);
  b.Ok(2, "read", Ints({6}), 6001);
  CheckResult r = CheckSetFull(b.history(), "broadcast");
  CHECK(r.valid == Validity::kTrue);
  CHECK(Field(r, "never-read") == Ints({5}));
  CHECK(IntField(r, "lost-count") == 0);
}

TEST_CASE("set-full: a read concurrent with the add that misses it is not a loss") {
  // The read may linearize before the add; Jepsen then calls it never-read.
  HistoryBuilder b;
  b.Invoke(1, "read", Value(), 0);
  b.Invoke(0, "broadcast", Value::Int(9), 1);
  b.Ok(0, "broadcast", Value::Int(9), 2);
  b.Ok(1, "read", Ints({}), 3);
  CheckResult r = CheckSetFull(b.history(), "broadcast");
  CHECK(IntField(r, "lost-count") == 0);
  CHECK(Field(r, "never-read") == Ints({9}));
}

TEST_CASE("set-full: a concurrent read that misses it and is the last read is still absent") {
  // Read A starts before the add and ends after a later read B that saw the
  // element; A's invocation is older than B's, so the element is stable.
  HistoryBuilder b;
  b.Invoke(1, "read", Value(), 0);
  b.Invoke(0, "broadcast", Value::Int(9), 1);
  b.Invoke(2, "read", Value(), 2);
  b.Ok(2, "read", Ints({9}), 3);
  b.Ok(0, "broadcast", Value::Int(9), 4);
  b.Ok(1, "read", Ints({}), 5);
  CheckResult r = CheckSetFull(b.history(), "broadcast");
  CHECK(r.valid == Validity::kTrue);
  CHECK(IntField(r, "stable-count") == 1);
  const Value& worst = Field(r, "worst-stale");
  CHECK(worst.items().empty());
}

TEST_CASE("set-full: reads during a partition may miss, reads after the heal must not") {
  HistoryBuilder b;
  b.Invoke(kNemesisProcess, "start-partition", Kw("majority"), 0);
  b.Info(kNemesisProcess, "start-partition", Value::Vec({Kw("isolated"), Value::Map({})}), 1);
  b.Invoke(0, "broadcast", Value::Int(1), 100);
  b.Ok(0, "broadcast", Value::Int(1), 101);
  b.Invoke(1, "read", Value(), 200);  // other side of the partition
  b.Ok(1, "read", Ints({}), 201);
  b.Invoke(kNemesisProcess, "stop-partition", Value(), 300);
  b.Info(kNemesisProcess, "stop-partition", Kw("network-healed"), 301);
  b.Invoke(1, "read", Value(), 2400);
  b.Ok(1, "read", Ints({1}), 2401);
  b.last().final = true;
  CheckResult r = CheckSetFull(b.history(), "broadcast");
  CHECK(r.valid == Validity::kTrue);
  CHECK(Field(r, "stale") == Ints({1}));
  // 200 ms + 1 ns - 101 ms -> 99 ms.
  CHECK(Field(r, "stable-latencies").ToEdn() == "{0 99, 0.5 99, 0.95 99, 0.99 99, 1 99}");

  // The same history where the final read after the heal still misses it.
  HistoryBuilder bad;
  for (const Op& op : b.history()) {
    bad.Add(op.type, op.process, op.f, op.value, op.time_ns / 1e6);
  }
  bad.last().value = Ints({});
  CHECK(CheckSetFull(bad.history(), "broadcast").valid == Validity::kFalse);
}

TEST_CASE("set-full: values read but never added are ignored; a read before the add too") {
  HistoryBuilder b;
  b.Invoke(1, "read", Value(), 0);
  b.Ok(1, "read", Ints({4, 99}), 1);  // 4 not yet added, 99 never
  b.Invoke(0, "broadcast", Value::Int(4), 2);
  b.Ok(0, "broadcast", Value::Int(4), 3);
  b.Invoke(1, "read", Value(), 4);
  b.Ok(1, "read", Ints({4, 4, 99}), 5);  // duplicates are harmless
  CheckResult r = CheckSetFull(b.history(), "broadcast");
  CHECK(r.valid == Validity::kTrue);
  CHECK(IntField(r, "attempt-count") == 1);
  CHECK(IntField(r, "stale-count") == 0);
}

TEST_CASE("set-full: a read value that is not a collection gives :unknown, not a crash") {
  HistoryBuilder b;
  b.Invoke(1, "read", Value(), 0);
  b.Ok(1, "read", Value::String("oops"), 1);
  CheckResult r = CheckSetFull(b.history(), "broadcast");
  CHECK(r.valid == Validity::kUnknown);
  CHECK_THAT(Field(r, "error").as_string(), Catch::Contains("read op 1"));
}

TEST_CASE("set-full: worst-stale keeps the 8 largest latencies, largest first") {
  HistoryBuilder b;
  // Element k is acknowledged at 0 ms, missed by a read invoked at 10*k ms,
  // then seen by a final read: latency 10*k ms (k = 0 is never missed).
  const int n = 12;
  for (int k = 0; k < n; ++k) {
    b.Invoke(0, "broadcast", Value::Int(k), 0);
    b.Ok(0, "broadcast", Value::Int(k), 0);
  }
  for (int k = 1; k < n; ++k) {
    std::vector<Value> others;
    for (int j = 0; j < n; ++j) if (j != k) others.push_back(Value::Int(j));
    b.Invoke(1, "read", Value(), 10.0 * k);
    b.Ok(1, "read", Value::Vec(others), 10.0 * k + 1);
  }
  std::vector<Value> all;
  for (int j = 0; j < n; ++j) all.push_back(Value::Int(j));
  b.Invoke(1, "read", Value(), 500);
  b.Ok(1, "read", Value::Vec(all), 501);
  CheckResult r = CheckSetFull(b.history(), "broadcast");
  CHECK(r.valid == Validity::kTrue);
  CHECK(IntField(r, "stale-count") == n - 1);
  const Value& worst = Field(r, "worst-stale");
  REQUIRE(worst.items().size() == 8);
  CHECK(*worst.items()[0].FindKeyword("element") == Value::Int(11));
  CHECK(*worst.items()[0].FindKeyword("stable-latency") == Value::Int(110));
  CHECK(*worst.items()[7].FindKeyword("element") == Value::Int(4));
  // Latencies 0, 10, ..., 110 (n = 12): q0.5 -> sorted[6] = 60; q0.95 ->
  // sorted[floor(11.4)] = 110.
  CHECK(Field(r, "stable-latencies").ToEdn() == "{0 0, 0.5 60, 0.95 110, 0.99 110, 1 110}");
}

TEST_CASE("Quantiles: sorted[min(n-1, floor(n*q))] at 0 0.5 0.95 0.99 1") {
  struct Case {
    std::vector<int64_t> values;
    const char* want;
  };
  std::vector<int64_t> hundred;
  for (int i = 99; i >= 0; --i) hundred.push_back(i);
  const Case cases[] = {
      {{5}, "{0 5, 0.5 5, 0.95 5, 0.99 5, 1 5}"},
      {{2, 1}, "{0 1, 0.5 2, 0.95 2, 0.99 2, 1 2}"},
      {{1, 2, 3}, "{0 1, 0.5 2, 0.95 3, 0.99 3, 1 3}"},
      {hundred, "{0 0, 0.5 50, 0.95 95, 0.99 99, 1 99}"},
  };
  for (const Case& c : cases) {
    CHECK(Quantiles(c.values).ToEdn() == c.want);
  }
}

}  // namespace
}  // namespace harness

namespace harness {
namespace {

// Jepsen's set-full reduce written the slow, obvious way: every ok read
// updates every element added so far. The fast checker must agree with it.
struct RefElement {
  Value value;
  int64_t known = -1, last_present = -1, last_absent = -1;
};

Value ReferenceSummary(const History& h, const std::string& add_f) {
  std::vector<int64_t> partner = PairOps(h);
  std::map<Value, RefElement> elements;
  for (size_t i = 0; i < h.size(); ++i) {
    const Op& op = h[i];
    const int64_t pos = static_cast<int64_t>(i);
    if (op.f == add_f && op.type == OpType::kInvoke) {
      elements[op.value] = RefElement{op.value};
    } else if (op.f == add_f && op.type == OpType::kOk) {
      auto it = elements.find(op.value);
      if (it != elements.end() && it->second.known < 0) it->second.known = pos;
    } else if (op.f == "read" && op.type == OpType::kOk && partner[i] >= 0) {
      const int64_t inv = partner[i];
      for (auto& [v, e] : elements) {
        const auto& items = op.value.items();
        bool present = std::find(items.begin(), items.end(), v) != items.end();
        if (present) {
          if (e.known < 0) e.known = pos;
          e.last_present = std::max(e.last_present, inv);
        } else {
          e.last_absent = std::max(e.last_absent, inv);
        }
      }
    }
  }
  std::vector<Value> lost, never, stale;
  std::vector<int64_t> stable_lat, lost_lat;
  for (auto& [v, e] : elements) {
    bool stable = e.last_present >= 0 && e.last_absent < e.last_present;
    bool is_lost = e.known >= 0 && e.last_absent >= 0 && e.last_present < e.last_absent &&
                   e.known < e.last_absent;
    int64_t known_t = e.known >= 0 ? h[e.known].time_ns : 0;
    if (stable) {
      int64_t t = e.last_absent >= 0 ? h[e.last_absent].time_ns + 1 : 0;
      int64_t lat = std::max<int64_t>(0, t - known_t) / 1000000;
      stable_lat.push_back(lat);
      if (lat > 0) stale.push_back(v);
    } else if (is_lost) {
      lost.push_back(v);
      int64_t t = e.last_present >= 0 ? h[e.last_present].time_ns + 1 : 0;
      lost_lat.push_back(std::max<int64_t>(0, t - known_t) / 1000000);
    } else {
      never.push_back(v);
    }
  }
  return Value::Vec({Value::Vec(lost), Value::Vec(never), Value::Vec(stale),
                     stable_lat.empty() ? Value() : Quantiles(stable_lat),
                     lost_lat.empty() ? Value() : Quantiles(lost_lat)});
}

Value FastSummary(const CheckResult& r) {
  auto get = [&](const char* k) {
    const Value* v = r.details.FindKeyword(k);
    return v ? *v : Value();
  };
  return Value::Vec({get("lost"), get("never-read"), get("stale"), get("stable-latencies"),
                     get("lost-latencies")});
}

// Random concurrent histories: a few worker threads, each invoking an add or
// a read, completing it ok/info/fail at random later; a thread whose op ended
// :info continues as a new process, as in Maelstrom.
History RandomHistory(uint64_t seed) {
  std::mt19937_64 rng(seed);
  auto coin = [&](int n) { return static_cast<int>(rng() % n); };
  const int threads = 2 + coin(3);
  std::vector<int64_t> process(threads);
  std::vector<int> busy(threads, 0);  // 0 idle, 1 add, 2 read
  std::vector<int64_t> pending(threads, 0);
  for (int t = 0; t < threads; ++t) process[t] = t;
  HistoryBuilder b;
  double t_ms = 0;
  int64_t next = 0;
  std::vector<int64_t> added;
  const int steps = 10 + coin(40);
  for (int s = 0; s < steps || std::count(busy.begin(), busy.end(), 0) < threads; ++s) {
    t_ms += coin(3) * 0.7;
    int th = coin(threads);
    if (s >= steps) {  // drain: complete whatever is busy
      th = static_cast<int>(std::find_if(busy.begin(), busy.end(), [](int x) { return x; }) -
                            busy.begin());
    }
    if (busy[th] == 0) {
      if (s >= steps) continue;
      if (coin(2) == 0) {
        pending[th] = next++;
        added.push_back(pending[th]);
        b.Invoke(process[th], "add", Value::Int(pending[th]), t_ms);
        busy[th] = 1;
      } else {
        b.Invoke(process[th], "read", Value(), t_ms);
        busy[th] = 2;
      }
      continue;
    }
    int outcome = coin(6);  // 0: info, 1: fail, else ok
    if (busy[th] == 1) {
      OpType type = outcome == 0 ? OpType::kInfo : outcome == 1 ? OpType::kFail : OpType::kOk;
      b.Add(type, process[th], "add", Value::Int(pending[th]), t_ms);
    } else {
      std::vector<Value> items;
      for (int64_t v : added) if (coin(4) != 0) items.push_back(Value::Int(v));
      if (coin(5) == 0) items.push_back(Value::Int(1000 + coin(3)));  // never added
      OpType type = outcome == 0 ? OpType::kInfo : outcome == 1 ? OpType::kFail : OpType::kOk;
      b.Add(type, process[th], "read", type == OpType::kOk ? Value::Vec(items) : Value(), t_ms);
    }
    if (outcome == 0) process[th] += threads;
    busy[th] = 0;
  }
  return b.history();
}

TEST_CASE("set-full: agrees with the obvious quadratic reduce on random histories") {
  int with_lost = 0, with_stale = 0;
  for (uint64_t seed = 1; seed <= 3000; ++seed) {
    History h = RandomHistory(seed);
    CheckResult r = CheckSetFull(h, "add");
    Value want = ReferenceSummary(h, "add");
    INFO("seed " << seed);
    REQUIRE(FastSummary(r).ToEdn() == want.ToEdn());
    with_lost += !want.items()[0].items().empty();
    with_stale += !want.items()[2].items().empty();
  }
  // The generator must exercise the interesting outcomes, or the test proves little.
  CHECK(with_lost > 100);
  CHECK(with_stale > 100);
}

}  // namespace
}  // namespace harness
