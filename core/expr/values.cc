// SQL value semantics shared by the evaluator and the function library: values as text,
// numeric operands, Spark's comparison across types, and CAST (Spark SQL without ANSI
// mode).
#include <fmt/format.h>

#include <cmath>
#include <cstdint>
#include <string>

#include "core/expr/internal.h"
#include "core/expr/numeric.h"

namespace tideline::expr {

namespace internal {

std::string ToText(const Value& v) {
  if (v.type() == ValueType::kString) return std::string(v.str());
  return v.ToDisplay();
}

Value ToStringValue(const Value& v) {
  if (v.is_null() || v.type() == ValueType::kString) return v;
  return Value::String(v.ToDisplay());
}

bool NumericOperand(const Value& v, Value* out) {
  switch (v.type()) {
    case ValueType::kInt:
    case ValueType::kDouble: *out = v; return true;
    case ValueType::kBool: *out = Value::Int(v.as_bool() ? 1 : 0); return true;
    case ValueType::kString: {
      Value d = CastValue(v, "DOUBLE");
      if (d.is_null()) return false;
      *out = d;
      return true;
    }
    default: return false;
  }
}

int CompareForSql(const Value& a, const Value& b, bool* comparable) {
  *comparable = true;
  if (a.type() == ValueType::kString && b.type() == ValueType::kString) {
    int c = a.str().compare(b.str());
    return c < 0 ? -1 : (c > 0 ? 1 : 0);
  }
  if (a.is_number() && b.is_number()) {
    if (a.type() == ValueType::kInt && b.type() == ValueType::kInt)
      return a.as_int() < b.as_int() ? -1 : (a.as_int() > b.as_int() ? 1 : 0);
    double x = a.num(), y = b.num();
    return x < y ? -1 : (x > y ? 1 : 0);
  }
  if (a.type() == ValueType::kTimestamp && b.type() == ValueType::kString) {
    Value t = CastValue(b, "TIMESTAMP");
    if (t.is_null()) { *comparable = false; return 0; }
    return Value::Compare(a, t);
  }
  if (a.type() == ValueType::kString && b.type() == ValueType::kTimestamp) {
    Value t = CastValue(a, "TIMESTAMP");
    if (t.is_null()) { *comparable = false; return 0; }
    return Value::Compare(t, b);
  }
  if ((a.is_number() && b.type() == ValueType::kString) || (a.type() == ValueType::kString && b.is_number())) {
    Value x, y;
    if (!NumericOperand(a, &x) || !NumericOperand(b, &y)) { *comparable = false; return 0; }
    return CompareForSql(x, y, comparable);
  }
  if (a.is_seq() && b.is_seq()) {
    auto xs = a.items(), ys = b.items();
    size_t n = std::min(xs.size(), ys.size());
    for (size_t i = 0; i < n; ++i) {
      if (xs[i].is_null() || ys[i].is_null()) {
        if (xs[i].is_null() != ys[i].is_null()) return xs[i].is_null() ? -1 : 1;
        continue;
      }
      int c = CompareForSql(xs[i], ys[i], comparable);
      if (!*comparable || c != 0) return c;
    }
    return xs.size() == ys.size() ? 0 : (xs.size() < ys.size() ? -1 : 1);
  }
  return Value::Compare(a, b);
}


Value GetField(const Value& base, const std::string& name) {
  if (base.type() == ValueType::kTuple) {
    if (name.size() >= 2 && name[0] == '_') {
      size_t idx = 0;
      for (size_t i = 1; i < name.size(); ++i) idx = idx * 10 + static_cast<size_t>(name[i] - '0');
      if (idx >= 1 && idx <= base.size()) return base[idx - 1];
    }
    throw EvalError(fmt::format("value {} has no field {}", base.ToDisplay(), name));
  }
  if (base.type() == ValueType::kStruct) {
    int i = base.struct_type()->Find(name);
    if (i >= 0) return base[static_cast<size_t>(i)];
    throw EvalError(fmt::format("No such struct field {} in {}", name,
                                fmt::join(base.struct_type()->names(), ", ")));
  }
  if (base.is_null()) return Value();
  if (base.type() == ValueType::kArray) {
    // Field of every element, as Spark's GetArrayStructFields.
    std::vector<Value> out;
    for (const Value& e : base.items()) out.push_back(GetField(e, name));
    return Value::Array(std::move(out));
  }
  throw EvalError(fmt::format("cannot read field {} of {} value {}", name, ValueTypeName(base.type()), base.ToDisplay()));
}

}  // namespace internal

namespace {

int64_t ParseIntStrict(std::string_view s, bool* ok) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  *ok = false;
  if (s.empty()) return 0;
  size_t i = 0;
  bool neg = false;
  if (s[0] == '-' || s[0] == '+') { neg = s[0] == '-'; ++i; }
  if (i >= s.size()) return 0;
  uint64_t v = 0;
  for (; i < s.size(); ++i) {
    if (s[i] == '.') {  // Spark casts "1.5" to 1
      for (size_t k = i + 1; k < s.size(); ++k) if (!std::isdigit(static_cast<unsigned char>(s[k]))) return 0;
      break;
    }
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return 0;
    v = v * 10 + static_cast<uint64_t>(s[i] - '0');
  }
  *ok = true;
  return neg ? -static_cast<int64_t>(v) : static_cast<int64_t>(v);
}

}  // namespace

bool IsKnownCastType(std::string_view t) {
  static const char* kTypes[] = {"INT", "INTEGER", "BIGINT", "LONG", "SMALLINT", "TINYINT", "SHORT", "BYTE",
                                 "DOUBLE", "FLOAT", "REAL", "STRING", "VARCHAR", "BOOLEAN", "BOOL", "TIMESTAMP", "DATE"};
  for (const char* k : kTypes) if (t == k) return true;
  return t.starts_with("DECIMAL") || t.starts_with("ARRAY") || t.starts_with("STRUCT");
}

