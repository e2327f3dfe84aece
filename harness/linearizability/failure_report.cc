#include "harness/linearizability/failure_report.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "harness/linearizability/timeline_svg.h"

namespace harness::lin {
namespace {

constexpr size_t kMaxPrefixInWindow = 8;
constexpr size_t kMaxCandidateLines = 12;

Value Kw(std::string name) { return Value::Keyword(std::move(name)); }

// The op as a reader wants it: the completion when there is one (it carries
// what a read saw), with the invocation's :index as :invoke-index.
Value OpMap(const History& history, const PairedOp& p) {
  const Op& invoke = history[p.invoke];
  const Op& shown = p.completion ? history[*p.completion] : invoke;
  return Value::Map({
      {Kw("process"), Value::Int(invoke.process)},
      {Kw("type"), Kw(p.completion ? std::string(OpTypeName(shown.type)) : "info")},
      {Kw("f"), Kw(invoke.f)},
      {Kw("value"), shown.type == OpType::kOk ? shown.value : invoke.value},
      {Kw("index"), Value::Int(shown.index)},
      {Kw("invoke-index"), Value::Int(invoke.index)},
  });
}

// The value without its key: the report already names the key.
Value Inner(const Value& v, const Value& key) {
  if (!key.is_nil() && v.is_vector() && v.items().size() == 2 && v.items()[0] == key) {
    return v.items()[1];
  }
  return v;
}

std::string Describe(const History& history, const PairedOp& p, const Value& key) {
  const Op& invoke = history[p.invoke];
  const Op& shown = p.completion ? history[*p.completion] : invoke;
  const Value v = Inner(shown.type == OpType::kOk ? shown.value : invoke.value, key);
  std::string end = p.completion
                        ? absl::StrCat(std::string(OpTypeName(shown.type)), " at :index ", shown.index)
                        : std::string("never completed");
  return absl::StrCat(invoke.f, " ", v.ToEdn(), " (process ", invoke.process, ", invoked at :index ",
                      invoke.index, ", ", end, ")");
}

// Model state as a value: the register's value, or the key's string.
class Replayer {
 public:
  Replayer(const ValueTables& tables, ModelKind model) : tables_(tables), model_(model) {}
  void Apply(const SearchOp& op) {
    switch (op.kind) {
      case OpKind::kWrite: reg_ = op.a; break;
      case OpKind::kCas: reg_ = op.b; break;
      case OpKind::kPut: str_ = tables_.strings.Get(op.a); break;
      case OpKind::kAppend: str_ += tables_.strings.Get(op.a); break;
      default: break;
    }
  }
  Value state() const {
    return model_ == ModelKind::kCasRegister ? tables_.RegisterValue(reg_) : Value::String(str_);
  }
  // Why `op` cannot come next, in words, when a single step already fails.
  std::string WhyNot(const SearchOp& op, bool nil_read_passes) const {
    const std::string holds = absl::StrCat(model_ == ModelKind::kCasRegister ? "the register holds "
                                                                             : "the key holds ",
                                           state().ToEdn());
    switch (op.kind) {
      case OpKind::kRead:
        if (op.a == reg_ || (nil_read_passes && op.a == kNil)) break;
        return absl::StrCat("it read ", tables_.RegisterValue(op.a).ToEdn(), " but ", holds);
      case OpKind::kCas:
        if (op.a == reg_) break;
        return absl::StrCat("it expected ", tables_.RegisterValue(op.a).ToEdn(), " but ", holds);
      case OpKind::kGet:
        if (tables_.strings.Get(op.a) == str_) break;
        return absl::StrCat("it read ", Value::String(tables_.strings.Get(op.a)).ToEdn(), " but ",
                            holds);
      default:
        break;
    }
    return "it could go here, but then no order of the remaining ops continues";
  }

