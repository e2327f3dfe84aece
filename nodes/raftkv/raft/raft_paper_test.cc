// Script-style tests of the Raft core against the paper (Ongaro and
// Ousterhout, extended version). Each case drives cores message by message,
// either directly or through the simulator's manual network, and checks one
// rule of Figure 2/3 or of the section named in its title.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "nodes/raftkv/raft/raft.h"
#include "nodes/raftkv/raft/sim/sim.h"
#include "nodes/raftkv/raft/storage.h"

namespace raft {
namespace {

PersistentState LogWithTerms(const std::vector<uint64_t>& terms,
                             uint64_t current_term) {
  PersistentState st;
  for (size_t i = 0; i < terms.size(); ++i) {
    st.entries.push_back(Entry{terms[i], i + 1, "e" + std::to_string(i + 1)});
  }
  st.hard_state.term = current_term;
  return st;
}

Config ThreeNodes(NodeId id) {
  Config c;
  c.id = id;
  c.voters = {1, 2, 3};
  c.pre_vote = false;
  c.check_quorum = false;
  return c;
}

std::vector<uint64_t> Terms(const Raft& r) {
  std::vector<uint64_t> t;
  for (const Entry& e : r.entries()) t.push_back(e.term);
  return t;
}

// Section 5.3 (AppendEntries receiver rules 2-4) and the fast back-off
// of the same section: a follower with the given log receives an append
// from the leader of term 5 and answers as the table says.
TEST_CASE("section 5.3: append consistency check, truncation, back-off hint") {
  struct Case {
    const char* name;
    std::vector<uint64_t> log;
    uint64_t prev_index, prev_term;
    std::vector<uint64_t> new_terms;
    bool reject;
    uint64_t index;  // ack: last new index; reject: echoed prev
    uint64_t hint, conflict_term;
    std::vector<uint64_t> after;
  };
  const std::vector<Case> cases = {
      {"append to empty log", {}, 0, 0, {1, 1}, false, 2, 0, 0, {1, 1}},
      {"matching prev appends", {1, 1}, 2, 1, {5}, false, 3, 0, 0, {1, 1, 5}},
      {"duplicate is a no-op", {1, 1, 5}, 1, 1, {1}, false, 2, 0, 0, {1, 1, 5}},
      {"conflict truncates suffix", {1, 2, 2, 2}, 1, 1, {3}, false, 2, 0, 0,
       {1, 3}},
      {"short log: hint is last+1", {1, 1}, 5, 4, {}, true, 5, 3, 0, {1, 1}},
      {"term mismatch: hint is first index of that term",
       {1, 2, 2, 2}, 4, 3, {}, true, 4, 2, 2, {1, 2, 2, 2}},
  };
  for (const Case& c : cases) {
    SECTION(c.name) {
      SeededRandom rng(1);
      Raft r(ThreeNodes(2), &rng, LogWithTerms(c.log, 5));
      Message m;
      m.type = MessageType::kApp;
      m.from = 1;
      m.to = 2;
      m.term = 5;
      m.index = c.prev_index;
      m.log_term = c.prev_term;
      for (size_t i = 0; i < c.new_terms.size(); ++i) {
        m.entries.push_back(Entry{c.new_terms[i], c.prev_index + i + 1, "x"});
      }
      r.Step(m);
      Ready rd = r.TakeReady();
      REQUIRE(rd.messages.size() == 1);
      const Message& resp = rd.messages[0];
      CHECK(resp.type == MessageType::kAppResp);
      CHECK(resp.reject == c.reject);
      CHECK(resp.index == c.index);
      CHECK(resp.reject_hint == c.hint);
      CHECK(resp.conflict_term == c.conflict_term);
      CHECK(Terms(r) == c.after);
      CHECK(r.GetStatus().leader == 1);
    }
  }
}

// Section 5.2 and 5.4.1: one vote per term, first come first served, and
// only for a candidate whose log is at least as up-to-date.
TEST_CASE("section 5.2/5.4.1: vote once per term, only for up-to-date logs") {
  struct Case {
    const char* name;
    std::vector<uint64_t> voter_log;
    uint64_t cand_last_index, cand_last_term;
    bool granted;
  };
  const std::vector<Case> cases = {
      {"equal logs", {1, 2}, 2, 2, true},
      {"longer log same term", {1, 2}, 3, 2, true},
      {"higher last term wins despite shorter", {1, 1, 1}, 1, 2, true},
      {"shorter log same term", {1, 2, 2}, 2, 2, false},
      {"lower last term", {1, 3}, 5, 2, false},
  };
  for (const Case& c : cases) {
    SECTION(c.name) {
      SeededRandom rng(1);
      Raft r(ThreeNodes(2), &rng, LogWithTerms(c.voter_log, 3));
      Message v;
      v.type = MessageType::kVote;
      v.from = 1;
      v.to = 2;
      v.term = 4;
      v.index = c.cand_last_index;
      v.log_term = c.cand_last_term;
      r.Step(v);
      Ready rd = r.TakeReady();
      REQUIRE(rd.messages.size() == 1);
      CHECK(rd.messages[0].reject == !c.granted);
      // The vote is durable before the reply goes out.
      REQUIRE(rd.has_hard_state);
      CHECK(rd.hard_state.term == 4);
      CHECK(rd.hard_state.vote == (c.granted ? 1u : kNoNode));
      if (c.granted) {
        // A second candidate in the same term is refused.
        v.from = 3;
        r.Step(v);
        Ready rd2 = r.TakeReady();
        REQUIRE(rd2.messages.size() == 1);
        CHECK(rd2.messages[0].reject);
      }
    }
  }
}

sim::SimOptions ManualFiveNodes(bool naive) {
  sim::SimOptions o;
  o.nodes = 5;
  o.manual_network = true;
  o.raft.pre_vote = false;
  o.raft.check_quorum = false;
  o.raft.max_entries_per_msg = 1;
  o.raft.naive_commit = naive;
  return o;
}

auto Between(NodeId a, NodeId b) {
  return [a, b](const Message& m) {
    return (m.from == a && m.to == b) || (m.from == b && m.to == a);
  };
}
bool Any(const Message&) { return true; }

// Figure 8, built step by step with five servers S1..S5 and the no-op each
// leader appends. Terms are shifted by one against the figure (our first
// leader has term 1), the shape is the same:
//  (a) S1 leads term 1 and gets x to index 2 on S1, S2 only;
//  (b) S1 crashes; S5 wins term 2 with S3, S4 and writes its no-op at 2;
//  (c) S5 crashes; S1 restarts, wins term 3 and copies x to S3 and S4, so
//      index 2 is on a majority - but x is from term 1;
//  (d) S1 crashes; S5 wins term 4 (its last term 2 beats their 1) and
//      overwrites index 2 everywhere.
// With naive_commit S1 commits and applies x in (c), so (d) overwrites a
// committed entry and the simulator flags it. With the rule of section 5.4.2
// S1 cannot commit x by counting replicas, and nothing committed is lost.
void RunFigure8(sim::Sim& s) {
  s.Campaign(1);
  s.DeliverAll(Any);
  REQUIRE(s.core(1).GetStatus().role == Role::kLeader);
  REQUIRE(s.Propose(1, "x").has_value());
  s.DeliverAll(Between(1, 2));
  s.DropAll(Any);
  REQUIRE(s.core(2).LastIndex() == 2);
  // (b)
  s.Crash(1);
  s.Campaign(5);
  s.DeliverAll([](const Message& m) {
    bool vote = m.type == MessageType::kVote || m.type == MessageType::kVoteResp;
    return vote && m.to != 2 && m.from != 2;
  });
  REQUIRE(s.core(5).GetStatus().role == Role::kLeader);
  REQUIRE(s.core(5).GetStatus().term == 2);
  REQUIRE(s.core(5).LastIndex() == 2);
  s.DropAll(Any);
  // (c)
  s.Crash(5);
  s.Restart(1);
  s.Campaign(1);  // term 2: S3, S4 already voted for S5
  s.DeliverAll(Any);
  REQUIRE(s.core(1).GetStatus().role != Role::kLeader);
  s.Campaign(1);  // term 3
  s.DeliverAll([](const Message& m) {
    return m.type == MessageType::kVote || m.type == MessageType::kVoteResp;
  });
  REQUIRE(s.core(1).GetStatus().role == Role::kLeader);
  REQUIRE(s.core(1).GetStatus().term == 3);
  for (NodeId f : {3, 4}) {
    // Deliver S1<->f traffic only until f holds x and S1 has its ack, never
    // the following append that carries S1's term-3 no-op.
    while (s.core(f).LastIndex() < 2) REQUIRE(s.DeliverOne(Between(1, f)));
    s.DeliverAll([f](const Message& m) {
      return m.from == f && m.to == 1 && m.type == MessageType::kAppResp;
    });
  }
  REQUIRE(s.core(3).LastIndex() == 2);
  REQUIRE(s.core(4).LastIndex() == 2);
  s.DropAll(Any);
}

TEST_CASE("figure 8: naive commit of an earlier term's entry loses it") {
  sim::Sim s(ManualFiveNodes(/*naive=*/true));
  RunFigure8(s);
  CHECK(s.core(1).GetStatus().commit == 2);  // counted replicas of x
  CHECK(s.max_applied() == 2);
  // (d)
  s.Crash(1);
  s.Restart(5);
  s.Campaign(5);  // term 3: already voted for S1
  s.DeliverAll(Any);
  s.Campaign(5);  // term 4
  s.DeliverAll(Any);
  REQUIRE(s.core(5).GetStatus().term == 4);
  CHECK_THAT(s.failure(), Catch::Contains("index 2"));
}

TEST_CASE("figure 8: section 5.4.2 rule keeps committed entries") {
  sim::Sim s(ManualFiveNodes(/*naive=*/false));
  RunFigure8(s);
  CHECK(s.core(1).GetStatus().commit == 1);  // x is on a majority, not committed
  s.Crash(1);
  s.Restart(5);
  s.Campaign(5);
  s.DeliverAll(Any);
  s.Campaign(5);
  s.DeliverAll(Any);
  REQUIRE(s.core(5).GetStatus().role == Role::kLeader);
  CHECK(s.core(5).GetStatus().commit == 3);
  CHECK(s.core(2).entries()[1].term == 2);  // x replaced by S5's no-op
  s.Restart(1);
  REQUIRE(s.Propose(5, "y").has_value());
  for (int i = 0; i < 20; ++i) {  // heartbeats bring S1 back
    s.TickNode(5);
    s.DeliverAll(Any);
  }
  s.CheckAll();
  CHECK(s.failure() == "");
  CHECK(s.core(1).GetStatus().commit == 4);
}

// Restart recovers exactly what was persisted (Figure 2: term, vote, log),
// and committed entries are handed out again for the state machine.
TEST_CASE("figure 2: a restarted core recovers its persistent state") {
  MemoryStorage storage;
  SeededRandom rng(7);
  Config c;
  c.id = 1;
  c.voters = {1};
  {
    Raft r(c, &rng, *storage.Load());
    r.Campaign();
    REQUIRE(r.Propose("a").ok());
    REQUIRE(r.Propose("b").ok());
    while (r.HasReady()) REQUIRE(storage.Save(r.TakeReady()).ok());
    REQUIRE(r.GetStatus().commit == 3);
  }
  Raft r2(c, &rng, *storage.Load());
  Status st = r2.GetStatus();
  CHECK(st.term == 1);
  CHECK(st.last_index == 3);
  CHECK(st.role == Role::kFollower);
  Ready rd = r2.TakeReady();
  REQUIRE(rd.committed_entries.size() == 3);
  CHECK(rd.committed_entries[1].data == "a");
  CHECK(rd.committed_entries[2].data == "b");
  CHECK(storage.state().hard_state.vote == 1);
}

}  // namespace
}  // namespace raft

