#pragma once
// A compact binary encoding of Values in which every type survives a round trip:
// one tag byte, then a fixed-width or length-prefixed payload. Used by DStream
// checkpoints, where speed matters. Thread-safe (pure functions).

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "core/common/status.h"
#include "core/value/value.h"

namespace tideline {

void EncodeBinary(const Value& v, std::string* out);

// Fixed-width little-endian integers, as the encoding writes them.
inline void PutU32(std::string* out, uint32_t v) { out->append(reinterpret_cast<const char*>(&v), 4); }
inline void PutU64(std::string* out, uint64_t v) { out->append(reinterpret_cast<const char*>(&v), 8); }
inline bool GetU32(std::string_view* in, uint32_t* v) {
  if (in->size() < 4) return false;
  std::memcpy(v, in->data(), 4);
  in->remove_prefix(4);
  return true;
}
inline bool GetU64(std::string_view* in, uint64_t* v) {
  if (in->size() < 8) return false;
  std::memcpy(v, in->data(), 8);
  in->remove_prefix(8);
  return true;
}
// Decodes one value from the front of `in`, advancing it. Errors on truncated or bad input.
Status DecodeBinary(std::string_view* in, Value* out);

}  // namespace tideline
