// ANSI mode: the thread's setting, Spark's error messages and the ANSI cast (ansi.h).
#include "core/expr/ansi.h"

#include <fmt/format.h>

#include <cmath>

#include "core/expr/expr.h"
#include "core/expr/internal.h"

namespace tideline::expr {

namespace {
thread_local bool ansi_on = false;

constexpr const char* kBypass = "If necessary set \"spark.sql.ansi.enabled\" to \"false\" to bypass this error.";

bool IsIntegral(std::string_view type) {
  return type == "INT" || type == "INTEGER" || type == "BIGINT" || type == "LONG" || type == "SMALLINT" ||
         type == "TINYINT" || type == "SHORT" || type == "BYTE";
}

// The range of an integral type.
void Range(std::string_view type, double* lo, double* hi) {
  if (type == "INT" || type == "INTEGER") { *lo = -2147483648.0; *hi = 2147483647.0; return; }
  if (type == "SMALLINT" || type == "SHORT") { *lo = -32768.0; *hi = 32767.0; return; }
  if (type == "TINYINT" || type == "BYTE") { *lo = -128.0; *hi = 127.0; return; }
  *lo = -9223372036854775808.0;
  *hi = 9223372036854775807.0;
}

std::string CanonicalType(std::string_view type) {
  if (type == "INTEGER") return "INT";
  if (type == "LONG") return "BIGINT";
  if (type == "SHORT") return "SMALLINT";
  if (type == "BYTE") return "TINYINT";
  if (type == "VARCHAR") return "STRING";
  if (type == "BOOL") return "BOOLEAN";
  if (type == "REAL") return "FLOAT";
  return std::string(type);
}
}  // namespace

bool AnsiEnabled() { return ansi_on; }
AnsiScope::AnsiScope(bool on) : saved_(ansi_on) { ansi_on = on; }
AnsiScope::~AnsiScope() { ansi_on = saved_; }

bool AnsiSetting(std::string_view value) {
  if (value.empty()) return true;
  std::string lower;
  for (char c : value) lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  return lower == "true";
}

std::string DivideByZeroError() {
  return fmt::format("[DIVIDE_BY_ZERO] Division by zero. Use `try_divide` to tolerate divisor being 0 and return NULL "
                     "instead. {} SQLSTATE: 22012",
                     kBypass);
}

std::string ArithmeticOverflowError(std::string_view what, std::string_view hint) {
  return fmt::format("[ARITHMETIC_OVERFLOW] {}. Use '{}' to tolerate overflow and return NULL instead. {} SQLSTATE: 22003",
                     what, hint, kBypass);
}

std::string SqlTypeName(const Value& v) {
  switch (v.type()) {
    case ValueType::kString: return "\"STRING\"";
    case ValueType::kInt: return "\"BIGINT\"";
    case ValueType::kDouble: return "\"DOUBLE\"";
    case ValueType::kBool: return "\"BOOLEAN\"";
    case ValueType::kTimestamp: return "\"TIMESTAMP\"";
    case ValueType::kArray: return "\"ARRAY\"";
    case ValueType::kStruct: return "\"STRUCT\"";
    default: return "\"VOID\"";
  }
}

std::string SqlLiteral(const Value& v) {
  switch (v.type()) {
    case ValueType::kString: {
      std::string s = "'";
      for (char c : v.str()) {
        if (c == '\'' || c == '\\') s.push_back('\\');
        s.push_back(c);
      }
      return s + "'";
    }
    case ValueType::kInt: return fmt::format("{}L", v.as_int());
    case ValueType::kDouble: {
      // Java's Double.toString for the common cases, then Spark's D suffix.
      double d = v.as_double();
      if (std::isnan(d)) return "NaND";
      if (std::isinf(d)) return d > 0 ? "InfinityD" : "-InfinityD";
      const double a = std::fabs(d);
      if (a != 0 && (a >= 1e7 || a < 1e-3)) {
        std::string e = fmt::format("{:E}", d);  // 1.000000E+10
        size_t epos = e.find('E');
        std::string mant = e.substr(0, epos);
        while (mant.size() > 3 && mant.back() == '0' && mant[mant.size() - 2] != '.') mant.pop_back();
        int exp = std::stoi(e.substr(epos + 1));
        return fmt::format("{}E{}D", mant, exp);
      }
      std::string s = fmt::format("{}", d);
      if (s.find('.') == std::string::npos && s.find('e') == std::string::npos) s += ".0";
      return s + "D";
    }
    case ValueType::kBool: return v.as_bool() ? "true" : "false";
    case ValueType::kTimestamp: return "TIMESTAMP '" + v.as_ts().ToString() + "'";
    default: return v.ToDisplay();
  }
}

std::string CastInvalidInputError(const Value& v, std::string_view to) {
  return fmt::format("[CAST_INVALID_INPUT] The value {} of the type {} cannot be cast to \"{}\" because it is malformed. "
                     "Correct the value as per the syntax, or change its target type. Use `try_cast` to tolerate "
                     "malformed input and return NULL instead. SQLSTATE: 22018",
                     SqlLiteral(v), SqlTypeName(v), CanonicalType(to));
}

std::string CastOverflowError(const Value& v, std::string_view to) {
  return fmt::format("[CAST_OVERFLOW] The value {} of the type {} cannot be cast to \"{}\" due to an overflow. Use "
                     "`try_cast` to tolerate overflow and return NULL instead. SQLSTATE: 22003",
                     SqlLiteral(v), SqlTypeName(v), CanonicalType(to));
}

std::string InvalidArrayIndexError(int64_t index, size_t size, bool element_at) {
  if (element_at)
    return fmt::format("[INVALID_ARRAY_INDEX_IN_ELEMENT_AT] The index {} is out of bounds. The array has {} elements. "
                       "Use `try_element_at` to tolerate accessing element at invalid index and return NULL instead. "
                       "{} SQLSTATE: 22003",
                       index, size, kBypass);
  return fmt::format("[INVALID_ARRAY_INDEX] The index {} is out of bounds. The array has {} elements. Use the SQL "
                     "function `get()` to tolerate accessing element at invalid index and return NULL instead. {} "
                     "SQLSTATE: 22003",
                     index, size, kBypass);
}

Value AnsiCastValue(const Value& v, std::string_view type) {
  if (v.is_null()) return v;
  if (IsIntegral(type) && (v.type() == ValueType::kDouble || v.type() == ValueType::kInt)) {
    double lo, hi;
    Range(type, &lo, &hi);
    if (v.type() == ValueType::kDouble) {
      // Spark: the truncated value must fit (Math.floor(d) <= MAX && Math.ceil(d) >= MIN).
      double d = v.as_double();
      if (std::isnan(d) || std::floor(d) > hi || std::ceil(d) < lo) throw EvalError(CastOverflowError(v, type));
    } else if (static_cast<double>(v.as_int()) > hi || static_cast<double>(v.as_int()) < lo) {
      throw EvalError(CastOverflowError(v, type));
    }
    return CastValue(v, type);
  }
  Value out = CastValue(v, type);
  if (out.is_null() && v.type() == ValueType::kString) throw EvalError(CastInvalidInputError(v, type));
  return out;
}

}  // namespace tideline::expr
