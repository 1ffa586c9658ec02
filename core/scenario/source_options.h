#pragma once
// The options of a structured scenario's streaming inputs as Spark reads and checks them:
// the rate source (RateStreamProvider, RateStreamMicroBatchStream), the socket source
// (TextSocketSourceProvider) and the file source (FileStreamOptions, FileStreamSource's
// SeenFilesMap). Option names compare ignoring case (Spark's CaseInsensitiveMap); values are
// parsed as Java parses them (Long.parseLong, Integer.parseInt, Scala's toBoolean,
// JavaUtils.timeStringAs). A value Spark rejects is an error with Spark's message, raised
// when the query starts. Stateless functions.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/common/status.h"
#include "core/scenario/model.h"
#include "core/structured/query.h"

namespace tideline::scenario {

// The value of option `key` in `map`, the name compared ignoring ASCII case (the last one
// wins, as in a map); nullptr when absent or when `map` is not a map.
const YNode* OptionNode(const YNode& map, std::string_view key);

// Java's Long.parseLong / Integer.parseInt: an optional sign and decimal digits, within
// [min, max]; nullopt otherwise (a NumberFormatException).
std::optional<int64_t> JavaParseInteger(std::string_view text, int64_t min, int64_t max);
// The message of that NumberFormatException: For input string: "TEXT".
std::string NumberFormatMessage(std::string_view text);
// "true" or "false", ignoring case (Scala's toBoolean, CaseInsensitiveStringMap.getBoolean).
std::optional<bool> JavaParseBoolean(std::string_view text);
// JavaUtils.timeStringAs: "-?digits" with an optional unit (us, ms, s, m, min, h, d; none:
// `unit_us`), as a whole number of `unit_us` microseconds, truncated toward zero. An error
// carries JavaUtils' NumberFormatException message.
Result<int64_t> JavaTimeString(std::string_view text, int64_t unit_us);

// The first option error of an input, raised when the query starts.
struct OptionError {
  Status status;
  SourcePos pos;
  // Keeps the first error only.
  void Set(Status st, SourcePos at) {
    if (status.ok()) { status = std::move(st); pos = at; }
  }
};

// Reads the options of a rate, socket or file input `in` into `s` (whose type and schema
// are set). Values Spark rejects go to `error`, the first one kept.
void ReadSourceOptions(const InputDef& in, structured::SourceData* s, OptionError* error);

}  // namespace tideline::scenario
