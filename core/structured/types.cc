#include "core/structured/types.h"

#include <cctype>
#include <cstdint>
#include <functional>
#include <utility>

#include "core/common/strings.h"

namespace tideline::structured {

using expr::Node;
using expr::NodeKind;

namespace {

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// The kinds without parts and their names.
constexpr std::pair<SqlKind, const char*> kScalarNames[] = {
    {SqlKind::kString, "STRING"}, {SqlKind::kTinyInt, "TINYINT"}, {SqlKind::kSmallInt, "SMALLINT"},
    {SqlKind::kInt, "INT"}, {SqlKind::kBigInt, "BIGINT"}, {SqlKind::kDouble, "DOUBLE"},
    {SqlKind::kBoolean, "BOOLEAN"}, {SqlKind::kTimestamp, "TIMESTAMP"}, {SqlKind::kDate, "DATE"},
    {SqlKind::kVoid, "VOID"}, {SqlKind::kInterval, "INTERVAL"}};

SqlType Wider(const SqlType& a, const SqlType& b) {
  if (a.kind == SqlKind::kDouble || b.kind == SqlKind::kDouble) return ScalarType(SqlKind::kDouble);
  if (a.kind == SqlKind::kBigInt || b.kind == SqlKind::kBigInt) return ScalarType(SqlKind::kBigInt);
  if (a.kind == SqlKind::kInt && b.kind == SqlKind::kInt) return ScalarType(SqlKind::kInt);
  if (a.kind == SqlKind::kUnknown) return b;
  return a;
}

}  // namespace

SqlType ScalarType(SqlKind kind) {
  SqlType t;
  for (const auto& [k, name] : kScalarNames) {
    if (k == kind) {
      t.kind = k;
      t.text = name;
      break;
    }
  }
  return t;
}

SqlType ArrayOf(SqlType element) {
  SqlType t;
  t.kind = SqlKind::kArray;
  t.text = "ARRAY<" + element.text + ">";
  t.children.push_back(std::move(element));
  return t;
}

const SqlType& WindowType() {
  static const SqlType t = [] {
    SqlType w;
    w.kind = SqlKind::kStruct;
    w.text = "STRUCT<start:TIMESTAMP,end:TIMESTAMP>";
    w.names = {"start", "end"};
    w.children = {ScalarType(SqlKind::kTimestamp), ScalarType(SqlKind::kTimestamp)};
    w.struct_type = StructType::Get(w.names);
    return w;
  }();
  return t;
}

std::string CastName(std::string_view written) {
  std::string t = Upper(written);
  if (t == "LONG") return "BIGINT";
  if (t == "INTEGER") return "INT";
  return t;
}

SqlType CastType(std::string_view written) {
  std::string t = CastName(written);
  return SqlType::Named(t == "FLOAT" || t == "REAL" ? "DOUBLE" : t);
}

bool IsIntegral(const SqlType& t) {
  return t.kind == SqlKind::kInt || t.kind == SqlKind::kBigInt || t.kind == SqlKind::kSmallInt ||
         t.kind == SqlKind::kTinyInt;
}
bool IsNumeric(const SqlType& t) {
  return IsIntegral(t) || t.kind == SqlKind::kDouble || t.kind == SqlKind::kDecimal;
}

SqlType ElementType(const SqlType& type) {
  if (type.kind == SqlKind::kArray && !type.children.empty()) return type.children[0];
  return SqlType();
}

SqlType FieldType(const SqlType& type, const std::string& name) {
  if (type.kind != SqlKind::kStruct) return SqlType();
  for (size_t i = 0; i < type.names.size() && i < type.children.size(); ++i)
    if (AsciiLower(type.names[i]) == AsciiLower(name)) return type.children[i];
  return SqlType();
}

std::string CatalogString(const SqlType& type) {
  switch (type.kind) {
    case SqlKind::kArray:
      return "array<" + (type.children.empty() ? std::string() : CatalogString(type.children[0])) + ">";
    case SqlKind::kStruct: {
      std::string out = "struct<";
      for (size_t i = 0; i < type.names.size() && i < type.children.size(); ++i)
        out += (i > 0 ? "," : "") + type.names[i] + ":" + CatalogString(type.children[i]);
      return out + ">";
    }
    case SqlKind::kDouble:
      return std::string_view(type.spark_class) == "FloatType" ? "float" : "double";
    case SqlKind::kDecimal:
    case SqlKind::kOther:
    case SqlKind::kUnknown: return AsciiLower(type.text);
    default: return AsciiLower(ScalarType(type.kind).text);
  }
}

SqlType TypeOfValue(const Value& v) {
  switch (v.type()) {
    case ValueType::kNull: return ScalarType(SqlKind::kVoid);
    case ValueType::kBool: return ScalarType(SqlKind::kBoolean);
    case ValueType::kInt:
      return ScalarType(v.as_int() >= INT32_MIN && v.as_int() <= INT32_MAX ? SqlKind::kInt
                                                                           : SqlKind::kBigInt);
    case ValueType::kDouble: return ScalarType(SqlKind::kDouble);
    case ValueType::kString: return ScalarType(SqlKind::kString);
    case ValueType::kTimestamp: return ScalarType(SqlKind::kTimestamp);
    default: return SqlType();
  }
}

namespace {

using ChildType = std::function<SqlType(size_t)>;

// The type of a call of `f` (lower case), its arguments' types given by `child`.
SqlType CallType(const std::string& f, const ChildType& child) {
  if (f == "timestamp_seconds" || f == "timestamp_millis" || f == "timestamp_micros" || f == "to_timestamp" ||
      f == "current_timestamp" || f == "now" || f == "window_time")
    return ScalarType(SqlKind::kTimestamp);
  if (f == "window" || f == "session_window") return WindowType();
  if (f == "count" || f == "unix_timestamp" || f == "unix_micros" || f == "unix_millis" || f == "unix_seconds" ||
      f == "monotonically_increasing_id")
    return ScalarType(SqlKind::kBigInt);
  if (f == "sum") {
    SqlType a = child(0);
    return a.kind == SqlKind::kDouble ? a : (IsIntegral(a) ? ScalarType(SqlKind::kBigInt) : a);
  }
  if (f == "avg" || f == "mean" || f == "sqrt" || f == "exp" || f == "ln" || f == "log10" || f == "pow" || f == "power")
    return ScalarType(SqlKind::kDouble);
  if (f == "min" || f == "max" || f == "first" || f == "last" || f == "abs" || f == "coalesce" || f == "nvl" ||
      f == "ifnull" || f == "greatest" || f == "least" || f == "nullif")
    return child(0);
  if (f == "if") return child(1);
  if (f == "round") return child(0);
  if (f == "floor" || f == "ceil" || f == "ceiling") return ScalarType(SqlKind::kBigInt);
  if (f == "collect_list" || f == "collect_set") return ArrayOf(child(0));
  if (f == "lower" || f == "upper" || f == "lcase" || f == "ucase" || f == "trim" || f == "ltrim" || f == "rtrim" ||
      f == "concat" || f == "concat_ws" || f == "substring" || f == "substr" || f == "regexp_extract" ||
      f == "regexp_replace" || f == "date_format" || f == "reverse")
    return ScalarType(SqlKind::kString);
  if (f == "length" || f == "char_length" || f == "size" || f == "cardinality" || f == "hour" || f == "minute" ||
      f == "second")
    return ScalarType(SqlKind::kInt);
  if (f == "split") return ArrayOf(ScalarType(SqlKind::kString));
  if (f == "explode" || f == "array_max" || f == "array_min" || f == "element_at")
    return ElementType(child(0));
  if (f == "array_contains" || f == "exists" || f == "forall" || f == "isnull" || f == "isnotnull")
    return ScalarType(SqlKind::kBoolean);
  return SqlType();
}

SqlType BinaryType(const Node& n, const ChildType& child) {
  const std::string& op = n.name;
  if (op == "AND" || op == "OR" || op == "=" || op == "==" || op == "<=>" || op == "!=" || op == "<>" || op == "<" ||
      op == "<=" || op == ">" || op == ">=")
    return ScalarType(SqlKind::kBoolean);
  if (op == "/") return ScalarType(SqlKind::kDouble);
  if (op == "||") return ScalarType(SqlKind::kString);
  if (op == "DIV") return ScalarType(SqlKind::kBigInt);
  SqlType a = child(0), b = child(1);
  const bool ta = a.kind == SqlKind::kTimestamp, tb = b.kind == SqlKind::kTimestamp;
  if (ta || tb) return ta && tb ? SqlType() : ScalarType(SqlKind::kTimestamp);
  if (n.children[1]->kind == NodeKind::kInterval) return a;
  return Wider(a, b);
}

}  // namespace

SqlType InferType(const Node& n, const Columns& cols) {
  const ChildType child = [&](size_t i) {
    return i < n.children.size() ? InferType(*n.children[i], cols) : SqlType();
  };
  switch (n.kind) {
    case NodeKind::kLiteral: return TypeOfValue(n.value);
    case NodeKind::kName:
      if (n.name.size() > 1 && n.name[0] == '#') {
        size_t i = static_cast<size_t>(std::stoi(n.name.substr(1)));
        return i < cols.size() ? cols[i].type : SqlType();
      }
      return SqlType();
    case NodeKind::kField: return FieldType(child(0), n.name);
    case NodeKind::kIndex: return ElementType(child(0));
    case NodeKind::kUnary: return n.name == "NOT" ? ScalarType(SqlKind::kBoolean) : child(0);
    case NodeKind::kBinary: return BinaryType(n, child);
    case NodeKind::kIsNull:
    case NodeKind::kIn:
    case NodeKind::kBetween:
    case NodeKind::kLike: return ScalarType(SqlKind::kBoolean);
    case NodeKind::kCase: return child(n.has_operand ? 2 : 1);
    case NodeKind::kCast: return CastType(n.name);
    case NodeKind::kAlias: return child(0);
    case NodeKind::kInterval: return ScalarType(SqlKind::kInterval);
    case NodeKind::kArray: return ArrayOf(child(0));
    case NodeKind::kCall: return CallType(AsciiLower(n.name), child);
    default: return SqlType();
  }
}

}  // namespace tideline::structured
