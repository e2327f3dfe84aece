// Proves the real-time refutation (refute.h) sound and useful. Sound: on
// thousands of small random register histories (few values, so values
// repeat; crashed ops; cas; nil reads under both nil rules) it never refutes
// one that a brute-force enumeration of every sequential order linearizes,
// and the full search (which runs it first) agrees with the enumeration.
// Useful: a table of hand-made histories it must refute (stale read, future
// read, nil read after a write) or must leave to the search (a crashed
// write, a second writer of the value, a cas that re-installs it).
#include "harness/linearizability/refute.h"

#include <catch2/catch.hpp>
#include <cstdint>
#include <random>

#include "harness/linearizability/search.h"

namespace harness::lin {
namespace {

// Every sequential order respecting real time, with each :info op placed
// anywhere after its invocation or left out.
bool BruteForce(const std::vector<SearchOp>& ops, const RegisterModel& model, uint32_t placed,
                State state) {
  bool all = true;
  for (size_t i = 0; i < ops.size(); ++i) {
    if (!(placed >> i & 1) && !ops[i].indefinite) all = false;
  }
  if (all) return true;
  for (size_t i = 0; i < ops.size(); ++i) {
    if (placed >> i & 1) continue;
    bool ready = true;  // every op that completed before i was invoked is placed
    for (size_t j = 0; j < ops.size(); ++j) {
      if (j != i && !(placed >> j & 1) && !ops[j].indefinite && ops[j].return_pos < ops[i].call_pos) {
        ready = false;
      }
    }
    State next;
    if (ready && model.Step(state, ops[i], &next) &&
        BruteForce(ops, model, placed | (1u << i), next)) {
      return true;
    }
  }
  return false;
}

std::vector<SearchOp> RandomHistory(std::mt19937_64& rng, int n) {
  std::vector<int64_t> positions(static_cast<size_t>(2 * n));
  for (size_t i = 0; i < positions.size(); ++i) positions[i] = static_cast<int64_t>(i);
  std::shuffle(positions.begin(), positions.end(), rng);
  auto pick = [&](int k) { return static_cast<int64_t>(rng() % static_cast<uint64_t>(k)); };
  std::vector<SearchOp> ops;
  for (int i = 0; i < n; ++i) {
    SearchOp op;
    const int64_t kind = pick(3);
    op.kind = kind == 0 ? OpKind::kRead : kind == 1 ? OpKind::kWrite : OpKind::kCas;
    op.a = pick(4) - 1;  // kNil and three values
    op.b = pick(3);
    int64_t x = positions[static_cast<size_t>(2 * i)], y = positions[static_cast<size_t>(2 * i + 1)];
    op.call_pos = std::min(x, y);
    op.return_pos = std::max(x, y);
    if (op.kind != OpKind::kRead && pick(5) == 0) {
      op.indefinite = true;
      op.return_pos = kNeverReturns;
    }
    ops.push_back(op);
  }
  return ops;
}

TEST_CASE("real-time refutation never refutes a linearizable history", "[refute]") {
  std::mt19937_64 rng(12345);
  int refuted = 0, linearizable = 0;
  for (int trial = 0; trial < 20000; ++trial) {
    const std::vector<SearchOp> ops = RandomHistory(rng, 2 + trial % 6);
    for (bool nil_passes : {true, false}) {
      const RegisterModel model{nil_passes};
      const bool truth = BruteForce(ops, model, 0, model.Init());
      const bool refutes = RefuteRegister(ops, model).has_value();
      INFO("trial " << trial << " nil_read_passes " << nil_passes);
      REQUIRE(!(truth && refutes));
      const SearchResult s = Search(ops, model, Budget{});
      REQUIRE(s.verdict == (truth ? Verdict::kLinearizable : Verdict::kNotLinearizable));
      refuted += refutes ? 1 : 0;
      linearizable += truth ? 1 : 0;
    }
  }
  // The sample must hold both kinds, and the rule must fire on many.
  CHECK(linearizable > 1000);
  CHECK(refuted > 1000);
}

SearchOp W(int64_t v, int64_t call, int64_t ret) { return {OpKind::kWrite, v, 0, false, call, ret}; }
SearchOp R(int64_t v, int64_t call, int64_t ret) { return {OpKind::kRead, v, 0, false, call, ret}; }
SearchOp Cas(int64_t from, int64_t to, int64_t call, int64_t ret) {
  return {OpKind::kCas, from, to, false, call, ret};
}
SearchOp Info(SearchOp op) {
  op.indefinite = true;
  op.return_pos = kNeverReturns;
  return op;
}

struct RefuteCase {
  const char* name;
  std::vector<SearchOp> ops;
  bool nil_read_passes;
  bool refuted;
  int32_t reader;  // when refuted
};

TEST_CASE("real-time refutation: what it decides and what it leaves", "[refute]") {
  const std::vector<RefuteCase> cases = {
      {"stale read: w1 < w2 < r(1)", {W(1, 0, 1), W(2, 2, 3), R(1, 4, 5)}, true, true, 2},
      {"future read: r(1) completes before w1 begins", {R(1, 0, 1), W(1, 2, 3)}, true, true, 0},
      {"read of a value nobody writes", {W(1, 0, 1), R(7, 2, 3)}, true, true, 1},
      {"cas expecting an overwritten value", {W(1, 0, 1), W(2, 2, 3), Cas(1, 3, 4, 5)}, true, true, 2},
      {"nil read after a write, nil asserts", {W(1, 0, 1), R(kNil, 2, 3)}, false, true, 1},
      {"nil read after a write, nil passes", {W(1, 0, 1), R(kNil, 2, 3)}, true, false, -1},
      {"overwriter concurrent with the read", {W(1, 0, 1), W(2, 2, 5), R(1, 4, 6)}, true, false, -1},
      {"overwriter concurrent with the writer", {W(1, 0, 3), W(2, 2, 4), R(1, 5, 6)}, true, false, -1},
      {"crashed overwriter separates nothing", {W(1, 0, 1), Info(W(2, 2, 3)), R(1, 4, 5)}, true, false, -1},
      {"crashed writer of the value may land late", {Info(W(1, 0, 1)), W(2, 2, 3), R(1, 4, 5)}, true, false, -1},
      {"a second writer of the value re-installs it", {W(1, 0, 1), W(2, 2, 3), W(1, 4, 5), R(1, 6, 7)}, true, false, -1},
      {"a cas re-installs it", {W(1, 0, 1), W(2, 2, 3), Cas(2, 1, 4, 5), R(1, 6, 7)}, true, false, -1},
      {"both writers overwritten", {W(1, 0, 1), W(1, 2, 3), W(2, 4, 5), R(1, 6, 7)}, true, true, 3},
  };
  for (const RefuteCase& c : cases) {
    INFO(c.name);
    const RegisterModel model{c.nil_read_passes};
    const std::optional<RealTimeRefutation> r = RefuteRegister(c.ops, model);
    REQUIRE(r.has_value() == c.refuted);
    // The enumeration agrees wherever the rule speaks.
    if (c.refuted) {
      CHECK(!BruteForce(c.ops, model, 0, model.Init()));
      CHECK(r->reader == c.reader);
      const SearchResult s = Search(c.ops, model, Budget{});
      CHECK(s.verdict == Verdict::kNotLinearizable);
      CHECK(s.refutation.has_value());
      CHECK(s.stuck_op == c.reader);
      CHECK(s.steps == 0);
    }
  }
}

SearchOp Kv(OpKind kind, int64_t id, int64_t call, int64_t ret) { return {kind, id, 0, false, call, ret}; }

struct KvRefuteCase {
  const char* name;
  std::vector<std::pair<OpKind, const char*>> ops;  // with the positions below
  std::vector<std::pair<int64_t, int64_t>> times;   // (call, return); return -1: crashed
  bool refuted;
};

TEST_CASE("kv real-time refutation: what it decides and what it leaves", "[refute]") {
  using K = OpKind;
  const std::vector<KvRefuteCase> cases = {
      {"missing append, no put", {{K::kAppend, "a;"}, {K::kGet, ""}}, {{0, 1}, {2, 3}}, true},
      {"missing append after the put the value starts with",
       {{K::kPut, "p;"}, {K::kAppend, "a;"}, {K::kGet, "p;"}}, {{0, 1}, {2, 3}, {4, 5}}, true},
      {"append before the put the value starts with",
       {{K::kAppend, "a;"}, {K::kPut, "p;"}, {K::kGet, "p;"}}, {{0, 1}, {2, 3}, {4, 5}}, false},
      {"append concurrent with the put", {{K::kPut, "p;"}, {K::kAppend, "a;"}, {K::kGet, "p;"}},
       {{0, 3}, {2, 4}, {5, 6}}, false},
      {"crashed put: the window is empty", {{K::kPut, "p;"}, {K::kAppend, "a;"}, {K::kGet, "p;"}},
       {{0, -1}, {2, 3}, {4, 5}}, false},
      {"crashed append need not show", {{K::kAppend, "a;"}, {K::kGet, ""}}, {{0, -1}, {2, 3}}, false},
      {"reordered appends", {{K::kAppend, "a;"}, {K::kAppend, "b;"}, {K::kGet, "b;a;"}},
       {{0, 1}, {2, 3}, {4, 5}}, true},
      {"concurrent appends in either order", {{K::kAppend, "a;"}, {K::kAppend, "b;"}, {K::kGet, "b;a;"}},
       {{0, 3}, {1, 2}, {4, 5}}, false},
      {"future append", {{K::kGet, "a;"}, {K::kAppend, "a;"}}, {{0, 1}, {2, 3}}, true},
      {"strings not a prefix code: rule off", {{K::kAppend, "a"}, {K::kAppend, "ab"}, {K::kGet, ""}},
       {{0, 1}, {2, 3}, {4, 5}}, false},
  };
  for (const KvRefuteCase& c : cases) {
    INFO(c.name);
    StringTable table;
    std::vector<SearchOp> ops;
    for (size_t i = 0; i < c.ops.size(); ++i) {
      SearchOp op = Kv(c.ops[i].first, table.Intern(c.ops[i].second), c.times[i].first,
                       c.times[i].second);
      if (op.return_pos < 0) op = Info(op);
      ops.push_back(op);
    }
    const std::optional<RealTimeRefutation> r = RefuteKv(ops, table);
    CHECK(r.has_value() == c.refuted);
    const SearchResult s = Search(ops, table, Budget{});
    if (c.refuted) {
      CHECK(s.verdict == Verdict::kNotLinearizable);
      CHECK(s.refutation.has_value());
    }
  }
}

}  // namespace
}  // namespace harness::lin
