#include "harness/elle/txn_check_command.h"

#include <charconv>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "harness/elle/cycle_svg.h"
#include "harness/elle/txn_check.h"
#include "harness/elle/txn_models.h"

namespace harness::elle {
namespace {

constexpr int kUsageError = 254;

void Usage(std::ostream& err) {
  err << "usage: harness check --model txn-rw-register|txn-list-append\n"
         "                     [--consistency-models M[,M...]] [--max-steps N]\n"
         "                     [--svg-dir DIR] FILE...\n"
         "FILE: an EDN history (op maps, one a line or in one vector) or a run's store "
         "directory.\n"
         "exit: 0 valid, 1 not, 2 unknown (worst over files)\n";
}

struct Flags {
  TxnCheckOptions options;
  std::string svg_dir;
  std::vector<std::string> files;
};

bool Parse(const std::vector<std::string>& args, Flags* f, std::ostream& err) {
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a.empty() || a[0] != '-') {
      f->files.push_back(a);
      continue;
    }
    if (a != "--model" && a != "--consistency-models" && a != "--max-steps" && a != "--svg-dir") {
      err << "harness check: unknown flag " << a << " for a txn model\n";
      return false;
    }
    if (i + 1 >= args.size()) {
      err << "harness check: flag " << a << " needs a value\n";
      return false;
    }
    const std::string& v = args[++i];
    if (a == "--model") {
      if (v != "txn-rw-register" && v != "txn-list-append") {
        err << "harness check: --model " << v << " is not a txn model\n";
        return false;
      }
      f->options.list_append = v == "txn-list-append";
    } else if (a == "--consistency-models") {
      auto m = ParseTxnModels(v);
      if (!m.ok()) {
        err << "harness check: " << m.status().message() << "\n";
        return false;
      }
      f->options.models = *m;
    } else if (a == "--max-steps") {
      int64_t n = 0;
      auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
      if (ec != std::errc() || end != v.data() + v.size() || n < 0) {
        err << "harness check: --max-steps must be a non-negative integer, not '" << v << "'\n";
        return false;
      }
      f->options.max_steps = n;
    } else {
      f->svg_dir = v;
    }
  }
  if (f->files.empty()) {
    err << "harness check: no FILE given\n";
    return false;
  }
  return true;
}

absl::StatusOr<History> Load(const std::string& file) {
  std::filesystem::path p(file);
  std::error_code ec;
  if (std::filesystem::is_directory(p, ec)) p /= "history.edn";
  std::ifstream in(p);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", p.string()));
  std::stringstream text;
  text << in.rdbuf();
  return HistoryFromEdn(text.str());
}

Validity CheckFile(const Flags& f, const std::string& file, std::ostream& out, std::ostream& err) {
  absl::StatusOr<History> h = Load(file);
  if (!h.ok()) {
    out << file << ": unknown: " << h.status().message() << "\n";
    return Validity::kUnknown;
  }
  const auto start = std::chrono::steady_clock::now();
  TxnCheckOutput r = CheckTxn(*h, f.options);
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::steady_clock::now() - start)
                      .count();
  const Value* txns = r.result.details.FindKeyword("txn-count");
  const std::string facts = absl::StrCat(" (", txns ? txns->as_int() : 0, " txns, ", ms,
                                         " ms; models ", absl::StrJoin(f.options.models, ","), ")");
  const Value* types = r.result.details.FindKeyword("anomaly-types");
  switch (r.result.valid) {
    case Validity::kTrue:
      out << file << ": valid" << facts << "\n";
      break;
    case Validity::kFalse:
      out << file << ": NOT valid" << facts << "\n";
      break;
    case Validity::kUnknown:
      out << file << ": unknown" << facts << "\n";
      break;
  }
  if (types != nullptr && !types->items().empty())
    out << "  anomaly types: " << types->ToEdn() << "\n";
  for (const char* k : {"not", "also-not"}) {
    const Value* m = r.result.details.FindKeyword(k);
    if (m != nullptr && !m->items().empty()) out << "  :" << k << " " << m->ToEdn() << "\n";
  }
  if (const Value* bad = r.result.details.FindKeyword("malformed-ops")) {
    err << file << ": " << bad->as_int() << " txn ops could not be read and were left out\n";
  }
  for (const std::string& line : r.result.anomalies) out << "  " << line << "\n";
  if (!f.svg_dir.empty()) {
    std::filesystem::create_directories(f.svg_dir);
    const std::string stem = std::filesystem::path(file).filename().string();
    for (const TxnCycleDrawing& c : r.cycles) {
      const auto path =
          std::filesystem::path(f.svg_dir) / absl::StrCat(stem, "-", c.anomaly, ".svg");
      std::ofstream svg(path);
      svg << CycleSvg(c);
      if (svg) {
        out << "  picture: " << path.string() << "\n";
      } else {
        err << "harness check: cannot write " << path.string() << "\n";
      }
    }
  }
  return r.result.valid;
}

}  // namespace

bool IsTxnCheck(const std::vector<std::string>& args) {
  for (size_t i = 0; i + 1 < args.size(); ++i) {
    if (args[i] == "--model" && args[i + 1].starts_with("txn-")) return true;
  }
  return false;
}

int RunTxnCheckCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  Flags f;
  if (!Parse(args, &f, err)) {
    Usage(err);
    return kUsageError;
  }
  Validity worst = Validity::kTrue;
  for (const std::string& file : f.files) worst = WorstOf(worst, CheckFile(f, file, out, err));
  return ExitStatusFor(worst);
}

}  // namespace harness::elle
