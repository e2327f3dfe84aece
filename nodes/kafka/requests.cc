#include "nodes/kafka/requests.h"

#include "absl/strings/str_cat.h"
#include "nodes/kafka/record.h"
#include "runtime/error.h"
#include "runtime/fields.h"

namespace kafka {
namespace {

[[noreturn]] void Malformed(std::string text) { throw runtime::RpcError{runtime::Error::Malformed(std::move(text))}; }

}  // namespace

std::vector<std::pair<std::string, int64_t>> ParseOffsets(const runtime::Json& body) {
  const runtime::Json& offsets = runtime::ObjectField(body, "offsets");
  if (offsets.size() > kMaxKeysPerRequest) Malformed(absl::StrCat("more than ", kMaxKeysPerRequest, " keys"));
  std::vector<std::pair<std::string, int64_t>> out;
  for (auto it = offsets.begin(); it != offsets.end(); ++it) {
    const runtime::Json& v = it.value();
    bool ok = v.is_number_integer() && !(v.is_number_unsigned() && v.get<uint64_t>() > uint64_t(INT64_MAX));
    if (!ok || v.get<int64_t>() < 0) {
      Malformed(absl::StrCat("offset of key ", it.key(), " must be an integer >= 0, not ", v.dump()));
    }
    out.emplace_back(it.key(), v.get<int64_t>());
  }
  return out;
}

std::vector<std::string> ParseKeys(const runtime::Json& body) {
  const runtime::Json& keys = runtime::ArrayField(body, "keys");
  if (keys.size() > kMaxKeysPerRequest) Malformed(absl::StrCat("more than ", kMaxKeysPerRequest, " keys"));
  std::vector<std::string> out;
  for (const runtime::Json& k : keys) {
    if (!k.is_string()) Malformed(absl::StrCat("keys must be strings, not ", k.dump()));
    out.push_back(k.get<std::string>());
  }
  return out;
}

std::string ParseMessageText(const runtime::Json& body) {
  std::string text = runtime::Field(body, "msg").dump(-1, ' ', false, runtime::Json::error_handler_t::replace);
  if (text.size() > kMaxMessageBytes) Malformed(absl::StrCat("msg is larger than ", kMaxMessageBytes, " bytes"));
  return text;
}

}  // namespace kafka
