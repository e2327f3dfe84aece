// Proves latency-raw.svg draws one dot per completed client op in its
// outcome's colour, nothing for an op never completed, and one shaded band
// per nemesis period of each kind (an unstopped one runs to the end).
#include "harness/store/latency_svg.h"

#include <catch2/catch.hpp>

namespace harness {
namespace {

Op MakeOp(int64_t process, OpType type, const std::string& f, int64_t ms) {
  Op op;
  op.process = process;
  op.type = type;
  op.f = f;
  op.time_ns = ms * 1'000'000;
  return op;
}

size_t Count(const std::string& s, const std::string& what) {
  size_t n = 0;
  for (size_t p = s.find(what); p != std::string::npos; p = s.find(what, p + 1)) ++n;
  return n;
}

TEST_CASE("dots by outcome, bands by nemesis kind") {
  History h = {
      MakeOp(kNemesisProcess, OpType::kInfo, "kill", 0),
      MakeOp(kNemesisProcess, OpType::kInfo, "kill", 1),
      MakeOp(0, OpType::kInvoke, "read", 10),
      MakeOp(0, OpType::kOk, "read", 15),
      MakeOp(1, OpType::kInvoke, "write", 20),
      MakeOp(1, OpType::kInfo, "write", 1020),
      MakeOp(2, OpType::kInvoke, "cas", 30),
      MakeOp(2, OpType::kFail, "cas", 40),
      MakeOp(3, OpType::kInvoke, "read", 50),  // never completes
      MakeOp(kNemesisProcess, OpType::kInfo, "start", 500),
      MakeOp(kNemesisProcess, OpType::kInfo, "start", 501),
      MakeOp(kNemesisProcess, OpType::kInfo, "skew-clock", 600),
      MakeOp(kNemesisProcess, OpType::kInfo, "skew-clock", 601),
  };
  std::string svg = LatencyRawSvg(h);
  CHECK(Count(svg, "<circle cx=") == 3 + 3);  // three ops plus the legend's three
  CHECK(Count(svg, "fill=\"#31a354\"/>") == 2);
  CHECK(Count(svg, "<title>kill 0.000-0.500 s</title>") == 1);
  CHECK(Count(svg, "<title>clock 0.600-1.020 s</title>") == 1);
  CHECK(Count(svg, "<title>partition") == 0);
}

}  // namespace
}  // namespace harness
