#include "runtime/fields.h"

#include "absl/strings/str_cat.h"
#include "runtime/error.h"

namespace runtime {
namespace {

[[noreturn]] void Malformed(std::string_view name, std::string_view want) {
  throw RpcError{Error::Malformed(absl::StrCat("field ", std::string(name), " must be ", std::string(want)))};
}

}  // namespace

const Json& Field(const Json& body, std::string_view name) {
  if (!body.is_object()) Malformed(name, "present (body is not an object)");
  auto it = body.find(name);
  if (it == body.end()) Malformed(name, "present");
  return *it;
}

int64_t IntField(const Json& body, std::string_view name) {
  const Json& v = Field(body, name);
  if (!v.is_number_integer()) Malformed(name, "an integer");
  if (v.is_number_unsigned() && v.get<uint64_t>() > uint64_t(INT64_MAX)) Malformed(name, "a 64-bit integer");
  return v.get<int64_t>();
}

const std::string& StringField(const Json& body, std::string_view name) {
  const Json& v = Field(body, name);
  if (!v.is_string()) Malformed(name, "a string");
  return v.get_ref<const std::string&>();
}

const Json& ArrayField(const Json& body, std::string_view name) {
  const Json& v = Field(body, name);
  if (!v.is_array()) Malformed(name, "an array");
  return v;
}

const Json& ObjectField(const Json& body, std::string_view name) {
  const Json& v = Field(body, name);
  if (!v.is_object()) Malformed(name, "an object");
  return v;
}

}  // namespace runtime
