// Planted bugs are real bugs: each scenario below runs twice on the seeded
// simulator, once with a planted bug (the node flag in brackets) and once
// with the correct configuration, and the simulator's own checks (sim.h)
// must catch the bug and pass the correct core.
//   [--stale-reads]  thesis 6.4: a leader must confirm it is still leader
//                    (a heartbeat round) before serving a read. A deposed
//                    leader that was paused while the others moved on
//                    answers from its old state.
//   [--unsafe-lease] thesis 6.4.1: a lease is safe only with bounded clock
//                    drift. A leader whose clock stops keeps its lease
//                    while a new leader commits writes. With equal clocks
//                    the same lease serves no stale read.
//   [--no-persist]   Figure 2: currentTerm, votedFor and log[] must survive
//                    a crash. Nodes restarting empty vote again in a term
//                    they voted in (two leaders of one term: election
//                    safety) and overwrite committed entries.
// The naive commit rule (--naive-commit, Figure 8) has its own step-by-step
// test in raft_paper_test.cc.
#include <catch2/catch.hpp>

#include <set>
#include <string>

#include "nodes/raftkv/raft/sim/sim.h"

namespace raft::sim {
namespace {

SimOptions Options(uint64_t seed) {
  SimOptions o;
  o.seed = seed;
  o.nodes = 3;
  o.raft.election_ticks = 10;
  o.raft.heartbeat_ticks = 2;
  o.tick_ms = 10;
  return o;
}

std::optional<NodeId> LeaderAmong(Sim& s, const std::set<NodeId>& among) {
  for (NodeId id : among) {
    if (s.up(id) && s.core(id).GetStatus().role == Role::kLeader) return id;
  }
  return std::nullopt;
}

// The old leader is cut off and frozen (paused, or its clock stopped) while
// the other two elect a new leader and commit w2; then it is asked to read.
enum class Freeze { kPause, kStopClock, kNone };

void DeposedLeaderReads(Sim& s, Freeze freeze) {
  REQUIRE(s.One("w1", 3, true) != 0);
  s.RunFor(100);  // heartbeat rounds acked: a lease, if any, is held
  NodeId old = *s.Leader();
  s.Disconnect(old);
  if (freeze == Freeze::kPause) s.Pause(old);
  if (freeze == Freeze::kStopClock) s.SetTickInterval(old, 1000000);
  std::set<NodeId> rest = {1, 2, 3};
  rest.erase(old);
  REQUIRE(s.RunUntil([&] { return LeaderAmong(s, rest).has_value(); }, 5000));
  REQUIRE(s.One("w2", 2, true) != 0);
  s.Resume(old);
  s.Read(old);  // false if it already stepped down: nothing to check then
  s.RunFor(500);
}

TEST_CASE("planted bugs: each caught by the simulator, correct core passes") {
  struct Case {
    const char* name;
    void (*plant)(Config&);
    Freeze freeze;
    bool wipe;           // crash all, lose storage, restart
    const char* caught;  // substring of the simulator's failure
  };
  const Case cases[] = {
      {"stale-reads, paused deposed leader",
       [](Config& c) { c.unsafe_local_reads = true; }, Freeze::kPause, false,
       "stale read"},
      {"unsafe-lease, stopped clock",
       [](Config& c) { c.lease_reads = true; }, Freeze::kStopClock, false,
       "stale read"},
      {"no-persist, whole cluster restarts empty", [](Config&) {},
       Freeze::kNone, true, "safety"},  // election or state machine
  };
  for (const Case& c : cases) {
    for (bool planted : {true, false}) {
      for (uint64_t seed = 1; seed <= 5; ++seed) {
        INFO(c.name << (planted ? " (planted)" : " (correct)") << " seed "
                    << seed);
        SimOptions o = Options(seed);
        if (planted) c.plant(o.raft);
        Sim s(o);
        if (c.wipe) {
          REQUIRE(s.One("a", 3, true) != 0);
          for (NodeId id = 1; id <= 3; ++id) s.Crash(id);
          s.RunFor(1000);  // in-flight messages die with the inboxes
          if (planted) {
            for (NodeId id = 1; id <= 3; ++id) s.Wipe(id);
          }
          for (NodeId id = 1; id <= 3; ++id) s.Restart(id);
          s.One("b", 3, true);
          s.One("c", 3, true);
        } else {
          DeposedLeaderReads(s, c.freeze);
        }
        if (planted) {
          CHECK(s.failure().find(c.caught) != std::string::npos);
        } else {
          CHECK(s.failure() == "");
        }
      }
    }
  }
}

TEST_CASE("thesis 6.4.1: with equal clocks the lease serves reads at once "
          "and never stale ones") {
  for (uint64_t seed = 1; seed <= 5; ++seed) {
    INFO("seed " << seed);
    SimOptions o = Options(seed);
    o.raft.lease_reads = true;
    Sim s(o);
    REQUIRE(s.One("w1", 3, true) != 0);
    s.RunFor(100);
    NodeId leader = *s.Leader();
    int before = s.reads_done();
    REQUIRE(s.Read(leader));
    CHECK(s.reads_done() == before + 1);  // no round trip: the lease held
    DeposedLeaderReads(s, Freeze::kNone);
    CHECK(s.failure() == "");
  }
}

}  // namespace
}  // namespace raft::sim
