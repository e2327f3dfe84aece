// EpochFile: a counter on disk that grows by one every time a process starts.
//
// The unique-id node makes its ids unique across kills and restarts of the
// same node id by putting this boot epoch in every id. Bump() reads the
// previous epoch, writes the next one to a temporary file, syncs it,
// renames it over the old one and syncs the directory, so after Bump()
// returns no later boot can see an epoch <= the returned one, even if the
// machine loses power. All through a runtime::Disk (real files in the
// binary, a MemDisk under the simulator). The file is one line of text,
// the epoch and the CRC-32 of its digits in hex ("3 6dd28e9b\n"), so a
// bad read is recognised and read again (runtime/verified_read.h) and can
// never pass for an older epoch. A file from before the checksum ("3\n")
// is still read, once two reads of it agree.
#ifndef NODES_UNIQUEID_EPOCH_FILE_H_
#define NODES_UNIQUEID_EPOCH_FILE_H_

#include <cstdint>
#include <string>

#include "runtime/disk.h"
#include "runtime/result.h"

namespace uniqueid {

// Returns the new epoch (1 on first use). Fails, without touching the old
// file, if the file exists but does not hold a number (we cannot know which
// epochs were used), if reads of it never agree, or if the directory cannot
// be written.
runtime::Result<uint64_t> BumpEpoch(runtime::Disk& disk, const std::string& path);

}  // namespace uniqueid

#endif  // NODES_UNIQUEID_EPOCH_FILE_H_
