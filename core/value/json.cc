#include "core/value/json.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>

namespace tideline {
namespace {

class JsonReader {
 public:
  explicit JsonReader(std::string_view s) : s_(s) {}

  Result<Value> Document() {
    Value v;
    Status st = Parse(&v, 0);
    if (!st.ok()) return st;
    Ws();
    if (i_ != s_.size()) return Err("unexpected text after the JSON value");
    return v;
  }

 private:
  Status Err(const std::string& what) const {
    return Status::Parse(fmt::format("invalid JSON at column {}: {}", i_ + 1, what), SourcePos{"", 1, static_cast<int>(i_ + 1)});
  }
  void Ws() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r')) ++i_;
  }
  bool Lit(std::string_view w) {
    if (s_.substr(i_, w.size()) == w) { i_ += w.size(); return true; }
    return false;
  }

  Status Parse(Value* out, int depth) {
    if (depth > 200) return Err("nesting too deep");
    Ws();
    if (i_ >= s_.size()) return Err("unexpected end");
    char c = s_[i_];
    if (c == '{') {
      ++i_;
      std::vector<std::string> names;
      std::vector<Value> vals;
      Ws();
      if (i_ < s_.size() && s_[i_] == '}') { ++i_; *out = Value::Struct(StructType::Get(names), {}); return Status::Ok(); }
      while (true) {
        Ws();
        std::string key;
        TL_RETURN_IF_ERROR(String(&key));
        Ws();
        if (i_ >= s_.size() || s_[i_] != ':') return Err("expected ':'");
        ++i_;
        Value v;
        TL_RETURN_IF_ERROR(Parse(&v, depth + 1));
        names.push_back(std::move(key));
        vals.push_back(std::move(v));
        Ws();
        if (i_ < s_.size() && s_[i_] == ',') { ++i_; continue; }
        if (i_ < s_.size() && s_[i_] == '}') { ++i_; break; }
        return Err("expected ',' or '}'");
      }
      *out = Value::Struct(StructType::Get(names), std::move(vals));
      return Status::Ok();
    }
    if (c == '[') {
      ++i_;
      std::vector<Value> vals;
      Ws();
      if (i_ < s_.size() && s_[i_] == ']') { ++i_; *out = Value::Array({}); return Status::Ok(); }
      while (true) {
        Value v;
        TL_RETURN_IF_ERROR(Parse(&v, depth + 1));
        vals.push_back(std::move(v));
        Ws();
        if (i_ < s_.size() && s_[i_] == ',') { ++i_; continue; }
        if (i_ < s_.size() && s_[i_] == ']') { ++i_; break; }
        return Err("expected ',' or ']'");
      }
      *out = Value::Array(std::move(vals));
      return Status::Ok();
    }
    if (c == '"') {
      std::string str;
      TL_RETURN_IF_ERROR(String(&str));
      *out = Value::String(str);
      return Status::Ok();
    }
    if (Lit("true")) { *out = Value::Bool(true); return Status::Ok(); }
    if (Lit("false")) { *out = Value::Bool(false); return Status::Ok(); }
    if (Lit("null")) { *out = Value::Null(); return Status::Ok(); }
    size_t start = i_;
    if (i_ < s_.size() && (s_[i_] == '-' || s_[i_] == '+')) ++i_;
    bool is_double = false;
    while (i_ < s_.size() && (std::isdigit(static_cast<unsigned char>(s_[i_])) || s_[i_] == '.' || s_[i_] == 'e' ||
                              s_[i_] == 'E' || ((s_[i_] == '-' || s_[i_] == '+') && (s_[i_ - 1] == 'e' || s_[i_ - 1] == 'E')))) {
      if (s_[i_] == '.' || s_[i_] == 'e' || s_[i_] == 'E') is_double = true;
      ++i_;
    }
    if (start == i_) return Err(fmt::format("unexpected character '{}'", c));
    std::string_view num = s_.substr(start, i_ - start);
    if (!is_double) {
      int64_t v;
      auto [p, ec] = std::from_chars(num.data(), num.data() + num.size(), v);
      if (ec == std::errc() && p == num.data() + num.size()) { *out = Value::Int(v); return Status::Ok(); }
    }
    double d;
    auto [p, ec] = std::from_chars(num.data(), num.data() + num.size(), d);
    if (ec != std::errc() || p != num.data() + num.size()) return Err("bad number");
    *out = Value::Double(d);
    return Status::Ok();
  }

