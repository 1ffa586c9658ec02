#pragma once
// Schema: the columns of a table or a typed input, parsed from Spark's DDL form
// ("word STRING, ts TIMESTAMP, n INT NOT NULL"). Immutable; thread-compatible.

#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/common/status.h"
#include "core/value/sql_type.h"
#include "core/value/value.h"

namespace tideline {

struct Field {
  std::string name;
  // Its text is the name as written, upper case, a synonym at the top normalized: INT,
  // BIGINT, DOUBLE, STRING, BOOLEAN, TIMESTAMP, ARRAY<..>, STRUCT<..>, DECIMAL(10,2).
  SqlType type;
  bool nullable = true;
};

struct Schema {
  std::vector<Field> fields;
  int Find(std::string_view name) const;  // case-insensitive; -1 when absent
  std::vector<std::string> names() const;
  const StructType* struct_type() const { return StructType::Get(names()); }
};

// Parses "name TYPE [NOT NULL], ...". Errors give the offset of the problem in `message`.
Result<Schema> ParseSchema(std::string_view ddl);

// How a text cell of a type is read, resolved once per column: the kind of sql_type.h
// (SMALLINT and TINYINT cells are read as INT, DECIMAL cells as DOUBLE), or nullopt for a
// type a cell cannot hold.
std::optional<SqlKind> CellKindOf(const SqlType& type);

// Reads one field of text as a cell of `kind` (CellKindOf's; a CSV cell). Returns false when
// it does not parse.
bool ParseCell(std::string_view text, SqlKind kind, Value* out);

// ParseCell for the loop of a typed input: the common forms of numbers, timestamps and
// strings read here, inline, the others by ParseCell; the same results.
inline bool ParseCellInline(std::string_view text, SqlKind type, Value* out) {
  const char* p = text.data();
  const size_t n = text.size();
  auto digit = [](char c) { return static_cast<unsigned>(c - '0'); };
  switch (type) {
    case SqlKind::kString:
      *out = Value::String(text);
      return true;
    case SqlKind::kInt:
    case SqlKind::kBigInt: {  // -?[0-9]{1,18}
      size_t i = n > 0 && p[0] == '-' ? 1 : 0;
      if (n == i || n - i > 18) break;
      int64_t v = 0;
      for (; i < n; ++i) {
        unsigned d = digit(p[i]);
        if (d > 9) return ParseCell(text, type, out);
        v = v * 10 + d;
      }
      if (p[0] == '-') v = -v;
      if (type == SqlKind::kInt && (v < INT32_MIN || v > INT32_MAX)) return false;
      *out = Value::Int(v);
      return true;
    }
    case SqlKind::kDouble: {  // -?[0-9]+(.[0-9]+)? with at most 15 digits: see ParseCell
      static constexpr double kPow10[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8,
                                          1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
      size_t i = n > 0 && p[0] == '-' ? 1 : 0;
      const size_t int_begin = i;
      uint64_t m = 0;
      while (i < n && digit(p[i]) <= 9) m = m * 10 + digit(p[i++]);
      size_t digits = i - int_begin, frac = 0;
      if (digits == 0) break;
      if (i < n && p[i] == '.') {
        const size_t f = ++i;
        while (i < n && digit(p[i]) <= 9) m = m * 10 + digit(p[i++]);
        frac = i - f;
        if (frac == 0) break;
        digits += frac;
      }
      if (i != n || digits > 15) break;
      double v = static_cast<double>(m);
      if (frac) v /= kPow10[frac];
      *out = Value::Double(int_begin ? -v : v);
      return true;
    }
    case SqlKind::kTimestamp: {  // "YYYY-MM-DD HH:MM:SS" on the date of the previous one
      thread_local char last_date[10] = {};
      thread_local int64_t last_days = 0;
      thread_local bool have_last = false;
      if (n != 19 || (p[10] != ' ' && p[10] != 'T') || p[13] != ':' || p[16] != ':') break;
      if (!have_last || std::memcmp(p, last_date, 10) != 0) {
        unsigned y0 = digit(p[0]), y1 = digit(p[1]), y2 = digit(p[2]), y3 = digit(p[3]);
        unsigned m0 = digit(p[5]), m1 = digit(p[6]), d0 = digit(p[8]), d1 = digit(p[9]);
        if (p[4] != '-' || p[7] != '-' ||
            ((y0 > 9) | (y1 > 9) | (y2 > 9) | (y3 > 9) | (m0 > 9) | (m1 > 9) | (d0 > 9) | (d1 > 9)))
          break;
        unsigned mo = m0 * 10 + m1, d = d0 * 10 + d1;
        if (mo < 1 || mo > 12 || d < 1 || d > 31) break;
        last_days = DaysFromCivil(y0 * 1000 + y1 * 100 + y2 * 10 + y3, mo, d);
        std::memcpy(last_date, p, 10);
        have_last = true;
      }
      unsigned h0 = digit(p[11]), h1 = digit(p[12]), i0 = digit(p[14]), i1 = digit(p[15]), s0 = digit(p[17]),
               s1 = digit(p[18]);
      if ((h0 > 9) | (h1 > 9) | (i0 > 9) | (i1 > 9) | (s0 > 9) | (s1 > 9)) break;
      int64_t h = h0 * 10 + h1, mi = i0 * 10 + i1, sec = s0 * 10 + s1;
      if (h > 23 || mi > 59 || sec > 59) return false;
      *out = Value::Ts(Timestamp::FromSeconds(last_days * 86400 + h * 3600 + mi * 60 + sec));
      return true;
    }
    default: break;
  }
  return ParseCell(text, type, out);
}

}  // namespace tideline
