#include "core/value/json.h"

#include <fmt/format.h>

#include <simdjson.h>

#include <charconv>
#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include "core/common/limits.h"

namespace tideline {
namespace {

namespace od = simdjson::ondemand;

// The state of one parse: the padded copy simdjson reads and where the first error was.
struct Reading {
  std::string_view padded;  // the text as simdjson sees it
  size_t error_at = 0;      // offset of the offending byte when simdjson names one
};

Status JsonError(size_t offset, std::string_view what) {
  const int column = static_cast<int>(offset + 1);
  return Status::Parse(fmt::format("invalid JSON at column {}: {}", column, what), SourcePos{"", 1, column});
}

// An error found before any value is read: an unclosed string or an unbalanced bracket
// means the text was cut short, so it is placed past the end of the text.
Status StartError(simdjson::error_code e, std::string_view text) {
  const bool cut = e == simdjson::UNCLOSED_STRING || e == simdjson::INCOMPLETE_ARRAY_OR_OBJECT;
  return JsonError(cut ? text.size() : 0, simdjson::error_message(e));
}

std::string_view TrimJsonWs(std::string_view s) {
  while (!s.empty() && std::strchr(" \t\r\n", s.back()) != nullptr) s.remove_suffix(1);
  return s;
}

// Where the document stopped: the offset simdjson reports, or 0 when it names none.
template <typename Source>
size_t Offset(Source& src, const Reading& r) {
  const char* at = nullptr;
  if (src.current_location().get(at) != simdjson::SUCCESS) return r.padded.size();
  return static_cast<size_t>(at - r.padded.data());
}

// A number: integers that fit in 64 signed bits are ints, other numbers doubles. simdjson
// refuses integers beyond 64 bits; as before (and as Jackson's getDoubleValue), they are read
// as doubles from their text.
template <typename Source>
simdjson::error_code ReadNumber(Source& src, Value* out) {
  od::number n;
  const simdjson::error_code e = src.get_number().get(n);
  if (e == simdjson::SUCCESS) {
    if (n.is_int64()) *out = Value::Int(n.get_int64());
    else if (n.is_uint64()) *out = Value::Double(static_cast<double>(n.get_uint64()));
    else *out = Value::Double(n.get_double());
    return e;
  }
  const std::string_view token = TrimJsonWs(src.raw_json_token());
  const std::string_view magnitude = token.substr(!token.empty() && token[0] == '-' ? 1 : 0);
  const bool digits = magnitude.size() >= 19 && magnitude[0] != '0' &&
                      magnitude.find_first_not_of("0123456789") == std::string_view::npos;
  double d = 0;
  auto [p, ec] = std::from_chars(token.data(), token.data() + token.size(), d);
  if (!digits || ec != std::errc() || p != token.data() + token.size()) return e;
  *out = Value::Double(d);
  return simdjson::SUCCESS;
}

// A string, number, Boolean or null (from a value or from a scalar document).
template <typename Source>
simdjson::error_code ReadScalar(Source& src, od::json_type type, Value* out) {
  switch (type) {
    case od::json_type::string: {
      std::string_view s;
      const simdjson::error_code e = src.get_string().get(s);
      if (e == simdjson::SUCCESS) *out = Value::String(s);
      return e;
    }
    case od::json_type::number: return ReadNumber(src, out);
    case od::json_type::boolean: {
      bool b = false;
      const simdjson::error_code e = src.get_bool().get(b);
      if (e == simdjson::SUCCESS) *out = Value::Bool(b);
      return e;
    }
    case od::json_type::null: {
      bool null = false;
      const simdjson::error_code e = src.is_null().get(null);
      if (e != simdjson::SUCCESS) return e;
      *out = Value::Null();
      return null ? simdjson::SUCCESS : simdjson::N_ATOM_ERROR;
    }
    default: return simdjson::INCORRECT_TYPE;
  }
}

Status ReadValue(od::value v, int depth, Reading* r, Value* out);

// The members of an object in document order (duplicate names are all kept).
Status ReadObject(od::value v, int depth, Reading* r, Value* out) {
  od::object object;
  std::vector<std::string> names;
  std::vector<Value> values;
  simdjson::error_code e = v.get_object().get(object);
  for (auto field : object) {
    od::value child;
    std::string_view key;
    if (e == simdjson::SUCCESS) e = field.error();
    if (e == simdjson::SUCCESS) e = field.unescaped_key().get(key);
    if (e == simdjson::SUCCESS) e = field.value().get(child);
    if (e != simdjson::SUCCESS) break;
    names.emplace_back(key);
    values.emplace_back();
    TL_RETURN_IF_ERROR(ReadValue(child, depth + 1, r, &values.back()));
  }
  if (e != simdjson::SUCCESS) return JsonError(Offset(v, *r), simdjson::error_message(e));
  *out = Value::Struct(StructType::Get(names), std::move(values));
  return Status::Ok();
}

Status ReadArray(od::value v, int depth, Reading* r, Value* out) {
  od::array array;
  std::vector<Value> items;
  simdjson::error_code e = v.get_array().get(array);
  for (auto element : array) {
    od::value child;
    if (e == simdjson::SUCCESS) e = element.get(child);
    if (e != simdjson::SUCCESS) break;
    items.emplace_back();
    TL_RETURN_IF_ERROR(ReadValue(child, depth + 1, r, &items.back()));
  }
  if (e != simdjson::SUCCESS) return JsonError(Offset(v, *r), simdjson::error_message(e));
  *out = Value::Array(std::move(items));
  return Status::Ok();
}

Status ReadValue(od::value v, int depth, Reading* r, Value* out) {
  if (depth > limits::kMaxValueDepth)
    return JsonError(Offset(v, *r), fmt::format("nesting too deep (more than {} levels)", limits::kMaxValueDepth));
  od::json_type type;
  simdjson::error_code e = v.type().get(type);
  if (e == simdjson::SUCCESS && type == od::json_type::object) return ReadObject(v, depth, r, out);
  if (e == simdjson::SUCCESS && type == od::json_type::array) return ReadArray(v, depth, r, out);
  if (e == simdjson::SUCCESS) e = ReadScalar(v, type, out);
  if (e != simdjson::SUCCESS) return JsonError(Offset(v, *r), simdjson::error_message(e));
  return Status::Ok();
}

// One document: its value, then nothing but white space.
Status ReadDocument(std::string_view text, Value* out) {
  thread_local od::parser parser;
  const simdjson::padded_string padded(text);
  Reading r{std::string_view(padded.data(), text.size())};
  od::document doc;
  od::json_type type;
  simdjson::error_code e = parser.iterate(padded).get(doc);
  if (e == simdjson::SUCCESS) e = doc.type().get(type);
  if (e != simdjson::SUCCESS) return StartError(e, text);
  if (type == od::json_type::object || type == od::json_type::array) {
    od::value root;
    if ((e = doc.get_value().get(root)) != simdjson::SUCCESS) return JsonError(0, simdjson::error_message(e));
    TL_RETURN_IF_ERROR(ReadValue(root, 1, &r, out));
    const char* rest = nullptr;
    if (doc.current_location().get(rest) == simdjson::SUCCESS)
      return JsonError(static_cast<size_t>(rest - padded.data()), "unexpected text after the JSON value");
    return Status::Ok();
  }
  if ((e = ReadScalar(doc, type, out)) != simdjson::SUCCESS) return JsonError(0, simdjson::error_message(e));
  const std::string_view token = TrimJsonWs(doc.raw_json_token());
  const size_t end = static_cast<size_t>(token.data() - padded.data()) + token.size();
  if (end != TrimJsonWs(text).size()) return JsonError(end, "unexpected text after the JSON value");
  return Status::Ok();
}

// The text of `v` as written (simdjson's raw texts run on to the next token).
simdjson::error_code RawText(od::value v, std::string_view* out) {
  od::json_type type;
  simdjson::error_code e = v.type().get(type);
  od::object object;
  od::array array;
  if (e == simdjson::SUCCESS && type == od::json_type::object) {
    if ((e = v.get_object().get(object)) == simdjson::SUCCESS) e = object.raw_json().get(*out);
  } else if (e == simdjson::SUCCESS && type == od::json_type::array) {
    if ((e = v.get_array().get(array)) == simdjson::SUCCESS) e = array.raw_json().get(*out);
  } else if (e == simdjson::SUCCESS) {
    *out = v.raw_json_token();
  }
  *out = TrimJsonWs(*out);
  return e;
}

// The members or elements of `root` into `parts` (texts still in simdjson's padded copy).
simdjson::error_code SplitParts(od::value root, od::json_type type, JsonParts* parts) {
  simdjson::error_code e = simdjson::SUCCESS;
  if (type == od::json_type::array) {
    od::array array;
    if ((e = root.get_array().get(array)) != simdjson::SUCCESS) return e;
    for (auto element : array) {
      od::value child;
      if ((e = element.get(child)) != simdjson::SUCCESS || (e = RawText(child, &parts->values.emplace_back())))
        return e;
    }
    return e;
  }
  od::object object;
  if ((e = root.get_object().get(object)) != simdjson::SUCCESS) return e;
  for (auto field : object) {
    od::value child;
    std::string_view key;
    if ((e = field.error()) != simdjson::SUCCESS || (e = field.unescaped_key().get(key)) != simdjson::SUCCESS ||
        (e = field.value().get(child)) != simdjson::SUCCESS || (e = RawText(child, &parts->values.emplace_back())))
      return e;
    parts->keys.emplace_back(key);
  }
  return e;
}

// `text` with each escaped lone surrogate (\uD800-\uDFFF not part of a pair) written as
// `?`: Jackson decodes it to a lone UTF-16 unit and Spark's UTF8String.fromString encodes
// that as '?', where simdjson refuses it. Backslashes occur only inside JSON strings.
std::string ReplaceLoneSurrogates(std::string_view text) {
  auto unit = [&](size_t i) -> unsigned {  // the \uXXXX escape at i, or 0
    unsigned u = 0;
    if (i + 6 > text.size() || text[i] != '\\' || text[i + 1] != 'u') return 0;
    auto [p, ec] = std::from_chars(text.data() + i + 2, text.data() + i + 6, u, 16);
    return ec == std::errc() && p == text.data() + i + 6 ? u : 0;
  };
  auto high = [](unsigned u) { return u >= 0xD800 && u <= 0xDBFF; };
  auto low = [](unsigned u) { return u >= 0xDC00 && u <= 0xDFFF; };
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    const unsigned u = unit(i);
    if (high(u) && low(unit(i + 6))) {
      out.append(text.substr(i, 12));
      i += 11;
    } else if (high(u) || low(u)) {
      out.push_back('?');
      i += 5;
    } else if (text[i] == '\\' && i + 1 < text.size()) {
      out.append(text.substr(i, 2));
      ++i;
    } else {
      out.push_back(text[i]);
    }
  }
  return out;
}

}  // namespace

