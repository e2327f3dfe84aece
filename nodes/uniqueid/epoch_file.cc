#include "nodes/uniqueid/epoch_file.h"

#include <charconv>
#include <optional>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "runtime/crc32.h"
#include "runtime/verified_read.h"

namespace uniqueid {
namespace {

runtime::Error IoError(const std::string& what, const absl::Status& st) {
  return runtime::Error::Crash(absl::StrCat(what, ": ", st.message()));
}

std::string DirectoryOf(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? "." : (slash == 0 ? "/" : path.substr(0, slash));
}

// "<epoch> <crc32 of the epoch's digits, 8 hex digits>\n": the checksum
// tells a bad read from the file's real content, so one good read is
// enough. Files written before the checksum ("<epoch>\n") are still read.
std::string Encode(uint64_t epoch) {
  std::string digits = absl::StrCat(epoch);
  return absl::StrFormat("%s %08x\n", digits, runtime::Crc32(digits));
}

// The epoch of a checksummed file; nullopt if `text` is not one.
std::optional<uint64_t> DecodeChecked(std::string_view text) {
  size_t space = text.find(' ');
  if (space == std::string_view::npos || text.size() != space + 1 + 8 + 1 || text.back() != '\n') return std::nullopt;
  std::string_view digits = text.substr(0, space);
  uint32_t crc = 0;
  auto [crc_end, crc_ec] = std::from_chars(text.data() + space + 1, text.data() + space + 9, crc, 16);
  if (crc_ec != std::errc() || crc_end != text.data() + space + 9 || crc != runtime::Crc32(digits)) {
    return std::nullopt;
  }
  uint64_t epoch = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), epoch);
  if (ec != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
  return epoch;
}

// The epoch of a file from before the checksum: digits, then blanks.
std::optional<uint64_t> DecodeLegacy(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  uint64_t epoch = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), epoch);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return epoch;
}

}  // namespace

runtime::Result<uint64_t> BumpEpoch(runtime::Disk& disk, const std::string& path) {
  uint64_t previous = 0;
  // A checksummed file is taken on one good read; anything else (a legacy
  // file, or a bad read) only once two reads agree (verified_read.h). A bad
  // read taken as the epoch would hand out an old epoch again.
  absl::StatusOr<runtime::VerifiedRead> read = runtime::ReadFileVerified(
      disk, path, [](std::string_view b) { return DecodeChecked(b) ? b.size() : size_t{0}; });
  if (read.ok()) {
    std::optional<uint64_t> epoch = DecodeChecked(read->bytes);
    if (!epoch) epoch = DecodeLegacy(read->bytes);
    if (!epoch) return runtime::Error::Crash(absl::StrCat("epoch file ", path, " does not hold a number"));
    previous = *epoch;
  } else if (!absl::IsNotFound(read.status())) {
    return IoError(absl::StrCat("cannot read ", path), read.status());
  }
  uint64_t next = previous + 1;
  std::string tmp = path + ".tmp";
  // A temp file left by a crash would be appended to: start it afresh.
  if (disk.FileSize(tmp).ok()) {
    if (absl::Status st = disk.Remove(tmp); !st.ok()) return IoError("cannot remove", st);
  }
  if (absl::Status st = disk.Append(tmp, Encode(next)); !st.ok()) return IoError("cannot create", st);
  if (absl::Status st = disk.Sync(tmp); !st.ok()) return IoError("cannot write", st);
  if (absl::Status st = disk.Rename(tmp, path); !st.ok()) return IoError("cannot rename onto", st);
  // The rename is durable only once the directory entry is.
  if (absl::Status st = disk.SyncDir(DirectoryOf(path)); !st.ok()) return IoError("cannot sync directory of", st);
  return next;
}

}  // namespace uniqueid
