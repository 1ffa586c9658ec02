#pragma once
// Jackson's lenient JSON, as Spark's JSON reader configures it (JSONOptions.setJacksonOptions
// with JsonReadFeature): JacksonFeatures says which of Jackson's non-standard constructs a
// reader accepts, and NormalizeJackson rewrites the first value of a text read that way into
// strict JSON, which ParseJson (simdjson) then reads. Strict JSON never needs it: readers try
// ParseJson first and normalize only a text it refuses, so the common case costs nothing.
// Stateless; thread-safe.

#include <string>
#include <string_view>

#include "core/common/status.h"

namespace tideline {

// Jackson's read features with Spark's defaults (JSONOptions, Spark 4.0).
struct JacksonFeatures {
  bool allow_comments = false;                 // /* ... */ and // ... (ALLOW_JAVA_COMMENTS)
  bool allow_unquoted_field_names = false;     // {a: 1}; names of [A-Za-z0-9_$] and non-ASCII
  bool allow_single_quotes = true;             // {'a': 'x'}, and \' inside strings
  bool allow_numeric_leading_zeros = false;    // 007 reads as 7
  bool allow_non_numeric_numbers = true;       // NaN, Infinity, +Infinity, -Infinity, +INF, -INF
  bool allow_backslash_escaping_any = false;   // "\$" reads as "$"
  bool allow_unquoted_control_chars = false;   // raw characters below U+0020 inside strings

  // True when nothing beyond strict JSON is accepted.
  bool strict() const {
    return !allow_comments && !allow_unquoted_field_names && !allow_single_quotes &&
           !allow_numeric_leading_zeros && !allow_non_numeric_numbers && !allow_backslash_escaping_any &&
           !allow_unquoted_control_chars;
  }
};

// Reads the first JSON value of `text` as Jackson does with `features` and returns it as
// strict JSON: single-quoted strings and unquoted names double-quoted, comments dropped,
// leading zeros removed, escapes Jackson accepts beyond JSON's decoded, control characters
// escaped, and NaN, Infinity and -Infinity (with their +INF and -INF spellings) written as the
// strings "NaN", "Infinity" and "-Infinity" (Spark's DOUBLE reader takes those strings as the
// special values). Text after the first value is not read, as Jackson never reads it. A text
// of white space and comments alone gives the empty string (Jackson finds no token).
// Errors (a parse error naming the column) when Jackson would refuse the value.
Result<std::string> NormalizeJackson(std::string_view text, const JacksonFeatures& features);

}  // namespace tideline
