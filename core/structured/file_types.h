#pragma once
// The data types of the file sources as Spark's DDL names them (INT, ARRAY<INT>,
// STRUCT<a: INT, b STRING>, DECIMAL(10,2)), parsed for the CSV and JSON readers of
// file_source.cc. Internal to core/structured. Stateless; thread-safe.

#include <cctype>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/value/value.h"

namespace tideline::structured::file_types {

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

inline bool IsScalar(Kind k) { return k != Kind::kArray && k != Kind::kStruct; }

inline bool InRange(int64_t v, Kind k) {
  switch (k) {
    case Kind::kTinyInt: return v >= -128 && v <= 127;
    case Kind::kSmallInt: return v >= -32768 && v <= 32767;
    case Kind::kInt: return v >= std::numeric_limits<int32_t>::min() && v <= std::numeric_limits<int32_t>::max();
    default: return true;
  }
}

}  // namespace tideline::structured::file_types
