#include "core/structured/format_text.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>

namespace tideline::structured {

// ===========================================================================
// Text measured as Java measures it: Spark counts String.length (UTF-16 units)
// to truncate cells and half widths to pad them.
// ===========================================================================

// Decodes the code point at s[*i] and advances *i. A byte that does not start a
// valid UTF-8 sequence counts as one character, as Java's decoder would make it.
uint32_t NextCodePoint(std::string_view s, size_t* i) {
  const unsigned char c = static_cast<unsigned char>(s[*i]);
  const int len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
  if (len == 0 || *i + len > s.size()) { ++*i; return 0xFFFD; }
  uint32_t cp = len == 1 ? c : len == 2 ? (c & 0x1Fu) : len == 3 ? (c & 0x0Fu) : (c & 0x07u);
  for (int k = 1; k < len; ++k) {
    const unsigned char cc = static_cast<unsigned char>(s[*i + k]);
    if ((cc >> 6) != 0x2) { ++*i; return 0xFFFD; }
    cp = (cp << 6) | (cc & 0x3Fu);
  }
  *i += len;
  return cp;
}

int Utf16Units(uint32_t cp) { return cp >= 0x10000 ? 2 : 1; }

// The ranges of Utils.stringHalfWidth: characters a terminal draws two cells wide.
bool IsFullWidth(uint32_t cp) {
  return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
         (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
         (cp >= 0xFE10 && cp <= 0xFE19) || (cp >= 0xFE30 && cp <= 0xFE6F) ||
         (cp >= 0xFF00 && cp <= 0xFF60) || (cp >= 0xFFE0 && cp <= 0xFFE6);
}

int64_t JavaLength(std::string_view s) {
  int64_t n = 0;
  for (size_t i = 0; i < s.size();) n += Utf16Units(NextCodePoint(s, &i));
  return n;
}

// Utils.stringHalfWidth: the length plus one for each full-width character.
int64_t HalfWidth(std::string_view s) {
  int64_t n = 0;
  for (size_t i = 0; i < s.size();) {
    const uint32_t cp = NextCodePoint(s, &i);
    n += Utf16Units(cp) + (IsFullWidth(cp) ? 1 : 0);
  }
  return n;
}

// String.substring(0, units), except that a character is never split in two.
std::string_view JavaPrefix(std::string_view s, int64_t units) {
  size_t i = 0;
  int64_t n = 0;
  while (i < s.size()) {
    size_t next = i;
    const int u = Utf16Units(NextCodePoint(s, &next));
    if (n + u > units) break;
    n += u;
    i = next;
  }
  return s.substr(0, i);
}

// Java's String.trim: strips every character <= U+0020 at both ends.
std::string_view JavaTrim(std::string_view s) {
  while (!s.empty() && static_cast<unsigned char>(s.front()) <= ' ') s.remove_prefix(1);
  while (!s.empty() && static_cast<unsigned char>(s.back()) <= ' ') s.remove_suffix(1);
  return s;
}


// ===========================================================================
// Time as Spark prints and reads it (UTC session time zone).
// ===========================================================================



Civil ToCivil(Timestamp t) {
  Civil c;
  const int64_t secs = Timestamp::FloorDiv(t.micros(), 1000000);
  c.micros = t.micros() - secs * 1000000;
  const int64_t days = Timestamp::FloorDiv(secs, 86400);
  const int64_t sod = secs - days * 86400;
  CivilFromDays(days, &c.year, &c.month, &c.day);
  c.hour = sod / 3600;
  c.minute = (sod / 60) % 60;
  c.second = sod % 60;
  return c;
}

// The writers' default timestampFormat, yyyy-MM-dd'T'HH:mm:ss.SSSXXX, in UTC.
std::string IsoMillis(Timestamp t) {
  const Civil c = ToCivil(t);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", c.year, c.month, c.day, c.hour,
                     c.minute, c.second, c.micros / 1000);
}

bool ReadDigits(std::string_view s, size_t* i, int min_digits, int max_digits, int64_t* out) {
  int64_t v = 0;
  int n = 0;
  while (*i < s.size() && n < max_digits && std::isdigit(static_cast<unsigned char>(s[*i]))) {
    v = v * 10 + (s[(*i)++] - '0');
    ++n;
  }
  *out = v;
  return n >= min_digits;
}

unsigned DaysInMonth(int64_t y, unsigned m) {
  static const unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : kDays[m - 1];
}

// The date at the start of s as DateTimeUtils.stringToDate reads it: yyyy,
// yyyy-[m]m or yyyy-[m]m-[d]d. *end receives the index after it.
bool ParseDatePrefix(std::string_view s, size_t* end, int64_t* days) {
  size_t i = 0;
  int64_t y, m = 1, d = 1;
  if (!ReadDigits(s, &i, 4, 4, &y)) return false;
  if (i < s.size() && s[i] == '-') {
    ++i;
    if (!ReadDigits(s, &i, 1, 2, &m)) return false;
    if (i < s.size() && s[i] == '-') {
      ++i;
      if (!ReadDigits(s, &i, 1, 2, &d)) return false;
    }
  }
  if (m < 1 || m > 12 || d < 1 || d > DaysInMonth(y, static_cast<unsigned>(m))) return false;
  *days = DaysFromCivil(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
  *end = i;
  return true;
}

// A zone after the time: Z, UTC/GMT/UT with an optional offset, or +h[h][[:]mm[[:]ss]].
bool ParseZoneOffset(std::string_view z, int64_t* seconds) {
  *seconds = 0;
  if (z == "Z") return true;
  for (std::string_view prefix : {"UTC", "GMT", "UT"}) {
    if (z.substr(0, prefix.size()) == prefix) { z.remove_prefix(prefix.size()); break; }
  }
  if (z.empty()) return true;
  if (z[0] != '+' && z[0] != '-') return false;
  const int64_t sign = z[0] == '-' ? -1 : 1;
  size_t i = 1;
  int64_t h, m = 0, s = 0;
  if (!ReadDigits(z, &i, 1, 2, &h)) return false;
  for (int64_t* part : {&m, &s}) {
    if (i == z.size()) break;
    if (z[i] == ':') ++i;
    if (!ReadDigits(z, &i, 2, 2, part)) return false;
  }
  if (i != z.size() || h > 18 || m > 59 || s > 59) return false;
  *seconds = sign * (h * 3600 + m * 60 + s);
  return true;
}

// DateTimeUtils.stringToTimestamp, the default timestamp parser of the CSV and
// JSON readers: a date, optionally ' ' or 'T' and [h]h:[m]m[:[s]s[.fraction]],
// optionally a zone; fraction digits after the sixth are dropped.
std::optional<Timestamp> ParseSparkTimestamp(std::string_view text) {
  const std::string_view s = JavaTrim(text);
  size_t i = 0;
  int64_t days;
  if (!ParseDatePrefix(s, &i, &days)) return std::nullopt;
  int64_t h = 0, mi = 0, sec = 0, frac = 0, offset = 0;
  if (i < s.size() && (s[i] == ' ' || s[i] == 'T')) {
    ++i;
    if (i < s.size()) {
      if (!ReadDigits(s, &i, 1, 2, &h) || i >= s.size() || s[i++] != ':' || !ReadDigits(s, &i, 1, 2, &mi))
        return std::nullopt;
      if (i < s.size() && s[i] == ':') {
        ++i;
        if (!ReadDigits(s, &i, 1, 2, &sec)) return std::nullopt;
        if (i < s.size() && s[i] == '.') {
          ++i;
          int digits = 0;
          for (; i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])); ++i, ++digits)
            if (digits < 6) frac = frac * 10 + (s[i] - '0');
          for (int k = digits; k < 6; ++k) frac *= 10;
        }
      }
      std::string_view zone = JavaTrim(s.substr(i));
      if (!ParseZoneOffset(zone, &offset)) return std::nullopt;
      i = s.size();
    }
  }
  if (i != s.size() || h > 23 || mi > 59 || sec > 59) return std::nullopt;
  return Timestamp::FromMicros((days * 86400 + h * 3600 + mi * 60 + sec - offset) * 1000000 + frac);
}

