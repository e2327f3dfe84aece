#include "harness/store/timeline_html.h"

#include <algorithm>
#include <map>
#include <optional>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "harness/store/report_text.h"

namespace harness {

namespace {

constexpr double kColumnPx = 110, kLeftPx = 70, kHeaderPx = 34;
constexpr double kMaxBodyPx = 60'000;
constexpr double kMinBoxPx = 3, kLabelBoxPx = 13, kTextMinPx = 12;
constexpr size_t kTitleValueBytes = 300, kLabelBytes = 40;

// One drawn operation: an invocation and its completion (absent when the
// history ends first).
struct Span {
  const Op* invoke;
  const Op* done;
};

// Pairs each invocation with the next completion of its process. Client
// ops open on :invoke; nemesis steps are recorded as two :info entries, so
// for the nemesis (and any other non-client process) entries pair up in
// turn. Stops after `max_ops` spans; *total counts every span.
std::vector<Span> PairOps(const History& history, size_t max_ops, size_t* total) {
  std::vector<Span> spans;
  std::map<int64_t, size_t> open;  // process -> index into spans (or past the cap)
  constexpr size_t kDropped = static_cast<size_t>(-1);
  *total = 0;
  for (const Op& op : history) {
    auto it = open.find(op.process);
    bool opens = op.is_client() ? op.type == OpType::kInvoke : it == open.end();
    if (opens) {
      ++*total;
      size_t slot = spans.size() < max_ops ? spans.size() : kDropped;
      if (slot != kDropped) spans.push_back({&op, nullptr});
      open[op.process] = slot;  // a client invoking twice drops the first
      continue;
    }
    if (it == open.end()) continue;  // a completion with no invocation
    if (it->second != kDropped) spans[it->second].done = &op;
    open.erase(it);
  }
  return spans;
}

const char* OutcomeClass(const Span& s) {
  if (s.done == nullptr) return "open";
  switch (s.done->type) {
    case OpType::kOk:
      return "ok";
    case OpType::kFail:
      return "fail";
    default:
      return "info";
  }
}

std::string ProcessName(int64_t process) {
  return process == kNemesisProcess ? "nemesis" : absl::StrCat(process);
}

std::string SpanTitle(const Span& s) {
  const Op& in = *s.invoke;
  std::string t = absl::StrCat("process ", ProcessName(in.process), "\nf ", in.f, "\ninvoke ",
                               FormatSeconds(in.time_ns), ": ",
                               TruncateUtf8(in.value.ToEdn(), kTitleValueBytes));
  if (s.done == nullptr) return t + "\nnever completed";
  const Op& out = *s.done;
  absl::StrAppend(&t, "\n", std::string(OpTypeName(out.type)), " ", FormatSeconds(out.time_ns),
                  ": ", TruncateUtf8(out.value.ToEdn(), kTitleValueBytes));
  if (out.error)
    absl::StrAppend(&t, "\nerror ", TruncateUtf8(out.error->ToEdn(), kTitleValueBytes));
  if (out.exception)
    absl::StrAppend(&t, "\nexception ", TruncateUtf8(*out.exception, kTitleValueBytes));
  absl::StrAppendFormat(&t, "\nlatency %.1f ms",
                        static_cast<double>(out.time_ns - in.time_ns) / 1e6);
  return t;
}

std::string Label(const Span& s) {
  // What the op learned when it succeeded (a read's value), else what it
  // asked for.
  bool ok = s.done != nullptr && s.done->type == OpType::kOk;
  std::string v = ok ? s.done->value.ToEdn() : s.invoke->value.ToEdn();
  return TruncateUtf8(absl::StrCat(s.invoke->f, " ", v), kLabelBytes);
}

constexpr const char* kStyle =
    "body{font:11px sans-serif;margin:0}"
    "p{margin:6px 8px}"
    ".t{position:relative}"
    ".hd{position:sticky;top:0;height:22px;background:#fff;z-index:2;border-bottom:1px solid #ccc}"
    ".h{position:absolute;top:4px;width:110px;text-align:center;font-weight:bold}"
    ".tk{position:absolute;left:0;width:64px;text-align:right;color:#666}"
    ".ln{position:absolute;left:70px;right:0;border-top:1px solid #eee}"
    ".o{position:absolute;width:104px;box-sizing:border-box;overflow:hidden;white-space:nowrap;"
    "border:1px solid #0004;border-radius:2px;padding:0 2px;line-height:11px}"
    ".ok{background:#a1d99b}.info{background:#fdae6b}.fail{background:#fc9272}"
    ".open{background:#d9d9d9}"
    ".k{display:inline-block;width:12px;height:10px;border:1px solid #0004;margin:0 3px 0 10px}"
    // index.html links an op as timeline.html#op-<index>: show it below
    // the sticky header, outlined.
    ".o,.o span{scroll-margin-top:60px}"
    ".o:target,.o:has(span:target){outline:3px solid #222;z-index:3}";

}  // namespace

std::string TimelineHtml(const History& history, size_t max_ops) {
  size_t total = 0;
  std::vector<Span> spans = PairOps(history, max_ops, &total);
  std::map<int64_t, int> column;  // nemesis (-1) sorts first
  int64_t begin_ns = 0, end_ns = 0;
  for (const Span& s : spans) {
    column[s.invoke->process] = 0;
    begin_ns = std::min(begin_ns, s.invoke->time_ns);
    end_ns = std::max(end_ns, s.done ? s.done->time_ns : s.invoke->time_ns);
  }
  int next = 0;
  for (auto& [process, c] : column) c = next++;
  // An op never completed runs to the end of the history, or of what is
  // drawn when the cap cut the history short.
  if (spans.size() == total) {
    for (const Op& op : history) end_ns = std::max(end_ns, op.time_ns);
  }
  double span_ms = std::max(1.0, static_cast<double>(end_ns - begin_ns) / 1e6);
  double px_per_ms = std::min(1.0, kMaxBodyPx / span_ms);
  auto y = [&](int64_t t) {
    return kHeaderPx + static_cast<double>(t - begin_ns) / 1e6 * px_per_ms;
  };
  double height = y(end_ns) + 30;

  std::string html = absl::StrCat(
      "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>timeline</title><style>", kStyle,
      "</style></head><body>\n<p>", total, " operations");
  if (spans.size() < total) {
    absl::StrAppend(&html, "; only the first ", spans.size(), " are drawn");
  }
  absl::StrAppendFormat(&html,
                        ". Time flows down, %.3g px per ms. Hover a box for its details."
                        "<span class=\"k ok\"></span>ok<span class=\"k info\"></span>info"
                        "<span class=\"k fail\"></span>fail<span class=\"k open\"></span>"
                        "never completed</p>\n",
                        px_per_ms);
  absl::StrAppendFormat(&html, "<div class=\"t\" style=\"height:%.0fpx;width:%.0fpx\">\n", height,
                        kLeftPx + kColumnPx * static_cast<double>(column.size()));
  html += "<div class=\"hd\">";
  for (const auto& [process, c] : column) {
    absl::StrAppendFormat(&html, "<div class=\"h\" style=\"left:%.0fpx\">%s</div>",
                          kLeftPx + kColumnPx * c, ProcessName(process));
  }
  html += "</div>\n";
  // A tick about every 100 px, on a round number of seconds or ms.
  double tick_ms = 1;
  for (double step : {1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 30000, 60000}) {
    tick_ms = step;
    if (step * px_per_ms >= 100) break;
  }
  for (double ms = 0; ms <= span_ms; ms += tick_ms) {
    int64_t t = begin_ns + static_cast<int64_t>(ms * 1e6);
    absl::StrAppendFormat(&html,
                          "<div class=\"tk\" style=\"top:%.0fpx\">%s</div>"
                          "<div class=\"ln\" style=\"top:%.0fpx\"></div>\n",
                          y(t) - 6, FormatSeconds(t), y(t));
  }
  // A short op grows to the height of one text line when its process's
  // next op leaves room, so most boxes carry a label, not only a title.
  std::vector<double> room(spans.size(), 1e9);
  std::map<int64_t, double> next_top;  // process -> top of its next box
  for (size_t i = spans.size(); i-- > 0;) {
    int64_t process = spans[i].invoke->process;
    double top = y(spans[i].invoke->time_ns);
    if (auto it = next_top.find(process); it != next_top.end()) room[i] = it->second - top - 1;
    next_top[process] = top;
  }
  for (size_t i = 0; i < spans.size(); ++i) {
    const Span& s = spans[i];
    int64_t stop_ns = s.done ? s.done->time_ns : end_ns;
    double h =
        std::max({kMinBoxPx, y(stop_ns) - y(s.invoke->time_ns), std::min(kLabelBoxPx, room[i])});
    // Anchors for both history indices of the op, invocation and completion.
    std::string done_anchor =
        s.done != nullptr ? absl::StrFormat("<span id=\"op-%d\"></span>", s.done->index) : "";
    absl::StrAppendFormat(
        &html,
        "<div class=\"o %s\" id=\"op-%d\" style=\"top:%.1fpx;left:%.0fpx;height:%.1fpx\" "
        "title=\"%s\">%s%s</div>\n",
        OutcomeClass(s), s.invoke->index, y(s.invoke->time_ns),
        kLeftPx + kColumnPx * column[s.invoke->process] + 3, h, EscapeXml(SpanTitle(s)),
        done_anchor, h >= kTextMinPx ? EscapeXml(Label(s)) : "");
  }
  html += "</div>\n</body></html>\n";
  return html;
}

}  // namespace harness
