#include "core/structured/formats.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>
#include <optional>

#include "core/time/time.h"
#include "core/value/csv.h"
#include "core/value/json.h"

namespace tideline::structured {
namespace {

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

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  return true;
}

// ===========================================================================
// Time as Spark prints and reads it (UTC session time zone).
// ===========================================================================

struct Civil {
  int64_t year = 1970;
  unsigned month = 1, day = 1;
  int64_t hour = 0, minute = 0, second = 0, micros = 0;
};

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

// ===========================================================================
// Data types of the file sources.
// ===========================================================================

enum class Kind { kString, kTinyInt, kSmallInt, kInt, kBigInt, kDouble, kBoolean, kTimestamp, kDate,
                  kArray, kStruct };

struct DataType {
  Kind kind = Kind::kString;
  std::string text;                 // as written, for messages
  std::vector<DataType> children;   // ARRAY: the element; STRUCT: one per field
  std::vector<std::string> names;   // STRUCT field names
  const StructType* struct_type = nullptr;
  const char* spark_class = "";     // DoubleType or FloatType, for JSON's FAILFAST message
};

// Parses Spark DDL type names: INT, ARRAY<INT>, STRUCT<a: INT, b STRING>, DECIMAL(10,2).
class TypeParser {
 public:
  explicit TypeParser(std::string_view s) : s_(s) {}

  std::optional<DataType> Parse() {
    std::optional<DataType> t = Type();
    Ws();
    if (!t || i_ != s_.size()) return std::nullopt;
    return t;
  }

 private:
  void Ws() { while (i_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[i_]))) ++i_; }
  bool Eat(char c) {
    Ws();
    if (i_ < s_.size() && s_[i_] == c) { ++i_; return true; }
    return false;
  }
  std::string Word() {
    Ws();
    std::string w;
    if (i_ < s_.size() && s_[i_] == '`') {
      for (++i_; i_ < s_.size() && s_[i_] != '`'; ++i_) w.push_back(s_[i_]);
      ++i_;
      return w;
    }
    while (i_ < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[i_])) || s_[i_] == '_'))
      w.push_back(s_[i_++]);
    return w;
  }

  std::optional<DataType> Type() {
    Ws();
    const size_t start = i_;
    std::string word = Word();
    for (char& c : word) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    DataType t;
    if (word == "ARRAY") {
      std::optional<DataType> elem;
      if (!Eat('<') || !(elem = Type()) || !Eat('>')) return std::nullopt;
      t.kind = Kind::kArray;
      t.children.push_back(std::move(*elem));
    } else if (word == "STRUCT") {
      if (!Eat('<')) return std::nullopt;
      t.kind = Kind::kStruct;
      while (!Eat('>')) {
        if (!t.names.empty() && !Eat(',')) return std::nullopt;
        std::string name = Word();
        Eat(':');
        std::optional<DataType> field = Type();
        if (name.empty() || !field) return std::nullopt;
        t.names.push_back(std::move(name));
        t.children.push_back(std::move(*field));
      }
      t.struct_type = StructType::Get(t.names);
    } else if (!Scalar(word, &t.kind)) {
      return std::nullopt;
    } else if (word == "DOUBLE" || word == "FLOAT" || word == "REAL") {
      t.spark_class = word == "DOUBLE" ? "DoubleType" : "FloatType";
    }
    if (Eat('(')) {  // DECIMAL(10,2), VARCHAR(5): the precision does not change how we read
      while (i_ < s_.size() && s_[i_] != ')') ++i_;
      if (!Eat(')')) return std::nullopt;
    }
    t.text = std::string(s_.substr(start, i_ - start));
    return t;
  }

  static bool Scalar(const std::string& w, Kind* kind) {
    static const std::pair<const char*, Kind> kNames[] = {
        {"STRING", Kind::kString},     {"VARCHAR", Kind::kString},    {"CHAR", Kind::kString},
        {"TEXT", Kind::kString},       {"TINYINT", Kind::kTinyInt},   {"BYTE", Kind::kTinyInt},
        {"SMALLINT", Kind::kSmallInt}, {"SHORT", Kind::kSmallInt},    {"INT", Kind::kInt},
        {"INTEGER", Kind::kInt},       {"BIGINT", Kind::kBigInt},     {"LONG", Kind::kBigInt},
        {"DOUBLE", Kind::kDouble},     {"FLOAT", Kind::kDouble},      {"REAL", Kind::kDouble},
        {"DECIMAL", Kind::kDouble},    {"NUMERIC", Kind::kDouble},    {"DEC", Kind::kDouble},
        {"BOOLEAN", Kind::kBoolean},   {"BOOL", Kind::kBoolean},      {"TIMESTAMP", Kind::kTimestamp},
        {"DATE", Kind::kDate}};
    for (const auto& [name, k] : kNames) {
      if (w == name) { *kind = k; return true; }
    }
    return false;
  }

  std::string_view s_;
  size_t i_ = 0;
};

bool IsScalar(Kind k) { return k != Kind::kArray && k != Kind::kStruct; }

bool InRange(int64_t v, Kind k) {
  switch (k) {
    case Kind::kTinyInt: return v >= -128 && v <= 127;
    case Kind::kSmallInt: return v >= -32768 && v <= 32767;
    case Kind::kInt: return v >= std::numeric_limits<int32_t>::min() && v <= std::numeric_limits<int32_t>::max();
    default: return true;
  }
}

