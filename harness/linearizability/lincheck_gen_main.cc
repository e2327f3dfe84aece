// lincheck_gen: writes a generated history (history_gen.h) to stdout, and
// its known verdict and what was planted to stderr, for trying `harness
// check` (or Knossos, Porcupine) on histories with a known answer.
//
//   lincheck_gen [--model kv|cas-register] [--clients N] [--keys N] [--ops N]
//                [--seed N] [--crash-rate P]
//                [--mutation none|stale-read|lost-write|reordered-append]
//                [--format log|edn|edn-key|edn-vector]
// Formats: Jepsen log lines; EDN one op a line with [key v] values; the
// same with Porcupine's :key field; one EDN vector spanning lines (Knossos).
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "harness/linearizability/history_gen.h"

int main(int argc, char** argv) {
  using harness::lin::Mutation;
  harness::lin::GenOptions o;
  Mutation mutation = Mutation::kNone;
  std::string format = "log";
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    const std::string v = argv[i + 1];
    if (flag == "--model" && (v == "kv" || v == "cas-register")) {
      o.model = v == "kv" ? harness::lin::ModelKind::kKv : harness::lin::ModelKind::kCasRegister;
    } else if (flag == "--clients") {
      o.clients = std::atoi(v.c_str());
    } else if (flag == "--keys") {
      o.keys = std::atoi(v.c_str());
    } else if (flag == "--ops") {
      o.ops = std::atoi(v.c_str());
    } else if (flag == "--seed") {
      o.seed = std::strtoull(v.c_str(), nullptr, 10);
    } else if (flag == "--crash-rate") {
      o.crash_rate = std::atof(v.c_str());
    } else if (flag == "--format" && (v == "log" || v == "edn" || v == "edn-key" || v == "edn-vector")) {
      format = v;
    } else if (flag == "--mutation") {
      bool found = false;
      for (Mutation m : {Mutation::kNone, Mutation::kStaleRead, Mutation::kLostWrite,
                         Mutation::kReorderedAppend}) {
        if (v == harness::lin::MutationName(m)) {
          mutation = m;
          found = true;
        }
      }
      if (!found) {
        std::fprintf(stderr, "lincheck_gen: unknown mutation '%s'\n", v.c_str());
        return 2;
      }
    } else {
      std::fprintf(stderr, "lincheck_gen: bad flag %s %s\n", flag.c_str(), v.c_str());
      return 2;
    }
  }
  if (argc % 2 == 0) {
    std::fprintf(stderr, "lincheck_gen: flag %s needs a value\n", argv[argc - 1]);
    return 2;
  }
  const harness::lin::GeneratedHistory g = harness::lin::GenerateHistory(o, mutation);
  std::string text;
  if (format == "log") text = harness::lin::ToJepsenLog(g.history);
  if (format == "edn") text = harness::lin::ToEdnLines(g.history, false);
  if (format == "edn-key") text = harness::lin::ToEdnLines(g.history, true);
  if (format == "edn-vector") text = harness::lin::ToEdnVector(g.history);
  std::fwrite(text.data(), 1, text.size(), stdout);
  std::fprintf(stderr, "expected: %s%s%s\n", g.linearizable ? "linearizable" : "not-linearizable",
               g.planted.empty() ? "" : "; planted: ", g.planted.c_str());
  return 0;
}
