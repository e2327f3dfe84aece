// RunLog: the run's log (jepsen.log in the store) and its console output.
//
// Info lines go to the file and the console; Detail lines (ops, network
// traces, node stderr) only to the file. On a terminal, Progress keeps one
// status line that is redrawn in place (and cleared before any Info line);
// when stdout is not a terminal, Progress lines are printed as plain lines.
// File lines carry the seconds since the log was made, on the monotonic
// clock unless SetClock gives the run's own (a simulated run's log then
// has the same times for the same seed). Loop thread only.
#ifndef HARNESS_RUN_RUN_LOG_H_
#define HARNESS_RUN_RUN_LOG_H_

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <string>

namespace harness {

class RunLog {
 public:
  RunLog();
  ~RunLog();
  RunLog(const RunLog&) = delete;
  RunLog& operator=(const RunLog&) = delete;

  // Starts writing to `path`; lines logged before are kept and written first.
  bool OpenFile(const std::string& path);
  void Info(const std::string& line);
  void Detail(const std::string& line);
  void Progress(const std::string& line);
  // Writes `line` to the console only (verdict lines keep their own format).
  void Console(const std::string& line);
  bool console_is_tty() const { return tty_; }
  // A quiet log writes its file only.
  void set_quiet(bool quiet) { quiet_ = quiet; }
  // Times later lines from `now_ns()` (a Loop's NowNs), counting from
  // this call.
  void SetClock(std::function<int64_t()> now_ns);

 private:
  void ToFile(const std::string& line);
  void ClearProgress();

  bool tty_ = false;
  bool quiet_ = false;
  bool progress_shown_ = false;
  FILE* file_ = nullptr;
  std::string early_;  // lines logged before the file was opened
  std::chrono::steady_clock::time_point start_;
  std::function<int64_t()> now_ns_;  // empty: the monotonic clock
  int64_t start_ns_ = 0;
};

}  // namespace harness

#endif  // HARNESS_RUN_RUN_LOG_H_
