// The text forms of a generated history (history_gen.h): Jepsen log lines,
// EDN one op a line (optionally with Porcupine's :key field), and EDN as one
// vector spanning lines, the three shapes history_files.h reads.
#include "absl/strings/str_cat.h"
#include "harness/linearizability/history_gen.h"

namespace harness::lin {
namespace {

std::string ProcessText(const Op& op) {
  return op.is_client() ? std::to_string(op.process) : ":nemesis";
}

}  // namespace

std::string ToJepsenLog(const History& history) {
  std::string out;
  for (const Op& op : history) {
    absl::StrAppend(&out, "INFO  jepsen.util - ", ProcessText(op), "\t:", std::string(OpTypeName(op.type)), "\t:",
                    op.f, "\t", op.value.ToEdn(), "\n");
  }
  return out;
}

std::string ToEdnLines(const History& history, bool key_field) {
  std::string out;
  for (const Op& op : history) {
    const bool split = key_field && op.value.is_vector() && op.value.items().size() == 2;
    absl::StrAppend(&out, "{:process ", ProcessText(op), ", :type :", std::string(OpTypeName(op.type)), ", :f :",
                    op.f);
    if (split) {
      absl::StrAppend(&out, ", :key ", op.value.items()[0].ToEdn(), ", :value ",
                      op.value.items()[1].ToEdn());
    } else {
      absl::StrAppend(&out, ", :value ", op.value.ToEdn());
    }
    absl::StrAppend(&out, ", :index ", op.index, "}\n");
  }
  return out;
}

std::string ToEdnVector(const History& history) {
  // Knossos's data: "[{:process 0, :type :invoke, :f :write, :value 3}\n {...}]",
  // here with each map broken over two lines as a pretty-printer would.
  std::string out = "[";
  for (size_t i = 0; i < history.size(); ++i) {
    const Op& op = history[i];
    absl::StrAppend(&out, i == 0 ? "" : "\n ", "{:process ", ProcessText(op), ",\n  :type :",
                    std::string(OpTypeName(op.type)), ",\n  :f :", op.f, ",\n  :value ", op.value.ToEdn(),
                    ",\n  :time ", i * 1000, "}");
  }
  out += "]\n";
  return out;
}

}  // namespace harness::lin
