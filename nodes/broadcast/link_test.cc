// Proves the link halves keep the contract in link.h: unacknowledged values
// form one contiguous range that a resend starts from, cumulative acks free
// exactly the acknowledged prefix (old and impossible acks are ignored), and
// the receiving half acknowledges only gap-free prefixes, whatever order
// ranges arrive in.
#include <catch2/catch.hpp>

#include <utility>
#include <vector>

#include "nodes/broadcast/link.h"

namespace broadcast {
namespace {

TEST_CASE("OutLink: new batches, go-back-N resend, cumulative ack") {
  OutLink out;
  for (int64_t v : {10, 11, 12}) out.Enqueue(v);
  CHECK(out.HasUnsent());
  CHECK_FALSE(out.HasUnacked());

  Batch first = out.Take(/*from_base=*/false, 2);
  CHECK(first.first_seq == 0);
  CHECK(first.values == std::vector<int64_t>{10, 11});
  CHECK(out.HasUnsent());
  CHECK(out.HasUnacked());

  Batch second = out.Take(false, 100);
  CHECK(second.first_seq == 2);
  CHECK(second.values == std::vector<int64_t>{12});
  CHECK(out.Take(false, 100).empty());

  Batch resend = out.Take(/*from_base=*/true, 100);
  CHECK(resend.first_seq == 0);
  CHECK(resend.values == std::vector<int64_t>{10, 11, 12});

  CHECK_FALSE(out.Ack(0));  // nothing new
  CHECK_FALSE(out.Ack(4));  // beyond what was sent: not from this link
  CHECK(out.Ack(2));
  CHECK(out.size() == 1);
  CHECK_FALSE(out.Ack(1));  // reordered old ack
  CHECK(out.Take(true, 100).values == std::vector<int64_t>{12});
  CHECK(out.Ack(3));
  CHECK_FALSE(out.HasUnacked());
  CHECK(out.size() == 0);
}

TEST_CASE("InLink: the ack covers only gap-free prefixes, in any arrival order") {
  struct Case {
    const char* what;
    std::vector<std::pair<int64_t, int64_t>> ranges;  // (first seq, count) in arrival order
    int64_t ack;
  };
  std::vector<Case> cases = {
      {"in order", {{0, 2}, {2, 3}}, 5},
      {"gap stays open", {{0, 2}, {3, 1}}, 2},
      {"gap filled later", {{0, 2}, {3, 1}, {2, 1}}, 4},
      {"reversed", {{4, 1}, {3, 1}, {2, 1}, {1, 1}, {0, 1}}, 5},
      {"duplicates and overlaps", {{0, 3}, {0, 3}, {1, 4}, {7, 2}, {6, 2}, {5, 1}}, 9},
      {"empty range", {{0, 0}}, 0},
      {"far ahead then prefix", {{10, 5}, {0, 10}}, 15},
  };
  for (const Case& c : cases) {
    INFO(c.what);
    InLink in;
    for (auto [first, count] : c.ranges) in.Receive(first, count);
    CHECK(in.ack() == c.ack);
  }
}

TEST_CASE("InLink keeps a bounded number of out-of-order ranges and recovers on resend") {
  InLink in;
  // Every other seq from 2 on arrives: each one is its own range past the gap at 0.
  for (int64_t s = 2; s < 2 + 2 * int64_t(InLink::kMaxAheadRanges + 50); s += 2) in.Receive(s, 1);
  CHECK(in.ahead_ranges() == InLink::kMaxAheadRanges);
  CHECK(in.ack() == 0);
  // The sender's go-back-N resend covers everything again.
  in.Receive(0, 2 + 2 * int64_t(InLink::kMaxAheadRanges + 50));
  CHECK(in.ack() == 2 + 2 * int64_t(InLink::kMaxAheadRanges + 50));
  CHECK(in.ahead_ranges() == 0);
}

}  // namespace
}  // namespace broadcast
