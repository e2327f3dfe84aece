// Proves the front page shows what a reader needs first and stays safe and
// bounded whatever the run produced: the verdict element for valid, invalid
// and aborted runs; the replay command; each checker's verdict with its own
// anomaly lines and its offending ops; a failing entry never cut off by the
// row cap; plots inlined and large pictures only linked; strings naming
// store files linked; every string from the run escaped; no external
// resource or script.
#include "harness/store/index_html.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <string>

#include "harness/checkers/checker_util.h"

namespace harness {
namespace {

size_t Count(const std::string& s, const std::string& what) {
  size_t n = 0;
  for (size_t p = s.find(what); p != std::string::npos; p = s.find(what, p + 1)) ++n;
  return n;
}

Value OpValue(int64_t index, const std::string& type, int64_t element) {
  return MapBuilder()
      .Add("index", Value::Int(index))
      .Add("type", Value::Keyword(type))
      .Add("process", Value::Int(3))
      .Add("f", Value::Keyword("read"))
      .Add("value", Value::Int(element))
      .Build();
}

// A broadcast-like run whose workload lost element 17 (read at op 40).
Analysis Invalid() {
  Analysis a;
  a.valid = Validity::kFalse;
  std::vector<std::pair<Value, Value>> per_key;
  for (int k = 0; k < 100; ++k) {
    per_key.emplace_back(Value::Int(k), MapBuilder().Add("valid?", Value::Bool(k != 77)).Build());
  }
  a.results =
      MapBuilder()
          .Add("perf", MapBuilder()
                           .Add("latency-graph", MapBuilder()
                                                     .Add("valid?", Value::Bool(true))
                                                     .Add("file", Value::String("latency-raw.svg"))
                                                     .Build())
                           .Add("valid?", Value::Bool(true))
                           .Build())
          .Add("stats", MapBuilder().Add("valid?", Value::Bool(true)).Build())
          .Add("workload", MapBuilder()
                               .Add("valid?", Value::Bool(false))
                               .Add("lost", Value::Set({Value::Int(17)}))
                               .Add("worst-read", OpValue(40, "ok", 3))
                               .Add("note", Value::String("<script>alert(1)</script>"))
                               .Add("empty", Value::Map({}))
                               .Add("results", Value::Map(std::move(per_key)))
                               .Build())
          .Add("valid?", Value::Bool(false))
          .Build();
  a.report = {"workload: lost: element 17, added by op 12, missing from read op 40",
              "workload: key 77 is not linearizable"};
  return a;
}

IndexPage Page(const Analysis* a) {
  IndexPage p;
  p.run_name = "20240101T000000.000+0000";
  p.run = {{"workload", "broadcast"},
           {"seed", 7},
           {"reproduce", "harness test -w broadcast --bin 'a b' --seed 7"}};
  p.analysis = a;
  p.ok = 90;
  p.fail = 6;
  p.info = 4;
  p.files = {"history.edn",     "index.html",   "independent/x y/linear.svg",
             "latency-raw.svg", "messages.svg", "node-logs/n0.log",
             "rate.svg",        "results.edn",  "timeline.html",
             "zz-new-check.svg"};
  return p;
}

TEST_CASE("index.html: an invalid run shows its verdict, replay and anomalies") {
  Analysis a = Invalid();
  std::string html = IndexHtml(Page(&a));
  CHECK_THAT(html, Catch::Contains("<header class=\"invalid\"><div id=\"verdict\">Invalid</div>"));
  CHECK_THAT(html, Catch::Contains("90 ok, 6 fail, 4 info"));
  CHECK_THAT(html, Catch::Contains(
                       "<pre id=\"replay-command\">harness test -w broadcast --bin &#39;a b&#39; "
                       "--seed 7</pre>"));
  // Both report lines at the top, and under the workload checker without
  // its prefix; the workload section is open, the valid ones are not.
  CHECK(Count(html, "workload: lost: element 17") == 1);
  CHECK(Count(html, "<li>lost: element 17, added by op 12") == 1);
  CHECK_THAT(html, Catch::Contains("<th>:empty</th><td><code>{}</code>"));
  CHECK_THAT(html, Catch::Contains("<details id=\"checker-workload\" open><summary><span "
                                   "class=\"name\">workload</span><span class=\"badge invalid\">"
                                   "invalid</span><span class=\"count\">2 anomalies</span>"));
  CHECK_THAT(html, Catch::Contains("<details id=\"checker-stats\"><summary>"));
  // The offending op on one line; the failing key 77 comes first although
  // it is past the 40-row cap in the map's own order.
  CHECK_THAT(html, Catch::Contains("<code class=\"op\">{:index 40, :type :ok, :process 3"));
  CHECK_THAT(html, Catch::Contains(
                       "</code> <a class=\"to-op\" href=\"timeline.html#op-40\">timeline</a>"));
  size_t key77 = html.find("<th>77</th>");
  REQUIRE(key77 != std::string::npos);
  CHECK(key77 < html.find("<th>0</th>"));
  CHECK_THAT(html, Catch::Contains("60 more entries (see results.edn)"));
}

TEST_CASE("index.html: pictures inlined or linked, file names linked and encoded") {
  Analysis a = Invalid();
  std::string html = IndexHtml(Page(&a));
  for (const char* inlined :
       {"latency-raw.svg", "rate.svg", "zz-new-check.svg", "independent/x%20y/linear.svg"}) {
    INFO(inlined);
    CHECK(Count(html, std::string("<img src=\"") + inlined + "\"") == 1);
  }
  CHECK(Count(html, "<img src=\"messages.svg\"") == 0);  // can be huge: a link only
  CHECK(Count(html, "<a href=\"messages.svg\">") == 2);  // plots section and files
  CHECK(Count(html, "<a href=\"timeline.html\">") == 2);
  // :file "latency-raw.svg" in :perf names a store file, so it is a link.
  CHECK_THAT(html, Catch::Contains("<td><a href=\"latency-raw.svg\">latency-raw.svg</a></td>"));
  CHECK(Count(html, "href=\"index.html\"") == 0);
  // Our plots come first, before the pictures of any other files.
  CHECK(html.find("<img src=\"latency-raw.svg\"") < html.find("<img src=\"independent/"));
}

TEST_CASE("index.html: many pictures are capped, the store's plots kept") {
  Analysis a = Invalid();
  IndexPage p = Page(&a);
  for (int k = 0; k < 30; ++k)
    p.files.push_back("independent/" + std::to_string(k) + "/linear.svg");
  std::sort(p.files.begin(), p.files.end());
  std::string html = IndexHtml(p);
  CHECK(Count(html, "<img src=") == 8);  // of 34: latency, rate, 32 others
  CHECK(Count(html, "<img src=\"latency-raw.svg\"") == 1);
  CHECK(Count(html, "<img src=\"rate.svg\"") == 1);
  CHECK_THAT(html, Catch::Contains("26 more pictures are listed under Files."));
}

TEST_CASE("index.html: escaped, self-contained, no script") {
  Analysis a = Invalid();
  IndexPage p = Page(&a);
  p.run_name = "<b>run</b>";
  std::string html = IndexHtml(p);
  CHECK(Count(html, "<script") == 0);
  CHECK(Count(html, "<b>run") == 0);
  CHECK_THAT(html, Catch::Contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
  CHECK(Count(html, "http://") == 0);
  CHECK(Count(html, "https://") == 0);
  CHECK(Count(html, "<link") == 0);
}

TEST_CASE("index.html: a valid run and an aborted one") {
  Analysis ok;
  ok.valid = Validity::kTrue;
  ok.results = MapBuilder()
                   .Add("workload", MapBuilder().Add("valid?", Value::Bool(true)).Build())
                   .Add("valid?", Value::Bool(true))
                   .Build();
  std::string html = IndexHtml(Page(&ok));
  CHECK_THAT(html, Catch::Contains("<div id=\"verdict\">Valid</div>"));
  CHECK(Count(html, "id=\"anomalies\"") == 0);

  IndexPage aborted = Page(nullptr);
  aborted.run.erase("reproduce");
  aborted.aborted = "The run aborted during setup:\nNode n0 exited";
  html = IndexHtml(aborted);
  CHECK_THAT(html, Catch::Contains("<header class=\"aborted\"><div id=\"verdict\">Aborted</div>"));
  CHECK_THAT(html, Catch::Contains("The run aborted during setup:&#10;Node n0 exited"));
  CHECK_THAT(html, Catch::Contains("records no replay command"));
  CHECK(Count(html, "id=\"checkers\"") == 0);
}

TEST_CASE("index.html: long collections are cut with a count") {
  Analysis a;
  a.valid = Validity::kFalse;
  std::vector<Value> ops;
  for (int i = 0; i < 1000; ++i) ops.push_back(OpValue(i, "ok", i));
  a.results = MapBuilder()
                  .Add("workload", MapBuilder()
                                       .Add("valid?", Value::Bool(false))
                                       .Add("bad-reads", Value::Vec(std::move(ops)))
                                       .Build())
                  .Add("valid?", Value::Bool(false))
                  .Build();
  for (int i = 0; i < 1000; ++i) a.report.push_back("workload: bad read");
  std::string html = IndexHtml(Page(&a));
  CHECK(Count(html, "<code class=\"op\">") == 20);
  CHECK_THAT(html, Catch::Contains("980 more (see results.edn)"));
  CHECK_THAT(html, Catch::Contains("800 more</li>"));  // 200 report lines shown
  CHECK(html.size() < 200'000);
}

}  // namespace
}  // namespace harness