Result<JsonParts> SplitJson(std::string_view text) {
  thread_local od::parser parser;
  const simdjson::padded_string padded(text);
  auto original = [&](std::string_view s) { return text.substr(static_cast<size_t>(s.data() - padded.data()), s.size()); };
  JsonParts parts;
  od::document doc;
  od::json_type type;
  od::value root;
  simdjson::error_code e = parser.iterate(padded).get(doc);
  if (e == simdjson::SUCCESS) e = doc.type().get(type);
  if (e != simdjson::SUCCESS) return StartError(e, text);
  if (type != od::json_type::object && type != od::json_type::array) {
    parts.text = original(TrimJsonWs(doc.raw_json_token()));
    return parts;
  }
  if ((e = doc.get_value().get(root)) != simdjson::SUCCESS) return JsonError(0, simdjson::error_message(e));
  const char* start = root.raw_json_token().data();
  Reading r{std::string_view(padded.data(), text.size())};
  if ((e = SplitParts(root, type, &parts)) != simdjson::SUCCESS) return JsonError(Offset(doc, r), simdjson::error_message(e));
  const char* end = nullptr;
  if (doc.current_location().get(end) != simdjson::SUCCESS) end = padded.data() + text.size();
  parts.text = original(TrimJsonWs(std::string_view(start, static_cast<size_t>(end - start))));
  for (std::string_view& v : parts.values) v = original(v);
  return parts;
}

Result<Value> ParseJson(std::string_view text) {
  Value v;
  Status st = ReadDocument(text, &v);
  if (!st.ok() && text.find("\\u") != std::string_view::npos) {
    const std::string replaced = ReplaceLoneSurrogates(text);
    if (replaced != text && ReadDocument(replaced, &v).ok()) return v;
  }
  if (!st.ok()) return st;
  return v;
}

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
