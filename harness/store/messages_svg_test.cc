// Proves messages.svg draws one arrow per message between the right lanes:
// black between servers, blue with a client at either end, pink for an
// error body; a message never delivered as a dashed stub with a cross; one
// delivered past the window dashed to the bottom; init traffic left out (by
// body type, or by negative time when no body is known); the event cap
// announced; bodies escaped; and an empty journal still a valid picture.
#include "harness/store/messages_svg.h"

#include <catch2/catch.hpp>

namespace harness {
namespace {

using K = JournalEvent::Kind;

size_t Count(const std::string& s, const std::string& what) {
  size_t n = 0;
  for (size_t p = s.find(what); p != std::string::npos; p = s.find(what, p + 1)) ++n;
  return n;
}

constexpr int64_t kMs = 1'000'000;

TEST_CASE("messages: arrow classes by endpoints and body") {
  Journal j = {
      {-9 * kMs, K::kSend, 0, "c0", "n1"},  // init, by time (no body)
      {-8 * kMs, K::kRecv, 0, "c0", "n1"},
      {1 * kMs, K::kSend, 1, "c3", "n1"},
      {1 * kMs, K::kRecv, 1, "c3", "n1"},
      {2 * kMs, K::kSend, 2, "n1", "n2"},
      {3 * kMs, K::kSend, 3, "n1", "lin-kv"},
      {4 * kMs, K::kRecv, 3, "n1", "lin-kv"},
      {5 * kMs, K::kSend, 4, "lin-kv", "n1"},
      {6 * kMs, K::kRecv, 4, "lin-kv", "n1"},
      {102 * kMs, K::kRecv, 2, "n1", "n2"},
      {103 * kMs, K::kSend, 5, "n2", "n1"},  // never delivered
  };
  MessageBodies bodies;
  bodies.Add(4, {"error", R"({"type":"error","code":20,"text":"<no key> & \"x\""})"});
  std::string svg = MessagesSvg(j, bodies);
  struct Case {
    const char* what;
    size_t count;
  };
  const Case cases[] = {
      {"<line class=\"s\"", 2},    // n1->n2, n1->lin-kv
      {"<line class=\"c\"", 1},    // c3->n1 (the init c0->n1 is left out)
      {"<line class=\"e\"", 1},    // lin-kv's error reply
      {"<line class=\"s d\"", 1},  // n2->n1 dropped
      {"<path class=\"x\"", 1},    // its cross
      {"<g><title>", 5},
      {">c0<", 0},  // no lane for the init client
      {"message 5: n2 -&gt; n1", 1},
      {"never delivered", 2},  // the legend and message 5
      {"(body not recorded)", 4},
      {"&lt;no key&gt; &amp; \\&quot;x\\&quot;", 1},
      {"9 network events after init.", 1},
  };
  for (const Case& c : cases) {
    INFO(c.what);
    CHECK(Count(svg, c.what) == c.count);
  }
  // Lanes: nodes by number, then services, then clients.
  CHECK(svg.find(">n1</text>") < svg.find(">n2</text>"));
  CHECK(svg.find(">n2</text>") < svg.find(">lin-kv</text>"));
  CHECK(svg.find(">lin-kv</text>") < svg.find(">c3</text>"));
}

TEST_CASE("messages: init is recognised by body type; the cap cuts the window") {
  Journal j = {{0, K::kSend, 0, "c0", "n1"}, {0, K::kRecv, 0, "c0", "n1"}};
  for (int i = 1; i <= 20; ++i) {
    j.push_back({i * kMs, K::kSend, i, "n1", "n2"});
    j.push_back({i * kMs + 50 * kMs, K::kRecv, i, "n1", "n2"});
  }
  MessageBodies bodies;
  bodies.Add(0, {"init", "{}"});
  // Events in time order, as the network journals them.
  std::stable_sort(j.begin(), j.end(), [](const JournalEvent& a, const JournalEvent& b) {
    return a.time_ns < b.time_ns;
  });
  std::string svg = MessagesSvg(j, bodies, 10);
  CHECK_THAT(svg, Catch::Contains("40 network events after init; the first 10 drawn"));
  CHECK(Count(svg, "<g><title>") == 10);           // all ten events are sends (1..10)
  CHECK(Count(svg, "<line class=\"s d\"") == 10);  // delivered after the window
  CHECK(Count(svg, "after the drawn window") == 10);
  CHECK(Count(svg, ">c0<") == 0);
}

TEST_CASE("messages: an empty journal is a valid picture") {
  std::string svg = MessagesSvg({}, MessageBodies());
  CHECK_THAT(svg, Catch::StartsWith("<svg xmlns=\"http://www.w3.org/2000/svg\""));
  CHECK_THAT(svg, Catch::Contains("no network events after init"));
  CHECK_THAT(svg, Catch::EndsWith("</svg>\n"));
}

}  // namespace
}  // namespace harness
