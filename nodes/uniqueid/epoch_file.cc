#include "nodes/uniqueid/epoch_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"

namespace uniqueid {
namespace {

runtime::Error IoError(const std::string& what, const std::string& path) {
  return runtime::Error::Crash(absl::StrCat(what, " ", path, ": ", std::strerror(errno)));
}

std::string DirectoryOf(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? "." : (slash == 0 ? "/" : path.substr(0, slash));
}

bool WriteAllAndSync(int fd, const std::string& data) {
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += size_t(n);
  }
  return fsync(fd) == 0;
}

}  // namespace

runtime::Result<uint64_t> BumpEpoch(const std::string& path) {
  uint64_t previous = 0;
  if (std::ifstream in(path); in) {
    std::stringstream text;
    text << in.rdbuf();
    std::string s = text.str();
    while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), previous);
    if (ec != std::errc() || end != s.data() + s.size()) {
      return runtime::Error::Crash(absl::StrCat("epoch file ", path, " does not hold a number"));
    }
  }
  uint64_t next = previous + 1;
  std::string tmp = path + ".tmp";
  int fd = open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return IoError("cannot create", tmp);
  bool written = WriteAllAndSync(fd, absl::StrCat(next, "\n"));
  close(fd);
  if (!written) return IoError("cannot write", tmp);
  if (rename(tmp.c_str(), path.c_str()) != 0) return IoError("cannot rename onto", path);
  // The rename is durable only once the directory entry is.
  int dir = open(DirectoryOf(path).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir < 0) return IoError("cannot open directory of", path);
  bool synced = fsync(dir) == 0;
  close(dir);
  if (!synced) return IoError("cannot sync directory of", path);
  return next;
}

}  // namespace uniqueid
