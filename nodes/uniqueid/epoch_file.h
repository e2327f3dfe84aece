// EpochFile: a counter on disk that grows by one every time a process starts.
//
// The unique-id node makes its ids unique across kills and restarts of the
// same node id by putting this boot epoch in every id. Bump() reads the
// previous epoch, writes the next one to a temporary file, fsyncs it,
// renames it over the old one and fsyncs the directory, so after Bump()
// returns no later boot can see an epoch <= the returned one, even if the
// machine loses power.
#ifndef NODES_UNIQUEID_EPOCH_FILE_H_
#define NODES_UNIQUEID_EPOCH_FILE_H_

#include <cstdint>
#include <string>

#include "runtime/result.h"

namespace uniqueid {

// Returns the new epoch (1 on first use). Fails, without touching the old
// file, if the file exists but does not hold a number (we cannot know which
// epochs were used) or if the directory cannot be written.
runtime::Result<uint64_t> BumpEpoch(const std::string& path);

}  // namespace uniqueid

#endif  // NODES_UNIQUEID_EPOCH_FILE_H_