// CAST(string AS DOUBLE): white space trimmed, NaN and Infinity by name, otherwise a
// decimal number; null when the text is not one.
static Value CastStringToDouble(std::string_view text) {
  std::string s(text);
  size_t a = s.find_first_not_of(" \t\n");
  size_t b = s.find_last_not_of(" \t\n");
  if (a == std::string::npos) return Value();
  s = s.substr(a, b - a + 1);
  if (s == "NaN") return Value::Double(NAN);
  if (s == "Infinity" || s == "+Infinity") return Value::Double(INFINITY);
  if (s == "-Infinity") return Value::Double(-INFINITY);
  char* end = nullptr;
  double d = std::strtod(s.c_str(), &end);
  if (end != s.c_str() + s.size() || s.empty()) return Value();
  for (char c : s) if (std::isalpha(static_cast<unsigned char>(c)) && c != 'e' && c != 'E') return Value();
  return Value::Double(d);
}

namespace {

int64_t JavaDoubleToInt(double d) {
  if (std::isnan(d)) return 0;
  if (d >= 2147483647.0) return INT32_MAX;
  if (d <= -2147483648.0) return INT32_MIN;
  return static_cast<int32_t>(d);
}

int64_t SaturatingSecondsToMicros(int64_t s) {
  int64_t us;
  if (__builtin_mul_overflow(s, int64_t{1000000}, &us)) return s > 0 ? INT64_MAX : INT64_MIN;
  return us;
}

// Microseconds of a number of seconds, rounded as before when in range; saturating
// beyond it (no undefined behaviour).
int64_t SecondsToMicrosRounded(double seconds) {
  double us = seconds * 1e6;
  if (us >= 9223372036854775807.0 || us <= -9223372036854775808.0) return JavaLong(us);
  return static_cast<int64_t>(std::llround(us));
}

}  // namespace

Value CastValue(const Value& v, std::string_view type) {
  if (v.is_null()) return v;
  if (type == "INT" || type == "INTEGER" || type == "BIGINT" || type == "LONG" || type == "SMALLINT" ||
      type == "TINYINT" || type == "SHORT" || type == "BYTE") {
    switch (v.type()) {
      case ValueType::kInt: {
        if (type == "INT" || type == "INTEGER") return Value::Int(static_cast<int32_t>(v.as_int()));
        return v;
      }
      case ValueType::kDouble: {
        // Java's (long) d and (int) d, which Spark's non-ANSI cast uses: NaN is 0, and a
        // value beyond the range saturates at its end.
        double d = v.as_double();
        if (type == "INT" || type == "INTEGER") return Value::Int(JavaDoubleToInt(d));
        return Value::Int(JavaLong(d));
      }
      case ValueType::kBool: return Value::Int(v.as_bool() ? 1 : 0);
      case ValueType::kString: {
        bool ok;
        int64_t i = ParseIntStrict(v.str(), &ok);
        return ok ? Value::Int(i) : Value();
      }
      case ValueType::kTimestamp: return Value::Int(Timestamp::FloorDiv(v.as_int(), 1000000));
      default: return Value();
    }
  }
  if (type == "DOUBLE" || type == "FLOAT" || type == "REAL" || type.starts_with("DECIMAL")) {
    switch (v.type()) {
      case ValueType::kInt: return Value::Double(static_cast<double>(v.as_int()));
      case ValueType::kDouble: return v;
      case ValueType::kBool: return Value::Double(v.as_bool() ? 1 : 0);
      case ValueType::kString: return CastStringToDouble(v.str());
      case ValueType::kTimestamp: return Value::Double(static_cast<double>(v.as_int()) / 1e6);
      default: return Value();
    }
  }
  if (type == "STRING" || type == "VARCHAR") return internal::ToStringValue(v);
  if (type == "BOOLEAN" || type == "BOOL") {
    switch (v.type()) {
      case ValueType::kBool: return v;
      case ValueType::kInt: return Value::Bool(v.as_int() != 0);
      case ValueType::kDouble: return Value::Bool(v.as_double() != 0);
      case ValueType::kString: {
        std::string s;
        for (char c : v.str()) s.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
        if (s == "true" || s == "t" || s == "yes" || s == "y" || s == "1") return Value::Bool(true);
        if (s == "false" || s == "f" || s == "no" || s == "n" || s == "0") return Value::Bool(false);
        return Value();
      }
      default: return Value();
    }
  }
  if (type == "TIMESTAMP" || type == "DATE") {
    Value out;
    switch (v.type()) {
      case ValueType::kTimestamp: out = v; break;
      // Spark's longToTimestamp (TimeUnit.SECONDS.toMicros, saturating) and
      // doubleToTimestamp ((long) (d * 1e6); NaN and infinities are null).
      case ValueType::kInt: out = Value::Ts(Timestamp::FromMicros(SaturatingSecondsToMicros(v.as_int()))); break;
      case ValueType::kDouble: {
        double d = v.as_double();
        if (std::isnan(d) || std::isinf(d)) return Value();
        out = Value::Ts(Timestamp::FromMicros(SecondsToMicrosRounded(d)));
        break;
      }
      case ValueType::kString: {
        auto t = ParseTimestamp(v.str());
        out = t.ok() ? Value::Ts(*t) : Value();
        break;
      }
      default: return Value();
    }
    if (type == "DATE" && !out.is_null()) out = Value::Ts(out.as_ts().FloorTo(Duration::Hours(24)));
    return out;
  }
  return v;
}

}  // namespace tideline::expr