 private:
  const ValueTables& tables_;
  ModelKind model_;
  State reg_ = kNil;
  std::string str_;
};

// The real-time refutation in words: the reader, then why each op that
// could have written its value cannot be the last write before it.
void ExplainRefutation(const History& history, const KeyPartition& part,
                       const RealTimeRefutation& r, std::vector<std::string>& out) {
  const std::string key = part.key.ToEdn();
  const auto describe = [&](int32_t id) {
    return Describe(history, part.sources[static_cast<size_t>(id)], part.key);
  };
  if (r.missing_append >= 0) {
    out.push_back(absl::StrCat(
        "key ", key, ": not linearizable (real-time order, decided before the search): ",
        describe(r.reader), " lacks ", describe(r.missing_append),
        ", which completed before the get was invoked, after every put that could come"
        " between them had completed"));
    return;
  }
  if (r.reordered.first >= 0) {
    out.push_back(absl::StrCat(
        "key ", key, ": not linearizable (real-time order, decided before the search): ",
        describe(r.reader), " shows ", describe(r.reordered.first), " before ",
        describe(r.reordered.second), ", which completed before the first was invoked"));
    return;
  }
  if (r.future_op >= 0) {
    out.push_back(absl::StrCat(
        "key ", key, ": not linearizable (real-time order, decided before the search): ",
        describe(r.reader), " shows the string of ", describe(r.future_op),
        ", which was invoked only after the get completed"));
    return;
  }
  out.push_back(absl::StrCat(
      "key ", key, ": not linearizable (real-time order, decided before the search): ",
      describe(r.reader), " cannot see its value: every op that could have written it is ruled"
      " out by real time", r.producers.empty() ? " (no op writes it)" : ":"));
  for (const RealTimeRefutation::Excluded& e : r.producers) {
    const std::string writer = e.producer < 0 ? std::string("the initial nil") : describe(e.producer);
    out.push_back(e.overwriter < 0
                      ? absl::StrCat("key ", key, ":   writer: ", writer,
                                     " was invoked after the reader completed")
                      : absl::StrCat("key ", key, ":   writer: ", writer,
                                     e.producer < 0 ? " is overwritten by " : " completed before ",
                                     describe(e.overwriter),
                                     e.producer < 0 ? ", which" : " was invoked, and that op",
                                     " completed before the reader was invoked"));
  }
}

}  // namespace

FailureReport ExplainFailure(const History& history, const KeyPartition& part,
                             const ValueTables& tables, ModelKind model, bool nil_read_passes,
                             const SearchResult& search) {
  if (search.verdict != Verdict::kNotLinearizable || search.stuck_op < 0 ||
      static_cast<size_t>(search.stuck_op) >= part.ops.size()) {
    std::fprintf(stderr, "ExplainFailure: not a refutation of this partition\n");
    std::abort();
  }
  Replayer replay(tables, model);
  for (int32_t id : search.prefix) replay.Apply(part.ops[static_cast<size_t>(id)]);
  const PairedOp& stuck = part.sources[static_cast<size_t>(search.stuck_op)];

  // The window: the candidates, plus the last prefix ops that overlap them.
  int64_t window_start = part.ops[static_cast<size_t>(search.stuck_op)].call_pos;
  for (int32_t id : search.candidates) {
    window_start = std::min(window_start, part.ops[static_cast<size_t>(id)].call_pos);
  }
  std::vector<int32_t> recent;
  for (auto it = search.prefix.rbegin(); it != search.prefix.rend(); ++it) {
    if (recent.size() >= kMaxPrefixInWindow) break;
    const SearchOp& op = part.ops[static_cast<size_t>(*it)];
    if (!recent.empty() && op.return_pos < window_start) break;
    recent.push_back(*it);
  }
  std::reverse(recent.begin(), recent.end());

  FailureReport report;
  const std::string key = part.key.ToEdn();
  const Value state = replay.state();
  if (search.refutation) {
    ExplainRefutation(history, part, *search.refutation, report.anomalies);
  } else {
  report.anomalies.push_back(absl::StrCat(
      "key ", key, ": not linearizable: after a linearizable prefix of ", search.prefix.size(),
      " of ", part.ops.size(), " ops", recent.empty() ? "" : " (ending with ",
      recent.empty() ? "" : Describe(history, part.sources[static_cast<size_t>(recent.back())], part.key),
      recent.empty() ? "" : ")", ", the ", model == ModelKind::kCasRegister ? "register" : "key",
      " holds ", state.ToEdn(), "; then ", Describe(history, stuck, part.key),
      " must take effect before it completes, but neither it nor any op invoked before then"
      " can take effect next:"));
  for (size_t i = 0; i < search.candidates.size() && i < kMaxCandidateLines; ++i) {
    const int32_t id = search.candidates[i];
    report.anomalies.push_back(absl::StrCat(
        "key ", key, ":   ", id == search.stuck_op ? "stuck: " : "concurrent: ",
        Describe(history, part.sources[static_cast<size_t>(id)], part.key), ": ",
        replay.WhyNot(part.ops[static_cast<size_t>(id)], nil_read_passes)));
  }
  if (search.candidates.size() > kMaxCandidateLines) {
    report.anomalies.push_back(absl::StrCat("key ", key, ":   and ",
                                            search.candidates.size() - kMaxCandidateLines,
                                            " more concurrent ops"));
  }
  }  // search.refutation

  std::vector<Value> concurrent;
  for (int32_t id : search.candidates) {
    if (id != search.stuck_op) concurrent.push_back(OpMap(history, part.sources[static_cast<size_t>(id)]));
  }
  std::vector<Value> window;
  for (int32_t id : recent) window.push_back(Value::Int(history[part.sources[static_cast<size_t>(id)].invoke].index));
  for (int32_t id : search.candidates) window.push_back(Value::Int(history[part.sources[static_cast<size_t>(id)].invoke].index));
  report.linearizable = Value::Map({
      {Kw("valid?"), Value::Bool(false)},
      {Kw("analyzer"), Kw("wgl")},
      {Kw("op"), OpMap(history, stuck)},
      {Kw("previous-ok"), recent.empty() ? Value() : OpMap(history, part.sources[static_cast<size_t>(recent.back())])},
      {Kw("concurrent"), Value::Vec(std::move(concurrent))},
      {Kw("final-state"), state},
      {Kw("linearized-count"), Value::Int(static_cast<int64_t>(search.prefix.size()))},
      {Kw("op-count"), Value::Int(static_cast<int64_t>(part.ops.size()))},
      {Kw("window-invoke-indices"), Value::Vec(std::move(window))},
      {Kw("configs-explored"), Value::Int(search.cache_entries)},
  });
  if (search.refutation) {
    // Decided before the search: :analyzer says so, and the ops that prove it.
    std::vector<std::pair<Value, Value>> fields;
    for (size_t i = 0; i < report.linearizable.map_size(); ++i) {
      fields.emplace_back(report.linearizable.map_key(i), report.linearizable.map_value(i));
    }
    for (auto& [k, v] : fields) {
      if (k == Kw("analyzer")) v = Kw("real-time-order");
    }
    std::vector<Value> proof;
    for (const RealTimeRefutation::Excluded& e : search.refutation->producers) {
      proof.push_back(Value::Map({
          {Kw("writer"), e.producer < 0 ? Kw("initial-nil")
                                        : OpMap(history, part.sources[static_cast<size_t>(e.producer)])},
          {Kw("overwritten-by"), e.overwriter < 0 ? Value()
                                                  : OpMap(history, part.sources[static_cast<size_t>(e.overwriter)])},
      }));
    }
    if (search.refutation->missing_append >= 0) {
      proof.push_back(Value::Map({{Kw("missing-append"),
                                   OpMap(history, part.sources[static_cast<size_t>(
                                                      search.refutation->missing_append)])}}));
    }
    if (search.refutation->future_op >= 0) {
      proof.push_back(Value::Map({{Kw("invoked-after-read"),
                                   OpMap(history, part.sources[static_cast<size_t>(
                                                      search.refutation->future_op)])}}));
    }
    if (search.refutation->reordered.first >= 0) {
      const auto& [first, second] = search.refutation->reordered;
      proof.push_back(Value::Map({
          {Kw("shown-first"), OpMap(history, part.sources[static_cast<size_t>(first)])},
          {Kw("shown-later-but-completed-before"),
           OpMap(history, part.sources[static_cast<size_t>(second)])},
      }));
    }
    fields.emplace_back(Kw("refutation"), Value::Vec(std::move(proof)));
    report.linearizable = Value::Map(std::move(fields));
  }

  TimelineInput picture;
  picture.title = absl::StrCat("key ", key, ": not linearizable. After ", search.prefix.size(),
                               " ops the ", model == ModelKind::kCasRegister ? "register" : "key",
                               " holds ", state.ToEdn(), "; no highlighted op can take effect next.");
  const std::set<int32_t> candidate_set(search.candidates.begin(), search.candidates.end());
  auto add = [&](int32_t id, TimelineBar::Role role) {
    const PairedOp& p = part.sources[static_cast<size_t>(id)];
    const Op& invoke = history[p.invoke];
    TimelineBar bar;
    bar.process = invoke.process;
    bar.start_pos = static_cast<int64_t>(p.invoke);
    bar.end_pos = p.completion && p.outcome != OpType::kInfo ? std::optional<int64_t>(*p.completion)
                                                              : std::nullopt;
    const Op& shown = p.completion ? history[*p.completion] : invoke;
    const Value v = Inner(shown.type == OpType::kOk ? shown.value : invoke.value, part.key);
    bar.label = absl::StrCat(invoke.f, " ", v.ToEdn());
    bar.tooltip = Describe(history, p, part.key);
    bar.role = role;
    picture.bars.push_back(std::move(bar));
  };
  for (int32_t id : recent) add(id, TimelineBar::Role::kLinearized);
  for (int32_t id : candidate_set) {
    add(id, id == search.stuck_op ? TimelineBar::Role::kStuck : TimelineBar::Role::kConcurrent);
  }
  report.svg = RenderTimelineSvg(picture);
  return report;
}

}  // namespace harness::lin