// Double.parseDouble: white space around, a sign, "NaN", "Infinity", or a
// decimal number with an optional exponent and an optional f/F/d/D suffix.
bool ParseJavaDouble(std::string_view text, double* out) {
  std::string_view s = JavaTrim(text);
  bool neg = false;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) { neg = s[0] == '-'; s.remove_prefix(1); }
  if (s == "NaN") { *out = std::numeric_limits<double>::quiet_NaN(); return true; }
  if (s == "Infinity") { *out = neg ? -HUGE_VAL : HUGE_VAL; return true; }
  if (!s.empty() && std::strchr("fFdD", s.back()) != nullptr) s.remove_suffix(1);
  size_t k = 0, mantissa_digits = 0;
  auto digits = [&]() { size_t n = 0; while (k < s.size() && std::isdigit(static_cast<unsigned char>(s[k]))) ++k, ++n; return n; };
  mantissa_digits += digits();
  if (k < s.size() && s[k] == '.') { ++k; mantissa_digits += digits(); }
  if (mantissa_digits == 0) return false;
  bool negative_exponent = false;
  if (k < s.size() && (s[k] == 'e' || s[k] == 'E')) {
    ++k;
    if (k < s.size() && (s[k] == '+' || s[k] == '-')) negative_exponent = s[k++] == '-';
    if (digits() == 0) return false;
  }
  if (k != s.size() || s.empty()) return false;
  std::string body(s);  // from_chars wants a digit on both sides of the point
  if (body[0] == '.') body.insert(body.begin(), '0');
  if (body.back() == '.') body.push_back('0');
  double d = 0;
  auto [p, ec] = std::from_chars(body.data(), body.data() + body.size(), d);
  if (ec == std::errc::result_out_of_range) d = negative_exponent ? 0.0 : HUGE_VAL;  // Java saturates
  else if (ec != std::errc() || p != body.data() + body.size()) return false;
  *out = neg ? -d : d;
  return true;
}

// ===========================================================================
// CSV (UnivocityParser with Spark's default options).
// ===========================================================================

// One CSV field as its column's type (UnivocityParser.makeConverter).
bool ConvertCsvField(std::string_view token, const DataType& t, Value* out) {
  switch (t.kind) {
    case Kind::kString: *out = Value::String(token); return true;
    case Kind::kTinyInt:
    case Kind::kSmallInt:
    case Kind::kInt:
    case Kind::kBigInt:  // Integer.parseInt / Long.parseLong: a sign and digits, nothing else
      return ParseCell(token, CellType::kBigInt, out) && InRange(out->as_int(), t.kind);
    case Kind::kDouble: {
      double d;
      // The options nanValue, positiveInf and negativeInf keep their defaults.
      if (token == "NaN") d = std::numeric_limits<double>::quiet_NaN();
      else if (token == "Inf") d = HUGE_VAL;
      else if (token == "-Inf") d = -HUGE_VAL;
      else if (!ParseJavaDouble(token, &d)) return false;
      *out = Value::Double(d);
      return true;
    }
    case Kind::kBoolean:  // Scala's String.toBoolean
      if (EqualsIgnoreCase(token, "true")) { *out = Value::Bool(true); return true; }
      if (EqualsIgnoreCase(token, "false")) { *out = Value::Bool(false); return true; }
      return false;
    case Kind::kTimestamp:
    case Kind::kDate: {
      std::optional<Timestamp> ts = t.kind == Kind::kDate ? ParseSparkDate(token) : ParseSparkTimestamp(token);
      if (!ts) return false;
      *out = Value::Ts(*ts);
      return true;
    }
    case Kind::kArray:
    case Kind::kStruct: return false;
  }
  return false;
}

// ===========================================================================
// JSON (JacksonParser with Spark's defaults: partial results and exact string
// parsing enabled). The text is validated by ParseJson first; these helpers
// then walk it to keep the raw text of each value.
// ===========================================================================

constexpr size_t kNpos = std::string_view::npos;

size_t SkipJsonWs(std::string_view s, size_t i) {
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) ++i;
  return i;
}

// Where the JSON value starting at s[i] ends, or kNpos when it is cut short.
size_t JsonValueEnd(std::string_view s, size_t i) {
  if (i >= s.size()) return kNpos;
  if (s[i] == '"') {
    for (++i; i < s.size(); ++i) {
      if (s[i] == '\\') ++i;
      else if (s[i] == '"') return i + 1;
    }
    return kNpos;
  }
  if (s[i] == '{' || s[i] == '[') {
    int depth = 0;
    for (; i < s.size(); ++i) {
      if (s[i] == '"') {
        const size_t end = JsonValueEnd(s, i);
        if (end == kNpos) return kNpos;
        i = end - 1;
      } else if (s[i] == '{' || s[i] == '[') {
        ++depth;
      } else if ((s[i] == '}' || s[i] == ']') && --depth == 0) {
        return i + 1;
      }
    }
    return kNpos;
  }
  size_t j = i;
  while (j < s.size() && std::strchr(" \t\r\n,:[]{}\"", s[j]) == nullptr) ++j;
  return j == i ? kNpos : j;
}

