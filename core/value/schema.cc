#include "core/value/schema.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <cstring>

namespace tideline {

int Schema::Find(std::string_view name) const {
  for (size_t i = 0; i < fields.size(); ++i) {
    const std::string& n = fields[i].name;
    if (n.size() != name.size()) continue;
    bool eq = true;
    for (size_t k = 0; k < n.size() && eq; ++k)
      eq = std::tolower(static_cast<unsigned char>(n[k])) == std::tolower(static_cast<unsigned char>(name[k]));
    if (eq) return static_cast<int>(i);
  }
  return -1;
}

std::vector<std::string> Schema::names() const {
  std::vector<std::string> out;
  for (const auto& f : fields) out.push_back(f.name);
  return out;
}

namespace {
std::string NormalizeType(std::string t) {
  for (char& c : t) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (t == "INTEGER") return "INT";
  if (t == "LONG") return "BIGINT";
  if (t == "FLOAT" || t == "REAL") return "DOUBLE";
  if (t == "BOOL") return "BOOLEAN";
  if (t == "VARCHAR" || t == "TEXT") return "STRING";
  return t;
}
}  // namespace

Result<Schema> ParseSchema(std::string_view ddl) {
  Schema s;
  size_t i = 0;
  auto ws = [&]() { while (i < ddl.size() && std::isspace(static_cast<unsigned char>(ddl[i]))) ++i; };
  while (true) {
    ws();
    if (i >= ddl.size()) break;
    size_t start = i;
    std::string name;
    if (ddl[i] == '`') {
      ++i;
      while (i < ddl.size() && ddl[i] != '`') name.push_back(ddl[i++]);
      ++i;
    } else {
      while (i < ddl.size() && (std::isalnum(static_cast<unsigned char>(ddl[i])) || ddl[i] == '_')) name.push_back(ddl[i++]);
    }
    if (name.empty()) return Status::InvalidArgument(fmt::format("invalid schema at offset {}: expected a column name", start));
    ws();
    if (i < ddl.size() && ddl[i] == ':') { ++i; ws(); }
    std::string type;
    int depth = 0;
    while (i < ddl.size() && (depth > 0 || (ddl[i] != ',' && !std::isspace(static_cast<unsigned char>(ddl[i]))))) {
      if (ddl[i] == '<' || ddl[i] == '(') ++depth;
      if (ddl[i] == '>' || ddl[i] == ')') --depth;
      type.push_back(ddl[i++]);
    }
    if (type.empty()) return Status::InvalidArgument(fmt::format("invalid schema: column '{}' has no type", name));
    Field f{name, SqlType::Named(NormalizeType(type)), true};
    const SqlKind kind = f.type.kind;
    const bool known = (kind != SqlKind::kOther && kind != SqlKind::kVoid && kind != SqlKind::kInterval) ||
                       f.type.text.starts_with("ARRAY<") || f.type.text.starts_with("STRUCT<");
    if (!known) return Status::InvalidArgument(fmt::format("invalid schema: unknown type '{}' for column '{}'", type, name));
    ws();
    if (ddl.substr(i, 3) == "NOT" || ddl.substr(i, 3) == "not") {
      i += 3;
      ws();
      if (ddl.substr(i, 4) != "NULL" && ddl.substr(i, 4) != "null")
        return Status::InvalidArgument("invalid schema: expected NULL after NOT");
      i += 4;
      f.nullable = false;
      ws();
    }
    s.fields.push_back(std::move(f));
    if (i < ddl.size() && ddl[i] == ',') { ++i; continue; }
    ws();
    if (i < ddl.size()) return Status::InvalidArgument(fmt::format("invalid schema at offset {}: expected ','", i));
  }
  if (s.fields.empty()) return Status::InvalidArgument("invalid schema: no columns");
  return s;
}

namespace {
bool Digits(std::string_view s, size_t pos, size_t n, int64_t* out) {
  if (pos + n > s.size()) return false;
  int64_t v = 0;
  for (size_t k = pos; k < pos + n; ++k) {
    unsigned d = static_cast<unsigned char>(s[k]) - '0';
    if (d > 9) return false;
    v = v * 10 + d;
  }
  *out = v;
  return true;
}
}  // namespace

std::optional<SqlKind> CellKindOf(const SqlType& type) {
  switch (type.kind) {
    case SqlKind::kTinyInt:
    case SqlKind::kSmallInt: return SqlKind::kInt;
    case SqlKind::kDecimal: return SqlKind::kDouble;
    case SqlKind::kString:
    case SqlKind::kInt:
    case SqlKind::kBigInt:
    case SqlKind::kDouble:
    case SqlKind::kBoolean:
    case SqlKind::kTimestamp:
    case SqlKind::kDate: return type.kind;
    default: return std::nullopt;
  }
}

namespace {

// An INT or BIGINT cell: an optional sign and decimal digits, in range.
bool ParseIntCell(std::string_view text, SqlKind type, Value* out) {
  const char* b = text.data();
  const char* e = text.data() + text.size();
  if (b == e) return false;
  bool neg = false;
  if (*b == '+' || *b == '-') { neg = *b == '-'; ++b; }
  if (b == e || e - b > 18) {  // long numbers take the careful path
    int64_t v;
    auto [p, ec] = std::from_chars(text.data() + (text[0] == '+' ? 1 : 0), e, v);
    if (ec != std::errc() || p != e) return false;
    if (type == SqlKind::kInt && (v < INT32_MIN || v > INT32_MAX)) return false;
    *out = Value::Int(v);
    return true;
  }
  int64_t v = 0;
  for (; b < e; ++b) {
    unsigned d = static_cast<unsigned char>(*b) - '0';
    if (d > 9) return false;
    v = v * 10 + d;
  }
  if (neg) v = -v;
  if (type == SqlKind::kInt && (v < INT32_MIN || v > INT32_MAX)) return false;
  *out = Value::Int(v);
  return true;
}

// A DOUBLE cell.
bool ParseDoubleCell(std::string_view text, Value* out) {
  // Fast path for [-]digits[.digits] with at most 15 digits: the digits as an integer
  // m < 2^53 and a power of ten up to 1e15 are exact doubles, so m / 10^k is the
  // correctly rounded value of the text, which is what from_chars returns.
  static constexpr double kPow10[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8,
                                      1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
  const char* b = text.data();
  const char* e = b + text.size();
  bool neg = b < e && *b == '-';
  if (neg) ++b;
  const char* q = b;
  uint64_t m = 0;
  while (q < e && static_cast<unsigned>(*q - '0') <= 9) m = m * 10 + static_cast<unsigned>(*q++ - '0');
  size_t digits = static_cast<size_t>(q - b), frac = 0;
  if (digits > 0 && q < e && *q == '.') {
    const char* f = ++q;
    while (q < e && static_cast<unsigned>(*q - '0') <= 9) m = m * 10 + static_cast<unsigned>(*q++ - '0');
    frac = static_cast<size_t>(q - f);
    digits += frac;
    if (frac == 0) q = b;  // "1." takes the careful path
  }
  if (digits > 0 && q == e && digits <= 15) {
    double v = static_cast<double>(m);
    if (frac) v /= kPow10[frac];
    *out = Value::Double(neg ? -v : v);
    return true;
  }
  double d;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), d);
  if (ec != std::errc() || p != text.data() + text.size() || text.empty()) return false;
  *out = Value::Double(d);
  return true;
}

// A TIMESTAMP or DATE cell.
bool ParseTimeCell(std::string_view text, Value* out) {
  // Fast path for "YYYY-MM-DD HH:MM:SS". The day of the last valid date read on this
  // thread is kept: consecutive records mostly share it.
  thread_local char last_date[10] = {};
  thread_local int64_t last_days = 0;
  thread_local bool have_last = false;
  int64_t y, mo, d, h, mi, s;
  if (text.size() == 19 && (text[10] == ' ' || text[10] == 'T') && text[13] == ':' && text[16] == ':' &&
      have_last && std::memcmp(text.data(), last_date, 10) == 0 && Digits(text, 11, 2, &h) &&
      Digits(text, 14, 2, &mi) && Digits(text, 17, 2, &s)) {
    if (h > 23 || mi > 59 || s > 59) return false;
    *out = Value::Ts(Timestamp::FromSeconds(last_days * 86400 + h * 3600 + mi * 60 + s));
    return true;
  }
  if (text.size() == 19 && text[4] == '-' && text[7] == '-' && (text[10] == ' ' || text[10] == 'T') &&
      text[13] == ':' && text[16] == ':' && Digits(text, 0, 4, &y) && Digits(text, 5, 2, &mo) &&
      Digits(text, 8, 2, &d) && Digits(text, 11, 2, &h) && Digits(text, 14, 2, &mi) && Digits(text, 17, 2, &s)) {
    if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return false;
    int64_t days = DaysFromCivil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
    std::memcpy(last_date, text.data(), 10);
    last_days = days;
    have_last = true;
    *out = Value::Ts(Timestamp::FromSeconds(days * 86400 + h * 3600 + mi * 60 + s));
    return true;
  }
  auto t = ParseTimestamp(text);
  if (!t.ok()) return false;
  *out = Value::Ts(*t);
  return true;
}

}  // namespace

bool ParseCell(std::string_view text, SqlKind type, Value* out) {
  switch (type) {
    case SqlKind::kString:
      *out = Value::String(text);
      return true;
    case SqlKind::kInt:
    case SqlKind::kBigInt: return ParseIntCell(text, type, out);
    case SqlKind::kDouble: return ParseDoubleCell(text, out);
    case SqlKind::kBoolean:
      if (text == "true" || text == "TRUE" || text == "True") { *out = Value::Bool(true); return true; }
      if (text == "false" || text == "FALSE" || text == "False") { *out = Value::Bool(false); return true; }
      return false;
    case SqlKind::kTimestamp:
    case SqlKind::kDate: return ParseTimeCell(text, out);
    default:  // TINYINT and SMALLINT cells are read as INT (CellKindOf); no cell holds the others
      return false;
  }
}

}  // namespace tideline
