// Fast JSON text <-> nlohmann::json for the message codec.
//
// ParseJson tokenises with simdjson (validating UTF-8 and nesting) and
// builds the nlohmann value directly, which is several times faster than
// nlohmann's own character-at-a-time parser; numbers outside 64-bit range
// fall back to nlohmann's parser, so every valid JSON line is accepted as
// nlohmann would accept it. AppendJson writes compact JSON as nlohmann's
// dump() does (same escaping, floats always keep a '.', NaN and infinities
// become null, invalid UTF-8 replaced by U+FFFD), without its per-character
// appends.
//
// Thread-safety: ParseJson uses a thread-local parser; both are reentrant
// per thread.
#ifndef RUNTIME_JSON_CODEC_H_
#define RUNTIME_JSON_CODEC_H_

#include <optional>
#include <string>
#include <string_view>

#include "absl/functional/function_ref.h"
#include "nlohmann/json.hpp"

namespace runtime {

// Nesting deeper than this is refused (destroying and printing a value
// recurse, so depth is a stack bound).
inline constexpr size_t kMaxJsonDepth = 256;

// nullopt when `text` is not exactly one valid JSON value (whitespace around
// it allowed) or nests deeper than kMaxJsonDepth.
std::optional<nlohmann::json> ParseJson(std::string_view text);

void AppendJson(const nlohmann::json& value, std::string& out);

// Parses `text` as one JSON object and hands each member to `member` in
// order, without building the object itself (the message codec keeps only
// three of an envelope's members, so the envelope map would be waste).
enum class ObjectParse { kOk, kNotJson, kNotObject };
ObjectParse ParseJsonObjectMembers(
    std::string_view text, absl::FunctionRef<void(std::string_view key, nlohmann::json&& value)> member);

}  // namespace runtime

#endif  // RUNTIME_JSON_CODEC_H_
