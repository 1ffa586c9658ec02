#pragma once
// The JSON reader (simdjson's On-Demand API) into Value: objects become structs (field
// order and duplicate names kept), arrays become arrays, integers that fit in 64 bits
// become ints, other numbers doubles. Used for recordings, checkpoints and JSON inputs;
// it decides which records of a JSON file are corrupt, following Spark's Jackson where
// the two differ (docs/hardening.md, "JSON input"). Thread-safe (pure).

#include <string>
#include <string_view>
#include <vector>

#include "core/common/status.h"
#include "core/value/value.h"

namespace tideline {

// Parses one JSON document. Errors name the column (1-based) of the offending byte where
// simdjson locates it (column 1 otherwise); a string left open is placed past the end.
Result<Value> ParseJson(std::string_view text);

// The parts of the first JSON value of a text, as written, for readers that keep a value's
// text (Spark's exact string parsing). Views point into the text given to SplitJson.
struct JsonParts {
  std::string_view text;                 // the value, without surrounding white space
  std::vector<std::string> keys;         // an object's member names (decoded), in order
  std::vector<std::string_view> values;  // an object's member values or an array's elements
};
// Splits the first value of `text`; the text after it is indexed but not read. Errors when
// the text holds no value or its structure is broken (the value itself is not validated:
// ParseJson does that).
Result<JsonParts> SplitJson(std::string_view text);

}  // namespace tideline

namespace tideline {

// Typed JSON: like Value::AppendJson, but every type survives a round trip
// (doubles as {"d":"1.0"}, timestamps as {"ts":micros}, tuples as {"tuple":[...]},
// structs as {"struct":[names],"v":[values]}). Used by checkpoints.
void AppendTypedJson(const Value& v, std::string* out);
// Decodes a parsed typed-JSON document back into the value it encodes.
Result<Value> DecodeTypedJson(const Value& parsed);

// A 64-bit FNV-1a hash of bytes, written as 16 hex digits: the checksum of checkpoint files.
std::string Checksum64(std::string_view bytes);
// The same hash as a number.
uint64_t Fnv64(std::string_view bytes);

}  // namespace tideline
