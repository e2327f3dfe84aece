// SendMeter: how many messages each node sent to other nodes lately.
//
// Counts fall into whole-second buckets of the scheduler's clock, and
// Recent(now) sums the bucket `now` is in and the one before it, so it
// covers the last one to two seconds. The network counts node-to-node sends
// only (not client or service traffic); the nemesis's :primaries target
// reads it to guess the node a leader-based protocol depends on
// (nemesis/targets.h). Not thread-safe.
#ifndef HARNESS_NET_SEND_METER_H_
#define HARNESS_NET_SEND_METER_H_

#include <cstdint>
#include <map>
#include <string>

namespace harness {

class SendMeter {
 public:
  static constexpr int64_t kBucketNs = 1'000'000'000;

  void Count(const std::string& src, int64_t now_ns) {
    int64_t bucket = now_ns / kBucketNs;
    if (bucket != bucket_) {
      previous_ = bucket == bucket_ + 1 ? std::move(current_) : std::map<std::string, int64_t>{};
      current_.clear();
      bucket_ = bucket;
    }
    ++current_[src];
  }

  // Sends per node in the current and the previous second; nodes that sent
  // nothing are absent.
  std::map<std::string, int64_t> Recent(int64_t now_ns) const {
    int64_t bucket = now_ns / kBucketNs;
    std::map<std::string, int64_t> sum;
    if (bucket == bucket_) {
      sum = previous_;
      for (const auto& [node, n] : current_) sum[node] += n;
    } else if (bucket == bucket_ + 1) {
      sum = current_;
    }
    return sum;
  }

 private:
  int64_t bucket_ = -2;  // no bucket yet (never adjacent to bucket 0)
  std::map<std::string, int64_t> current_, previous_;
};

}  // namespace harness

#endif  // HARNESS_NET_SEND_METER_H_
