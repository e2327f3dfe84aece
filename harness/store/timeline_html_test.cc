// Proves timeline.html draws one box per operation in its process's
// column, coloured by outcome (ok, info, fail, never completed) and
// labelled when there is room, pairs the nemesis's two :info entries into
// one step, escapes history text in the hover titles, stops at the op cap
// and says so, and still makes a valid page of an empty history.
#include "harness/store/timeline_html.h"

#include <catch2/catch.hpp>

namespace harness {
namespace {

Op MakeOp(int64_t process, OpType type, const std::string& f, int64_t ms, Value value = Value()) {
  Op op;
  op.process = process;
  op.type = type;
  op.f = f;
  op.time_ns = ms * 1'000'000;
  op.value = std::move(value);
  return op;
}

size_t Count(const std::string& s, const std::string& what) {
  size_t n = 0;
  for (size_t p = s.find(what); p != std::string::npos; p = s.find(what, p + 1)) ++n;
  return n;
}

TEST_CASE("timeline: one box per op, coloured by outcome") {
  History h = {
      MakeOp(kNemesisProcess, OpType::kInfo, "start-partition", 0, Value::Keyword("majority")),
      MakeOp(kNemesisProcess, OpType::kInfo, "start-partition", 1, Value::String("n1|n2")),
      MakeOp(0, OpType::kInvoke, "read", 10),
      MakeOp(1, OpType::kInvoke, "write", 12, Value::Int(3)),
      MakeOp(0, OpType::kOk, "read", 15, Value::Int(3)),
      MakeOp(1, OpType::kInfo, "write", 1020, Value::Int(3)),
      MakeOp(2, OpType::kInvoke, "cas", 30),
      MakeOp(2, OpType::kFail, "cas", 40),
      MakeOp(3, OpType::kInvoke, "read", 50),  // never completes
  };
  h[7].error = Value::Vec({Value::Keyword("precondition-failed"), Value::String("no")});
  for (size_t i = 0; i < h.size(); ++i) h[i].index = static_cast<int64_t>(i);
  std::string html = TimelineHtml(h);
  struct Case {
    const char* cls;
    size_t count;
  };
  for (const Case& c : {Case{"o ok", 1}, Case{"o info", 2}, Case{"o fail", 1}, Case{"o open", 1}}) {
    INFO(c.cls);
    CHECK(Count(html, std::string("class=\"") + c.cls + "\"") == c.count);
  }
  CHECK(Count(html, "<div class=\"o ") == 5);
  CHECK(Count(html, "<div class=\"h\"") == 5);  // nemesis and processes 0..3
  CHECK(html.find(">nemesis</div>") < html.find(">0</div>"));
  CHECK_THAT(html, Catch::Contains("f start-partition&#10;invoke 0.000 s: :majority&#10;"
                                   "info 0.001 s: &quot;n1|n2&quot;"));
  CHECK_THAT(html, Catch::Contains("error [:precondition-failed &quot;no&quot;]"));
  CHECK_THAT(html, Catch::Contains("never completed\""));
  CHECK_THAT(html, Catch::Contains("latency 1008.0 ms"));
  CHECK_THAT(html, Catch::Contains("5 operations."));
  // A 5 ms op with room below grows to one text line; an ok read shows
  // what it read, a failed cas what it asked.
  CHECK_THAT(html, Catch::Contains(">read 3</div>"));
  // Anchors by history index: the read is invoked at 2, completed at 4.
  CHECK_THAT(html, Catch::Contains("id=\"op-2\" style="));
  CHECK_THAT(html, Catch::Contains("<span id=\"op-4\"></span>read 3</div>"));
  CHECK_THAT(html, Catch::Contains(">cas nil</div>"));
  CHECK(html.find("<script") == std::string::npos);
}

TEST_CASE("timeline: node text in values is escaped") {
  History h = {MakeOp(0, OpType::kInvoke, "echo", 0, Value::String("<b>&\"x\"</b>")),
               MakeOp(0, OpType::kOk, "echo", 100, Value::String("<b>&\"x\"</b>"))};
  std::string html = TimelineHtml(h);
  CHECK(html.find("<b>") == std::string::npos);
  CHECK_THAT(html, Catch::Contains("&lt;b&gt;&amp;\\&quot;x\\&quot;&lt;/b&gt;"));
}

TEST_CASE("timeline: only the first max_ops operations are drawn, and the page says so") {
  History h;
  for (int i = 0; i < 30; ++i) {
    h.push_back(MakeOp(i % 3, OpType::kInvoke, "read", i * 10));
    h.push_back(MakeOp(i % 3, OpType::kOk, "read", i * 10 + 5));
  }
  std::string html = TimelineHtml(h, 10);
  CHECK(Count(html, "<div class=\"o ") == 10);
  CHECK_THAT(html, Catch::Contains("30 operations; only the first 10 are drawn"));
  CHECK(Count(TimelineHtml(h), "<div class=\"o ") == 30);
}

TEST_CASE("timeline: an empty history is a valid empty page") {
  std::string html = TimelineHtml({});
  CHECK_THAT(html, Catch::StartsWith("<!DOCTYPE html>"));
  CHECK_THAT(html, Catch::Contains("0 operations."));
  CHECK_THAT(html, Catch::EndsWith("</html>\n"));
  CHECK(Count(html, "<div class=\"o ") == 0);
}

}  // namespace
}  // namespace harness
