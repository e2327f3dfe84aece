// NewPosixDisk: Disk on POSIX files with an LRU cache of descriptors.
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <list>
#include <unordered_map>

#include "absl/strings/str_cat.h"
#include "runtime/disk.h"

namespace runtime {
namespace {

absl::Status Errno(const char* what, const std::string& path) {
  int e = errno;
  std::string text = absl::StrCat(what, " ", path, ": ", std::strerror(e));
  return e == ENOENT ? absl::NotFoundError(text) : absl::InternalError(text);
}

class PosixDisk final : public Disk {
 public:
  explicit PosixDisk(size_t max_open) : max_open_(std::max<size_t>(max_open, 1)) {}
  ~PosixDisk() override {
    for (auto& [path, fd] : lru_) ::close(fd);
  }

  absl::Status CreateDir(const std::string& dir) override {
    if (::mkdir(dir.c_str(), 0755) == 0 || errno == EEXIST) return absl::OkStatus();
    return Errno("mkdir", dir);
  }

  absl::StatusOr<std::vector<std::string>> ListDir(const std::string& dir) override {
    DIR* d = ::opendir(dir.c_str());
    if (d == nullptr) return Errno("opendir", dir);
    std::vector<std::string> names;
    while (dirent* e = ::readdir(d)) {
      std::string name = e->d_name;
      if (name != "." && name != "..") names.push_back(std::move(name));
    }
    ::closedir(d);
    std::sort(names.begin(), names.end());
    return names;
  }

  absl::StatusOr<uint64_t> FileSize(const std::string& path) override {
    struct stat st;
    if (::stat(path.c_str(), &st) != 0) return Errno("stat", path);
    return uint64_t(st.st_size);
  }

  absl::Status Append(const std::string& path, std::string_view bytes) override {
    absl::StatusOr<int> fd = Fd(path, /*create=*/true);
    if (!fd.ok()) return fd.status();
    while (!bytes.empty()) {
      ssize_t n = ::write(*fd, bytes.data(), bytes.size());
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return Errno("write", path);
      bytes.remove_prefix(size_t(n));
    }
    return absl::OkStatus();
  }

  absl::StatusOr<std::string> ReadAt(const std::string& path, uint64_t pos, size_t max_bytes) override {
    absl::StatusOr<int> fd = Fd(path, /*create=*/false);
    if (!fd.ok()) return fd.status();
    std::string out(max_bytes, '\0');
    size_t got = 0;
    while (got < max_bytes) {
      ssize_t n = ::pread(*fd, out.data() + got, max_bytes - got, off_t(pos + got));
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return Errno("pread", path);
      if (n == 0) break;
      got += size_t(n);
    }
    out.resize(got);
    return out;
  }

  absl::Status Truncate(const std::string& path, uint64_t size) override {
    if (::truncate(path.c_str(), off_t(size)) != 0) return Errno("truncate", path);
    return absl::OkStatus();
  }

  absl::Status Sync(const std::string& path) override {
    absl::StatusOr<int> fd = Fd(path, /*create=*/false);
    if (!fd.ok()) return fd.status();
    if (::fdatasync(*fd) != 0) return Errno("fdatasync", path);
    return absl::OkStatus();
  }

  absl::Status SyncDir(const std::string& dir) override {
    int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return Errno("open dir", dir);
    int rc = ::fsync(fd);
    ::close(fd);
    if (rc != 0) return Errno("fsync dir", dir);
    return absl::OkStatus();
  }

  absl::Status Rename(const std::string& from, const std::string& to) override {
    Close(from);
    Close(to);
    if (::rename(from.c_str(), to.c_str()) != 0) return Errno("rename", from);
    return absl::OkStatus();
  }

  absl::Status Remove(const std::string& path) override {
    Close(path);
    if (::unlink(path.c_str()) != 0) return Errno("unlink", path);
    return absl::OkStatus();
  }

 private:
  using Lru = std::list<std::pair<std::string, int>>;

  // The cached descriptor of `path`, opening it (and closing the least
  // recently used one) when needed. Closing never loses data: written
  // bytes sit in the page cache and a later fdatasync on a fresh
  // descriptor flushes the whole file.
  absl::StatusOr<int> Fd(const std::string& path, bool create) {
    if (auto it = index_.find(path); it != index_.end()) {
      lru_.splice(lru_.begin(), lru_, it->second);
      return it->second->second;
    }
    int flags = O_RDWR | O_APPEND | O_CLOEXEC | (create ? O_CREAT : 0);
    int fd = ::open(path.c_str(), flags, 0644);
    if (fd < 0) return Errno("open", path);
    if (lru_.size() >= max_open_) {
      ::close(lru_.back().second);
      index_.erase(lru_.back().first);
      lru_.pop_back();
    }
    lru_.emplace_front(path, fd);
    index_[path] = lru_.begin();
    return fd;
  }

  void Close(const std::string& path) {
    auto it = index_.find(path);
    if (it == index_.end()) return;
    ::close(it->second->second);
    lru_.erase(it->second);
    index_.erase(it);
  }

  size_t max_open_;
  Lru lru_;
  std::unordered_map<std::string, Lru::iterator> index_;
};

}  // namespace

std::unique_ptr<Disk> NewPosixDisk(size_t max_open_files) { return std::make_unique<PosixDisk>(max_open_files); }

}  // namespace runtime
