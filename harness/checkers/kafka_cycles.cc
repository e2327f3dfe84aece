// The kafka analysis's dependency cycles (FindCycles in kafka_cases.h).
//
// Nodes are the :ok and :info sends and polls (a :fail op took no effect;
// reading from one is G1a, not a cycle). Edges, as Maelstrom's kafka
// checker asks Elle for them (no ww edges: Maelstrom does not set :ww-deps):
//   wr        the op that sent a message -> every ok poll that returned it
//   process   each process's ops in order
//   realtime  an :ok op -> every op invoked after it completed, kept to a
//             transitively reduced frontier as Elle's realtime graph does
// Cycles are then G1c, G1c-process, G1c-realtime (never allowed) and the
// G0 forms (allowed; impossible without ww edges).
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "harness/checkers/checker_util.h"
#include "harness/checkers/kafka_cases.h"
#include "harness/elle/cycles.h"

namespace harness::kafka {
namespace {

bool InGraph(const KOp& op) {
  return (op.kind == Kind::kSend || op.kind == Kind::kPoll) &&
         (op.type == OpType::kOk || op.type == OpType::kInfo);
}

void LinkWr(const KafkaHistory& h, const std::vector<int>& node_of, elle::Graph& g) {
  for (size_t i = 0; i < h.ops.size(); ++i) {
    const KOp& op = h.ops[i];
    if (op.type != OpType::kOk || node_of[i] < 0) continue;
    for (const Poll& p : op.polls) {
      const KeyState& ks = h.by_key[static_cast<size_t>(p.key)];
      for (const auto& [o, m] : p.pairs) {
        auto w = ks.writer.find(m);
        if (w == ks.writer.end()) continue;
        const int from = node_of[static_cast<size_t>(w->second)];
        if (from >= 0) g.Link(from, node_of[i], elle::kWR);
      }
    }
  }
}

void LinkProcess(const KafkaHistory& h, const std::vector<int>& node_of, elle::Graph& g) {
  absl::flat_hash_map<int64_t, int> last;
  for (size_t i = 0; i < h.ops.size(); ++i) {
    if (node_of[i] < 0) continue;
    auto [it, inserted] = last.emplace(h.ops[i].process, node_of[i]);
    if (!inserted) {
      g.Link(it->second, node_of[i], elle::kProcess);
      it->second = node_of[i];
    }
  }
}

// Events in time order: an op's invocation takes its predecessors from the
// frontier (ok ops completed before it, none of which precedes another of
// them); its completion then replaces those predecessors in the frontier.
void LinkRealtime(const KafkaHistory& h, const std::vector<int>& node_of, elle::Graph& g) {
  struct Event {
    int64_t time;
    int order;  // 0 completion, 1 invocation
    int node;
  };
  std::vector<Event> events;
  for (size_t i = 0; i < h.ops.size(); ++i) {
    const int n = node_of[i];
    if (n < 0) continue;
    const KOp& op = h.ops[i];
    events.push_back({op.invoke_ns, 1, n});
    if (op.type == OpType::kOk) events.push_back({op.complete_ns, 0, n});
  }
  // At equal times an invocation comes first: "completed before" is strict.
  std::sort(events.begin(), events.end(), [](const Event& a, const Event& b) {
    if (a.time != b.time) return a.time < b.time;
    return a.order > b.order;
  });
  std::vector<int> frontier;
  std::vector<std::vector<int>> preds(static_cast<size_t>(g.node_count()));
  std::vector<char> in_frontier(static_cast<size_t>(g.node_count()), 0);
  for (const Event& e : events) {
    if (e.order == 1) {
      preds[static_cast<size_t>(e.node)] = frontier;
      for (int p : frontier) g.Link(p, e.node, elle::kRealtime);
      continue;
    }
    for (int p : preds[static_cast<size_t>(e.node)]) in_frontier[static_cast<size_t>(p)] = 0;
    std::vector<int>().swap(preds[static_cast<size_t>(e.node)]);
    std::vector<int> next;
    next.reserve(frontier.size() + 1);
    for (int f : frontier) {
      if (in_frontier[static_cast<size_t>(f)]) next.push_back(f);
    }
    next.push_back(e.node);
    in_frontier[static_cast<size_t>(e.node)] = 1;
    frontier.swap(next);
  }
}

// The key and message behind a wr edge from -> to.
std::string WrBecause(const KafkaHistory& h, const std::vector<int32_t>& op_of, int from, int to) {
  const KOp& w = h.ops[static_cast<size_t>(op_of[static_cast<size_t>(from)])];
  const KOp& r = h.ops[static_cast<size_t>(op_of[static_cast<size_t>(to)])];
  for (const Send& s : w.sends) {
    for (const Poll& p : r.polls) {
      if (p.key != s.key) continue;
      for (const auto& [o, m] : p.pairs) {
        if (m == s.msg) {
          return absl::StrCat("T1 sent ", MsgValue(h, m).ToEdn(), " to ",
                              KeyValue(h, s.key).ToEdn(), ", which T2 polled");
        }
      }
    }
  }
  return "T1 sent a message T2 polled";
}

}  // namespace

void FindCycles(const KafkaHistory& h, ErrorSet& out) {
  std::vector<int> node_of(h.ops.size(), -1);
  std::vector<int32_t> op_of;
  for (size_t i = 0; i < h.ops.size(); ++i) {
    if (!InGraph(h.ops[i])) continue;
    node_of[i] = static_cast<int>(op_of.size());
    op_of.push_back(static_cast<int32_t>(i));
  }
  elle::Graph g(static_cast<int>(op_of.size()));
  LinkWr(h, node_of, g);
  LinkProcess(h, node_of, g);
  LinkRealtime(h, node_of, g);
  g.Finish();
  elle::CycleSearchOptions options;
  options.first_class_only = true;
  auto found = elle::FindCycles(
      g, elle::CycleSpecsNamed({"G0", "G1c", "G0-process", "G1c-process", "G0-realtime",
                                "G1c-realtime"}),
      options);
  elle::CycleExplainer explainer{
      [&](int n) { return OpValue(h, op_of[static_cast<size_t>(n)]).ToEdn(); },
      [&](int from, int to, elle::Rels rel) -> std::string {
        std::string names = absl::StrCat("op ", h.ops[static_cast<size_t>(op_of[static_cast<size_t>(from)])].pos(),
                                         " -> op ", h.ops[static_cast<size_t>(op_of[static_cast<size_t>(to)])].pos());
        if (rel == elle::kWR) return absl::StrCat(WrBecause(h, op_of, from, to), " (", names, ")");
        if (rel == elle::kProcess) return absl::StrCat("T1 came before T2 in one process (", names, ")");
        return absl::StrCat("T1 completed before T2 was invoked (", names, ")");
      }};
  for (const elle::Cycle& c : found.cycles) {
    std::vector<std::string> lines = elle::ExplainCycle(c, explainer);
    std::vector<Value> steps;
    std::vector<Value> ops;
    for (size_t i = 0; i < c.nodes.size(); ++i) {
      ops.push_back(OpValue(h, op_of[static_cast<size_t>(c.nodes[i])]));
      steps.push_back(Value::Keyword(elle::RelName(c.rels[i])));
    }
    std::vector<Value> text;
    for (const auto& l : lines) text.push_back(Value::String(l));
    std::vector<std::string> refs;
    for (int n : c.nodes) refs.push_back(OpRef(h, op_of[static_cast<size_t>(n)]));
    out[c.anomaly].push_back({MapBuilder()
                                  .Add("cycle", Value::Vec(std::move(ops)))
                                  .Add("steps", Value::Vec(std::move(steps)))
                                  .Add("explanation", Value::Vec(std::move(text)))
                                  .Build(),
                              absl::StrCat("cycle of ", c.nodes.size(), " ops: ",
                                           absl::StrJoin(refs, " -> "), "; ",
                                           absl::StrJoin(lines, " ")),
                              static_cast<int64_t>(c.nodes.size())});
  }
  if (found.timed_out) {
    out["cycle-search-timeout"].push_back(
        {MapBuilder().Add("components", Value::Int(found.components)).Build(),
         "the cycle search ran out of its step budget", 0});
  }
}

}  // namespace harness::kafka
