// Proves the txn state machine (store.h, micro_op.h) case by case: the
// micro-op parser refuses every bad shape with the right code; a txn reads
// its own writes and only the final write of a key leaves it; a replicated
// record is installed whole, once, in order and after its causal deps;
// registers converge by stamp; list elements become readable only when
// stable, and every stable prefix is a prefix of the one converged order.
#include <catch2/catch.hpp>

#include "nodes/txn/micro_op.h"
#include "nodes/txn/store.h"
#include "nodes/txn/txn_node.h"

namespace txn {
namespace {

using runtime::Json;

std::vector<MicroOp> Ops(const char* json) {
  runtime::Result<std::vector<MicroOp>> ops = ParseTxn(Json::parse(json));
  REQUIRE(ops.ok());
  return *ops;
}

// Runs `txn` on `store` and returns the reply's txn array as JSON text.
std::string Run(Store& store, const char* txn) {
  std::vector<MicroOp> ops = Ops(txn);
  runtime::Result<Store::Outcome> out = store.Execute(ops);
  REQUIRE(out.ok());
  return RenderTxn(ops, out->reads).dump();
}

TEST_CASE("ParseTxn: bad micro-ops are refused with 10 (unknown function) or 12 (malformed)") {
  struct Case {
    const char* txn;
    int code;
  };
  const Case cases[] = {
      {R"({"r":1})", 12},                     // not an array
      {R"([["r",1]])", 12},                   // wrong arity
      {R"([["r",1,null,2]])", 12},            // wrong arity
      {R"([[1,1,null]])", 12},                // function not a string
      {R"([["cas",1,[1,2]]])", 10},           // unknown function
      {R"([["R",1,null]])", 10},              // names are case-sensitive
      {R"([["r","1",null]])", 12},            // string key
      {R"([["r",1.5,null]])", 12},            // float key
      {R"([["r",null,null]])", 12},           // null key
      {R"([["w",1,null]])", 12},              // write without a value
      {R"([["w",1,"6"]])", 12},               // string value
      {R"([["append",1,[2]]])", 12},          // list value
      {R"([["r",18446744073709551615,null]])", 12},  // beyond int64
      {R"([["w",1,2],["bogus",1,2]])", 10},   // a bad op anywhere refuses the txn
      {R"(["r",1,null])", 12},                // a micro-op, not a txn
  };
  for (const Case& c : cases) {
    INFO(c.txn);
    runtime::Result<std::vector<MicroOp>> ops = ParseTxn(Json::parse(c.txn));
    REQUIRE_FALSE(ops.ok());
    CHECK(ops.error().code == c.code);
  }
  CHECK(ParseTxn(Json::parse("[]")).ok());
  CHECK(ParseTxn(Json::parse(R"([["r",-3,7]])")).ok());  // a read's value is ignored
}

TEST_CASE("Execute on one node: txn semantics, read-your-writes inside a txn, serial order between txns") {
  // Each step is one txn on the same store, with the reply it must get.
  struct Step {
    const char* txn;
    const char* reply;
  };
  const Step steps[] = {
      {R"([["r",1,null]])", R"([["r",1,null]])"},                              // absent reads null
      {R"([["w",1,5],["r",1,null]])", R"([["w",1,5],["r",1,5]])"},              // own write
      {R"([["r",1,null],["w",1,6],["w",1,7],["r",1,null]])", R"([["r",1,5],["w",1,6],["w",1,7],["r",1,7]])"},
      {R"([["r",1,null],["r",2,null]])", R"([["r",1,7],["r",2,null]])"},        // only the final write stays
      {R"([["append",3,1],["r",3,null]])", R"([["append",3,1],["r",3,[1]]])"},  // peerless: own appends shown
      {R"([["append",3,2],["append",3,3],["r",3,null]])", R"([["append",3,2],["append",3,3],["r",3,[1,2,3]]])"},
      {R"([["r",3,null],["r",1,null]])", R"([["r",3,[1,2,3]],["r",1,7]])"},
      {"[]", "[]"},
  };
  Store store(0, 1);
  for (const Step& s : steps) {
    INFO(s.txn);
    CHECK(Run(store, s.txn) == s.reply);
  }
}

TEST_CASE("Execute: using one key as register and list is refused whole (12), with no effect") {
  Store store(0, 1);
  const char* refused[] = {
      R"([["w",1,1],["append",1,2]])",
      R"([["append",2,1],["w",2,2]])",
  };
  for (const char* txn : refused) {
    INFO(txn);
    runtime::Result<Store::Outcome> out = store.Execute(Ops(txn));
    REQUIRE_FALSE(out.ok());
    CHECK(out.error().code == 12);
  }
  CHECK(store.key_count() == 0);
  CHECK(store.clock() == 0);
  Run(store, R"([["w",1,1]])");
  CHECK_FALSE(store.Execute(Ops(R"([["w",5,5],["append",1,2]])")).ok());
  CHECK_FALSE(store.Register(5).has_value());  // the refused txn's first write did not happen
}

TEST_CASE("A writing txn becomes one record: next seq, next lamport, deps, final writes only") {
  Store a(0, 3);
  a.ObserveClock(1, 9, 0);  // the clock moves past what peers said
  runtime::Result<Store::Outcome> read_only = a.Execute(Ops(R"([["r",1,null]])"));
  REQUIRE(read_only.ok());
  CHECK_FALSE(read_only->record.has_value());
  runtime::Result<Store::Outcome> out = a.Execute(Ops(R"([["w",1,1],["append",2,5],["w",1,2],["append",2,6]])"));
  REQUIRE(out.ok());
  REQUIRE(out->record.has_value());
  const Record& r = *out->record;
  CHECK(r.seq == 1);
  CHECK(r.lamport == 10);
  CHECK(r.deps == std::vector<int64_t>{0, 0, 0});
  CHECK(r.writes == std::vector<Write>{{OpKind::kAppend, 2, 5}, {OpKind::kWrite, 1, 2}, {OpKind::kAppend, 2, 6}});
  CHECK(a.applied(0) == 1);
}

Record Rec(int64_t seq, int64_t lamport, std::vector<int64_t> deps, std::vector<Write> writes) {
  return Record{seq, lamport, std::move(deps), std::move(writes)};
}

TEST_CASE("Apply: a replicated record is installed whole, once, in sequence and causal order") {
  Store b(1, 3);
  const Record r1 = Rec(1, 4, {0, 0, 0}, {{OpKind::kWrite, 1, 10}, {OpKind::kWrite, 2, 10}});
  const Record r2 = Rec(2, 5, {1, 0, 1}, {{OpKind::kWrite, 1, 11}});  // n0 had seen n2's record 1
  struct Step {
    int origin;
    Record record;
    Store::ApplyStatus status;
  };
  const Step steps[] = {
      {0, r2, Store::ApplyStatus::kGap},        // r1 first
      {0, r1, Store::ApplyStatus::kApplied},
      {0, r1, Store::ApplyStatus::kDuplicate},  // a resend changes nothing
      {0, r2, Store::ApplyStatus::kBlocked},    // waits for n2's record 1
      {2, Rec(1, 2, {0, 0, 0}, {{OpKind::kWrite, 3, 30}}), Store::ApplyStatus::kApplied},
      {0, r2, Store::ApplyStatus::kApplied},
  };
  int64_t applied_before = 0;
  for (const Step& s : steps) {
    applied_before = b.applied(s.origin);
    CHECK(b.Apply(s.origin, s.record) == s.status);
    if (s.status != Store::ApplyStatus::kApplied) CHECK(b.applied(s.origin) == applied_before);
  }
  CHECK(b.Register(1) == 11);
  CHECK(b.Register(2) == 10);  // both of r1's writes arrived together
  CHECK(b.Register(3) == 30);
  CHECK(b.clock() == 5);
}

TEST_CASE("Registers converge by stamp whatever order the records arrive in (last writer wins)") {
  // n0 and n2 write key 1 concurrently at the same lamport; the origin index breaks the tie.
  const Record from0 = Rec(1, 3, {0, 0, 0}, {{OpKind::kWrite, 1, 100}, {OpKind::kWrite, 2, 100}});
  const Record from2 = Rec(1, 3, {0, 0, 0}, {{OpKind::kWrite, 1, 200}});
  Store x(1, 3), y(1, 3);
  REQUIRE(x.Apply(0, from0) == Store::ApplyStatus::kApplied);
  REQUIRE(x.Apply(2, from2) == Store::ApplyStatus::kApplied);
  REQUIRE(y.Apply(2, from2) == Store::ApplyStatus::kApplied);
  REQUIRE(y.Apply(0, from0) == Store::ApplyStatus::kApplied);
  for (Store* s : {&x, &y}) {
    CHECK(s->Register(1) == 200);  // (3, n2) > (3, n0)
    CHECK(s->Register(2) == 100);
  }
  // A local write after both has a higher lamport and wins everywhere.
  std::vector<MicroOp> ops = Ops(R"([["w",1,7]])");
  runtime::Result<Store::Outcome> out = x.Execute(ops);
  REQUIRE(out.ok());
  CHECK(out->record->lamport == 4);
  Store z(0, 3);
  REQUIRE(z.Apply(2, from2) == Store::ApplyStatus::kApplied);
  REQUIRE(z.Apply(1, *out->record) == Store::ApplyStatus::kApplied);  // deps {1,0,1}: both here
  CHECK(z.Register(1) == 7);
}

TEST_CASE("Lists: with peers, elements are read only once stable; a txn does not see its own appends") {
  Store a(0, 2), b(1, 2);
  std::vector<MicroOp> append = Ops(R"([["append",1,5],["r",1,null]])");
  runtime::Result<Store::Outcome> out = a.Execute(append);
  REQUIRE(out.ok());
  CHECK(RenderTxn(append, out->reads).dump() == R"([["append",1,5],["r",1,null]])");
  CHECK(Run(a, R"([["r",1,null]])") == R"([["r",1,null]])");  // n1 could still stamp an element before it
  CHECK(a.List(1, false) == std::vector<int64_t>{5});

  REQUIRE(b.Apply(0, *out->record) == Store::ApplyStatus::kApplied);
  CHECK(Run(b, R"([["r",1,null]])") == R"([["r",1,null]])");  // n0 might still stamp below it
  b.ObserveClock(0, a.clock(), a.applied(0));                 // it will not: its clock passed 1
  CHECK(b.stable() == 1);
  CHECK(Run(b, R"([["r",1,null]])") == R"([["r",1,[5]]])");
  // n0 learns that n1's clock passed the element too.
  a.ObserveClock(1, b.clock(), b.applied(1));
  CHECK(Run(a, R"([["r",1,null]])") == R"([["r",1,[5]]])");
  // A clock reported before all of the sender's records are here does not count.
  Store c(1, 2);
  c.ObserveClock(0, 50, 1);
  CHECK(c.stable() == 0);
}

TEST_CASE("Lists: concurrent appends converge to one order, and every stable prefix is a prefix of it") {
  Store a(0, 2), b(1, 2);
  std::vector<std::vector<int64_t>> reads;
  auto read = [&reads](Store& s) { reads.push_back(s.List(1, true)); };
  // Partitioned: both append, both read (nothing stable yet beyond 0).
  auto ra = a.Execute(Ops(R"([["append",1,1]])"));
  auto rb = b.Execute(Ops(R"([["append",1,2],["append",1,3]])"));
  REQUIRE(ra.ok());
  REQUIRE(rb.ok());
  read(a);
  read(b);
  auto ra2 = a.Execute(Ops(R"([["append",1,4]])"));
  REQUIRE(ra2.ok());
  // Heal: exchange records and clocks, in different orders on each side.
  REQUIRE(b.Apply(0, *ra->record) == Store::ApplyStatus::kApplied);
  read(b);
  REQUIRE(b.Apply(0, *ra2->record) == Store::ApplyStatus::kApplied);
  b.ObserveClock(0, a.clock(), a.applied(0));
  read(b);
  REQUIRE(a.Apply(1, *rb->record) == Store::ApplyStatus::kApplied);
  a.ObserveClock(1, b.clock(), b.applied(1));
  read(a);
  b.ObserveClock(0, a.clock(), a.applied(0));
  read(b);
  // Stamps: n0's 1 at (1,n0), n1's 2,3 at (1,n1), n0's 4 at (2,n0).
  const std::vector<int64_t> final_order = {1, 2, 3, 4};
  CHECK(a.List(1, false) == final_order);
  CHECK(b.List(1, false) == final_order);
  CHECK(a.List(1, true) == final_order);
  CHECK(b.List(1, true) == final_order);
  for (const auto& r : reads) {
    INFO(Json(r).dump());
    REQUIRE(r.size() <= final_order.size());
    CHECK(std::equal(r.begin(), r.end(), final_order.begin()));
  }
}

}  // namespace
}  // namespace txn
