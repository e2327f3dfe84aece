#include "harness/store/latency_svg.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace harness {

namespace {

constexpr double kWidth = 900, kHeight = 420;
constexpr double kLeft = 60, kRight = 130, kTop = 20, kBottom = 40;

struct Kind {
  const char* name;
  const char* start_f;
  const char* stop_f;
  const char* colour;
};
constexpr Kind kKinds[] = {
    {"partition", "start-partition", "stop-partition", "#9ecae1"},
    {"kill", "kill", "start", "#fcbba1"},
    {"pause", "pause", "resume", "#dadaeb"},
    {"clock", "skew-clock", "reset-clock", "#fdd0a2"},
};

struct Dot {
  double t_s;
  double latency_ms;
  OpType type;
};

struct Band {
  size_t kind;
  double from_s, to_s;
};

}  // namespace

std::string LatencyRawSvg(const History& history) {
  std::vector<Dot> dots;
  std::vector<Band> bands;
  std::map<int64_t, const Op*> open;  // process -> its invocation
  std::vector<std::optional<double>> active(std::size(kKinds));
  double end_s = 0;
  for (const Op& op : history) {
    double t = static_cast<double>(op.time_ns) / 1e9;
    end_s = std::max(end_s, t);
    if (!op.is_client()) {
      // Each nemesis step is an invocation and a completion; the first marks the time.
      for (size_t k = 0; k < std::size(kKinds); ++k) {
        if (op.f == kKinds[k].start_f && !active[k]) active[k] = t;
        if (op.f == kKinds[k].stop_f && active[k]) {
          bands.push_back({k, *active[k], t});
          active[k].reset();
        }
      }
      continue;
    }
    if (op.type == OpType::kInvoke) {
      open[op.process] = &op;
      continue;
    }
    auto it = open.find(op.process);
    if (it == open.end()) continue;
    double start = static_cast<double>(it->second->time_ns) / 1e9;
    dots.push_back({start, std::max(0.001, (t - start) * 1e3), op.type});
    open.erase(it);
  }
  for (size_t k = 0; k < std::size(kKinds); ++k) {
    if (active[k]) bands.push_back({k, *active[k], end_s});
  }
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
  for (const Band& b : bands) {
    absl::StrAppendFormat(&svg,
                          "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\" "
                          "fill-opacity=\"0.5\"><title>%s %.3f-%.3f s</title></rect>\n",
                          x(b.from_s), kTop, std::max(1.0, x(b.to_s) - x(b.from_s)), plot_h,
                          kKinds[b.kind].colour, kKinds[b.kind].name, b.from_s, b.to_s);
  }
  for (double e = lo; e <= hi; ++e) {
    double ms = std::pow(10.0, e);
    absl::StrAppendFormat(&svg,
                          "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                          "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%g</text>\n",
                          kLeft, kLeft + plot_w, y(ms), y(ms), kLeft - 4, y(ms) + 4, ms);
  }
  for (int s = 0; s <= static_cast<int>(span_s); s += std::max(1, static_cast<int>(span_s) / 10)) {
    absl::StrAppendFormat(&svg, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%d</text>\n",
                          x(s), kTop + plot_h + 14, s);
  }
  absl::StrAppendFormat(&svg,
                        "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">time (s)</text>\n"
                        "<text x=\"14\" y=\"%.1f\" transform=\"rotate(-90 14 %.1f)\" "
                        "text-anchor=\"middle\">latency (ms)</text>\n",
                        kLeft + plot_w / 2, kHeight - 6, kTop + plot_h / 2, kTop + plot_h / 2);
  for (const Dot& d : dots) {
    const char* colour = d.type == OpType::kOk ? "#31a354" : d.type == OpType::kInfo ? "#fd8d3c"
                                                                                      : "#de2d26";
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
  legend("#31a354", "ok", false);
  legend("#fd8d3c", "info", false);
  legend("#de2d26", "fail", false);
  for (const Kind& k : kKinds) legend(k.colour, k.name, true);
  svg += "</svg>\n";
  return svg;
}

}  // namespace harness