// Calls f(element) for each element of a valid JSON array.
template <typename F>
void ForEachElement(std::string_view array, F f) {
  size_t i = SkipJsonWs(array, 1);
  while (i < array.size() && array[i] != ']') {
    const size_t end = JsonValueEnd(array, i);
    f(array.substr(i, end - i));
    i = SkipJsonWs(array, end);
    if (array[i] == ',') i = SkipJsonWs(array, i + 1);
  }
}

// Calls f(key, value) for each member of a valid JSON object.
template <typename F>
void ForEachMember(std::string_view object, F f) {
  size_t i = SkipJsonWs(object, 1);
  while (i < object.size() && object[i] != '}') {
    const size_t key_end = JsonValueEnd(object, i);
    Result<Value> key = ParseJson(object.substr(i, key_end - i));
    i = SkipJsonWs(object, SkipJsonWs(object, key_end) + 1);  // past ':'
    const size_t end = JsonValueEnd(object, i);
    f(key.ok() ? key->str() : std::string_view(), object.substr(i, end - i));
    i = SkipJsonWs(object, end);
    if (object[i] == ',') i = SkipJsonWs(object, i + 1);
  }
}

bool IsJsonIntToken(std::string_view v) {
  return !v.empty() && (v[0] == '-' || std::isdigit(static_cast<unsigned char>(v[0]))) &&
         v.find_first_of(".eE") == kNpos;
}
bool IsJsonNumberToken(std::string_view v) {
  return !v.empty() && (v[0] == '-' || std::isdigit(static_cast<unsigned char>(v[0])));
}

// JacksonParser's StringAsDataTypeException: a string in a DOUBLE or FLOAT
// column. When it is a record's first failure, FAILFAST names it.
struct StringAsType {
  std::string field, value, type;
};

// A converted value. `bad` means a conversion failed somewhere; `partial` means
// the value still holds what did convert (a struct or array with failed parts);
// `cause` is set when the first failure was a StringAsType.
struct Converted {
  Value value;
  bool bad = false;
  bool partial = false;
  std::optional<StringAsType> cause;

  static Converted Of(Value v) { return {std::move(v), false, false, std::nullopt}; }
};

Converted Failed(std::optional<StringAsType> cause = std::nullopt) {
  return {Value::Null(), true, false, std::move(cause)};
}

struct Fields {
  std::vector<Value> values;
  bool bad = false;
  std::optional<StringAsType> cause;
};

Converted ConvertJson(std::string_view key, std::string_view v, const DataType& t);

// convertObject: members matched to fields by name (exactly at the top level;
// nested names also ignoring case, since ParseSchema upper-cases nested types).
Fields ConvertObjectFields(std::string_view object, const std::vector<std::string>& names,
                           const std::vector<DataType>& types, bool nested) {
  Fields out;
  out.values.resize(names.size());
  ForEachMember(object, [&](std::string_view key, std::string_view value) {
    auto it = std::find(names.begin(), names.end(), key);
    if (it == names.end() && nested)
      it = std::find_if(names.begin(), names.end(), [&](const std::string& n) { return EqualsIgnoreCase(n, key); });
    if (it == names.end()) return;
    const size_t idx = static_cast<size_t>(it - names.begin());
    Converted c = ConvertJson(key, value, types[idx]);
    if (c.bad && !out.bad) out.cause = std::move(c.cause);  // the first failure is the one reported
    if (c.bad) out.bad = true;
    if (!c.bad || c.partial) out.values[idx] = std::move(c.value);
  });
  return out;
}

Converted ConvertJsonString(std::string_view key, std::string_view v, const DataType& t) {
  Result<Value> parsed = ParseJson(v);
  if (!parsed.ok() || parsed->type() != ValueType::kString) return Failed();
  const std::string_view s = parsed->str();
  switch (t.kind) {
    case Kind::kDouble:  // allowNonNumericNumbers: the special values may be strings
      if (s == "NaN") return Converted::Of(Value::Double(std::numeric_limits<double>::quiet_NaN()));
      if (s == "+INF" || s == "+Infinity" || s == "Infinity") return Converted::Of(Value::Double(HUGE_VAL));
      if (s == "-INF" || s == "-Infinity") return Converted::Of(Value::Double(-HUGE_VAL));
      if (s.empty() || *t.spark_class == '\0') return Failed();
      return Failed(StringAsType{std::string(key), std::string(s), t.spark_class});
    case Kind::kTimestamp:
    case Kind::kDate: {
      std::optional<Timestamp> ts = t.kind == Kind::kDate ? ParseSparkDate(s) : ParseSparkTimestamp(s);
      return ts ? Converted::Of(Value::Ts(*ts)) : Failed();
    }
    default: return Failed();
  }
}

