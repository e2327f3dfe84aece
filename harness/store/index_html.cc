#include "harness/store/index_html.h"

#include <algorithm>
#include <set>
#include <string_view>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "harness/store/report_text.h"
#include "harness/store/value_html.h"

namespace harness {

namespace {

// Bounds that keep the page readable and its size fixed whatever the run.
constexpr size_t kMaxInlineBytes = 600;
constexpr size_t kMaxReportLines = 200;
constexpr size_t kMaxPictures = 8;
constexpr size_t kMaxFiles = 300;

// What the page says about the files it knows; `inline_ok` false keeps a
// picture that can be very large (messages.svg) to a link.
struct KnownFile {
  std::string_view name;  // a path, or a prefix ending in '/'
  std::string_view what;
  bool inline_ok = true;
};
constexpr KnownFile kKnownFiles[] = {
    {"results.edn", "every checker's results (EDN)"},
    {"results.json", "the same results as JSON"},
    {"history.edn", "the history, one op a line (EDN)"},
    {"history.txt", "the history as text: process, type, f, value, error"},
    {"jepsen.log", "the run's log"},
    {"journal", "network events, one a line: time_ns send|recv id src dest"},
    {"run.json", "flags, seed and run facts; harness analyze reads it"},
    {"latency-raw.svg", "latency of each op over time, nemesis periods shaded"},
    {"rate.svg", "throughput by :f and outcome over time, nemesis periods shaded"},
    {"timeline.html", "per-process timeline of the operations"},
    {"messages.svg", "Lamport diagram of the network messages", false},
    {"message-bodies.jsonl", "the message bodies messages.svg shows"},
    {"node-logs/", "a node's stderr"},
    {"node-dirs/", "a node's working directory (its durable state)"},
    {"independent/", "a key whose history is not linearizable"},
};

const KnownFile* Known(std::string_view path) {
  for (const KnownFile& k : kKnownFiles) {
    if (path == k.name || (k.name.back() == '/' && path.starts_with(k.name))) return &k;
  }
  return nullptr;
}

std::string Esc(std::string_view text) { return EscapeXml(text); }

bool IsPicture(std::string_view path) { return path.ends_with(".svg") || path.ends_with(".png"); }

constexpr std::string_view kCss = R"css(
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d1d1f;
  background:#f6f7f9;margin:0}
main{max-width:1000px;margin:0 auto;padding:24px 20px 60px}
h1{font-size:15px;font-weight:600;color:#555;margin:0 0 10px}
h2{font-size:18px;margin:0 0 10px;padding-bottom:4px;border-bottom:1px solid #dde}
section,header{background:#fff;border:1px solid #e3e5ea;border-radius:8px;padding:14px 18px;
  margin-top:16px}
header{border-left:8px solid #999}
header.valid{border-left-color:#2e9b4f;background:#f1faf3}
header.invalid{border-left-color:#d4352b;background:#fdf1f0}
header.unknown{border-left-color:#e69a1c;background:#fff8ec}
header.aborted{border-left-color:#777;background:#f3f3f3}
#verdict{font-size:30px;font-weight:700;letter-spacing:.01em}
header.valid #verdict{color:#1f7a3a} header.invalid #verdict{color:#b3261e}
header.unknown #verdict{color:#a86800} header.aborted #verdict{color:#444}
.sentence{margin:2px 0 8px;color:#444}
#aborted{white-space:pre-wrap;font-size:13.5px}
.facts{color:#333;margin:0} .facts span{margin-right:18px;white-space:nowrap}
pre{background:#1e2430;color:#e8ecf2;padding:10px 12px;border-radius:6px;
  white-space:pre-wrap;word-break:break-all;font-size:13px;margin:6px 0}
code{font:12.5px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;
  word-break:break-word}
ul.lines{margin:0 0 6px;padding-left:20px} ul.lines li{margin:2px 0;white-space:pre-wrap}
ul.lines code,.kv code{background:#f2f3f6;padding:1px 4px;border-radius:3px}
.badge{display:inline-block;min-width:58px;text-align:center;font-size:12px;font-weight:600;
  padding:1px 8px;border-radius:10px;color:#fff}
.badge.valid{background:#2e9b4f} .badge.invalid{background:#d4352b}
.badge.unknown{background:#e69a1c}
table{border-collapse:collapse}
table.kv{margin:2px 0;font-size:13px}
table.kv th{text-align:left;font-weight:600;color:#445;padding:2px 10px 2px 0;
  vertical-align:top;white-space:nowrap}
table.kv td{padding:2px 0;vertical-align:top}
details{border-top:1px solid #eceef2;padding:6px 0}
details:first-of-type{border-top:0}
summary{cursor:pointer} summary .name{font-weight:600;display:inline-block;min-width:110px}
summary .count{margin-left:12px;color:#b3261e;font-size:13px}
summary .note{margin-left:12px}
details>div{padding:6px 0 4px 18px}
.more,.count,.note{color:#777;font-size:13px}
code.op{display:inline-block;background:#fff4d6;padding:1px 4px;border-radius:3px}
a.to-op{font-size:12px;margin-left:4px}
figure{margin:12px 0 18px} figure img{max-width:100%;border:1px solid #e3e5ea;background:#fff}
figcaption{font-size:13px;color:#555}
ul.files{columns:2;padding-left:18px;font-size:13.5px} ul.files li{break-inside:avoid}
a{color:#1558b0}
)css";

std::string StringField(const nlohmann::json& run, const char* key) {
  if (!run.is_object() || !run.contains(key)) return "";
  const auto& v = run[key];
  return v.is_string() ? v.get<std::string>() : v.dump();
}

// The console's verdict sentences carry kaomoji, which many fonts lack;
// the page says it in words, with counts.
std::string Sentence(const Analysis& a) {
  size_t checkers = 0, invalid = 0, unknown = 0;
  for (size_t i = 0; a.results.is_map() && i < a.results.map_size(); ++i) {
    const Value& key = a.results.map_key(i);
    if (key.is_keyword() && key.as_string() == "valid?") continue;
    ++checkers;
    Validity v = ResultValidity(a.results.map_value(i));
    invalid += v == Validity::kFalse;
    unknown += v == Validity::kUnknown;
  }
  switch (a.valid) {
    case Validity::kTrue:
      return absl::StrCat("Everything looks good: all ", checkers,
                          " checkers found the run valid.");
    case Validity::kFalse:
      return absl::StrCat("Analysis invalid: ", invalid, " of ", checkers,
                          " checkers found anomalies.");
    case Validity::kUnknown:
      return absl::StrCat("Errors occurred during analysis (", unknown, " of ", checkers,
                          " checkers could not decide), but no anomalies were found.");
  }
  return "";
}

std::string Header(const IndexPage& p, Validity v) {
  std::string cls = p.analysis == nullptr ? "aborted" : std::string(ValidityWord(v));
  std::string word = p.analysis == nullptr   ? "Aborted"
                     : v == Validity::kTrue  ? "Valid"
                     : v == Validity::kFalse ? "Invalid"
                                             : "Unknown";
  std::string out =
      absl::StrCat("<header class=\"", cls, "\"><div id=\"verdict\">", word, "</div>");
  if (p.analysis != nullptr) {
    absl::StrAppend(&out, "<p class=\"sentence\">", Sentence(*p.analysis), "</p>");
  }
  if (!p.aborted.empty()) {
    absl::StrAppend(&out, "<p class=\"sentence\" id=\"aborted\">", Esc(p.aborted), "</p>");
  }
  absl::StrAppend(&out, "<p class=\"facts\">");
  if (std::string w = StringField(p.run, "workload"); !w.empty()) {
    absl::StrAppend(&out, "<span>workload <b>", Esc(w), "</b></span>");
  }
  if (p.analysis != nullptr) {
    absl::StrAppend(&out, "<span>", p.ok + p.fail + p.info, " ops: ", p.ok, " ok, ", p.fail,
                    " fail, ", p.info, " info</span>");
  }
  if (std::string s = StringField(p.run, "seed"); !s.empty()) {
    absl::StrAppend(&out, "<span>seed ", Esc(s), "</span>");
  }
  absl::StrAppend(&out, "<span>", Esc(p.run_name), "</span></p></header>\n");
  return out;
}

std::string Replay(const IndexPage& p) {
  std::string cmd = StringField(p.run, "reproduce");
  std::string out = "<section id=\"replay\"><h2>Replay</h2>";
  if (cmd.empty()) {
    return out +
           "<p class=\"note\">run.json records no replay command (a store written before "
           "it did).</p></section>\n";
  }
  return absl::StrCat(out, "<pre id=\"replay-command\">", Esc(cmd),
                      "</pre><p class=\"note\">Same seed: the same schedule of faults and the "
                      "same op stream; the nodes' timing may differ.</p></section>\n");
}

std::string Lines(const std::vector<std::string>& lines) {
  std::string out = "<ul class=\"lines\">";
  const size_t shown = std::min(lines.size(), kMaxReportLines);
  for (size_t i = 0; i < shown; ++i) absl::StrAppend(&out, "<li>", Esc(lines[i]), "</li>");
  if (lines.size() > shown) {
    absl::StrAppend(&out, "<li class=\"more\">&#8230; ", lines.size() - shown, " more</li>");
  }
  return out + "</ul>";
}

// The report lines of checker `name`, without the "name: " prefix.
std::vector<std::string> AnomaliesOf(const Analysis& a, const std::string& name) {
  std::vector<std::string> out;
  std::string prefix = name + ": ";
  for (const std::string& line : a.report) {
    if (absl::StartsWith(line, prefix)) out.push_back(line.substr(prefix.size()));
  }
  return out;
}

std::string Anomalies(const Analysis& a) {
  if (a.report.empty()) return "";
  return absl::StrCat("<section id=\"anomalies\"><h2>Anomalies</h2>", Lines(a.report),
                      "</section>\n");
}

// The store's own plots (named in kKnownFiles) first, so a run with many
// failing keys still shows them within the picture cap.
std::string Pictures(const IndexPage& p) {
  std::vector<std::string> files = p.files;
  std::stable_partition(files.begin(), files.end(), [](const std::string& f) {
    const KnownFile* known = Known(f);
    return known != nullptr && known->name == f;
  });
  std::string figures, pages;
  size_t shown = 0, left_out = 0;
  for (const std::string& f : files) {
    const KnownFile* known = Known(f);
    std::string what = known != nullptr ? absl::StrCat(" &#8212; ", Esc(known->what)) : "";
    if (IsPicture(f) && (known == nullptr || known->inline_ok)) {
      if (shown == kMaxPictures) {
        ++left_out;
        continue;
      }
      ++shown;
      absl::StrAppend(&figures, "<figure><a href=\"", StoreHref(f), "\"><img src=\"", StoreHref(f),
                      "\" alt=\"", Esc(f), "\" loading=\"lazy\"></a><figcaption>", StoreLink(f),
                      what, "</figcaption></figure>");
    } else if (IsPicture(f) || absl::EndsWith(f, ".html")) {
      absl::StrAppend(&pages, "<li>", StoreLink(f), what, "</li>");
    }
  }
  if (figures.empty() && pages.empty()) return "";
  std::string out = "<section id=\"plots\"><h2>Plots and pages</h2>";
  if (!pages.empty()) absl::StrAppend(&out, "<ul class=\"lines\">", pages, "</ul>");
  absl::StrAppend(&out, figures);
  if (left_out > 0) {
    absl::StrAppend(&out, "<p class=\"note\">", left_out,
                    " more pictures are listed under Files.</p>");
  }
  return out + "</section>\n";
}

std::string CheckerNote(const Value& details) {
  for (const char* key : {"error", "note"}) {
    const Value* v = details.is_map() ? details.FindKeyword(key) : nullptr;
    if (v != nullptr && v->is_string()) return Esc(TruncateUtf8(v->as_string(), 160));
  }
  return "";
}

// One <details> per checker, open when it is not valid; its summary line
// carries the verdict, the anomaly count and the checker's :error or :note.
std::string Checkers(const Analysis& a, const ValueHtml& render) {
  if (!a.results.is_map()) return "";
  std::string sections;
  for (size_t i = 0; i < a.results.map_size(); ++i) {
    const Value& key = a.results.map_key(i);
    if (!key.is_keyword() || key.as_string() == "valid?") continue;
    const std::string& name = key.as_string();
    const Value& details = a.results.map_value(i);
    Validity v = ResultValidity(details);
    std::vector<std::string> anomalies = AnomaliesOf(a, name);
    absl::StrAppend(&sections, "<details id=\"checker-", StoreHref(name), "\"",
                    v == Validity::kTrue ? "" : " open", "><summary><span class=\"name\">",
                    Esc(name), "</span>", ValidityBadge(v));
    if (!anomalies.empty()) {
      absl::StrAppend(&sections, "<span class=\"count\">", anomalies.size(),
                      anomalies.size() == 1 ? " anomaly" : " anomalies", "</span>");
    }
    absl::StrAppend(&sections, "<span class=\"note\">", CheckerNote(details),
                    "</span></summary><div>");
    if (!anomalies.empty()) absl::StrAppend(&sections, Lines(anomalies));
    absl::StrAppend(&sections, render.Render(details), "</div></details>");
  }
  return absl::StrCat("<section id=\"checkers\"><h2>Checkers</h2>", sections, "</section>\n");
}

std::string Options(const nlohmann::json& run) {
  if (!run.is_object() || run.empty()) return "";
  std::string out = "<section id=\"options\"><h2>Options</h2><table class=\"kv\">";
  for (const auto& [key, value] : run.items()) {
    if (key == "reproduce") continue;
    std::string text = value.is_string()
                           ? value.get<std::string>()
                           : value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    absl::StrAppend(&out, "<tr><th>", Esc(key), "</th><td><code>",
                    Esc(TruncateUtf8(text, kMaxInlineBytes)), "</code></td></tr>");
  }
  return out + "</table></section>\n";
}

std::string Files(const IndexPage& p) {
  std::string out = "<section id=\"files\"><h2>Files</h2><ul class=\"files\">";
  size_t shown = 0;
  for (const std::string& f : p.files) {
    if (shown == kMaxFiles) break;
    ++shown;
    const KnownFile* known = Known(f);
    absl::StrAppend(
        &out, "<li>", StoreLink(f),
        known != nullptr ? absl::StrCat(" <span class=\"note\">", Esc(known->what), "</span>") : "",
        "</li>");
  }
  if (p.files.size() > shown) {
    absl::StrAppend(&out, "<li class=\"more\">&#8230; ", p.files.size() - shown, " more</li>");
  }
  return out + "</ul></section>\n";
}

}  // namespace

std::string IndexHtml(const IndexPage& p) {
  std::set<std::string, std::less<>> files;
  std::vector<std::string> listed;
  for (const std::string& f : p.files) {
    if (f == "index.html") continue;
    files.insert(f);
    listed.push_back(f);
  }
  IndexPage page = p;
  page.files = std::move(listed);
  const Validity v = p.analysis != nullptr ? p.analysis->valid : Validity::kUnknown;
  std::string workload = StringField(p.run, "workload");
  std::string out = absl::StrCat(
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
      "<title>",
      Esc(p.analysis == nullptr ? "aborted" : ValidityWord(v)), " \xC2\xB7 ",
      Esc(workload.empty() ? "run" : workload), " ", Esc(p.run_name), "</title><style>",
      std::string(kCss), "</style></head>\n<body><main>\n<h1>harness run ", Esc(p.run_name),
      "</h1>\n");
  absl::StrAppend(&out, Header(page, v), Replay(page));
  if (p.analysis != nullptr) absl::StrAppend(&out, Anomalies(*p.analysis));
  absl::StrAppend(&out, Pictures(page));
  if (p.analysis != nullptr) absl::StrAppend(&out, Checkers(*p.analysis, ValueHtml(files)));
  absl::StrAppend(&out, Options(p.run), Files(page), "</main></body></html>\n");
  return out;
}

}  // namespace harness
