// Proves the parts both time plots share: nemesis periods pair each fault
// kind's start with its stop (an unstopped one runs to the end; client ops
// named like nemesis steps are ignored), and time ticks fall on 1, 2 or 5 x
// 10^k s, 4 to 9 of them.
#include "harness/store/plot_parts.h"

#include <catch2/catch.hpp>

namespace harness {
namespace {

Op MakeOp(int64_t process, const std::string& f, int64_t ms) {
  Op op;
  op.process = process;
  op.type = OpType::kInfo;
  op.f = f;
  op.time_ns = ms * 1'000'000;
  return op;
}

TEST_CASE("plot parts: nemesis bands") {
  History h = {
      MakeOp(kNemesisProcess, "start-partition", 100),
      MakeOp(kNemesisProcess, "start-partition", 101),
      MakeOp(kNemesisProcess, "pause", 200),
      MakeOp(0, "stop-partition", 250),
      MakeOp(kNemesisProcess, "stop-partition", 300),
      MakeOp(kNemesisProcess, "start-partition", 400),
      MakeOp(0, "read", 900),
  };
  std::vector<NemesisBand> bands = NemesisBands(h);
  REQUIRE(bands.size() == 3);
  CHECK((bands[0].kind == 0 && bands[0].from_s == 0.1 && bands[0].to_s == 0.3));
  CHECK((bands[1].kind == 0 && bands[1].from_s == 0.4 && bands[1].to_s == 0.9));
  CHECK((bands[2].kind == 2 && bands[2].from_s == 0.2 && bands[2].to_s == 0.9));
  CHECK(HistoryEndSeconds(h) == 0.9);
  CHECK(HistoryEndSeconds({}) == 0);
}

TEST_CASE("plot parts: time ticks") {
  struct Case {
    double span_s;
    std::string labels;
  };
  for (const Case& c :
       {Case{0.3, "0 0.1 0.2 0.3"}, Case{1.96, "0 0.5 1 1.5"}, Case{10, "0 2 4 6 8 10"},
        Case{60, "0 10 20 30 40 50 60"}, Case{3600, "0 500 1000 1500 2000 2500 3000 3500"}}) {
    std::string svg;
    AppendTimeTicks(
        c.span_s, [](double t) { return t; }, 0, &svg);
    std::string labels;
    for (size_t p = svg.find("\">"); p != std::string::npos; p = svg.find("\">", p + 1)) {
      size_t end = svg.find('<', p);
      labels += (labels.empty() ? "" : " ") + svg.substr(p + 2, end - p - 2);
    }
    INFO(c.span_s);
    CHECK(labels == c.labels);
  }
}

}  // namespace
}  // namespace harness