Converted ConvertJson(std::string_view key, std::string_view v, const DataType& t) {
  if (v == "null") return Converted::Of(Value::Null());
  if (t.kind == Kind::kString) {
    // A string keeps its text; any other value is kept exactly as written.
    if (v[0] != '"') return Converted::Of(Value::String(v));
    Result<Value> s = ParseJson(v);
    return s.ok() ? Converted::Of(*s) : Failed();
  }
  if (v[0] == '"') return ConvertJsonString(key, v, t);
  switch (t.kind) {
    case Kind::kBoolean:
      if (v == "true" || v == "false") return Converted::Of(Value::Bool(v == "true"));
      return Failed();
    case Kind::kTinyInt:
    case Kind::kSmallInt:
    case Kind::kInt:
    case Kind::kBigInt:
    case Kind::kTimestamp: {  // a JSON integer is a count of seconds for a timestamp
      if (!IsJsonIntToken(v)) return Failed();
      Result<Value> n = ParseJson(v);
      if (!n.ok() || n->type() != ValueType::kInt) return Failed();  // beyond 64 bits
      if (t.kind == Kind::kTimestamp) {  // Java's long multiplication wraps; so does this one
        const uint64_t micros = static_cast<uint64_t>(n->as_int()) * 1000000u;
        return Converted::Of(Value::Ts(Timestamp::FromMicros(static_cast<int64_t>(micros))));
      }
      return InRange(n->as_int(), t.kind) ? Converted::Of(*n) : Failed();
    }
    case Kind::kDouble: {
      if (!IsJsonNumberToken(v)) return Failed();
      Result<Value> n = ParseJson(v);
      return n.ok() && n->is_number() ? Converted::Of(Value::Double(n->num())) : Failed();
    }
    case Kind::kArray: {
      if (v[0] != '[') return Failed();
      std::vector<Value> items;
      bool partial = false, broken = false, failed = false;
      std::optional<StringAsType> cause;
      ForEachElement(v, [&](std::string_view e) {
        if (broken) return;
        Converted c = ConvertJson(key, e, t.children[0]);
        if (c.bad && !failed) cause = std::move(c.cause);
        failed = failed || c.bad;
        broken = c.bad && !c.partial;  // the failure of an element fails the array
        partial = partial || c.partial;
        items.push_back(std::move(c.value));
      });
      if (broken) return Failed(std::move(cause));
      return {Value::Array(std::move(items)), partial, partial, std::move(cause)};
    }
    case Kind::kStruct: {
      if (v[0] != '{') return Failed();
      Fields f = ConvertObjectFields(v, t.names, t.children, /*nested=*/true);
      return {Value::Struct(t.struct_type, std::move(f.values)), f.bad, f.bad, std::move(f.cause)};
    }
    default: return Failed();
  }
}

// ===========================================================================
// Reading a file: records, then FailureSafeParser's handling of bad ones.
// ===========================================================================

enum class Format { kText, kCsv, kJson };

struct Line {
  std::string_view text;
  int number = 0;
};

// Hadoop's LineRecordReader: lines end at \n, \r\n or \r; a last line without
// an end counts, an end at the very end opens no empty line.
std::vector<Line> SplitLines(std::string_view content) {
  std::vector<Line> lines;
  size_t start = 0;
  int number = 1;
  for (size_t i = 0; i < content.size(); ++i) {
    if (content[i] != '\n' && content[i] != '\r') continue;
    lines.push_back({content.substr(start, i - start), number++});
    if (content[i] == '\r' && i + 1 < content.size() && content[i + 1] == '\n') ++i;
    start = i + 1;
  }
  if (start < content.size()) lines.push_back({content.substr(start), number});
  return lines;
}

// What one record gave: rows, or, when malformed, the rows that could be partly
// read (none when nothing could).
struct Outcome {
  std::vector<std::vector<Value>> rows;
  bool malformed = false;
  std::optional<StringAsType> cause;  // JSON only
};

// InternalRow.toString, the form of the bad record in FAILFAST's message:
// strings bare, timestamps as microseconds, null as "null", no spaces.
void AppendInternal(const Value& v, std::string* out) {
  switch (v.type()) {
    case ValueType::kNull: *out += "null"; return;
    case ValueType::kTimestamp: *out += std::to_string(v.as_int()); return;
    case ValueType::kArray:
    case ValueType::kTuple:
    case ValueType::kStruct: {
      out->push_back('[');
      bool first = true;
      for (const Value& e : v.items()) {
        if (!first) out->push_back(',');
        first = false;
        AppendInternal(e, out);
      }
      out->push_back(']');
      return;
    }
    default: AppendPretty(v, out);
  }
}

std::string MalformedRecordMessage(const std::vector<Value>& row) {
  std::string record;
  if (row.empty()) {
    record = "[empty row]";
  } else {
    Value as_struct = Value::Tuple(row);
    AppendInternal(as_struct, &record);
  }
  // error-conditions.json: the message, " " and the (empty) sub-condition
  // message, then " SQLSTATE: 22023" -- hence the two spaces.
  return fmt::format(
      "[MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION] Malformed records are detected in record "
      "parsing: {}.\nParse Mode: FAILFAST. To process malformed records as null result, try "
      "setting the option 'mode' as 'PERMISSIVE'.  SQLSTATE: 22023",
      record);
}

