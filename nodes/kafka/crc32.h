// CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320), the checksum of
// every log record. Crc32("123456789") == 0xCBF43926.
#ifndef NODES_KAFKA_CRC32_H_
#define NODES_KAFKA_CRC32_H_

#include <cstdint>
#include <string_view>

namespace kafka {

uint32_t Crc32(std::string_view data);

}  // namespace kafka

#endif  // NODES_KAFKA_CRC32_H_
