#include "harness/store/messages_svg.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <tuple>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "harness/store/report_text.h"

namespace harness {

namespace {

constexpr double kLaneGap = 90, kLeft = 80, kTop = 40, kBottom = 30;
constexpr double kRowPx = 4, kPxPerMs = 0.5, kMaxGapPx = 20;
constexpr double kStubPx = 20, kCrossPx = 4;

struct Message {
  int64_t id;
  std::string src, dest;
  size_t send_row;
  int64_t send_ns;
  std::optional<size_t> recv_row;  // delivered inside the window
  std::optional<int64_t> recv_ns;  // delivered at all
};

// Lane order: nodes by number ("n2" before "n10"), services by name, then
// clients by number.
std::tuple<int, int64_t, std::string> LaneKey(const std::string& id) {
  if (id.empty()) return {1, 0, id};
  int64_t number = 0;
  bool numbered = id.size() > 1 && absl::SimpleAtoi(id.substr(1), &number) &&
                  std::isdigit(static_cast<unsigned char>(id[1]));
  if (IsClientId(id) && numbered) return {2, number, id};
  if (id[0] == 'n' && numbered) return {0, number, id};
  return {1, 0, id};
}

bool IsInit(const MessageBodies& bodies, int64_t id, int64_t send_ns) {
  const MessageBody* body = bodies.Find(id);
  return body != nullptr ? IsInitType(body->type) : send_ns < 0;
}

const char* ArrowClass(const Message& m, const MessageBodies& bodies) {
  const MessageBody* body = bodies.Find(m.id);
  if (body != nullptr && body->type == "error") return "e";
  return IsClientId(m.src) || IsClientId(m.dest) ? "c" : "s";
}

std::string Title(const Message& m, const MessageBodies& bodies) {
  std::string t = absl::StrCat("message ", m.id, ": ", m.src, " -> ", m.dest, "\nsent ",
                               FormatSeconds(m.send_ns));
  if (m.recv_ns) {
    absl::StrAppendFormat(&t, ", delivered %s (%.1f ms)", FormatSeconds(*m.recv_ns),
                          static_cast<double>(*m.recv_ns - m.send_ns) / 1e6);
    if (!m.recv_row) t += ", after the drawn window";
  } else {
    t += "\nnever delivered (partition, node down, or in flight at the end)";
  }
  const MessageBody* body = bodies.Find(m.id);
  absl::StrAppend(&t, "\n", body != nullptr ? body->json : "(body not recorded)");
  return EscapeXml(t);
}

constexpr const char* kDefs =
    "<style>line{stroke-width:1.2}.l{stroke:#bbb;stroke-width:1}"
    ".s{stroke:#000;marker-end:url(#ms)}.c{stroke:#6baed6;marker-end:url(#mc)}"
    ".e{stroke:#f768a1;marker-end:url(#me)}.d{stroke-dasharray:3 2;marker-end:none}"
    ".x{stroke:#d62728;stroke-width:1.5;fill:none}g:hover line{stroke-width:3}"
    "text{font:11px sans-serif}</style>\n<defs>"
    "<marker id=\"ms\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"6\" "
    "markerHeight=\"6\" orient=\"auto\"><path d=\"M0 0L10 5L0 10z\" fill=\"#000\"/></marker>"
    "<marker id=\"mc\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"6\" "
    "markerHeight=\"6\" orient=\"auto\"><path d=\"M0 0L10 5L0 10z\" fill=\"#6baed6\"/></marker>"
    "<marker id=\"me\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"6\" "
    "markerHeight=\"6\" orient=\"auto\"><path d=\"M0 0L10 5L0 10z\" fill=\"#f768a1\"/></marker>"
    "</defs>\n";

}  // namespace

std::string MessagesSvg(const Journal& journal, const MessageBodies& bodies, size_t max_events) {
  // Pass 1: the window (first max_events non-init events), its messages
  // and the time of every delivery in the whole journal.
  std::vector<const JournalEvent*> rows;
  std::vector<Message> messages;
  absl::flat_hash_map<int64_t, size_t> by_id;             // message id -> index in messages
  absl::flat_hash_map<int64_t, int64_t> init_or_skipped;  // ids sent outside the window
  size_t non_init_events = 0;
  for (const JournalEvent& e : journal) {
    if (e.kind == JournalEvent::Kind::kSend) {
      if (IsInit(bodies, e.message_id, e.time_ns)) {
        init_or_skipped[e.message_id] = e.time_ns;
        continue;
      }
      ++non_init_events;
      if (rows.size() >= max_events) continue;
      by_id[e.message_id] = messages.size();
      messages.push_back({e.message_id, e.src, e.dest, rows.size(), e.time_ns, {}, {}});
      rows.push_back(&e);
      continue;
    }
    if (init_or_skipped.contains(e.message_id)) continue;
    auto it = by_id.find(e.message_id);
    if (it == by_id.end()) {
      ++non_init_events;  // its send is past the window (or unjournaled)
      continue;
    }
    ++non_init_events;
    Message& m = messages[it->second];
    m.recv_ns = e.time_ns;
    if (rows.size() < max_events) {
      m.recv_row = rows.size();
      rows.push_back(&e);
    }
  }

  std::map<std::tuple<int, int64_t, std::string>, double> lanes;
  for (const Message& m : messages) {
    lanes[LaneKey(m.src)] = 0;
    lanes[LaneKey(m.dest)] = 0;
  }
  absl::flat_hash_map<std::string, double> lane_x;
  double x = kLeft + kLaneGap / 2;
  for (auto& [key, lx] : lanes) {
    lx = x;
    lane_x[std::get<2>(key)] = x;
    x += kLaneGap;
  }
  double width = std::max(400.0, x - kLaneGap / 2 + 20);
  std::vector<double> row_y(rows.size());
  double y = kTop + 10;
  for (size_t i = 0; i < rows.size(); ++i) {
    if (i > 0) {
      double gap_ms = static_cast<double>(rows[i]->time_ns - rows[i - 1]->time_ns) / 1e6;
      y += kRowPx + std::clamp(gap_ms * kPxPerMs, 0.0, kMaxGapPx);
    }
    row_y[i] = y;
  }
  double bottom = y + 20;
  double height = bottom + kBottom;

  std::string svg = absl::StrFormat(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\">\n%s"
      "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n",
      width, height, kDefs);
  std::string note = absl::StrCat(non_init_events, " network events after init");
  if (rows.size() < non_init_events) absl::StrAppend(&note, "; the first ", rows.size(), " drawn");
  if (rows.empty()) note = "no network events after init";
  absl::StrAppendFormat(&svg,
                        "<text x=\"6\" y=\"14\">%s. Black: between servers; blue: "
                        "client traffic; pink: error; dashed with a cross: never "
                        "delivered. Hover an arrow for its body.</text>\n",
                        EscapeXml(note));
  for (const auto& [key, lx] : lanes) {
    absl::StrAppendFormat(&svg,
                          "<line class=\"l\" x1=\"%.0f\" x2=\"%.0f\" y1=\"%.0f\" y2=\"%.0f\"/>"
                          "<text x=\"%.0f\" y=\"%.0f\" text-anchor=\"middle\">%s</text>\n",
                          lx, lx, kTop, bottom, lx, kTop - 6, EscapeXml(std::get<2>(key)));
  }
  // Time labels in the left margin, at least 80 px apart.
  double last_label = -1e9;
  for (size_t i = 0; i < rows.size(); ++i) {
    if (row_y[i] - last_label < 80) continue;
    last_label = row_y[i];
    absl::StrAppendFormat(&svg,
                          "<text x=\"%.0f\" y=\"%.1f\" text-anchor=\"end\" "
                          "fill=\"#666\">%s</text>\n",
                          kLeft - 8, row_y[i] + 4, FormatSeconds(rows[i]->time_ns));
  }
  for (const Message& m : messages) {
    double x1 = lane_x[m.src], x2 = lane_x[m.dest], y1 = row_y[m.send_row];
    const char* cls = ArrowClass(m, bodies);
    absl::StrAppendFormat(&svg, "<g><title>%s</title>", Title(m, bodies));
    if (m.recv_row) {
      absl::StrAppendFormat(&svg,
                            "<line class=\"%s\" x1=\"%.0f\" y1=\"%.1f\" x2=\"%.0f\" "
                            "y2=\"%.1f\"/>",
                            cls, x1, y1, x2, row_y[*m.recv_row]);
    } else if (m.recv_ns) {
      absl::StrAppendFormat(&svg,
                            "<line class=\"%s d\" x1=\"%.0f\" y1=\"%.1f\" x2=\"%.0f\" "
                            "y2=\"%.1f\"/>",
                            cls, x1, y1, x2, bottom);
    } else {
      // Toward the receiver, a third of the way: stubs from one sender to
      // several receivers stay apart.
      double dx = (x2 - x1) / 3;
      double ex = x1 + dx, ey = y1 + (dx == 0 ? kStubPx : 8);
      absl::StrAppendFormat(&svg,
                            "<line class=\"%s d\" x1=\"%.0f\" y1=\"%.1f\" x2=\"%.0f\" y2=\"%.1f\"/>"
                            "<path class=\"x\" d=\"M%.0f %.1fl%.0f %.0fm0 %.0fl%.0f %.0f\"/>",
                            cls, x1, y1, ex, ey, ex - kCrossPx, ey - kCrossPx, 2 * kCrossPx,
                            2 * kCrossPx, -2 * kCrossPx, -2 * kCrossPx, 2 * kCrossPx);
    }
    svg += "</g>\n";
  }
  svg += "</svg>\n";
  return svg;
}

}  // namespace harness