std::string CannotParseStringMessage(std::string_view record, const StringAsType& c) {
  // toSQLId quotes the name in backticks, toSQLValue the value in single quotes.
  std::string value = "'";
  for (char ch : c.value) {
    if (ch == '\\' || ch == '\'') value.push_back('\\');
    value.push_back(ch);
  }
  value.push_back('\'');
  std::string field = "`";
  for (char ch : c.field) field += ch == '`' ? std::string("``") : std::string(1, ch);
  field.push_back('`');
  return fmt::format(
      "[MALFORMED_RECORD_IN_PARSING.CANNOT_PARSE_STRING_AS_DATATYPE] Malformed records are detected in "
      "record parsing: {}.\nParse Mode: FAILFAST. To process malformed records as null result, try setting "
      "the option 'mode' as 'PERMISSIVE'. Cannot parse the value {} of the field {} as target spark data "
      "type {} from the input type StringType. SQLSTATE: 22023",
      record, value, field, c.type);
}

std::string DatasourceName(Format f) { return f == Format::kCsv ? "CSV" : f == Format::kJson ? "JSON" : "Text"; }

class FileReader {
 public:
  FileReader(const Schema& schema, const ReadOptions& opts, std::string_view file_name)
      : schema_(schema), opts_(opts), file_name_(file_name) {}

  Status Prepare(Format format);
  Result<ParsedFile> Read(Format format, std::string_view content);

 private:
  std::vector<Value> NullRow() const { return std::vector<Value>(schema_.fields.size()); }
  Outcome ReadCsv(std::string_view line) const;
  Outcome ReadJson(std::string_view line) const;
  std::vector<Value> JsonRow(std::string_view object, Outcome* o) const;
  Status Deliver(const Line& line, Outcome outcome, ParsedFile* out) const;

  // Configuration, resolved once by Prepare.
  const Schema& schema_;
  const ReadOptions& opts_;
  std::string file_name_;
  int corrupt_index_ = -1;            // schema index of the corrupt-record column, or -1
  std::vector<size_t> data_index_;    // schema index of each data column
  std::vector<std::string> data_names_;
  std::vector<DataType> data_types_;
};

Status FileReader::Prepare(Format format) {
  const std::vector<Field>& fields = schema_.fields;
  if (format == Format::kText) {
    // TextFileFormat.verifySchema
    if (fields.size() != 1)
      return Status::Analysis(fmt::format(
          "Text data source supports only a single column, and you have {} columns.", fields.size()));
  } else {
    for (size_t i = 0; i < fields.size(); ++i)
      if (fields[i].name == opts_.corrupt_column) corrupt_index_ = static_cast<int>(i);
  }
  for (size_t i = 0; i < fields.size(); ++i) {
    std::optional<DataType> t = TypeParser(fields[i].type).Parse();
    if (static_cast<int>(i) == corrupt_index_) {
      if (!t || t->kind != Kind::kString)
        return Status::Analysis(fmt::format(
            "[INVALID_CORRUPT_RECORD_TYPE] The column `{}` for corrupt records must have the nullable "
            "STRING type, but got \"{}\". SQLSTATE: 42804", fields[i].name, fields[i].type));
      continue;
    }
    const bool supported = t && (format == Format::kJson || (format == Format::kCsv && IsScalar(t->kind)) ||
                                 (format == Format::kText && t->kind == Kind::kString));
    if (!supported)
      return Status::Analysis(fmt::format(
          "[UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE] The {} datasource doesn't support the column `{}` of "
          "the type \"{}\". SQLSTATE: 0A000", DatasourceName(format), fields[i].name, fields[i].type));
    data_index_.push_back(i);
    data_names_.push_back(fields[i].name);
    data_types_.push_back(std::move(*t));
  }
  return Status::Ok();
}

Result<ParsedFile> FileReader::Read(Format format, std::string_view content) {
  TL_RETURN_IF_ERROR(Prepare(format));
  ParsedFile out;
  bool header_pending = format == Format::kCsv && opts_.header;
  for (const Line& line : SplitLines(content)) {
    if (format == Format::kText) {
      out.rows.push_back({Value::String(line.text)});
      continue;
    }
    // CSV skips blank lines (CSVExprUtils.filterCommentAndEmpty); the header is the first other one.
    if (format == Format::kCsv && JavaTrim(line.text).empty()) continue;
    if (header_pending) { header_pending = false; continue; }
    Outcome o = format == Format::kCsv ? ReadCsv(line.text) : ReadJson(line.text);
    TL_RETURN_IF_ERROR(Deliver(line, std::move(o), &out));
  }
  return out;
}

Outcome FileReader::ReadCsv(std::string_view line) const {
  thread_local std::vector<std::string_view> tokens;
  thread_local std::string storage;
  SplitCsvLine(line, opts_.sep, &tokens, &storage);
  Outcome o;
  // More or fewer fields than columns is malformed, but the fields present are still read.
  o.malformed = tokens.size() != data_index_.size();
  std::vector<Value> row = NullRow();
  for (size_t i = 0; i < data_index_.size(); ++i) {
    // A missing field and an empty one (quoted or not) are null: nullValue and emptyValue are "".
    if (i >= tokens.size() || tokens[i].empty()) continue;
    Value v;
    if (ConvertCsvField(tokens[i], data_types_[i], &v)) row[data_index_[i]] = std::move(v);
    else o.malformed = true;
  }
  o.rows.push_back(std::move(row));
  return o;
}

