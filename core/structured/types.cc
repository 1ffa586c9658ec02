#include "core/structured/types.h"

#include <cctype>

#include "core/common/strings.h"

namespace tideline::structured {

using expr::Node;
using expr::NodeKind;

namespace {

std::string Upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}


std::string NormalizeCast(std::string t) {
  t = Upper(t);
  if (t == "LONG") return "BIGINT";
  if (t == "INTEGER") return "INT";
  if (t == "FLOAT" || t == "REAL") return "DOUBLE";
  return t;
}

// Splits the inside of STRUCT<...> at top-level commas.
std::vector<std::string> TopLevel(const std::string& inner) {
  std::vector<std::string> parts;
  int depth = 0;
  std::string cur;
  for (char c : inner) {
    if (c == '<') ++depth;
    if (c == '>') --depth;
    if (c == ',' && depth == 0) {
      parts.push_back(cur);
      cur.clear();
      continue;
    }
    cur += c;
  }
  if (!cur.empty()) parts.push_back(cur);
  return parts;
}

std::string Wider(const std::string& a, const std::string& b) {
  if (a == "DOUBLE" || b == "DOUBLE") return "DOUBLE";
  if (a == "BIGINT" || b == "BIGINT") return "BIGINT";
  if (a == "INT" && b == "INT") return "INT";
  if (a.empty()) return b;
  return a;
}

}  // namespace

bool IsIntegral(const std::string& t) { return t == "INT" || t == "BIGINT" || t == "SMALLINT" || t == "TINYINT"; }
bool IsNumeric(const std::string& t) { return IsIntegral(t) || t == "DOUBLE"; }

std::string ElementType(const std::string& type) {
  if (type.rfind("ARRAY<", 0) == 0 && type.back() == '>') return type.substr(6, type.size() - 7);
  return "";
}

std::string FieldType(const std::string& type, const std::string& name) {
  if (type.rfind("STRUCT<", 0) != 0 || type.back() != '>') return "";
  for (const auto& part : TopLevel(type.substr(7, type.size() - 8))) {
    auto colon = part.find(':');
    if (colon == std::string::npos) continue;
    if (AsciiLower(part.substr(0, colon)) == AsciiLower(name)) return part.substr(colon + 1);
  }
  return "";
}

std::string CatalogString(const std::string& type) {
  std::string out;
  // Field names keep their case; type names are lower case.
  std::string word;
  auto flush = [&](char next) {
    if (next == ':') out += word;
    else out += AsciiLower(word);
    word.clear();
  };
  for (char c : type) {
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '_') {
      word += c;
    } else {
      flush(c);
      out += c;
    }
  }
  flush(0);
  return out;
}

std::string TypeOfValue(const Value& v) {
  switch (v.type()) {
    case ValueType::kNull: return "VOID";
    case ValueType::kBool: return "BOOLEAN";
    case ValueType::kInt: return (v.as_int() >= INT32_MIN && v.as_int() <= INT32_MAX) ? "INT" : "BIGINT";
    case ValueType::kDouble: return "DOUBLE";
    case ValueType::kString: return "STRING";
    case ValueType::kTimestamp: return "TIMESTAMP";
    default: return "";
  }
}

std::string InferType(const Node& n, const Columns& cols) {
  auto child = [&](size_t i) { return i < n.children.size() ? InferType(*n.children[i], cols) : std::string(); };
  switch (n.kind) {
    case NodeKind::kLiteral: return TypeOfValue(n.value);
    case NodeKind::kName:
      if (n.name.size() > 1 && n.name[0] == '#') {
        size_t i = static_cast<size_t>(std::stoi(n.name.substr(1)));
        return i < cols.size() ? cols[i].type : "";
      }
      return "";
    case NodeKind::kField: return FieldType(child(0), n.name);
    case NodeKind::kIndex: return ElementType(child(0));
    case NodeKind::kUnary: return n.name == "NOT" ? "BOOLEAN" : child(0);
    case NodeKind::kBinary: {
      const std::string& op = n.name;
      if (op == "AND" || op == "OR" || op == "=" || op == "==" || op == "<=>" || op == "!=" || op == "<>" || op == "<" ||
          op == "<=" || op == ">" || op == ">=")
        return "BOOLEAN";
      if (op == "/") return "DOUBLE";
      if (op == "||") return "STRING";
      if (op == "DIV") return "BIGINT";
      std::string a = child(0), b = child(1);
      if (a == "TIMESTAMP" || b == "TIMESTAMP") return (a == "TIMESTAMP" && b == "TIMESTAMP") ? "" : "TIMESTAMP";
      if (n.children[1]->kind == NodeKind::kInterval) return a;
      return Wider(a, b);
    }
    case NodeKind::kIsNull:
    case NodeKind::kIn:
    case NodeKind::kBetween:
    case NodeKind::kLike: return "BOOLEAN";
    case NodeKind::kCase: {
      size_t first = n.has_operand ? 2 : 1;
      return child(first);
    }
    case NodeKind::kCast: return NormalizeCast(n.name);
    case NodeKind::kAlias: return child(0);
    case NodeKind::kInterval: return "INTERVAL";
    case NodeKind::kArray: return "ARRAY<" + child(0) + ">";
    case NodeKind::kCall: {
      std::string f = AsciiLower(n.name);
      if (f == "timestamp_seconds" || f == "timestamp_millis" || f == "timestamp_micros" || f == "to_timestamp" ||
          f == "current_timestamp" || f == "now" || f == "window_time")
        return "TIMESTAMP";
      if (f == "window" || f == "session_window") return "STRUCT<start:TIMESTAMP,end:TIMESTAMP>";
      if (f == "count" || f == "unix_timestamp" || f == "unix_micros" || f == "unix_millis" || f == "unix_seconds" ||
          f == "monotonically_increasing_id")
        return "BIGINT";
      if (f == "sum") {
        std::string a = child(0);
        return a == "DOUBLE" ? "DOUBLE" : (IsIntegral(a) ? "BIGINT" : a);
      }
      if (f == "avg" || f == "mean" || f == "sqrt" || f == "exp" || f == "ln" || f == "log10" || f == "pow" || f == "power")
        return "DOUBLE";
      if (f == "min" || f == "max" || f == "first" || f == "last" || f == "abs" || f == "coalesce" || f == "nvl" ||
          f == "ifnull" || f == "greatest" || f == "least" || f == "nullif")
        return child(0);
      if (f == "if") return child(1);
      if (f == "round" || f == "floor" || f == "ceil" || f == "ceiling") return f == "round" ? child(0) : "BIGINT";
      if (f == "collect_list" || f == "collect_set") return "ARRAY<" + child(0) + ">";
      if (f == "lower" || f == "upper" || f == "lcase" || f == "ucase" || f == "trim" || f == "ltrim" || f == "rtrim" ||
          f == "concat" || f == "concat_ws" || f == "substring" || f == "substr" || f == "regexp_extract" ||
          f == "regexp_replace" || f == "date_format" || f == "reverse")
        return "STRING";
      if (f == "length" || f == "char_length" || f == "size" || f == "cardinality" || f == "hour" || f == "minute" ||
          f == "second")
        return "INT";
      if (f == "split") return "ARRAY<STRING>";
      if (f == "explode") return ElementType(child(0));
      if (f == "array_max" || f == "array_min" || f == "element_at") return ElementType(child(0));
      if (f == "array_contains" || f == "exists" || f == "forall" || f == "isnull" || f == "isnotnull") return "BOOLEAN";
      return "";
    }
    default: return "";
  }
}

}  // namespace tideline::structured
