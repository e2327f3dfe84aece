#include "harness/run/run_log.h"

#include <unistd.h>

#include "absl/strings/str_format.h"

namespace harness {

RunLog::RunLog() : tty_(isatty(STDOUT_FILENO) == 1), start_(std::chrono::steady_clock::now()) {}

RunLog::~RunLog() {
  ClearProgress();
  if (file_ != nullptr) fclose(file_);
}

bool RunLog::OpenFile(const std::string& path) {
  file_ = fopen(path.c_str(), "w");
  if (file_ == nullptr) return false;
  fwrite(early_.data(), 1, early_.size(), file_);
  early_.clear();
  return true;
}

void RunLog::SetClock(std::function<int64_t()> now_ns) {
  now_ns_ = std::move(now_ns);
  start_ns_ = now_ns_();
}

void RunLog::ToFile(const std::string& line) {
  double s = now_ns_ ? static_cast<double>(now_ns_() - start_ns_) / 1e9
                     : std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  std::string text = absl::StrFormat("[%9.3f] %s\n", s, line);
  if (file_ != nullptr) {
    fwrite(text.data(), 1, text.size(), file_);
  } else if (early_.size() < (1 << 20)) {
    early_ += text;
  }
}

void RunLog::ClearProgress() {
  if (!progress_shown_) return;
  fputs("\r\033[K", stdout);
  fflush(stdout);
  progress_shown_ = false;
}

void RunLog::Info(const std::string& line) {
  ToFile(line);
  Console(line);
}

void RunLog::Detail(const std::string& line) { ToFile(line); }

void RunLog::Progress(const std::string& line) {
  if (quiet_) return;
  if (tty_) {
    fputs("\r\033[K", stdout);
    fputs(line.c_str(), stdout);
    fflush(stdout);
    progress_shown_ = true;
  } else {
    Info(line);
  }
}

void RunLog::Console(const std::string& line) {
  if (quiet_) return;
  ClearProgress();
  fputs(line.c_str(), stdout);
  fputc('\n', stdout);
  fflush(stdout);
}

}  // namespace harness
