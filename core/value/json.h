#pragma once
// A small JSON reader into Value: objects become structs (field order kept),
// arrays become arrays, integers that fit in 64 bits become ints, other numbers
// doubles. Used for recordings, checkpoints and JSON inputs. Thread-safe (pure).

#include <string_view>

#include "core/common/status.h"
#include "core/value/value.h"

namespace tideline {

// Parses one JSON document. Errors name the column (1-based) of the offending byte.
Result<Value> ParseJson(std::string_view text);

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