// DateTimeUtils.stringToDate: a date, then nothing or ' '/'T' and anything.
std::optional<Timestamp> ParseSparkDate(std::string_view text) {
  const std::string_view s = JavaTrim(text);
  size_t i = 0;
  int64_t days;
  if (!ParseDatePrefix(s, &i, &days)) return std::nullopt;
  if (i != s.size() && s[i] != ' ' && s[i] != 'T') return std::nullopt;
  return Timestamp::FromSeconds(days * 86400);
}

// ===========================================================================
// Console sink.
// ===========================================================================

void AppendPretty(const Value& v, std::string* out) {
  switch (v.type()) {
    case ValueType::kNull: *out += "NULL"; return;
    case ValueType::kBool: *out += v.as_bool() ? "true" : "false"; return;
    case ValueType::kInt: *out += std::to_string(v.as_int()); return;
    case ValueType::kDouble: *out += JavaDoubleString(v.as_double()); return;
    case ValueType::kString: out->append(v.str()); return;
    case ValueType::kTimestamp: *out += v.as_ts().ToString(); return;
    case ValueType::kArray:
    case ValueType::kTuple:
    case ValueType::kStruct: {
      // ToStringBase: arrays in [], structs (and tuples, which are structs in Spark) in {}.
      const bool array = v.type() == ValueType::kArray;
      out->push_back(array ? '[' : '{');
      bool first = true;
      for (const Value& e : v.items()) {
        if (!first) *out += ", ";
        first = false;
        AppendPretty(e, out);
      }
      out->push_back(array ? ']' : '}');
      return;
    }
  }
}

// SparkSchemaUtils.escapeMetaCharacters: control characters that would break the table.
std::string EscapeMetaCharacters(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\f': out += "\\f"; break;
      case '\b': out += "\\b"; break;
      case '\v': out += "\\v"; break;
      case '\a': out += "\\a"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

std::string TruncateCell(std::string s, int truncate) {
  if (truncate <= 0 || JavaLength(s) <= truncate) return s;
  // Spark shows no ellipsis when it would leave fewer than one character.
  if (truncate < 4) return std::string(JavaPrefix(s, truncate));
  return std::string(JavaPrefix(s, truncate - 3)) + "...";
}

void AppendTableLine(const std::vector<std::string>& cells, const std::vector<int64_t>& widths,
                     bool right_align, std::string* out) {
  out->push_back('|');
  for (size_t i = 0; i < widths.size(); ++i) {
    const std::string_view cell = i < cells.size() ? std::string_view(cells[i]) : std::string_view();
    const std::string pad(static_cast<size_t>(std::max<int64_t>(0, widths[i] - HalfWidth(cell))), ' ');
    if (right_align) *out += pad;
    out->append(cell);
    if (!right_align) *out += pad;
    out->push_back('|');
  }
  out->push_back('\n');
}

}  // namespace tideline::structured
