#include "harness/store/reports.h"

#include <algorithm>
#include <exception>
#include <filesystem>
#include <functional>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "harness/checkers/checker_util.h"
#include "harness/checkers/kafka_checker.h"
#include "harness/store/latency_svg.h"
#include "harness/store/kafka_files.h"
#include "harness/store/messages_svg.h"
#include "harness/store/rate_svg.h"
#include "harness/store/store.h"
#include "harness/store/timeline_html.h"

namespace harness {

namespace {

// A file of the run directory and the function that draws it.
using Writer = std::pair<std::string, std::function<std::string()>>;

// Runs each writer, catching what drawing may throw (bad_alloc on a huge
// history, a JSON error): a picture is never worth a run.
ReportsWritten RunAll(const std::string& dir, const std::vector<Writer>& writers) {
  ReportsWritten out;
  std::vector<std::string> failures;
  for (const auto& [name, draw] : writers) {
    absl::Status s;
    try {
      s = WriteTextFile(absl::StrCat(dir, "/", name), draw());
    } catch (const std::exception& e) {
      s = absl::InternalError(absl::StrCat(name, ": ", e.what()));
    }
    if (s.ok()) {
      out.files.push_back(name);
    } else {
      failures.emplace_back(s.message());
    }
  }
  if (!failures.empty()) {
    out.status = absl::InternalError(absl::StrCat("reports: ", absl::StrJoin(failures, "; ")));
  }
  return out;
}

std::vector<Writer> Pictures(const History& history, const Journal& journal,
                             const MessageBodies& bodies) {
  std::vector<Writer> writers = {
      {"latency-raw.svg", [&] { return LatencyRawSvg(history); }},
      {"rate.svg", [&] { return RateSvg(history); }},
      {"timeline.html", [&] { return TimelineHtml(history); }},
      {"messages.svg", [&] { return MessagesSvg(journal, bodies); }},
  };
  if (IsKafkaHistory(history)) {
    writers.push_back({"consume-counts.edn", [&] { return KafkaConsumeCountsEdn(history); }});
    writers.push_back({"unseen.svg", [&] { return KafkaUnseenSvg(history); }});
  }
  return writers;
}

Value Plot(const std::vector<std::string>& written, const std::string& file) {
  MapBuilder b;
  b.Add("valid?", Value::Bool(true));
  if (std::find(written.begin(), written.end(), file) != written.end()) {
    b.Add("file", Value::String(file));
  } else {
    b.Add("error", Value::String(absl::StrCat(file, " not written")));
  }
  return b.Build();
}

}  // namespace

ReportsWritten WriteRunReports(const std::string& dir, const History& history,
                               const Journal& journal, const MessageBodies& bodies) {
  auto writers = Pictures(history, journal, bodies);
  writers.insert(writers.begin(), {"message-bodies.jsonl", [&] { return bodies.ToJsonl(); }});
  return RunAll(dir, writers);
}

ReportsWritten RewriteStoredReports(const std::string& dir, const History& history,
                                    const Journal& journal) {
  MessageBodies bodies;
  absl::Status read_status;
  std::string path = dir + "/message-bodies.jsonl";
  if (std::filesystem::exists(path)) {
    // A bad file draws anyway, without bodies.
    auto text = ReadTextFile(path);
    if (!text.ok()) {
      read_status = text.status();
    } else if (auto parsed = MessageBodies::FromJsonl(*text); !parsed.ok()) {
      read_status = parsed.status();
    } else {
      bodies = std::move(*parsed);
    }
  }
  ReportsWritten out = RunAll(dir, Pictures(history, journal, bodies));
  if (!read_status.ok()) {
    out.status = absl::InternalError(
        absl::StrCat("reports: ", read_status.message(),
                     out.status.ok() ? "" : absl::StrCat("; ", out.status.message())));
  }
  return out;
}

void RecordPlots(const std::vector<std::string>& written, Analysis* analysis) {
  Value perf = MapBuilder()
                   .Add("latency-graph", Plot(written, "latency-raw.svg"))
                   .Add("rate-graph", Plot(written, "rate.svg"))
                   .Add("valid?", Value::Bool(true))
                   .Build();
  std::vector<std::pair<Value, Value>> entries;
  bool replaced = false;
  const Value& results = analysis->results;
  for (size_t i = 0; results.is_map() && i < results.map_size(); ++i) {
    const Value& key = results.map_key(i);
    if (key.is_keyword() && key.as_string() == "perf") {
      entries.emplace_back(key, perf);
      replaced = true;
    } else {
      entries.emplace_back(key, results.map_value(i));
    }
  }
  if (!replaced) entries.insert(entries.begin(), {Value::Keyword("perf"), std::move(perf)});
  analysis->results = Value::Map(std::move(entries));
}

}  // namespace harness
