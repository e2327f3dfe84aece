#include "harness/store/reports.h"

#include <exception>
#include <filesystem>
#include <functional>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "harness/store/kafka_files.h"
#include "harness/store/messages_svg.h"
#include "harness/store/store.h"
#include "harness/store/timeline_html.h"

namespace harness {

namespace {

// Runs each writer, catching what drawing may throw (bad_alloc on a huge
// history, a JSON error): a picture is never worth a run.
absl::Status RunAll(const std::vector<std::function<absl::Status()>>& writers) {
  std::vector<std::string> failures;
  for (const auto& write : writers) {
    absl::Status s;
    try {
      s = write();
    } catch (const std::exception& e) {
      s = absl::InternalError(e.what());
    }
    if (!s.ok()) failures.emplace_back(s.message());
  }
  if (failures.empty()) return absl::OkStatus();
  return absl::InternalError(absl::StrCat("reports: ", absl::StrJoin(failures, "; ")));
}

std::vector<std::function<absl::Status()>> Pictures(const std::string& dir, const History& history,
                                                    const Journal& journal,
                                                    const MessageBodies& bodies) {
  return {
      [&] { return WriteTextFile(dir + "/timeline.html", TimelineHtml(history)); },
      [&] { return WriteTextFile(dir + "/messages.svg", MessagesSvg(journal, bodies)); },
      [&] { return WriteKafkaFiles(dir, history); },
  };
}

}  // namespace

absl::Status WriteRunReports(const std::string& dir, const History& history, const Journal& journal,
                             const MessageBodies& bodies) {
  auto writers = Pictures(dir, history, journal, bodies);
  writers.insert(writers.begin(),
                 [&] { return WriteTextFile(dir + "/message-bodies.jsonl", bodies.ToJsonl()); });
  return RunAll(writers);
}

absl::Status RewriteStoredReports(const std::string& dir, const History& history,
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
  absl::Status s = RunAll(Pictures(dir, history, journal, bodies));
  if (read_status.ok()) return s;
  return absl::InternalError(absl::StrCat("reports: ", read_status.message(),
                                          s.ok() ? "" : absl::StrCat("; ", s.message())));
}

}  // namespace harness
