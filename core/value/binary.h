#pragma once
// A compact binary encoding of Values in which every type survives a round trip:
// one tag byte, then a fixed-width or length-prefixed payload. Used by DStream
// checkpoints, where speed matters. Thread-safe (pure functions).

#include <string>
#include <string_view>

#include "core/common/status.h"
#include "core/value/value.h"

namespace tideline {

void EncodeBinary(const Value& v, std::string* out);
// Decodes one value from the front of `in`, advancing it. Errors on truncated or bad input.
Status DecodeBinary(std::string_view* in, Value* out);

}  // namespace tideline