namespace raft {
namespace {

// Thesis 6.4 step 3 asks the leader to confirm it is still leader by a
// round of heartbeats. Any append reply in the leader's term confirms it as
// well, so appends carry the read round: a read issued with writes in
// flight completes with no heartbeat, and one issued alone still gets its
// heartbeat round. Table: {propose with the read?, heartbeats expected}.
TEST_CASE("thesis 6.4: append replies confirm read rounds; heartbeats only "
          "when no append goes out") {
  struct Case {
    bool with_write;
    bool expect_heartbeat;
  };
  for (Case c : {Case{true, false}, Case{false, true}}) {
    INFO("with_write=" << c.with_write);
    sim::SimOptions o;
    o.nodes = 3;
    o.manual_network = true;
    o.raft.pre_vote = false;
    sim::Sim s(o);
    s.Campaign(1);
    s.DeliverAll([](const Message&) { return true; });
    REQUIRE(s.core(1).GetStatus().role == Role::kLeader);
    int before = s.reads_done();
    // Both in one Ready, as the node batches a loop turn: the core call
    // leaves the proposal unprocessed, Read() then processes both.
    if (c.with_write) REQUIRE(s.core(1).Propose("w").ok());
    REQUIRE(s.Read(1));
    bool heartbeat = false;
    for (const Message& m : s.pending()) {
      heartbeat |= m.type == MessageType::kHeartbeat;
    }
    CHECK(heartbeat == c.expect_heartbeat);
    s.DeliverAll([](const Message&) { return true; });
    CHECK(s.reads_done() == before + 1);
    CHECK(s.failure() == "");
  }
}

}  // namespace
}  // namespace raft
