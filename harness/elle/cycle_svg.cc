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
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '&':
        out += "&amp;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string Clip(const std::string& s, size_t n) {
  return s.size() <= n ? s : s.substr(0, n - 3) + "...";
}

}  // namespace

std::string CycleSvg(const TxnCycleDrawing& cycle) {
  // Boxes in a column, T1 at the top: each edge Ti -> Ti+1 is an arrow down
  // the left side, and the closing edge (the "However," of the
  // explanation) an arrow back up the right side.
  const size_t n = cycle.txns.size();
  constexpr double kBoxW = 520, kBoxH = 30, kGap = 46, kLeft = 90, kTop = 44;
  const double width = kLeft + kBoxW + 110;
  const double height = kTop + static_cast<double>(n) * (kBoxH + kGap) + 10;
  auto top = [&](size_t i) { return kTop + static_cast<double>(i) * (kBoxH + kGap); };
  std::string s = absl::StrFormat(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" "
      "font-family=\"monospace\" font-size=\"11\">\n"
      "<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" "
      "markerWidth=\"8\" markerHeight=\"8\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" "
      "fill=\"#b22\"/></marker></defs>\n"
      "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n"
      "<text x=\"12\" y=\"24\" font-size=\"15\" font-weight=\"bold\">%s: a cycle of %d "
      "txns</text>\n",
      width, height, Escape(cycle.anomaly), static_cast<int>(n));
  auto arrow = [&](const std::string& d, const std::string& label, double lx, double ly,
                   const char* anchor) {
    const bool weak = label.find("rw") != std::string::npos;
    absl::StrAppendFormat(&s,
                          "<path d=\"%s\" fill=\"none\" stroke=\"#b22\" stroke-width=\"1.6\"%s "
                          "marker-end=\"url(#arrow)\"/>\n"
                          "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" fill=\"#b22\" "
                          "font-weight=\"bold\">%s</text>\n",
                          d, weak ? " stroke-dasharray=\"6,3\"" : "", lx, ly, anchor,
                          Escape(label));
  };
  for (size_t i = 0; i < n; ++i) {
    const std::string label = i < cycle.edges.size() ? cycle.edges[i] : "";
    if (i + 1 < n) {
      const double x = kLeft + 40, y1 = top(i) + kBoxH, y2 = top(i + 1);
      arrow(absl::StrFormat("M%.1f,%.1f L%.1f,%.1f", x, y1, x, y2), label, x - 8, (y1 + y2) / 2 + 4,
            "end");
    } else if (n > 1) {
      // The closing edge: from the last box's right side up to the first's.
      const double x1 = kLeft + kBoxW, y1 = top(i) + kBoxH / 2, y2 = top(0) + kBoxH / 2;
      const double bend = kLeft + kBoxW + 70;
      arrow(absl::StrFormat("M%.1f,%.1f C%.1f,%.1f %.1f,%.1f %.1f,%.1f", x1, y1, bend, y1, bend, y2,
                            x1, y2),
            label, bend - 8, (y1 + y2) / 2 + 4, "start");
    }
  }
  for (size_t i = 0; i < n; ++i) {
    absl::StrAppendFormat(&s,
                          "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.0f\" height=\"%.0f\" rx=\"4\" "
                          "fill=\"#eef\" stroke=\"#336\"/>\n"
                          "<text x=\"%.1f\" y=\"%.1f\">%s</text>\n",
                          kLeft, top(i), kBoxW, kBoxH, kLeft + 8, top(i) + kBoxH / 2 + 4,
                          Escape(Clip(cycle.txns[i], 80)));
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
