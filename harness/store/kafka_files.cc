#include "harness/store/kafka_files.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "harness/checkers/kafka_checker.h"
#include "harness/store/store.h"

namespace harness {

namespace {
constexpr double kWidth = 900, kHeight = 360;
constexpr double kLeft = 60, kRight = 20, kTop = 20, kBottom = 40;
}  // namespace

std::string KafkaUnseenSvg(const History& history) {
  std::vector<KafkaUnseenPoint> series = KafkaUnseenSeries(history);
  double end_s = 1;
  for (const Op& op : history) end_s = std::max(end_s, static_cast<double>(op.time_ns) / 1e9);
  int64_t max_unseen = 1;
  for (const auto& p : series) max_unseen = std::max(max_unseen, p.unseen);
  const double plot_w = kWidth - kLeft - kRight, plot_h = kHeight - kTop - kBottom;
  auto x = [&](int64_t ns) { return kLeft + static_cast<double>(ns) / 1e9 / end_s * plot_w; };
  auto y = [&](int64_t n) {
    return kTop + plot_h - static_cast<double>(n) / static_cast<double>(max_unseen) * plot_h;
  };
  std::string svg = absl::StrFormat(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" "
      "font-family=\"sans-serif\" font-size=\"11\">\n<rect width=\"100%%\" height=\"100%%\" "
      "fill=\"white\"/>\n<text x=\"%.1f\" y=\"14\">Acknowledged messages no ok poll has returned "
      "yet (all keys)</text>\n",
      kWidth, kHeight, kLeft);
  for (int i = 0; i <= 4; ++i) {
    const int64_t n = max_unseen * i / 4;
    absl::StrAppendFormat(&svg,
                          "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                          "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%d</text>\n",
                          kLeft, kLeft + plot_w, y(n), y(n), kLeft - 4, y(n) + 4, n);
  }
  const int step = std::max(1, static_cast<int>(end_s) / 10);
  for (int s = 0; s <= static_cast<int>(end_s); s += step) {
    absl::StrAppendFormat(&svg, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%d</text>\n",
                          x(int64_t{s} * 1'000'000'000), kTop + plot_h + 14, s);
  }
  absl::StrAppendFormat(&svg,
                        "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">time (s)</text>\n",
                        kLeft + plot_w / 2, kHeight - 6);
  // A step line; at most ~2 points per horizontal pixel are kept, the
  // highest of each pixel, so a long run stays a small file.
  std::string points;
  double last_x = -1;
  int64_t prev = 0, pixel_max = -1;
  auto flush = [&](double px) {
    if (pixel_max < 0) return;
    absl::StrAppendFormat(&points, "%.1f,%.1f %.1f,%.1f ", px, y(prev), px, y(pixel_max));
    prev = pixel_max;
    pixel_max = -1;
  };
  absl::StrAppendFormat(&points, "%.1f,%.1f ", kLeft, y(0));
  for (const auto& p : series) {
    const double px = std::floor(x(p.time_ns));
    if (px != last_x) {
      flush(last_x < 0 ? px : last_x);
      last_x = px;
    }
    pixel_max = std::max(pixel_max, p.unseen);
  }
  flush(last_x < 0 ? kLeft : last_x);
  absl::StrAppendFormat(&points, "%.1f,%.1f", kLeft + plot_w, y(prev));
  absl::StrAppendFormat(&svg,
                        "<polyline fill=\"none\" stroke=\"#3182bd\" stroke-width=\"1.5\" "
                        "points=\"%s\"/>\n</svg>\n",
                        points);
  return svg;
}

absl::Status WriteKafkaFiles(const std::string& dir, const History& history) {
  if (!IsKafkaHistory(history)) return absl::OkStatus();
  if (auto s = WriteTextFile(dir + "/consume-counts.edn", KafkaConsumeCounts(history).ToEdn() + "\n");
      !s.ok()) {
    return s;
  }
  return WriteTextFile(dir + "/unseen.svg", KafkaUnseenSvg(history));
}

}  // namespace harness
