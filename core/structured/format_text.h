#pragma once
// Text helpers shared by the file formats of core/structured (formats.cc, file_source.cc):
// strings measured as Java measures them (UTF-16 units, half widths), time as Spark
// prints and reads it in the UTC session time zone, and Spark's pretty printing of values
// for the console sink. Internal to core/structured. Stateless; thread-safe.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time/time.h"
#include "core/value/value.h"

namespace tideline::structured {

struct Civil {
  int64_t year = 1970;
  unsigned month = 1, day = 1;
  int64_t hour = 0, minute = 0, second = 0, micros = 0;
};

uint32_t NextCodePoint(std::string_view s, size_t* i);
int Utf16Units(uint32_t cp);
bool IsFullWidth(uint32_t cp);
int64_t JavaLength(std::string_view s);
int64_t HalfWidth(std::string_view s);
std::string_view JavaPrefix(std::string_view s, int64_t units);
std::string_view JavaTrim(std::string_view s);
Civil ToCivil(Timestamp t);
std::string IsoMillis(Timestamp t);
bool ReadDigits(std::string_view s, size_t* i, int min_digits, int max_digits, int64_t* out);
unsigned DaysInMonth(int64_t y, unsigned m);
bool ParseDatePrefix(std::string_view s, size_t* end, int64_t* days);
bool ParseZoneOffset(std::string_view z, int64_t* seconds);
std::optional<Timestamp> ParseSparkTimestamp(std::string_view text);
std::optional<Timestamp> ParseSparkDate(std::string_view text);
void AppendPretty(const Value& v, std::string* out);
std::string EscapeMetaCharacters(std::string_view s);
std::string TruncateCell(std::string s, int truncate);
void AppendTableLine(const std::vector<std::string>& cells, const std::vector<int64_t>& widths,
                     bool right_align, std::string* out);


constexpr size_t kNpos = std::string_view::npos;

}  // namespace tideline::structured
