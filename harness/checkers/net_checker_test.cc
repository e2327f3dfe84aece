// Proves CheckNet's counts follow Maelstrom's net checker (harness/docs/workloads.md,
// checkers every run gets, :net row): sends and deliveries per group, distinct message ids, client
// = src or dest starting with 'c', dropped messages sent but not received,
// msgs-per-op over client invocations (final reads included, nemesis not)
// for :all and :servers only, and absent when there is no invocation.
#include "harness/checkers/net_checker.h"

#include <catch2/catch.hpp>

#include "harness/checkers/test_history.h"

namespace harness {
namespace {

JournalEvent Event(JournalEvent::Kind kind, int64_t id, const char* src, const char* dest) {
  JournalEvent e;
  e.kind = kind;
  e.message_id = id;
  e.src = src;
  e.dest = dest;
  return e;
}

constexpr auto kSend = JournalEvent::Kind::kSend;
constexpr auto kRecv = JournalEvent::Kind::kRecv;

// One client RPC (2 messages), one gossip delivered, one gossip dropped by a
// partition, one lin-kv service round trip.
Journal SmallJournal() {
  return {
      Event(kSend, 0, "c1", "n0"),     Event(kRecv, 0, "c1", "n0"),
      Event(kSend, 1, "n0", "n1"),     Event(kSend, 2, "n0", "n2"),
      Event(kRecv, 1, "n0", "n1"),     Event(kSend, 3, "n0", "c1"),
      Event(kRecv, 3, "n0", "c1"),     Event(kSend, 4, "n1", "lin-kv"),
      Event(kRecv, 4, "n1", "lin-kv"), Event(kSend, 5, "lin-kv", "n1"),
      Event(kRecv, 5, "lin-kv", "n1"),
  };
}

TEST_CASE("net: counts per group and msgs-per-op over client invocations", "[net]") {
  HistoryBuilder h;
  h.Invoke(0, "broadcast", Value::Int(1), 1);
  h.Ok(0, "broadcast", Value::Int(1), 2);
  h.Invoke(kNemesisProcess, "start-partition", Value(), 3);  // not an op
  h.Info(kNemesisProcess, "start-partition", Value(), 4);
  h.Invoke(1, "read", Value(), 5);
  h.last().final = true;  // final reads count
  h.Ok(1, "read", Ints({1}), 6);
  CheckResult r = CheckNet(h.history(), SmallJournal());
  CHECK(r.valid == Validity::kTrue);
  CHECK(r.details.ToEdn() ==
        "{:all {:send-count 6, :recv-count 5, :msg-count 6, :msgs-per-op 3.0}, "
        ":clients {:send-count 2, :recv-count 2, :msg-count 2}, "
        ":servers {:send-count 4, :recv-count 3, :msg-count 4, :msgs-per-op 2.0}, "
        ":valid? true}");
}

TEST_CASE("net: no client invocations, no msgs-per-op", "[net]") {
  CHECK(CheckNet({}, SmallJournal()).details.ToEdn() ==
        "{:all {:send-count 6, :recv-count 5, :msg-count 6}, "
        ":clients {:send-count 2, :recv-count 2, :msg-count 2}, "
        ":servers {:send-count 4, :recv-count 3, :msg-count 4}, :valid? true}");
}

TEST_CASE("net: an empty journal with ops gives zero counts and 0.0 per op", "[net]") {
  HistoryBuilder h;
  h.Invoke(0, "generate", Value(), 1);
  h.Ok(0, "generate", Value::Int(5), 2);
  CHECK(CheckNet(h.history(), {}).details.ToEdn() ==
        "{:all {:send-count 0, :recv-count 0, :msg-count 0, :msgs-per-op 0.0}, "
        ":clients {:send-count 0, :recv-count 0, :msg-count 0}, "
        ":servers {:send-count 0, :recv-count 0, :msg-count 0, :msgs-per-op 0.0}, "
        ":valid? true}");
}

}  // namespace
}  // namespace harness
