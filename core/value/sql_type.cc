#include "core/value/sql_type.h"

#include <cctype>
#include <limits>
#include <utility>

namespace tideline {

namespace {

// Reads Spark DDL type names: INT, ARRAY<INT>, STRUCT<a: INT, b STRING>, DECIMAL(10,2),
// and names it does not model (MAP<STRING,INT>, BINARY) as kOther.
class TypeParser {
 public:
  explicit TypeParser(std::string_view s) : s_(s) {}

  std::optional<SqlType> Parse() {
    std::optional<SqlType> t = Type();
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
  // Skips a bracketed part that opens at i_ (the "<...>" of an unknown type, a "(10,2)").
  bool SkipBracketed() {
    int depth = 0;
    do {
      if (i_ >= s_.size()) return false;
      const char c = s_[i_++];
      if (c == '<' || c == '(') ++depth;
      if (c == '>' || c == ')') --depth;
    } while (depth > 0);
    return true;
  }

  std::optional<SqlType> Type() {
    Ws();
    const size_t start = i_;
    std::string word = Word();
    if (word.empty()) return std::nullopt;
    for (char& c : word) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    SqlType t;
    if (word == "ARRAY" && Eat('<')) {
      std::optional<SqlType> elem = Type();
      if (!elem || !Eat('>')) return std::nullopt;
      t.kind = SqlKind::kArray;
      t.children.push_back(std::move(*elem));
    } else if (word == "STRUCT" && Eat('<')) {
      if (!Fields(&t)) return std::nullopt;
    } else {
      t.kind = Scalar(word);
      if (word == "DOUBLE" || word == "FLOAT" || word == "REAL")
        t.spark_class = word == "DOUBLE" ? "DoubleType" : "FloatType";
      const size_t end = i_;
      Ws();
      if (i_ < s_.size() && (s_[i_] == '(' || (t.kind == SqlKind::kOther && s_[i_] == '<'))) {
        if (!SkipBracketed()) return std::nullopt;  // the precision does not change how we read
      } else {
        i_ = end;
      }
    }
    t.text = std::string(s_.substr(start, i_ - start));
    return t;
  }

  // The fields of STRUCT<...> after its '<': `name: T` or `name T`, comma-separated.
  bool Fields(SqlType* t) {
    t->kind = SqlKind::kStruct;
    while (!Eat('>')) {
      if (!t->names.empty() && !Eat(',')) return false;
      std::string name = Word();
      Eat(':');
      std::optional<SqlType> field = Type();
      if (name.empty() || !field) return false;
      t->names.push_back(std::move(name));
      t->children.push_back(std::move(*field));
    }
    t->struct_type = StructType::Get(t->names);
    return true;
  }

  static SqlKind Scalar(const std::string& w) {
    static const std::pair<const char*, SqlKind> kNames[] = {
        {"STRING", SqlKind::kString},     {"VARCHAR", SqlKind::kString},    {"CHAR", SqlKind::kString},
        {"TEXT", SqlKind::kString},       {"TINYINT", SqlKind::kTinyInt},   {"BYTE", SqlKind::kTinyInt},
        {"SMALLINT", SqlKind::kSmallInt}, {"SHORT", SqlKind::kSmallInt},    {"INT", SqlKind::kInt},
        {"INTEGER", SqlKind::kInt},       {"BIGINT", SqlKind::kBigInt},     {"LONG", SqlKind::kBigInt},
        {"DOUBLE", SqlKind::kDouble},     {"FLOAT", SqlKind::kDouble},      {"REAL", SqlKind::kDouble},
        {"DECIMAL", SqlKind::kDecimal},   {"NUMERIC", SqlKind::kDecimal},   {"DEC", SqlKind::kDecimal},
        {"BOOLEAN", SqlKind::kBoolean},   {"BOOL", SqlKind::kBoolean},      {"TIMESTAMP", SqlKind::kTimestamp},
        {"DATE", SqlKind::kDate},         {"VOID", SqlKind::kVoid},         {"INTERVAL", SqlKind::kInterval}};
    for (const auto& [name, k] : kNames) {
      if (w == name) return k;
    }
    return SqlKind::kOther;
  }

  std::string_view s_;
  size_t i_ = 0;
};

}  // namespace

SqlType SqlType::Named(std::string_view ddl) {
  if (std::optional<SqlType> t = TypeParser(ddl).Parse()) return std::move(*t);
  SqlType t;
  t.text = std::string(ddl);
  if (!ddl.empty()) t.kind = SqlKind::kOther;
  return t;
}

bool SqlType::is_modeled() const {
  if (kind == SqlKind::kOther || kind == SqlKind::kVoid || kind == SqlKind::kInterval || kind == SqlKind::kUnknown)
    return false;
  for (const SqlType& c : children)
    if (!c.is_modeled()) return false;
  return true;
}

bool SqlType::operator==(const SqlType& o) const {
  return kind == o.kind && names == o.names && children == o.children &&
         (kind != SqlKind::kOther || text == o.text);
}

bool InIntRange(int64_t v, SqlKind k) {
  switch (k) {
    case SqlKind::kTinyInt: return v >= -128 && v <= 127;
    case SqlKind::kSmallInt: return v >= -32768 && v <= 32767;
    case SqlKind::kInt: return v >= std::numeric_limits<int32_t>::min() && v <= std::numeric_limits<int32_t>::max();
    default: return true;
  }
}

}  // namespace tideline
