// Record: the framing of one log entry on disk.
//
//   [payload length u32 LE][CRC-32 of payload u32 LE][payload]
//   payload = [offset i64 LE][message bytes (the JSON text of the msg)]
//
// DecodeRecord reads one frame from a buffer and says whether it is whole,
// cut short (more bytes needed, or a torn tail at the end of a file), or
// corrupt (impossible length or checksum mismatch). Pure functions.
#ifndef NODES_KAFKA_RECORD_H_
#define NODES_KAFKA_RECORD_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace kafka {

inline constexpr size_t kRecordHeaderBytes = 8;
inline constexpr size_t kMaxMessageBytes = 1 << 20;

std::string EncodeRecord(int64_t offset, std::string_view message);

struct Decoded {
  enum Kind { kOk, kShort, kCorrupt };
  Kind kind = kShort;
  int64_t offset = 0;
  std::string_view message;  // points into the buffer given to DecodeRecord
  size_t size = 0;           // bytes of the whole frame when kOk
};

// Decodes the frame starting at buf[pos].
Decoded DecodeRecord(std::string_view buf, size_t pos);

}  // namespace kafka

#endif  // NODES_KAFKA_RECORD_H_
