#include "harness/elle/cycle_svg.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "harness/elle/txn_models.h"

namespace harness::elle {
namespace {

std::string Escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string Clip(const std::string& s, size_t n) {
  return s.size() <= n ? s : s.substr(0, n - 3) + "...";
}

}  // namespace

std::string CycleSvg(const TxnCycleDrawing& cycle) {
  const size_t n = std::max<size_t>(cycle.txns.size(), 1);
  constexpr double kBoxW = 300, kBoxH = 34;
  // Boxes sit on a circle big enough that neighbours do not overlap.
  const double r = std::max(140.0, (kBoxH + 70) * static_cast<double>(n) / (2 * M_PI) * 1.6);
  const double cx = r + kBoxW / 2 + 40, cy = r + kBoxH + 60;
  const double width = 2 * cx, height = 2 * cy;
  auto pos = [&](size_t i) {
    const double a = -M_PI / 2 + 2 * M_PI * static_cast<double>(i) / static_cast<double>(n);
    return std::pair<double, double>{cx + r * std::cos(a), cy + r * std::sin(a)};
  };
  std::string s = absl::StrFormat(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" "
      "font-family=\"monospace\" font-size=\"11\">\n"
      "<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" "
      "markerWidth=\"8\" markerHeight=\"8\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" "
      "fill=\"#b22\"/></marker></defs>\n"
      "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n"
      "<text x=\"12\" y=\"22\" font-size=\"15\" font-weight=\"bold\">%s</text>\n",
      width, height, Escape(cycle.anomaly));
  for (size_t i = 0; i < cycle.txns.size(); ++i) {
    auto [x1, y1] = pos(i);
    auto [x2, y2] = pos((i + 1) % n);
    // Stop arrows at the box edges (boxes are wide: clip along the line).
    const double dx = x2 - x1, dy = y2 - y1, len = std::hypot(dx, dy);
    if (len < 1) continue;
    const double tx = std::abs(dx) > 1e-9 ? (kBoxW / 2) / std::abs(dx) : 1e9;
    const double ty = std::abs(dy) > 1e-9 ? (kBoxH / 2) / std::abs(dy) : 1e9;
    const double t = std::min({tx, ty, 0.45});
    const double ax = x1 + dx * t, ay = y1 + dy * t, bx = x2 - dx * t, by = y2 - dy * t;
    // Bend each arrow outwards a little so a 2-cycle shows two arrows.
    const double mx = (ax + bx) / 2 + dy / len * 30, my = (ay + by) / 2 - dx / len * 30;
    const std::string label = i < cycle.edges.size() ? cycle.edges[i] : "";
    const bool weak = label.find("rw") != std::string::npos;
    absl::StrAppendFormat(&s,
                          "<path d=\"M%.1f,%.1f Q%.1f,%.1f %.1f,%.1f\" fill=\"none\" stroke=\"#b22\" "
                          "stroke-width=\"1.6\"%s marker-end=\"url(#arrow)\"/>\n"
                          "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" fill=\"#b22\" "
                          "font-weight=\"bold\">%s</text>\n",
                          ax, ay, mx, my, bx, by, weak ? " stroke-dasharray=\"6,3\"" : "", mx,
                          my - 4, Escape(label));
  }
  for (size_t i = 0; i < cycle.txns.size(); ++i) {
    auto [x, y] = pos(i);
    absl::StrAppendFormat(&s,
                          "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.0f\" height=\"%.0f\" rx=\"4\" "
                          "fill=\"#eef\" stroke=\"#336\"/>\n"
                          "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>\n",
                          x - kBoxW / 2, y - kBoxH / 2, kBoxW, kBoxH, x, y + 4,
                          Escape(Clip(cycle.txns[i], 46)));
  }
  s += "</svg>\n";
  return s;
}

absl::StatusOr<std::vector<std::string>> WriteTxnCycleSvgs(const std::string& dir,
                                                           const History& history,
                                                           const std::string& workload,
                                                           const std::string& models) {
  std::vector<std::string> paths;
  if (workload != "txn-rw-register" && workload != "txn-list-append") return paths;
  auto parsed = ParseTxnModels(models);
  if (!parsed.ok()) return parsed.status();
  TxnCheckOptions options;
  options.list_append = workload == "txn-list-append";
  options.models = *parsed;
  TxnCheckOutput out = CheckTxn(history, options);
  if (out.cycles.empty()) return paths;
  const std::filesystem::path elle = std::filesystem::path(dir) / "elle";
  std::error_code ec;
  std::filesystem::create_directories(elle, ec);
  for (const TxnCycleDrawing& c : out.cycles) {
    const std::string path = (elle / absl::StrCat(c.anomaly, ".svg")).string();
    std::ofstream f(path);
    f << CycleSvg(c);
    if (!f) return absl::InternalError(absl::StrCat("cannot write ", path));
    paths.push_back(path);
  }
  return paths;
}

}  // namespace harness::elle
