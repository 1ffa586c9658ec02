#include "core/value/sql_type.h"

#include <cctype>
#include <limits>

namespace tideline {

namespace {

// Parses Spark DDL type names: INT, ARRAY<INT>, STRUCT<a: INT, b STRING>, DECIMAL(10,2).
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

  std::optional<SqlType> Type() {
    Ws();
    const size_t start = i_;
    std::string word = Word();
    for (char& c : word) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    SqlType t;
    if (word == "ARRAY") {
      std::optional<SqlType> elem;
      if (!Eat('<') || !(elem = Type()) || !Eat('>')) return std::nullopt;
      t.kind = SqlKind::kArray;
      t.children.push_back(std::move(*elem));
    } else if (word == "STRUCT") {
      if (!Eat('<')) return std::nullopt;
      t.kind = SqlKind::kStruct;
      while (!Eat('>')) {
        if (!t.names.empty() && !Eat(',')) return std::nullopt;
        std::string name = Word();
        Eat(':');
        std::optional<SqlType> field = Type();
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

  static bool Scalar(const std::string& w, SqlKind* kind) {
    static const std::pair<const char*, SqlKind> kNames[] = {
        {"STRING", SqlKind::kString},     {"VARCHAR", SqlKind::kString},    {"CHAR", SqlKind::kString},
        {"TEXT", SqlKind::kString},       {"TINYINT", SqlKind::kTinyInt},   {"BYTE", SqlKind::kTinyInt},
        {"SMALLINT", SqlKind::kSmallInt}, {"SHORT", SqlKind::kSmallInt},    {"INT", SqlKind::kInt},
        {"INTEGER", SqlKind::kInt},       {"BIGINT", SqlKind::kBigInt},     {"LONG", SqlKind::kBigInt},
        {"DOUBLE", SqlKind::kDouble},     {"FLOAT", SqlKind::kDouble},      {"REAL", SqlKind::kDouble},
        {"DECIMAL", SqlKind::kDouble},    {"NUMERIC", SqlKind::kDouble},    {"DEC", SqlKind::kDouble},
        {"BOOLEAN", SqlKind::kBoolean},   {"BOOL", SqlKind::kBoolean},      {"TIMESTAMP", SqlKind::kTimestamp},
        {"DATE", SqlKind::kDate}};
    for (const auto& [name, k] : kNames) {
      if (w == name) { *kind = k; return true; }
    }
    return false;
  }

  std::string_view s_;
  size_t i_ = 0;
};

}  // namespace

std::optional<SqlType> SqlType::Parse(std::string_view ddl) { return TypeParser(ddl).Parse(); }

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
