#include "harness/checkers/kafka_checker.h"

#include <algorithm>
#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "harness/checkers/checker_util.h"
#include "harness/checkers/kafka_cases.h"
#include "harness/checkers/kafka_history.h"

namespace harness {
namespace {

using kafka::ErrorSet;
using kafka::KafkaError;

const std::set<std::string>& AllowedErrorTypes() {
  static const std::set<std::string> allowed = {"int-send-skip",     "G0", "G0-process",
                                                "G0-realtime",       "PL-1-cycle-exists",
                                                "strong-PL-1-cycle-exists"};
  return allowed;
}

// Jepsen's condense-error: which errors a type keeps, and in what order.
void Condense(const std::string& type, std::vector<KafkaError>& errs) {
  auto by_key = [](const KafkaError& a, const KafkaError& b) { return a.sort_key < b.sort_key; };
  std::stable_sort(errs.begin(), errs.end(), by_key);
  size_t keep = 32;
  bool from_end = false;
  if (type == "int-poll-skip" || type == "poll-skip" || type == "int-send-skip") {
    keep = 8;
    from_end = true;  // the largest skips
  } else if (type == "int-nonmonotonic-poll" || type == "nonmonotonic-poll" ||
             type == "nonmonotonic-send" || type.starts_with("G0") || type.starts_with("G1c")) {
    keep = 8;
  }
  if (errs.size() <= keep) return;
  if (from_end) errs.erase(errs.begin(), errs.end() - static_cast<long>(keep));
  else errs.resize(keep);
}

Value UnseenValue(const kafka::Unseen& u) {
  std::vector<std::pair<Value, Value>> counts, messages;
  for (const auto& [k, msgs] : u.final_messages) {
    counts.emplace_back(Value::String(k), Value::Int(static_cast<int64_t>(msgs.size())));
    std::vector<Value> first(msgs.begin(), msgs.begin() + std::min<size_t>(32, msgs.size()));
    messages.emplace_back(Value::String(k), Value::Vec(std::move(first)));
  }
  MapBuilder b;
  if (!u.series.empty()) b.Add("time", Value::Int(u.series.back().time_ns));
  return b.Add("unseen", Value::Map(std::move(counts)))
      .Add("messages", Value::Map(std::move(messages)))
      .Build();
}

Value InfoCauses(const History& history) {
  std::set<Value> causes;
  for (const Op& op : history) {
    if (op.type != OpType::kInfo || !op.is_client()) continue;
    if (op.f != "send" && op.f != "poll" && op.f != "txn") continue;
    causes.insert(op.error.value_or(Value()));
  }
  return Value::Vec(std::vector<Value>(causes.begin(), causes.end()));
}

}  // namespace

CheckResult CheckKafka(const History& history) {
  kafka::KafkaHistory h = kafka::ReadKafkaHistory(history);
  ErrorSet errors;
  kafka::FindOffsetErrors(h, errors);
  kafka::FindLostWrites(h, errors);
  kafka::FindAbortedAndUnknownReads(h, errors);
  kafka::FindInternalPollErrors(h, errors);
  kafka::FindProcessPollErrors(h, errors);
  kafka::FindNonmonotonicSends(h, errors);
  kafka::FindCycles(h, errors);
  kafka::Unseen unseen = kafka::ComputeUnseen(h);

  CheckResult r;
  std::vector<Value> bad, types;
  bool unknown_only = true;
  const bool has_unseen = !unseen.final_messages.empty();
  std::set<std::string> names;
  for (const auto& [type, errs] : errors) names.insert(type);
  if (has_unseen) names.insert("unseen");
  for (const std::string& type : names) {
    types.push_back(Value::Keyword(type));
    if (AllowedErrorTypes().contains(type)) continue;
    bad.push_back(Value::Keyword(type));
    if (type != "cycle-search-timeout") unknown_only = false;
  }
  r.valid = bad.empty() ? Validity::kTrue : unknown_only ? Validity::kUnknown : Validity::kFalse;

  int64_t messages = 0;
  for (const auto& ks : h.by_key) messages += static_cast<int64_t>(ks.writer.size());
  MapBuilder b;
  b.Add("valid?", ValidityValue(r.valid))
      .Add("bad-error-types", Value::Vec(bad))
      .Add("error-types", Value::Vec(types))
      .Add("info-txn-causes", InfoCauses(history))
      .Add("key-count", Value::Int(static_cast<int64_t>(h.keys.size())))
      .Add("message-count", Value::Int(messages));
  for (const std::string& type : names) {
    if (type == "unseen") {
      b.Add("unseen", UnseenValue(unseen));
      const auto& last = unseen.series.back();
      r.anomalies.push_back(absl::StrCat("unseen: ", last.unseen,
                                         " acknowledged messages were never polled, e.g. ",
                                         UnseenValue(unseen).FindKeyword("messages")->ToEdn()));
      continue;
    }
    std::vector<KafkaError>& errs = errors[type];
    const int64_t count = static_cast<int64_t>(errs.size());
    Condense(type, errs);
    std::vector<Value> kept;
    for (KafkaError& e : errs) {
      kept.push_back(std::move(e.details));
      if (!AllowedErrorTypes().contains(type)) r.anomalies.push_back(absl::StrCat(type, ": ", e.line));
    }
    if (count > static_cast<int64_t>(errs.size()) && !AllowedErrorTypes().contains(type)) {
      r.anomalies.push_back(absl::StrCat(type, ": ... ", count - static_cast<int64_t>(errs.size()),
                                         " more in results.edn's count"));
    }
    b.Add(type, MapBuilder().Add("count", Value::Int(count)).Add("errs", Value::Vec(std::move(kept))).Build());
  }
  r.details = b.Build();
  return r;
}

bool IsKafkaHistory(const History& history) {
  for (const Op& op : history) {
    if (op.is_client() && (op.f == "send" || op.f == "poll")) return true;
  }
  return false;
}

std::vector<KafkaUnseenPoint> KafkaUnseenSeries(const History& history) {
  kafka::KafkaHistory h = kafka::ReadKafkaHistory(history);
  std::vector<KafkaUnseenPoint> out;
  for (const auto& p : kafka::ComputeUnseen(h).series) out.push_back({p.time_ns, p.unseen});
  return out;
}

Value KafkaConsumeCounts(const History& history) {
  kafka::KafkaHistory h = kafka::ReadKafkaHistory(history);
  std::vector<absl::flat_hash_map<kafka::MsgId, int64_t>> counts(h.keys.size());
  for (const kafka::KOp& op : h.ops) {
    if (op.type != OpType::kOk) continue;
    for (const kafka::Poll& p : op.polls) {
      for (const auto& [o, m] : p.pairs) ++counts[static_cast<size_t>(p.key)][m];
    }
  }
  std::map<int64_t, int64_t> distribution;
  std::vector<size_t> order(h.keys.size());
  for (size_t k = 0; k < order.size(); ++k) order[k] = k;
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return h.keys[a] < h.keys[b]; });
  std::vector<std::pair<Value, Value>> keys;
  for (size_t k : order) {
    int64_t consumed = 0, max_times = 0;
    for (const auto& [m, c] : counts[k]) {
      ++distribution[c];
      consumed += c;
      max_times = std::max(max_times, c);
    }
    keys.emplace_back(Value::String(h.keys[k]),
                      MapBuilder()
                          .Add("messages", Value::Int(static_cast<int64_t>(counts[k].size())))
                          .Add("consumed", Value::Int(consumed))
                          .Add("max-times", Value::Int(max_times))
                          .Build());
  }
  std::vector<std::pair<Value, Value>> dist;
  for (const auto& [times, n] : distribution) dist.emplace_back(Value::Int(times), Value::Int(n));
  return MapBuilder()
      .Add("distribution", Value::Map(std::move(dist)))
      .Add("keys", Value::Map(std::move(keys)))
      .Build();
}

}  // namespace harness
