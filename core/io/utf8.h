#pragma once
// UTF-8 validation for text that enters a recording or a JSON line. Invalid byte
// sequences become U+FFFD, as Java's UTF-8 decoder (and so Spark's text sources) reads
// them. Stateless and thread-safe.

#include <string>
#include <string_view>

namespace tideline::io {

// True when `s` is well-formed UTF-8 (no overlong forms, surrogates or code points
// beyond U+10FFFF).
bool IsValidUtf8(std::string_view s);

// `s` with each maximal invalid subsequence replaced by U+FFFD.
std::string ToValidUtf8(std::string_view s);

}  // namespace tideline::io
