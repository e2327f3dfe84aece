// ReadFileVerified: reads a whole file for recovery, telling a transient
// read fault from what is really on the disk.
//
// A disk may return a corrupted or misdirected read that a second read does
// not repeat (MemDisk::SetReadFaults models it). Recovery must neither use
// such bytes nor cut synced records off the file because of them. The
// caller's `scan` says how many leading bytes of a read are good (whole
// records whose checksums match). A read scanned to its end is taken at
// once. Otherwise the file is read again: a torn tail or real corruption
// reads the same every time, a transient fault does not, so a short scan is
// accepted only once two reads return identical bytes. After `max_reads`
// reads with no two alike the result is DataLoss (the caller logs it and
// refuses to open), never a guess. On a healthy disk this costs one read,
// and one more when the file really ends in a torn record.
#ifndef RUNTIME_VERIFIED_READ_H_
#define RUNTIME_VERIFIED_READ_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "runtime/disk.h"

namespace runtime {

inline constexpr int kMaxVerifiedReads = 3;

struct VerifiedRead {
  std::string bytes;  // the whole file as accepted
  size_t good = 0;    // scan(bytes): the caller's good prefix
  int reads = 0;      // how many reads it took
};

// NotFound if the file does not exist. REQUIRES: scan(b) <= b.size(), and
// scan is a pure function of its argument. max_reads >= 2.
absl::StatusOr<VerifiedRead> ReadFileVerified(Disk& disk, const std::string& path,
                                              absl::FunctionRef<size_t(std::string_view)> scan,
                                              int max_reads = kMaxVerifiedReads);

}  // namespace runtime

#endif  // RUNTIME_VERIFIED_READ_H_
