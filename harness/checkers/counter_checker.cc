#include "harness/checkers/counter_checker.h"

#include <algorithm>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "harness/checkers/checker_util.h"

namespace harness {
namespace {

constexpr size_t kMaxAnomalyLines = 32;

// The delta of an add: the completion's value, or the invocation's when the
// completion did not keep it.
const Value& DeltaOf(const History& h, const std::vector<int64_t>& partner, size_t i) {
  if (h[i].value.is_int() || partner[i] < 0) return h[i].value;
  return h[partner[i]].value;
}

std::string IntervalsText(const IntervalSet& a) {
  std::string s = "[";
  for (const auto& [lo, hi] : a.intervals()) {
    absl::StrAppend(&s, s.size() > 1 ? " " : "", "[", lo, " ", hi, "]");
  }
  return s + "]";
}

}  // namespace

bool IntervalSet::UnionShifted(int64_t delta) {
  std::vector<std::pair<int64_t, int64_t>> shifted;
  shifted.reserve(intervals_.size());
  for (const auto& [lo, hi] : intervals_) {
    int64_t a, b;
    if (__builtin_add_overflow(lo, delta, &a) || __builtin_add_overflow(hi, delta, &b)) {
      return false;
    }
    shifted.emplace_back(a, b);
  }
  std::vector<std::pair<int64_t, int64_t>> all;
  all.reserve(intervals_.size() * 2);
  std::merge(intervals_.begin(), intervals_.end(), shifted.begin(), shifted.end(),
             std::back_inserter(all));
  std::vector<std::pair<int64_t, int64_t>> merged;
  for (const auto& iv : all) {
    // hi + 1 cannot overflow the comparison below: widen to 128 bits.
    if (!merged.empty() &&
        static_cast<__int128>(iv.first) <= static_cast<__int128>(merged.back().second) + 1) {
      merged.back().second = std::max(merged.back().second, iv.second);
    } else {
      merged.push_back(iv);
    }
  }
  intervals_ = std::move(merged);
  return true;
}

bool IntervalSet::Contains(int64_t x) const {
  auto it = std::upper_bound(intervals_.begin(), intervals_.end(), std::make_pair(x, INT64_MAX));
  if (it == intervals_.begin()) return false;
  --it;
  return it->first <= x && x <= it->second;
}

CheckResult CheckCounter(const History& h) {
  std::vector<int64_t> partner = PairOps(h);
  int64_t definite = 0;
  int64_t ok_adds = 0;
  std::vector<size_t> info_adds;
  for (size_t i = 0; i < h.size(); ++i) {
    const Op& op = h[i];
    if (!op.is_client() || op.f != "add" || op.type == OpType::kInvoke) continue;
    if (op.type == OpType::kFail) continue;
    const Value& delta = DeltaOf(h, partner, i);
    if (!delta.is_int()) {
      return UnknownResult(absl::StrFormat("add op %d has delta %s, not an integer", op.index,
                                           delta.ToEdn()));
    }
    if (op.type == OpType::kOk) {
      ++ok_adds;
      if (__builtin_add_overflow(definite, delta.as_int(), &definite)) {
        return UnknownResult("sum of ok adds overflows 64 bits");
      }
    } else {
      info_adds.push_back(i);
    }
  }
  IntervalSet acceptable(definite);
  for (size_t i : info_adds) {
    if (!acceptable.UnionShifted(DeltaOf(h, partner, i).as_int())) {
      return UnknownResult("acceptable counter values overflow 64 bits");
    }
    if (acceptable.intervals().size() > kMaxCounterIntervals) {
      return UnknownResult("acceptable counter values too fragmented to track");
    }
  }

  CheckResult out;
  std::vector<Value> errors, final_reads;
  for (const Op& op : h) {
    if (!op.is_client() || !op.final || op.type != OpType::kOk) continue;
    if (!op.value.is_int()) {
      return UnknownResult(absl::StrFormat("final read op %d returned %s, not an integer",
                                           op.index, op.value.ToEdn()));
    }
    final_reads.push_back(op.value);
    if (acceptable.Contains(op.value.as_int())) continue;
    errors.push_back(OpToValue(op));
    if (out.anomalies.size() < kMaxAnomalyLines) {
      out.anomalies.push_back(absl::StrFormat(
          "counter: final read op %d (process %d, t=%s) returned %d, outside the acceptable "
          "values %s (%d ok adds summing to %d, %d indefinite adds)",
          op.index, op.process, Seconds(op.time_ns), op.value.as_int(), IntervalsText(acceptable),
          ok_adds, definite, info_adds.size()));
    }
  }
  std::vector<Value> ranges;
  for (const auto& [lo, hi] : acceptable.intervals()) {
    ranges.push_back(Value::Vec({Value::Int(lo), Value::Int(hi)}));
  }
  out.valid = errors.empty() ? Validity::kTrue : Validity::kFalse;
  out.details = MapBuilder()
                    .Add("valid?", ValidityValue(out.valid))
                    .Add("errors", errors.empty() ? Value() : Value::Vec(std::move(errors)))
                    .Add("final-reads", Value::Vec(std::move(final_reads)))
                    .Add("acceptable", Value::Vec(std::move(ranges)))
                    .Build();
  return out;
}

}  // namespace harness