// One object as a row; a failure marks the outcome malformed (the first one gives its cause).
std::vector<Value> FileReader::JsonRow(std::string_view object, Outcome* o) const {
  Fields f = ConvertObjectFields(object, data_names_, data_types_, /*nested=*/false);
  if (f.bad && !o->malformed) o->cause = std::move(f.cause);
  o->malformed = o->malformed || f.bad;
  std::vector<Value> row = NullRow();
  for (size_t i = 0; i < data_index_.size(); ++i) row[data_index_[i]] = std::move(f.values[i]);
  return row;
}

Outcome FileReader::ReadJson(std::string_view line) const {
  Outcome o;
  const size_t start = SkipJsonWs(line, 0);
  if (start == line.size()) return o;  // a blank line has no token: no row, not malformed
  // Jackson reads the first value only; text after it is never looked at.
  const size_t end = JsonValueEnd(line, start);
  const std::string_view doc = end == kNpos ? std::string_view() : line.substr(start, end - start);
  if (doc.empty() || !ParseJson(doc).ok() || (doc[0] != '{' && doc[0] != '[')) {
    o.malformed = true;  // not JSON, or a scalar where a row was expected: nothing is kept
    return o;
  }
  if (doc[0] == '{') {
    o.rows.push_back(JsonRow(doc, &o));
    return o;
  }
  // A top-level array: one row per object; anything else in it fails the whole record.
  bool broken = false;
  ForEachElement(doc, [&](std::string_view e) {
    if (broken) return;
    if (e[0] != '{') { broken = true; return; }
    o.rows.push_back(JsonRow(e, &o));
  });
  if (broken) o = Outcome{{}, true, std::nullopt};
  return o;
}

Status FileReader::Deliver(const Line& line, Outcome o, ParsedFile* out) const {
  if (!o.malformed) {
    for (auto& row : o.rows) out->rows.push_back(std::move(row));
    return Status::Ok();
  }
  ++out->malformed;
  if (o.rows.empty()) o.rows.push_back(NullRow());
  if (corrupt_index_ >= 0)
    for (auto& row : o.rows) row[static_cast<size_t>(corrupt_index_)] = Value::String(line.text);
  switch (opts_.mode) {
    case ParseMode::kDropMalformed:
      return Status::Ok();
    case ParseMode::kPermissive:
      for (auto& row : o.rows) out->rows.push_back(std::move(row));
      return Status::Ok();
    case ParseMode::kFailFast:
      // FailureSafeParser names a StringAsDataTypeException with the raw record,
      // anything else with the row it got as far as.
      return Status::Error(StatusCode::kRuntimeError,
                           o.cause ? CannotParseStringMessage(line.text, *o.cause)
                                   : MalformedRecordMessage(o.rows.front()),
                           SourcePos{file_name_, line.number, 1});
  }
  return Status::Ok();
}

// ===========================================================================
// Writers.
// ===========================================================================

// Jackson's string escaping: \" \\ and the short escapes, other control
// characters as \u00XX (upper-case hex); everything else as is.
void AppendJacksonString(std::string_view s, std::string* out) {
  out->push_back('"');
  for (char ch : s) {
    const unsigned char c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"': *out += "\\\""; break;
      case '\\': *out += "\\\\"; break;
      case '\n': *out += "\\n"; break;
      case '\r': *out += "\\r"; break;
      case '\t': *out += "\\t"; break;
      case '\b': *out += "\\b"; break;
      case '\f': *out += "\\f"; break;
      default:
        if (c < 0x20) *out += fmt::format("\\u{:04X}", c);
        else out->push_back(ch);
    }
  }
  out->push_back('"');
}

void AppendJsonValue(const Value& v, std::string* out) {
  switch (v.type()) {
    case ValueType::kNull: *out += "null"; return;
    case ValueType::kBool: *out += v.as_bool() ? "true" : "false"; return;
    case ValueType::kInt: *out += std::to_string(v.as_int()); return;
    case ValueType::kDouble: {
      const double d = v.as_double();
      // Jackson writes NaN and the infinities as strings (WRITE_NAN_AS_STRINGS).
      if (std::isfinite(d)) *out += JavaDoubleString(d);
      else AppendJacksonString(JavaDoubleString(d), out);
      return;
    }
    case ValueType::kString: AppendJacksonString(v.str(), out); return;
    case ValueType::kTimestamp: AppendJacksonString(IsoMillis(v.as_ts()), out); return;
    case ValueType::kArray: {
      out->push_back('[');
      bool first = true;
      for (const Value& e : v.items()) {  // nulls inside arrays stay
        if (!first) out->push_back(',');
        first = false;
        AppendJsonValue(e, out);
      }
      out->push_back(']');
      return;
    }
    case ValueType::kTuple:
    case ValueType::kStruct: {
      out->push_back('{');
      bool first = true;
      const std::span<const Value> items = v.items();
      for (size_t i = 0; i < items.size(); ++i) {
        if (items[i].is_null()) continue;  // ignoreNullFields
        if (!first) out->push_back(',');
        first = false;
        const StructType* st = v.struct_type();
        AppendJacksonString(st != nullptr ? st->names()[i] : fmt::format("_{}", i + 1), out);
        out->push_back(':');
        AppendJsonValue(items[i], out);
      }
      out->push_back('}');
      return;
    }
  }
}

std::string CsvText(const Value& v) {
  switch (v.type()) {
    case ValueType::kTimestamp: return IsoMillis(v.as_ts());
    default: return PrettyString(v);
  }
}

