#include "nodes/kafka/record.h"

#include "runtime/crc32.h"
#include "runtime/check.h"

namespace kafka {
namespace {

void PutU32(std::string& out, uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(char(v >> (8 * i)));
}
void PutU64(std::string& out, uint64_t v) {
  for (int i = 0; i < 8; ++i) out.push_back(char(v >> (8 * i)));
}
uint64_t GetLE(std::string_view b, size_t pos, int bytes) {
  uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) v |= uint64_t(uint8_t(b[pos + size_t(i)])) << (8 * i);
  return v;
}

}  // namespace

std::string EncodeRecord(int64_t offset, std::string_view message) {
  KIT_CHECK(message.size() <= kMaxMessageBytes);
  std::string payload;
  payload.reserve(8 + message.size());
  PutU64(payload, uint64_t(offset));
  payload.append(message);
  std::string out;
  out.reserve(kRecordHeaderBytes + payload.size());
  PutU32(out, uint32_t(payload.size()));
  PutU32(out, runtime::Crc32(payload));
  out += payload;
  return out;
}

Decoded DecodeRecord(std::string_view buf, size_t pos) {
  Decoded d;
  if (pos > buf.size() || buf.size() - pos < kRecordHeaderBytes) return d;  // kShort
  uint32_t len = uint32_t(GetLE(buf, pos, 4));
  uint32_t crc = uint32_t(GetLE(buf, pos + 4, 4));
  if (len < 8 || len > 8 + kMaxMessageBytes) {
    d.kind = Decoded::kCorrupt;
    return d;
  }
  if (buf.size() - pos - kRecordHeaderBytes < len) return d;  // kShort
  std::string_view payload = buf.substr(pos + kRecordHeaderBytes, len);
  if (runtime::Crc32(payload) != crc) {
    d.kind = Decoded::kCorrupt;
    return d;
  }
  d.kind = Decoded::kOk;
  d.offset = int64_t(GetLE(payload, 0, 8));
  d.message = payload.substr(8);
  d.size = kRecordHeaderBytes + len;
  return d;
}

}  // namespace kafka
