#include "harness/store/latency_svg.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "harness/store/plot_parts.h"

namespace harness {

namespace {

constexpr double kWidth = 900, kHeight = 420;
constexpr double kLeft = 60, kRight = 130, kTop = 20, kBottom = 40;

struct Dot {
  double t_s;
  double latency_ms;
  OpType type;
};

}  // namespace

std::string LatencyRawSvg(const History& history) {
  std::vector<Dot> dots;
  std::map<int64_t, const Op*> open;  // process -> its invocation
  for (const Op& op : history) {
    if (!op.is_client()) continue;
    if (op.type == OpType::kInvoke) {
      open[op.process] = &op;
      continue;
    }
    auto it = open.find(op.process);
    if (it == open.end()) continue;
    double start = static_cast<double>(it->second->time_ns) / 1e9;
    double t = static_cast<double>(op.time_ns) / 1e9;
    dots.push_back({start, std::max(0.001, (t - start) * 1e3), op.type});
    open.erase(it);
  }
  const double end_s = HistoryEndSeconds(history);
  double max_ms = 1;
  for (const Dot& d : dots) max_ms = std::max(max_ms, d.latency_ms);
  double lo = -1;  // log10 of 0.1 ms
  double hi = std::ceil(std::log10(max_ms));
  double span_s = std::max(end_s, 1.0);
  double plot_w = kWidth - kLeft - kRight, plot_h = kHeight - kTop - kBottom;
  auto x = [&](double t) { return kLeft + t / span_s * plot_w; };
  auto y = [&](double ms) {
    double l = std::clamp(std::log10(ms), lo, hi);
    return kTop + (hi - l) / (hi - lo) * plot_h;
  };
  std::string svg = absl::StrFormat(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" "
      "font-family=\"sans-serif\" font-size=\"11\">\n<rect width=\"100%%\" height=\"100%%\" "
      "fill=\"white\"/>\n",
      kWidth, kHeight);
  AppendBandRects(NemesisBands(history), x, kTop, plot_h, &svg);
  for (double e = lo; e <= hi; ++e) {
    double ms = std::pow(10.0, e);
    absl::StrAppendFormat(&svg,
                          "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                          "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%g</text>\n",
                          kLeft, kLeft + plot_w, y(ms), y(ms), kLeft - 4, y(ms) + 4, ms);
  }
  AppendTimeTicks(span_s, x, kTop + plot_h + 14, &svg);
  absl::StrAppendFormat(&svg,
                        "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">time (s)</text>\n"
                        "<text x=\"14\" y=\"%.1f\" transform=\"rotate(-90 14 %.1f)\" "
                        "text-anchor=\"middle\">latency (ms)</text>\n",
                        kLeft + plot_w / 2, kHeight - 6, kTop + plot_h / 2, kTop + plot_h / 2);
  for (const Dot& d : dots) {
    const char* colour = OutcomeColour(d.type);
    absl::StrAppendFormat(&svg, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"1.6\" fill=\"%s\"/>\n",
                          x(d.t_s), y(d.latency_ms), colour);
  }
  double ly = kTop + 10;
  auto legend = [&](const char* colour, const std::string& label, bool band) {
    if (band) {
      absl::StrAppendFormat(&svg, "<rect x=\"%.1f\" y=\"%.1f\" width=\"12\" height=\"10\" "
                                  "fill=\"%s\" fill-opacity=\"0.5\"/>",
                            kWidth - kRight + 10, ly - 9, colour);
    } else {
      absl::StrAppendFormat(&svg, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"%s\"/>",
                            kWidth - kRight + 16, ly - 4, colour);
    }
    absl::StrAppendFormat(&svg, "<text x=\"%.1f\" y=\"%.1f\">%s</text>\n", kWidth - kRight + 28,
                          ly, label);
    ly += 16;
  };
  legend(OutcomeColour(OpType::kOk), "ok", false);
  legend(OutcomeColour(OpType::kInfo), "info", false);
  legend(OutcomeColour(OpType::kFail), "fail", false);
  for (const NemesisKind& k : kNemesisKinds) legend(k.colour, k.name, true);
  svg += "</svg>\n";
  return svg;
}

}  // namespace harness
