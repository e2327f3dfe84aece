#include "harness/store/rate_svg.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "harness/run/check.h"
#include "harness/store/plot_parts.h"
#include "harness/store/report_text.h"

namespace harness {

namespace {

constexpr double kWidth = 900, kHeight = 420;
constexpr double kLeft = 60, kRight = 170, kTop = 20, kBottom = 40;
constexpr size_t kMaxBuckets = 40;
// Dash patterns for successive :f values; more :f than this repeat them.
constexpr const char* kDashes[] = {"", "6 3", "2 2", "8 3 2 3", "1 4"};
constexpr size_t kMaxLabelBytes = 24;
// The legend fits the plot's height: this many series, a "+N more" line,
// then the nemesis kinds.
constexpr int kMaxLegendSeries = 18;

int OutcomeOrder(OpType t) { return t == OpType::kOk ? 0 : t == OpType::kFail ? 1 : 2; }

// The smallest of 1, 2, 5 x 10^k that is at least `v` (v > 0).
double NiceCeiling(double v) {
  double p = std::pow(10.0, std::floor(std::log10(v)));
  for (double m : {1.0, 2.0, 5.0, 10.0}) {
    if (m * p >= v * (1 - 1e-9)) return m * p;
  }
  return 10 * p;
}

}  // namespace

double RateBucketSeconds(double span_s) {
  for (double w : {0.5, 1.0, 2.0, 5.0, 10.0, 15.0, 30.0, 60.0, 120.0, 300.0, 600.0}) {
    if (span_s / w <= static_cast<double>(kMaxBuckets)) return w;
  }
  return 600;
}

Rates ComputeRates(const History& history, double bucket_s) {
  HARNESS_CHECK(bucket_s > 0);
  Rates rates;
  rates.bucket_s = bucket_s;
  const size_t buckets = static_cast<size_t>(std::floor(HistoryEndSeconds(history) / bucket_s)) + 1;
  // (f, outcome order) -> counts; a std::map keeps the output order fixed.
  std::map<std::pair<std::string, int>, std::pair<OpType, std::vector<int64_t>>> counts;
  for (const Op& op : history) {
    if (!op.is_client() || op.type == OpType::kInvoke) continue;
    auto& [type, per_bucket] = counts[{op.f, OutcomeOrder(op.type)}];
    type = op.type;
    if (per_bucket.empty()) per_bucket.assign(buckets, 0);
    double t = std::max(0.0, static_cast<double>(op.time_ns) / 1e9);
    ++per_bucket[std::min(buckets - 1, static_cast<size_t>(std::floor(t / bucket_s)))];
  }
  for (auto& [key, entry] : counts) {
    RateSeries s{key.first, entry.first, {}};
    for (int64_t n : entry.second) s.per_s.push_back(static_cast<double>(n) / bucket_s);
    rates.series.push_back(std::move(s));
  }
  return rates;
}

std::string RateSvg(const History& history) {
  const double end_s = HistoryEndSeconds(history);
  const Rates rates = ComputeRates(history, RateBucketSeconds(end_s));
  double max_rate = 1;
  for (const RateSeries& s : rates.series) {
    for (double r : s.per_s) max_rate = std::max(max_rate, r);
  }
  const double top_rate = NiceCeiling(max_rate);
  const double span_s = std::max(end_s, 1.0);
  const double plot_w = kWidth - kLeft - kRight, plot_h = kHeight - kTop - kBottom;
  auto x = [&](double t) { return kLeft + std::min(t, span_s) / span_s * plot_w; };
  auto y = [&](double rate) { return kTop + (1 - rate / top_rate) * plot_h; };

  std::string svg = absl::StrFormat(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" "
      "font-family=\"sans-serif\" font-size=\"11\">\n<rect width=\"100%%\" height=\"100%%\" "
      "fill=\"white\"/>\n",
      kWidth, kHeight);
  AppendBandRects(NemesisBands(history), x, kTop, plot_h, &svg);
  for (int i = 0; i <= 5; ++i) {
    double rate = top_rate * i / 5;
    absl::StrAppendFormat(&svg,
                          "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                          "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%g</text>\n",
                          kLeft, kLeft + plot_w, y(rate), y(rate), kLeft - 4, y(rate) + 4, rate);
  }
  AppendTimeTicks(span_s, x, kTop + plot_h + 14, &svg);
  absl::StrAppendFormat(&svg,
                        "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">time (s), buckets of "
                        "%g s</text>\n<text x=\"14\" y=\"%.1f\" transform=\"rotate(-90 14 %.1f)\" "
                        "text-anchor=\"middle\">throughput (ops/s)</text>\n",
                        kLeft + plot_w / 2, kHeight - 6, rates.bucket_s, kTop + plot_h / 2,
                        kTop + plot_h / 2);

  std::map<std::string, size_t> dash_of_f;
  double ly = kTop + 10;
  int legend_entries = 0;
  for (const RateSeries& s : rates.series) {
    size_t dash = dash_of_f.try_emplace(s.f, dash_of_f.size()).first->second % std::size(kDashes);
    const char* colour = OutcomeColour(s.type);
    std::string label = EscapeXml(
        absl::StrCat(TruncateUtf8(s.f, kMaxLabelBytes), " ", std::string(OpTypeName(s.type))));
    std::string points;
    for (size_t b = 0; b < s.per_s.size(); ++b) {
      absl::StrAppendFormat(&points, "%s%.1f,%.1f", b == 0 ? "" : " ",
                            x((static_cast<double>(b) + 0.5) * rates.bucket_s), y(s.per_s[b]));
    }
    absl::StrAppendFormat(&svg,
                          "<polyline class=\"series\" points=\"%s\" fill=\"none\" stroke=\"%s\" "
                          "stroke-width=\"1.5\" stroke-dasharray=\"%s\"><title>%s</title>"
                          "</polyline>\n",
                          points, colour, kDashes[dash], label);
    if (++legend_entries > kMaxLegendSeries) continue;  // drawn, but not in the legend
    absl::StrAppendFormat(&svg,
                          "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
                          "stroke-width=\"1.5\" stroke-dasharray=\"%s\"/><text x=\"%.1f\" "
                          "y=\"%.1f\">%s</text>\n",
                          kWidth - kRight + 8, kWidth - kRight + 30, ly - 4, ly - 4, colour,
                          kDashes[dash], kWidth - kRight + 34, ly, label);
    ly += 16;
  }
  if (legend_entries > kMaxLegendSeries) {
    absl::StrAppendFormat(&svg, "<text x=\"%.1f\" y=\"%.1f\">+%d more (hover a line)</text>\n",
                          kWidth - kRight + 8, ly, legend_entries - kMaxLegendSeries);
    ly += 16;
  }
  for (const NemesisKind& k : kNemesisKinds) {
    absl::StrAppendFormat(&svg,
                          "<rect x=\"%.1f\" y=\"%.1f\" width=\"22\" height=\"10\" fill=\"%s\" "
                          "fill-opacity=\"0.5\"/><text x=\"%.1f\" y=\"%.1f\">%s</text>\n",
                          kWidth - kRight + 8, ly - 9, k.colour, kWidth - kRight + 34, ly, k.name);
    ly += 16;
  }
  svg += "</svg>\n";
  return svg;
}

}  // namespace harness
