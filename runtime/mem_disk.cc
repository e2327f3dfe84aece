#include "runtime/mem_disk.h"

#include <algorithm>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "runtime/check.h"
#include "runtime/random.h"

namespace runtime {
namespace {

std::string Parent(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? "." : path.substr(0, slash);
}

}  // namespace

absl::Status MemDisk::CreateDir(const std::string& dir) {
  dirs_.insert(dir);
  return absl::OkStatus();
}

absl::StatusOr<std::vector<std::string>> MemDisk::ListDir(const std::string& dir) {
  if (!dirs_.count(dir)) return absl::NotFoundError(absl::StrCat("no directory ", dir));
  std::set<std::string> names;
  const std::string prefix = dir + "/";
  auto add = [&](const std::string& path) {
    if (!absl::StartsWith(path, prefix)) return;
    std::string rest = path.substr(prefix.size());
    if (!rest.empty() && rest.find('/') == std::string::npos) names.insert(rest);
  };
  for (const auto& [path, file] : files_) add(path);
  for (const std::string& d : dirs_) add(d);
  return std::vector<std::string>(names.begin(), names.end());
}

absl::StatusOr<uint64_t> MemDisk::FileSize(const std::string& path) {
  auto it = files_.find(path);
  if (it == files_.end()) return absl::NotFoundError(absl::StrCat("no file ", path));
  return uint64_t(it->second.bytes.size());
}

absl::Status MemDisk::Append(const std::string& path, std::string_view bytes) {
  if (!dirs_.count(Parent(path))) return absl::NotFoundError(absl::StrCat("no directory for ", path));
  files_[path].bytes.append(bytes);
  return absl::OkStatus();
}

absl::StatusOr<std::string> MemDisk::ReadAt(const std::string& path, uint64_t pos, size_t max_bytes) {
  auto it = files_.find(path);
  if (it == files_.end()) return absl::NotFoundError(absl::StrCat("no file ", path));
  const std::string& b = it->second.bytes;
  if (pos >= b.size()) return std::string();
  std::string out = b.substr(size_t(pos), max_bytes);
  if (read_fault_probability_ > 0 && UniformReal(read_fault_engine_) < read_fault_probability_) {
    const int64_t bit = UniformInt(read_fault_engine_, 0, int64_t(out.size()) * 8);
    out[size_t(bit / 8)] = char(uint8_t(out[size_t(bit / 8)]) ^ uint8_t(1u << (bit % 8)));
    ++read_faults_injected_;
  }
  return out;
}

absl::Status MemDisk::Truncate(const std::string& path, uint64_t size) {
  auto it = files_.find(path);
  if (it == files_.end()) return absl::NotFoundError(absl::StrCat("no file ", path));
  KIT_CHECK(size <= it->second.bytes.size());
  it->second.bytes.resize(size_t(size));
  it->second.synced = std::min(it->second.synced, size_t(size));
  return absl::OkStatus();
}

absl::Status MemDisk::Sync(const std::string& path) {
  if (fail_sync_) return absl::InternalError(absl::StrCat("injected sync failure on ", path));
  auto it = files_.find(path);
  if (it == files_.end()) return absl::NotFoundError(absl::StrCat("no file ", path));
  it->second.synced = it->second.bytes.size();
  ++sync_count_;
  return absl::OkStatus();
}

absl::Status MemDisk::Rename(const std::string& from, const std::string& to) {
  auto it = files_.find(from);
  if (it == files_.end()) return absl::NotFoundError(absl::StrCat("no file ", from));
  File f = std::move(it->second);
  files_.erase(it);
  files_[to] = std::move(f);
  return absl::OkStatus();
}

absl::Status MemDisk::Remove(const std::string& path) {
  if (files_.erase(path) == 0) return absl::NotFoundError(absl::StrCat("no file ", path));
  return absl::OkStatus();
}

void MemDisk::Crash(size_t torn_bytes) {
  for (auto& [path, f] : files_) {
    f.bytes.resize(std::min(f.bytes.size(), f.synced + torn_bytes));
  }
}

void MemDisk::CrashRandomly(std::mt19937_64& engine) {
  for (auto& [path, f] : files_) {
    const size_t unsynced = f.bytes.size() - std::min(f.synced, f.bytes.size());
    if (unsynced == 0) continue;
    size_t keep = 0;
    if (UniformInt(engine, 0, 2) == 1) keep = size_t(UniformInt(engine, 0, int64_t(unsynced) + 1));
    f.bytes.resize(f.synced + keep);
  }
}

void MemDisk::SetReadFaults(double probability, uint64_t seed) {
  read_fault_probability_ = probability;
  read_fault_engine_.seed(seed);
}

std::string& MemDisk::mutable_bytes(const std::string& path) {
  auto it = files_.find(path);
  KIT_CHECK(it != files_.end());
  return it->second.bytes;
}

std::shared_ptr<const MemDisk::Image> MemDisk::TakeImage() const {
  return std::make_shared<const Image>(Image{files_, dirs_});
}

void MemDisk::RestoreImage(const Image& image) {
  files_ = image.files;
  dirs_ = image.dirs;
}

}  // namespace runtime