  Status String(std::string* out) {
    if (i_ >= s_.size() || s_[i_] != '"') return Err("expected a string");
    ++i_;
    while (i_ < s_.size() && s_[i_] != '"') {
      char c = s_[i_++];
      if (c != '\\') { out->push_back(c); continue; }
      if (i_ >= s_.size()) return Err("unterminated escape");
      char e = s_[i_++];
      switch (e) {
        case 'n': out->push_back('\n'); break;
        case 't': out->push_back('\t'); break;
        case 'r': out->push_back('\r'); break;
        case 'b': out->push_back('\b'); break;
        case 'f': out->push_back('\f'); break;
        case 'u': {
          if (i_ + 4 > s_.size()) return Err("bad \\u escape");
          unsigned cp = 0;
          auto [p, ec] = std::from_chars(s_.data() + i_, s_.data() + i_ + 4, cp, 16);
          if (ec != std::errc() || p != s_.data() + i_ + 4) return Err("bad \\u escape");
          i_ += 4;
          if (cp >= 0xD800 && cp <= 0xDBFF && i_ + 6 <= s_.size() && s_[i_] == '\\' && s_[i_ + 1] == 'u') {
            unsigned lo = 0;
            std::from_chars(s_.data() + i_ + 2, s_.data() + i_ + 6, lo, 16);
            if (lo >= 0xDC00 && lo <= 0xDFFF) { cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00); i_ += 6; }
          }
          if (cp < 0x80) out->push_back(static_cast<char>(cp));
          else if (cp < 0x800) { out->push_back(static_cast<char>(0xC0 | (cp >> 6))); out->push_back(static_cast<char>(0x80 | (cp & 0x3F))); }
          else if (cp < 0x10000) { out->push_back(static_cast<char>(0xE0 | (cp >> 12))); out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F))); out->push_back(static_cast<char>(0x80 | (cp & 0x3F))); }
          else { out->push_back(static_cast<char>(0xF0 | (cp >> 18))); out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F))); out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F))); out->push_back(static_cast<char>(0x80 | (cp & 0x3F))); }
          break;
        }
        default: out->push_back(e);
      }
    }
    if (i_ >= s_.size()) return Err("unterminated string");
    ++i_;
    return Status::Ok();
  }

  std::string_view s_;
  size_t i_ = 0;
};

}  // namespace

Result<Value> ParseJson(std::string_view text) { return JsonReader(text).Document(); }

}  // namespace tideline

namespace tideline {

void AppendTypedJson(const Value& v, std::string* out) {
  switch (v.type()) {
    case ValueType::kDouble:
      *out += "{\"d\":";
      AppendJsonString(out, JavaDoubleString(v.as_double()));
      out->push_back('}');
      return;
    case ValueType::kTimestamp:
      *out += fmt::format("{{\"ts\":{}}}", v.as_int());
      return;
    case ValueType::kArray:
    case ValueType::kTuple: {
      if (v.type() == ValueType::kTuple) *out += "{\"tuple\":";
      out->push_back('[');
      bool first = true;
      for (const Value& e : v.items()) {
        if (!first) out->push_back(',');
        first = false;
        AppendTypedJson(e, out);
      }
      out->push_back(']');
      if (v.type() == ValueType::kTuple) out->push_back('}');
      return;
    }
    case ValueType::kStruct: {
      *out += "{\"struct\":[";
      const auto& names = v.struct_type()->names();
      for (size_t i = 0; i < names.size(); ++i) {
        if (i) out->push_back(',');
        AppendJsonString(out, names[i]);
      }
      *out += "],\"v\":[";
      bool first = true;
      for (const Value& e : v.items()) {
        if (!first) out->push_back(',');
        first = false;
        AppendTypedJson(e, out);
      }
      *out += "]}";
      return;
    }
    default:
      v.AppendJson(out);
  }
}

Result<Value> DecodeTypedJson(const Value& p) {
  switch (p.type()) {
    case ValueType::kArray: {
      std::vector<Value> items;
      for (const Value& e : p.items()) {
        TL_ASSIGN_OR_RETURN(Value d, DecodeTypedJson(e));
        items.push_back(std::move(d));
      }
      return Value::Array(std::move(items));
    }
    case ValueType::kStruct: {
      const StructType* st = p.struct_type();
      if (st->size() == 1 && st->names()[0] == "d" && p[0].type() == ValueType::kString) {
        std::string s(p[0].str());
        if (s == "NaN") return Value::Double(std::nan(""));
        if (s == "Infinity") return Value::Double(HUGE_VAL);
        if (s == "-Infinity") return Value::Double(-HUGE_VAL);
        return Value::Double(std::strtod(s.c_str(), nullptr));
      }
      if (st->size() == 1 && st->names()[0] == "ts" && p[0].type() == ValueType::kInt)
        return Value::Ts(Timestamp::FromMicros(p[0].as_int()));
      if (st->size() == 1 && st->names()[0] == "tuple" && p[0].type() == ValueType::kArray) {
        std::vector<Value> items;
        for (const Value& e : p[0].items()) {
          TL_ASSIGN_OR_RETURN(Value d, DecodeTypedJson(e));
          items.push_back(std::move(d));
        }
        return Value::Tuple(std::move(items));
      }
      if (st->size() == 2 && st->names()[0] == "struct" && st->names()[1] == "v") {
        std::vector<std::string> names;
        for (const Value& n : p[0].items()) names.emplace_back(n.str());
        std::vector<Value> items;
        for (const Value& e : p[1].items()) {
          TL_ASSIGN_OR_RETURN(Value d, DecodeTypedJson(e));
          items.push_back(std::move(d));
        }
        if (names.size() != items.size()) return Status::Corruption("struct with mismatched field count");
        return Value::Struct(StructType::Get(names), std::move(items));
      }
      return Status::Corruption("unknown typed JSON object");
    }
    default:
      return p;
  }
}

uint64_t Fnv64(std::string_view bytes) {
  uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : bytes) { h ^= c; h *= 1099511628211ULL; }
  return h;
}

std::string Checksum64(std::string_view bytes) { return fmt::format("{:016x}", Fnv64(bytes)); }

}  // namespace tideline
