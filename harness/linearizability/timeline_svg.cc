#include "harness/linearizability/timeline_svg.h"

#include <algorithm>
#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace harness::lin {
namespace {

constexpr int kLeft = 100;       // room for the process labels
constexpr int kTop = 50;         // room for the title
constexpr int kRowHeight = 34;
constexpr int kBarHeight = 24;
constexpr int kColumnMin = 40;
constexpr int kColumnMax = 110;
constexpr int kPlotWidth = 1000;
constexpr size_t kLabelMax = 22;

struct Style {
  const char* fill;
  const char* stroke;
};

Style StyleOf(TimelineBar::Role role) {
  switch (role) {
    case TimelineBar::Role::kLinearized: return {"#cdebc5", "#4a8f3c"};
    case TimelineBar::Role::kConcurrent: return {"#ffd9a0", "#c77800"};
    case TimelineBar::Role::kStuck: return {"#f6a5a5", "#c00000"};
  }
  return {"#dddddd", "#777777"};
}

std::string Shorten(const std::string& s) {
  if (s.size() <= kLabelMax) return s;
  return s.substr(0, kLabelMax - 1) + "\xE2\x80\xA6";  // an ellipsis
}

}  // namespace

std::string XmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string RenderTimelineSvg(const TimelineInput& input) {
  // Columns: the distinct event positions of the window, in order.
  std::set<int64_t> positions;
  std::set<int64_t> processes;
  for (const TimelineBar& b : input.bars) {
    positions.insert(b.start_pos);
    if (b.end_pos) positions.insert(*b.end_pos);
    processes.insert(b.process);
  }
  std::map<int64_t, int> column;
  for (int64_t p : positions) column.emplace(p, static_cast<int>(column.size()));
  std::map<int64_t, int> row;
  for (int64_t p : processes) row.emplace(p, static_cast<int>(row.size()));

  const int columns = static_cast<int>(column.size()) + 1;  // +1: the open right edge
  const int step = std::clamp(kPlotWidth / std::max(columns, 1), kColumnMin, kColumnMax);
  const int width = kLeft + step * columns + 20;
  const int height = kTop + kRowHeight * static_cast<int>(row.size()) + 40;
  auto x_of = [&](int64_t pos) { return kLeft + step * column.at(pos) + step / 2; };

  std::string svg = absl::StrFormat(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
      "font-family=\"sans-serif\" font-size=\"12\">\n"
      "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n"
      "<text x=\"10\" y=\"20\" font-size=\"14\">%s</text>\n"
      "<text x=\"10\" y=\"38\" fill=\"#555\">green: linearized before the window; orange: "
      "concurrent, cannot go next; red: stuck (completed, cannot be placed). Dashed: never "
      "completed.</text>\n",
      width, height, XmlEscape(input.title));
  for (const auto& [process, r] : row) {
    const int y = kTop + r * kRowHeight;
    absl::StrAppendFormat(&svg,
                          "<text x=\"10\" y=\"%d\">process %d</text>\n"
                          "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#eee\"/>\n",
                          y + kBarHeight / 2 + 4, process, kLeft, y + kRowHeight - 2,
                          width - 10, y + kRowHeight - 2);
  }
  for (const TimelineBar& b : input.bars) {
    const Style style = StyleOf(b.role);
    const int y = kTop + row.at(b.process) * kRowHeight;
    const int x1 = x_of(b.start_pos) - step / 3;
    const int x2 = b.end_pos ? x_of(*b.end_pos) + step / 3 : width - 12;
    absl::StrAppendFormat(
        &svg,
        "<g><title>%s</title><rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" rx=\"3\" "
        "fill=\"%s\" stroke=\"%s\"%s/>"
        "<text x=\"%d\" y=\"%d\">%s</text></g>\n",
        XmlEscape(b.tooltip), x1, y, std::max(x2 - x1, 8), kBarHeight, style.fill, style.stroke,
        b.end_pos ? "" : " stroke-dasharray=\"4 3\"", x1 + 4, y + kBarHeight / 2 + 4,
        XmlEscape(Shorten(b.label)));
  }
  svg += "</svg>\n";
  return svg;
}

}  // namespace harness::lin
