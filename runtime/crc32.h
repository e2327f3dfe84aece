// CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320): the checksum nodes
// put on every record they persist (kafka's segments, Raft's log), so a torn
// or corrupted record is recognised on recovery. Pure; thread-safe.
// Example: runtime::Crc32("123456789") == 0xCBF43926.
#ifndef RUNTIME_CRC32_H_
#define RUNTIME_CRC32_H_

#include <cstdint>
#include <string_view>

namespace runtime {

uint32_t Crc32(std::string_view data);

}  // namespace runtime

#endif  // RUNTIME_CRC32_H_
