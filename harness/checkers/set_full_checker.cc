// The set-full analysis in two passes. The first scans the history in order,
// as Jepsen's reduce does, recording for every element when it became known
// and which ok reads contained it. The second finds each element's last
// absent read without visiting every (element, read) pair: walking the reads
// by descending invocation alongside the element's own present reads, the
// first read not in that list is the last absent one, so the walk costs the
// number of reads that contained the element.
#include "harness/checkers/set_full_checker.h"

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "harness/checkers/checker_util.h"

namespace harness {
namespace {

constexpr size_t kMaxAnomalyLines = 32;
constexpr size_t kWorstStale = 8;

struct OkRead {
  int64_t inv_pos;
  int64_t comp_pos;
};

struct Element {
  Value value;
  int64_t add_invoke_pos = -1;
  int64_t known_pos = -1;
  std::vector<int32_t> present;     // ok reads (ids) containing it
  std::vector<int64_t> concurrent;  // inv positions of ok reads open at the add
};

enum class Outcome { kStable, kLost, kNeverRead };

struct ElementResult {
  const Element* element;
  Outcome outcome;
  int64_t last_present_pos = -1;  // invocation positions, -1 for none
  int64_t last_absent_pos = -1;
  std::optional<int64_t> stable_latency_ms;
  std::optional<int64_t> lost_latency_ms;
};

struct Scan {
  std::vector<Element> elements;
  std::vector<OkRead> reads;
  std::optional<std::string> error;
};

bool IsOkReadInvocation(const History& h, const std::vector<int64_t>& partner, size_t i) {
  const Op& op = h[i];
  return op.is_client() && op.type == OpType::kInvoke && op.f == "read" && partner[i] >= 0 &&
         h[partner[i]].type == OpType::kOk;
}

Scan ScanHistory(const History& h, std::string_view add_f) {
  std::vector<int64_t> partner = PairOps(h);
  Scan scan;
  absl::flat_hash_map<Value, int32_t, ValueHash> element_of;
  absl::flat_hash_map<int64_t, int64_t> open_reads;  // process -> inv position
  for (size_t i = 0; i < h.size(); ++i) {
    const Op& op = h[i];
    if (!op.is_client()) continue;
    const int64_t pos = static_cast<int64_t>(i);
    if (op.f == add_f && op.type == OpType::kInvoke) {
      auto [it, inserted] = element_of.try_emplace(op.value, scan.elements.size());
      if (inserted) scan.elements.emplace_back();
      // Jepsen replaces an element's state when its value is added again.
      Element& e = scan.elements[it->second];
      e = Element{};
      e.value = op.value;
      e.add_invoke_pos = pos;
      for (const auto& [process, inv] : open_reads) e.concurrent.push_back(inv);
      std::sort(e.concurrent.rbegin(), e.concurrent.rend());
    } else if (op.f == add_f && op.type == OpType::kOk) {
      const Value& v = !op.value.is_nil() || partner[i] < 0 ? op.value : h[partner[i]].value;
      auto it = element_of.find(v);
      if (it != element_of.end() && scan.elements[it->second].known_pos < 0) {
        scan.elements[it->second].known_pos = pos;
      }
    } else if (op.f == "read" && op.type == OpType::kInvoke) {
      if (IsOkReadInvocation(h, partner, i)) open_reads[op.process] = pos;
    } else if (op.f == "read" && op.type == OpType::kOk && partner[i] >= 0) {
      open_reads.erase(op.process);
      if (!op.value.is_sequence()) {
        if (!scan.error) {
          scan.error = absl::StrCat("read op ", op.index, " returned ", op.value.ToEdn(),
                                    ", not a collection of elements");
        }
        continue;
      }
      const int32_t read_id = static_cast<int32_t>(scan.reads.size());
      scan.reads.push_back({partner[i], pos});
      for (const Value& item : op.value.items()) {
        auto it = element_of.find(item);
        if (it == element_of.end()) continue;  // never added: ignored, as in Jepsen
        Element& e = scan.elements[it->second];
        if (!e.present.empty() && e.present.back() == read_id) continue;  // duplicate item
        e.present.push_back(read_id);
        if (e.known_pos < 0) e.known_pos = pos;
      }
    }
  }
  return scan;
}

ElementResult Judge(const History& h, const Element& e, const std::vector<OkRead>& reads,
                    const std::vector<int32_t>& by_inv_desc) {
  ElementResult r{&e, Outcome::kNeverRead, -1, -1, std::nullopt, std::nullopt};
  std::vector<int64_t> present_inv;
  present_inv.reserve(e.present.size());
  for (int32_t id : e.present) present_inv.push_back(reads[id].inv_pos);
  std::sort(present_inv.rbegin(), present_inv.rend());
  if (!present_inv.empty()) r.last_present_pos = present_inv.front();

  size_t p = 0;
  for (int32_t id : by_inv_desc) {
    const int64_t inv = reads[id].inv_pos;
    if (inv < e.add_invoke_pos) break;
    if (p < present_inv.size() && present_inv[p] == inv) { ++p; continue; }
    r.last_absent_pos = inv;
    break;
  }
  if (r.last_absent_pos < 0) {
    // Reads invoked before the add but completed after it also count.
    for (int64_t inv : e.concurrent) {
      if (!std::binary_search(present_inv.begin(), present_inv.end(), inv, std::greater<>())) {
        r.last_absent_pos = inv;
        break;
      }
    }
  }

  const bool stable = r.last_present_pos >= 0 && r.last_absent_pos < r.last_present_pos;
  const bool lost = e.known_pos >= 0 && r.last_absent_pos >= 0 &&
                    r.last_present_pos < r.last_absent_pos && e.known_pos < r.last_absent_pos;
  const int64_t known_ns = e.known_pos >= 0 ? h[e.known_pos].time_ns : 0;
  auto latency_ms = [&](int64_t last_pos) {
    const int64_t since_ns = last_pos >= 0 ? h[last_pos].time_ns + 1 : 0;
    return std::max<int64_t>(0, since_ns - known_ns) / 1000000;
  };
  if (stable) {
    r.outcome = Outcome::kStable;
    r.stable_latency_ms = latency_ms(r.last_absent_pos);
  } else if (lost) {
    r.outcome = Outcome::kLost;
    r.lost_latency_ms = latency_ms(r.last_present_pos);
  }
  return r;
}

std::string KnownText(const History& h, const Element& e, std::string_view add_f) {
  const Op& k = h[e.known_pos];
  if (k.f == add_f) {
    return absl::StrFormat("acknowledged at op %d (t=%s)", k.index, Seconds(k.time_ns));
  }
  return absl::StrFormat("first read by op %d (t=%s)", k.index, Seconds(k.time_ns));
}

std::string LostLine(const History& h, const ElementResult& r, std::string_view add_f) {
  const Op& absent = h[r.last_absent_pos];
  std::string line = absl::StrFormat(
      "lost: element %s %s, absent from read op %d invoked at t=%s; no read invoked later "
      "contains it",
      r.element->value.ToEdn(), KnownText(h, *r.element, add_f), absent.index,
      Seconds(absent.time_ns));
  if (r.last_present_pos >= 0) {
    const Op& seen = h[r.last_present_pos];
    absl::StrAppend(&line, absl::StrFormat(" (last contained in read op %d invoked at t=%s)",
                                           seen.index, Seconds(seen.time_ns)));
  }
  return line;
}

Value WorstStaleEntry(const History& h, const ElementResult& r) {
  return MapBuilder()
      .Add("element", r.element->value)
      .Add("outcome", Kw("stable"))
      .Add("stable-latency", Value::Int(*r.stable_latency_ms))
      .Add("lost-latency", Value())
      .Add("known", OpToValue(h[r.element->known_pos]))
      .Add("last-absent", r.last_absent_pos >= 0 ? OpToValue(h[r.last_absent_pos]) : Value())
      .Build();
}

}  // namespace

CheckResult CheckSetFull(const History& h, std::string_view add_f) {
  Scan scan = ScanHistory(h, add_f);
  if (scan.error) return UnknownResult(*scan.error);

  std::vector<int32_t> by_inv_desc(scan.reads.size());
  for (size_t i = 0; i < by_inv_desc.size(); ++i) by_inv_desc[i] = static_cast<int32_t>(i);
  std::sort(by_inv_desc.begin(), by_inv_desc.end(), [&](int32_t a, int32_t b) {
    return scan.reads[a].inv_pos > scan.reads[b].inv_pos;
  });
  // Elements in value order, as Jepsen sorts its element map.
  std::vector<const Element*> sorted;
  sorted.reserve(scan.elements.size());
  for (const Element& e : scan.elements) sorted.push_back(&e);
  std::sort(sorted.begin(), sorted.end(),
            [](const Element* a, const Element* b) { return a->value < b->value; });

  std::vector<ElementResult> results;
  results.reserve(sorted.size());
  for (const Element* e : sorted) results.push_back(Judge(h, *e, scan.reads, by_inv_desc));

  std::vector<Value> lost, never_read, stale;
  std::vector<const ElementResult*> stale_results;
  std::vector<int64_t> stable_latencies, lost_latencies;
  size_t stable_count = 0;
  CheckResult out;
  for (const ElementResult& r : results) {
    switch (r.outcome) {
      case Outcome::kStable:
        ++stable_count;
        stable_latencies.push_back(*r.stable_latency_ms);
        if (*r.stable_latency_ms > 0) {
          stale.push_back(r.element->value);
          stale_results.push_back(&r);
        }
        break;
      case Outcome::kLost:
        lost.push_back(r.element->value);
        lost_latencies.push_back(*r.lost_latency_ms);
        if (out.anomalies.size() < kMaxAnomalyLines) out.anomalies.push_back(LostLine(h, r, add_f));
        break;
      case Outcome::kNeverRead: never_read.push_back(r.element->value); break;
    }
  }
  if (lost.size() > kMaxAnomalyLines) {
    out.anomalies.push_back(
        absl::StrCat("lost: ", lost.size() - kMaxAnomalyLines, " more lost elements not listed"));
  }
  // Largest stale latency first; among equals the larger element first, as
  // Jepsen's (reverse (sort-by latency)) leaves them.
  std::stable_sort(stale_results.begin(), stale_results.end(),
                   [](const ElementResult* a, const ElementResult* b) {
                     return *a->stable_latency_ms < *b->stable_latency_ms;
                   });
  std::reverse(stale_results.begin(), stale_results.end());
  std::vector<Value> worst_stale;
  for (size_t i = 0; i < stale_results.size() && i < kWorstStale; ++i) {
    worst_stale.push_back(WorstStaleEntry(h, *stale_results[i]));
  }

  if (!lost.empty()) {
    out.valid = Validity::kFalse;
  } else if (stable_count == 0) {
    out.valid = Validity::kUnknown;
    out.anomalies.push_back(absl::StrFormat(
        "unknown: no element is stable (%d attempted, %d never read): no ok read saw any "
        "element", results.size(), never_read.size()));
  }
  MapBuilder b;
  b.Add("valid?", ValidityValue(out.valid))
      .Add("attempt-count", Value::Int(static_cast<int64_t>(results.size())))
      .Add("stable-count", Value::Int(static_cast<int64_t>(stable_count)))
      .Add("lost-count", Value::Int(static_cast<int64_t>(lost.size())))
      .Add("lost", Value::Vec(std::move(lost)))
      .Add("never-read-count", Value::Int(static_cast<int64_t>(never_read.size())))
      .Add("never-read", Value::Vec(std::move(never_read)))
      .Add("stale-count", Value::Int(static_cast<int64_t>(stale.size())))
      .Add("stale", Value::Vec(std::move(stale)))
      .Add("worst-stale", Value::Vec(std::move(worst_stale)));
  if (!stable_latencies.empty()) b.Add("stable-latencies", Quantiles(std::move(stable_latencies)));
  if (!lost_latencies.empty()) b.Add("lost-latencies", Quantiles(std::move(lost_latencies)));
  // Jepsen's duplicate detection never fires in this version; kept for the
  // result's shape.
  b.Add("duplicated-count", Value::Int(0)).Add("duplicated", Value::Map({}));
  out.details = b.Build();
  return out;
}

}  // namespace harness
