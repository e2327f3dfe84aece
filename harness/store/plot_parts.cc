#include "harness/store/plot_parts.h"

#include <algorithm>
#include <iterator>
#include <optional>

#include "absl/strings/str_format.h"

namespace harness {

const char* OutcomeColour(OpType type) {
  switch (type) {
    case OpType::kOk:
      return "#31a354";
    case OpType::kInfo:
      return "#fd8d3c";
    default:
      return "#de2d26";
  }
}

double HistoryEndSeconds(const History& history) {
  double end_s = 0;
  for (const Op& op : history) end_s = std::max(end_s, static_cast<double>(op.time_ns) / 1e9);
  return end_s;
}

std::vector<NemesisBand> NemesisBands(const History& history) {
  std::vector<NemesisBand> bands;
  std::vector<std::optional<double>> active(std::size(kNemesisKinds));
  for (const Op& op : history) {
    if (op.is_client()) continue;
    double t = static_cast<double>(op.time_ns) / 1e9;
    for (size_t k = 0; k < std::size(kNemesisKinds); ++k) {
      if (op.f == kNemesisKinds[k].start_f && !active[k]) active[k] = t;
      if (op.f == kNemesisKinds[k].stop_f && active[k]) {
        bands.push_back({k, *active[k], t});
        active[k].reset();
      }
    }
  }
  double end_s = HistoryEndSeconds(history);
  for (size_t k = 0; k < std::size(kNemesisKinds); ++k) {
    if (active[k]) bands.push_back({k, *active[k], end_s});
  }
  return bands;
}

void AppendBandRects(const std::vector<NemesisBand>& bands, const std::function<double(double)>& x,
                     double top, double height, std::string* svg) {
  for (const NemesisBand& b : bands) {
    absl::StrAppendFormat(svg,
                          "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\" "
                          "fill-opacity=\"0.5\"><title>%s %.3f-%.3f s</title></rect>\n",
                          x(b.from_s), top, std::max(1.0, x(b.to_s) - x(b.from_s)), height,
                          kNemesisKinds[b.kind].colour, kNemesisKinds[b.kind].name, b.from_s,
                          b.to_s);
  }
}

void AppendTimeTicks(double span_s, const std::function<double(double)>& x, double label_y,
                     std::string* svg) {
  // The smallest step of 1, 2 or 5 x 10^k s with at most 8 intervals: 4 to
  // 9 ticks.
  double step = 0.1;
  for (double decade = 0.1; decade < 1e7; decade *= 10) {
    double found = 0;
    for (double m : {1.0, 2.0, 5.0}) {
      if (span_s / (m * decade) <= 8) {
        found = m * decade;
        break;
      }
    }
    if (found > 0) {
      step = found;
      break;
    }
  }
  for (int i = 0; i * step <= span_s * (1 + 1e-9); ++i) {
    absl::StrAppendFormat(svg, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%g</text>\n",
                          x(i * step), label_y, i * step);
  }
}

}  // namespace harness