// ===========================================================================
// The sink's metadata log.
// ===========================================================================

Status LogError(std::string_view file_name, int line, int column, std::string message) {
  return Status::Error(StatusCode::kCorruption, std::move(message), SourcePos{std::string(file_name), line, column});
}

std::string MalformedLogFile(std::string_view version_line) {
  return fmt::format("[MALFORMED_LOG_FILE] Log file was malformed: failed to read correct log version from {}. "
                     "SQLSTATE: KD002", version_line);
}

// MetadataVersionUtil.validateVersion(text, 1): "v" and a positive int.
Status ValidateLogVersion(std::string_view line, std::string_view file_name) {
  Value version;
  if (line.empty() || line[0] != 'v' || !ParseCell(line.substr(1), CellType::kInt, &version) ||
      version.as_int() <= 0)
    return LogError(file_name, 1, 1, MalformedLogFile(line));
  if (version.as_int() > 1)
    return LogError(file_name, 1, 1, fmt::format(
        "[INVALID_LOG_VERSION.MAX_SUPPORTED_VERSION] UnsupportedLogVersion. The maximum supported log version "
        "is v1, but encountered v{}. The log file was produced by a newer version of Spark and cannot be read "
        "by this version. You need to upgrade. SQLSTATE: KD002", version.as_int()));
  return Status::Ok();
}

// Reads one SinkFileStatus line; `what` receives the problem when it fails.
bool ReadSinkEntry(const Value& obj, SinkFileEntry* e, std::string* what) {
  if (obj.type() != ValueType::kStruct) { *what = "the entry is not a JSON object"; return false; }
  const StructType* st = obj.struct_type();
  auto field = [&](const char* name, ValueType type, const Value** out) {
    const int i = st->Find(name, /*ci=*/false);
    if (i < 0) { *what = fmt::format("the entry has no field \"{}\"", name); return false; }
    if (obj[static_cast<size_t>(i)].type() != type) {
      *what = fmt::format("the field \"{}\" is not {}", name, type == ValueType::kString ? "a string"
                                                           : type == ValueType::kBool ? "a boolean" : "an integer");
      return false;
    }
    *out = &obj[static_cast<size_t>(i)];
    return true;
  };
  const Value *path, *size, *is_dir, *mtime, *repl, *block, *action;
  if (!field("path", ValueType::kString, &path) || !field("size", ValueType::kInt, &size) ||
      !field("isDir", ValueType::kBool, &is_dir) || !field("modificationTime", ValueType::kInt, &mtime) ||
      !field("blockReplication", ValueType::kInt, &repl) || !field("blockSize", ValueType::kInt, &block) ||
      !field("action", ValueType::kString, &action))
    return false;
  if (!InRange(repl->as_int(), Kind::kInt)) { *what = "the field \"blockReplication\" is not an int"; return false; }
  *e = SinkFileEntry{std::string(path->str()), size->as_int(), is_dir->as_bool(), mtime->as_int(),
                     static_cast<int>(repl->as_int()), block->as_int(), std::string(action->str())};
  return true;
}

}  // namespace

// ===========================================================================
// Public functions.
// ===========================================================================

std::string PrettyString(const Value& v) {
  std::string out;
  AppendPretty(v, &out);
  return out;
}

std::string ShowString(const std::vector<std::string>& columns,
                       const std::vector<std::vector<Value>>& rows, int num_rows, int truncate) {
  // Spark clamps numRows to [0, ByteArrayMethods.MAX_ROUNDED_ARRAY_LENGTH - 1].
  const size_t limit = static_cast<size_t>(std::clamp<int64_t>(num_rows, 0, 2147483632LL - 1));
  const size_t shown = std::min(rows.size(), limit);
  const bool has_more = rows.size() > limit;

  std::vector<std::vector<std::string>> table;
  table.reserve(shown + 1);
  std::vector<std::string> header;
  for (const std::string& name : columns) header.push_back(EscapeMetaCharacters(name));
  table.push_back(std::move(header));
  for (size_t r = 0; r < shown; ++r) {
    std::vector<std::string> cells;
    for (size_t c = 0; c < columns.size(); ++c) {
      const Value v = c < rows[r].size() ? rows[r][c] : Value::Null();
      cells.push_back(TruncateCell(EscapeMetaCharacters(PrettyString(v)), truncate));
    }
    table.push_back(std::move(cells));
  }

  std::vector<int64_t> widths(columns.size(), 3);  // Spark's minimum column width
  for (const auto& cells : table)
    for (size_t c = 0; c < cells.size(); ++c) widths[c] = std::max(widths[c], HalfWidth(cells[c]));

  std::string sep = "+";
  for (int64_t w : widths) sep += std::string(static_cast<size_t>(w), '-') + "+";
  sep += "\n";

  std::string out = sep;
  AppendTableLine(table[0], widths, truncate > 0, &out);
  out += sep;
  for (size_t r = 1; r < table.size(); ++r) AppendTableLine(table[r], widths, truncate > 0, &out);
  out += sep;
  if (has_more) out += fmt::format("only showing top {} {}", limit, limit == 1 ? "row" : "rows");
  return out;
}

