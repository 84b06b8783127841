#include "server/array_binary.h"

#include <charconv>

#include "function/array_text.h"

namespace blueshift::server {

namespace {

void PutInt32(std::string* out, uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out->push_back(static_cast<char>((v >> shift) & 0xff));
}

// One element's length and bytes: integers big-endian at their width, strings as they are.
Status PutElement(std::string* out, std::string_view text, int32_t element_oid) {
  if (element_oid == 25 || element_oid == 19) {
    PutInt32(out, static_cast<uint32_t>(text.size()));
    out->append(text);
    return Status::OK();
  }
  int64_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  bool fits = element_oid == 21   ? v >= INT16_MIN && v <= INT16_MAX
              : element_oid == 26 ? v >= 0 && v <= UINT32_MAX
                                  : v >= INT32_MIN && v <= INT32_MAX;
  if (ec != std::errc() || end != text.data() + text.size() || !fits)
    return Status(ErrorCode::kInvalidTextRepresentation, "malformed array element: \"" + std::string(text) + "\"");
  if (element_oid == 21) {
    PutInt32(out, 2);
    out->push_back(static_cast<char>((v >> 8) & 0xff));
    out->push_back(static_cast<char>(v & 0xff));
    return Status::OK();
  }
  PutInt32(out, 4);
  PutInt32(out, static_cast<uint32_t>(v));
  return Status::OK();
}

}  // namespace

Result<std::string> EncodeBinaryArray(std::string_view text, PgArrayKind kind) {
  ASSIGN_OR_RETURN(ArrayText a, ParseArrayText(text));
  int32_t element_oid = PgArrayElementOid(kind);
  bool has_null = false;
  for (const auto& e : a.elements) has_null = has_null || !e;
  std::string out;
  PutInt32(&out, a.elements.empty() ? 0 : 1);
  PutInt32(&out, has_null ? 1 : 0);
  PutInt32(&out, static_cast<uint32_t>(element_oid));
  if (a.elements.empty()) return out;
  PutInt32(&out, static_cast<uint32_t>(a.elements.size()));
  PutInt32(&out, static_cast<uint32_t>(PgArrayLowerBound(kind)));
  for (const auto& e : a.elements) {
    if (!e) {
      PutInt32(&out, 0xffffffffu);
      continue;
    }
    RETURN_IF_ERROR(PutElement(&out, *e, element_oid));
  }
  return out;
}

}  // namespace blueshift::server
