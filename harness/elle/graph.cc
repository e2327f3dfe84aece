#include "harness/elle/graph.h"

#include <algorithm>

#include "harness/run/check.h"

namespace harness::elle {

std::string RelName(Rels rel) {
  switch (rel) {
    case kWW: return "ww";
    case kWR: return "wr";
    case kRW: return "rw";
    case kProcess: return "process";
    case kRealtime: return "realtime";
    default: return RelsName(rel);
  }
}

std::string RelsName(Rels rels) {
  std::string out;
  for (Rels r : {kWW, kWR, kRW, kProcess, kRealtime}) {
    if ((rels & r) == 0) continue;
    if (!out.empty()) out += "|";
    out += RelName(r);
  }
  return out;
}

Graph::Graph(int node_count) : node_count_(node_count) { HARNESS_CHECK(node_count >= 0); }

void Graph::Link(int from, int to, Rels rels) {
  HARNESS_CHECK(!finished_);
  HARNESS_CHECK(from >= 0 && from < node_count_);
  HARNESS_CHECK(to >= 0 && to < node_count_);
  HARNESS_CHECK(rels != 0);
  if (from == to) return;
  pending_.push_back({from, Edge{to, rels}});
}

void Graph::Finish() {
  HARNESS_CHECK(!finished_);
  finished_ = true;
  std::sort(pending_.begin(), pending_.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first < b.first : a.second.to < b.second.to;
  });
  offsets_.assign(static_cast<size_t>(node_count_) + 1, 0);
  edges_.reserve(pending_.size());
  size_t i = 0;
  for (int n = 0; n < node_count_; ++n) {
    offsets_[static_cast<size_t>(n)] = static_cast<uint32_t>(edges_.size());
    while (i < pending_.size() && pending_[i].first == n) {
      Edge e = pending_[i].second;
      if (!edges_.empty() && edges_.size() > offsets_[static_cast<size_t>(n)] &&
          edges_.back().to == e.to) {
        edges_.back().rels |= e.rels;
      } else {
        edges_.push_back(e);
      }
      ++i;
    }
  }
  offsets_[static_cast<size_t>(node_count_)] = static_cast<uint32_t>(edges_.size());
  pending_.clear();
  pending_.shrink_to_fit();
}

std::span<const Graph::Edge> Graph::Out(int node) const {
  HARNESS_CHECK(finished_);
  HARNESS_CHECK(node >= 0 && node < node_count_);
  const size_t b = offsets_[static_cast<size_t>(node)];
  const size_t e = offsets_[static_cast<size_t>(node) + 1];
  return std::span<const Edge>(edges_.data() + b, e - b);
}

Rels Graph::RelsBetween(int from, int to) const {
  auto out = Out(from);
  auto it = std::lower_bound(out.begin(), out.end(), to,
                             [](const Edge& e, int t) { return e.to < t; });
  return it != out.end() && it->to == to ? it->rels : 0;
}

std::vector<std::vector<int>> StronglyConnectedComponents(const Graph& g) {
  HARNESS_CHECK(g.finished());
  const int n = g.node_count();
  std::vector<int> index(static_cast<size_t>(n), -1), low(static_cast<size_t>(n), 0);
  std::vector<bool> on_stack(static_cast<size_t>(n), false);
  std::vector<int> stack;
  // (node, position in its out-edges) frames replace recursion.
  std::vector<std::pair<int, size_t>> frames;
  std::vector<std::vector<int>> out;
  int next = 0;
  for (int root = 0; root < n; ++root) {
    if (index[static_cast<size_t>(root)] != -1) continue;
    frames.push_back({root, 0});
    while (!frames.empty()) {
      auto& [v, pos] = frames.back();
      const size_t vi = static_cast<size_t>(v);
      if (pos == 0 && index[vi] == -1) {
        index[vi] = low[vi] = next++;
        stack.push_back(v);
        on_stack[vi] = true;
      }
      auto edges = g.Out(v);
      if (pos < edges.size()) {
        const int w = edges[pos++].to;
        const size_t wi = static_cast<size_t>(w);
        if (index[wi] == -1) {
          frames.push_back({w, 0});
        } else if (on_stack[wi]) {
          low[vi] = std::min(low[vi], index[wi]);
        }
        continue;
      }
      if (low[vi] == index[vi]) {
        std::vector<int> component;
        int w;
        do {
          w = stack.back();
          stack.pop_back();
          on_stack[static_cast<size_t>(w)] = false;
          component.push_back(w);
        } while (w != v);
        if (component.size() > 1) {
          std::sort(component.begin(), component.end());
          out.push_back(std::move(component));
        }
      }
      const int done = v;
      frames.pop_back();
      if (!frames.empty()) {
        const size_t parent = static_cast<size_t>(frames.back().first);
        low[parent] = std::min(low[parent], low[static_cast<size_t>(done)]);
      }
    }
  }
  std::sort(out.begin(), out.end(),
            [](const auto& a, const auto& b) { return a.front() < b.front(); });
  return out;
}

}  // namespace harness::elle