std::string ConsoleBatch(int64_t batch_id, const std::vector<std::string>& columns,
                         const std::vector<std::vector<Value>>& rows, int num_rows, int truncate) {
  const std::string dashes = "-------------------------------------------\n";
  return dashes + fmt::format("Batch: {}\n", batch_id) + dashes +
         ShowString(columns, rows, num_rows, truncate) + "\n";
}

const char* ParseModeName(ParseMode mode) {
  switch (mode) {
    case ParseMode::kPermissive: return "PERMISSIVE";
    case ParseMode::kDropMalformed: return "DROPMALFORMED";
    case ParseMode::kFailFast: return "FAILFAST";
  }
  return "PERMISSIVE";
}

Result<ParseMode> ParseModeFromString(std::string_view text, std::string* warning) {
  if (warning != nullptr) warning->clear();
  for (ParseMode m : {ParseMode::kPermissive, ParseMode::kDropMalformed, ParseMode::kFailFast})
    if (EqualsIgnoreCase(text, ParseModeName(m))) return m;
  if (warning != nullptr) *warning = fmt::format("{} is not a valid parse mode. Using PERMISSIVE.", text);
  return ParseMode::kPermissive;
}

Result<ParsedFile> ParseFileContent(std::string_view format, std::string_view content,
                                    const Schema& schema, const ReadOptions& opts,
                                    std::string_view file_name) {
  Format f;
  if (EqualsIgnoreCase(format, "text")) f = Format::kText;
  else if (EqualsIgnoreCase(format, "csv")) f = Format::kCsv;
  else if (EqualsIgnoreCase(format, "json")) f = Format::kJson;
  else return Status::InvalidArgument(fmt::format("unknown file format '{}' (expected text, csv or json)", format));
  return FileReader(schema, opts, file_name).Read(f, content);
}

std::string ToJsonLine(const std::vector<std::string>& columns, const std::vector<Value>& row) {
  std::string out = "{";
  bool first = true;
  for (size_t i = 0; i < columns.size() && i < row.size(); ++i) {
    if (row[i].is_null()) continue;
    if (!first) out.push_back(',');
    first = false;
    AppendJacksonString(columns[i], &out);
    out.push_back(':');
    AppendJsonValue(row[i], &out);
  }
  out.push_back('}');
  return out;
}

std::string ToCsvLine(const std::vector<Value>& row, char sep) {
  std::string out;
  for (size_t i = 0; i < row.size(); ++i) {
    if (i > 0) out.push_back(sep);
    if (row[i].is_null()) continue;  // nullValue is ""
    const std::string text = CsvText(row[i]);
    const std::string_view value = JavaTrim(text);
    if (value.empty()) { out += "\"\""; continue; }  // emptyValue for writing is ""
    if (value.find_first_of(std::string{sep, '"', '\n', '\r'}) == std::string_view::npos) {
      out.append(value);
      continue;
    }
    out.push_back('"');
    for (char c : value) {
      if (c == '"') out.push_back('\\');  // the escape option, a backslash
      out.push_back(c);
    }
    out.push_back('"');
  }
  return out;
}

std::string SinkLogBatch(const std::vector<SinkFileEntry>& files) {
  // CompactibleFileStreamLog.serialize: "v1", then "\n" and one JSON object per
  // entry, fields in SinkFileStatus's order.
  std::string out = "v1";
  for (const SinkFileEntry& f : files) {
    out += "\n{\"path\":";
    AppendJacksonString(f.path, &out);
    out += fmt::format(",\"size\":{},\"isDir\":{},\"modificationTime\":{},\"blockReplication\":{},\"blockSize\":{},"
                       "\"action\":", f.size, f.is_dir ? "true" : "false", f.modification_time,
                       f.block_replication, f.block_size);
    AppendJacksonString(f.action, &out);
    out.push_back('}');
  }
  return out;
}

Result<std::vector<SinkFileEntry>> ParseSinkLogBatch(std::string_view text, std::string_view file_name) {
  if (text.empty()) return LogError(file_name, 1, 1, "Incomplete log file");
  std::vector<std::string_view> lines;
  for (size_t start = 0; start < text.size();) {  // Source.getLines: \n or \r\n; no empty last line
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view l = text.substr(start, end - start);
    if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
    lines.push_back(l);
    start = end + 1;
  }
  TL_RETURN_IF_ERROR(ValidateLogVersion(lines[0], file_name));
  std::vector<SinkFileEntry> entries;
  for (size_t i = 1; i < lines.size(); ++i) {
    const int line_no = static_cast<int>(i + 1);
    Result<Value> parsed = ParseJson(lines[i]);
    if (!parsed.ok()) {
      const bool last = i + 1 == lines.size() && text.back() != '\n';
      const bool cut = JsonValueEnd(lines[i], SkipJsonWs(lines[i], 0)) == kNpos;
      return LogError(file_name, line_no, std::max(1, parsed.status().pos().column),
                      fmt::format("damaged sink log entry{}: {}",
                                  last && cut ? " (the last line is cut short: was the file half written?)" : "",
                                  parsed.status().message()));
    }
    SinkFileEntry e;
    std::string what;
    if (!ReadSinkEntry(*parsed, &e, &what))
      return LogError(file_name, line_no, 1, fmt::format("damaged sink log entry: {}", what));
    entries.push_back(std::move(e));
  }
  return entries;
}

}  // namespace tideline::structured
