// Strict access to request fields for handlers.
//
// Each accessor returns the field or throws RpcError with code 12
// (malformed-request) naming the field, which the Node turns into an error
// reply. Stricter than nlohmann's get<>(): 1.5 is not an integer and "1" is
// not a number.
//
// Example:
//   int64_t delta = IntField(req.body, "delta");
#ifndef RUNTIME_FIELDS_H_
#define RUNTIME_FIELDS_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "runtime/message.h"

namespace runtime {

const Json& Field(const Json& body, std::string_view name);  // any JSON value
int64_t IntField(const Json& body, std::string_view name);
const std::string& StringField(const Json& body, std::string_view name);
const Json& ArrayField(const Json& body, std::string_view name);
const Json& ObjectField(const Json& body, std::string_view name);

}  // namespace runtime

#endif  // RUNTIME_FIELDS_H_
