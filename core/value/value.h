#pragma once
// Value: one runtime-typed datum of a stream (spec section 1): null, boolean,
// 64-bit int, double, string, timestamp, array, tuple and struct. A Value is 16
// bytes; strings of up to 14 bytes are stored inline, longer strings and
// sequences live in an immutable, reference-counted heap block shared by copies
// (atomic counts: values may be handed to another thread as snapshots).
//
// Canonical order (spec section 1): null < false < true < numbers (by value; an
// int before an equal double) < strings (by bytes) < timestamps < arrays and tuples
// (element by element, then by length) < structs (field by field). Equality and
// hashing agree with that order, so 1 and 1.0 are distinct keys, as boxed values
// are in Spark.

#include <atomic>
#include <bit>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/time/time.h"

namespace tideline {

enum class ValueType : uint8_t {
  kNull = 0, kBool, kInt, kDouble, kString, kTimestamp, kArray, kTuple, kStruct
};

const char* ValueTypeName(ValueType t);

// The field names of a struct, interned for the life of the process.
class StructType {
 public:
  // Returns the one interned StructType with these names (thread-safe).
  static const StructType* Get(const std::vector<std::string>& names);
  const std::vector<std::string>& names() const { return names_; }
  size_t size() const { return names_.size(); }
  // Index of a field (case-insensitive when `ci`), or -1.
  int Find(std::string_view name, bool ci = true) const;

  explicit StructType(std::vector<std::string> names) : names_(std::move(names)) {}

 private:
  std::vector<std::string> names_;
};

class Value {
 public:
  // A value is written with one 16-byte store and copied with 16-byte moves, so that a
  // copy of a value just built never waits on the smaller stores that built it (store
  // forwarding needs the load to sit in one store).
  Value() { SetWords(0, 0); }
  Value(const Value& o) { std::memcpy(raw_, o.raw_, sizeof raw_); Ref(); }
  Value(Value&& o) noexcept { std::memcpy(raw_, o.raw_, sizeof raw_); o.SetWords(0, 0); }
  Value& operator=(const Value& o) {
    if (this != &o) { o.Ref(); Unref(); std::memcpy(raw_, o.raw_, sizeof raw_); }
    return *this;
  }
  Value& operator=(Value&& o) noexcept {
    if (this != &o) { Unref(); std::memcpy(raw_, o.raw_, sizeof raw_); o.SetWords(0, 0); }
    return *this;
  }
  ~Value() { Unref(); }

  static Value Null() { return Value(); }
  static Value Bool(bool b) { return Value(Head(ValueType::kBool), b ? 1 : 0); }
  static Value Int(int64_t i) { return Value(Head(ValueType::kInt), static_cast<uint64_t>(i)); }
  static Value Double(double d) { uint64_t w; std::memcpy(&w, &d, 8); return Value(Head(ValueType::kDouble), w); }
  static Value Ts(Timestamp t) { return Value(Head(ValueType::kTimestamp), static_cast<uint64_t>(t.micros())); }
  static Value String(std::string_view s);
  static Value Array(std::vector<Value> items) { return Seq(ValueType::kArray, nullptr, std::move(items)); }
  static Value Tuple(std::vector<Value> items) { return Seq(ValueType::kTuple, nullptr, std::move(items)); }
  static Value Pair(Value a, Value b);
  static Value Struct(const StructType* type, std::vector<Value> items) {
    return Seq(ValueType::kStruct, type, std::move(items));
  }
  // A struct whose fields are moved out of items[0..n) (no temporary vector).
  static Value StructFrom(const StructType* type, Value* items, size_t n);

  ValueType type() const { return static_cast<ValueType>(raw_[0]); }
  bool is_null() const { return type() == ValueType::kNull; }
  bool is_number() const { return type() == ValueType::kInt || type() == ValueType::kDouble; }
  bool is_seq() const { return type() >= ValueType::kArray; }

  bool as_bool() const { return GetI() != 0; }
  int64_t as_int() const { return GetI(); }
  double as_double() const { double d; std::memcpy(&d, raw_ + 8, 8); return d; }
  // An int or double as a double. REQUIRES: is_number().
  double num() const { return type() == ValueType::kInt ? static_cast<double>(GetI()) : as_double(); }
  Timestamp as_ts() const { return Timestamp::FromMicros(GetI()); }
  std::string_view str() const {
    if (raw_[1] == kHeapMark) return std::string_view(heap()->chars(), heap()->size);
    return std::string_view(reinterpret_cast<const char*>(raw_ + 2), raw_[1]);
  }
  // Elements of an array, tuple or struct.
  std::span<const Value> items() const {
    if (!is_seq()) return {};
    Heap* h = heap();
    return std::span<const Value>(h->items(), h->size);
  }
  size_t size() const { return items().size(); }
  const Value& operator[](size_t i) const { return items()[i]; }
  const StructType* struct_type() const { return type() == ValueType::kStruct ? heap()->st : nullptr; }

  // Canonical order: negative, zero or positive.
  static int Compare(const Value& a, const Value& b);
  bool operator==(const Value& o) const { return Compare(*this, o) == 0; }
  bool operator!=(const Value& o) const { return Compare(*this, o) != 0; }
  bool operator<(const Value& o) const { return Compare(*this, o) < 0; }
  // Like ==, but numbers compare by value whatever their type (1 matches 1.0);
  // used to compare a result with an expected answer written in a file.
  static bool Matches(const Value& actual, const Value& expected);
  // A hash that agrees with ==. Scalars and inline strings are hashed here, the rest in HashSlow.
  size_t Hash() const {
    switch (type()) {
      case ValueType::kBool: return as_bool() ? 0x1231 : 0x1237;
      case ValueType::kInt: return static_cast<size_t>(static_cast<uint64_t>(GetI()) * 0x9E3779B97F4A7C15ULL);
      case ValueType::kString:
        if (raw_[1] != kHeapMark) {  // inline: equal strings have equal words (zero padded)
          uint64_t h = (Word(0) ^ (Word(1) * 0xC2B2AE3D27D4EB4FULL)) * 0x9E3779B97F4A7C15ULL;
          return static_cast<size_t>(h ^ (h >> 29));
        }
        break;
      default: break;
    }
    return HashSlow();
  }
  // Whether the two values have the same 16 bytes. Implies ==; for nulls, booleans, ints,
  // timestamps and strings of up to 14 bytes (held inline) the converse holds too.
  bool SameBits(const Value& o) const { return ((Word(0) ^ o.Word(0)) | (Word(1) ^ o.Word(1))) == 0; }
  // Whether this is a string held inline (every string of up to 14 bytes is).
  bool inline_string() const { return type() == ValueType::kString && raw_[1] != kHeapMark; }

  // Canonical JSON: doubles keep a decimal point, timestamps are strings, tuples are arrays.
  void AppendJson(std::string* out) const;
  std::string ToJson() const { std::string s; AppendJson(&s); return s; }
  // The text Spark prints for an element (Scala toString): tuples "(a,1)", doubles "1.0",
  // arrays "[1, 2]", structs "[a,1]" as Spark SQL rows.
  void AppendDisplay(std::string* out) const;
  std::string ToDisplay() const { std::string s; AppendDisplay(&s); return s; }

 private:
  // A heap block: a long string or a sequence. Immutable after construction.
  struct Heap {
    std::atomic<int32_t> refs{1};
    uint32_t size = 0;
    const StructType* st = nullptr;
    char* chars() { return reinterpret_cast<char*>(this + 1); }
    Value* items() { return reinterpret_cast<Value*>(this + 1); }
  };
  static Value Seq(ValueType t, const StructType* st, std::vector<Value> items);
  // A value from its two words.
  Value(uint64_t w0, uint64_t w1) { SetWords(w0, w1); }
  // The first word of a value of type t whose byte 1 is `second` (and bytes 2..7 zero).
  static uint64_t Head(ValueType t, uint8_t second = 0) {
    if constexpr (std::endian::native == std::endian::little) {
      return static_cast<uint64_t>(t) | (static_cast<uint64_t>(second) << 8);
    } else {
      return (static_cast<uint64_t>(t) << 56) | (static_cast<uint64_t>(second) << 48);
    }
  }
  uint64_t Word(int i) const { uint64_t w; std::memcpy(&w, raw_ + 8 * i, 8); return w; }
  void SetWords(uint64_t w0, uint64_t w1) {
    typedef uint64_t Words __attribute__((vector_size(16)));
    Words w = {w0, w1};
    std::memcpy(raw_, &w, sizeof raw_);
  }
  void SetI(int64_t i) { std::memcpy(raw_ + 8, &i, 8); }
  int64_t GetI() const { int64_t i; std::memcpy(&i, raw_ + 8, 8); return i; }
  bool on_heap() const { return raw_[1] == kHeapMark && type() >= ValueType::kString; }
  Heap* heap() const { Heap* h; std::memcpy(&h, raw_ + 8, sizeof h); return h; }
  void Ref() const {
    if (on_heap()) heap()->refs.fetch_add(1, std::memory_order_relaxed);
  }
  void Unref() {
    if (on_heap()) [[unlikely]] UnrefHeap();  // kept small, so that copies and moves inline
  }
  void UnrefHeap();
  void Destroy();
  size_t HashSlow() const;

  static constexpr uint8_t kHeapMark = 0xFF;
  static constexpr size_t kInlineMax = 14;
  // raw_[0]: type; raw_[1]: inline string length or kHeapMark; raw_[2..15]: inline string;
  // raw_[8..15]: int64 / double / heap pointer.
  alignas(8) unsigned char raw_[16];
};

static_assert(sizeof(Value) == 16);

struct ValueHash {
  size_t operator()(const Value& v) const { return v.Hash(); }
};
struct ValueEq {
  bool operator()(const Value& a, const Value& b) const {
    if (a.SameBits(b)) return true;
    if (a.type() == b.type()) {  // the common cases without the general comparison
      switch (a.type()) {
        case ValueType::kNull:
        case ValueType::kInt:
        case ValueType::kTimestamp:
        case ValueType::kBool: return false;  // equal ones have the same bits
        case ValueType::kString:
          if (a.inline_string() || b.inline_string()) return false;  // lengths differ, or bits would
          return a.str() == b.str();
        default: break;
      }
    }
    return Value::Compare(a, b) == 0;
  }
};
struct ValueLess {
  bool operator()(const Value& a, const Value& b) const { return Value::Compare(a, b) < 0; }
};

// Java's Double.toString: "1.0", "0.1", "1.0E7", "NaN", "Infinity".
std::string JavaDoubleString(double d);
// How AppendJsonString escapes: kPlain writes \" \\ \n \r \t and other control
// characters as \u00xx (lower-case hex); kJackson writes what Jackson's generator writes
// (Spark's JSON files and logs): \b and \f too, and upper-case hex.
enum class JsonEscapes { kPlain, kJackson };
// Appends `s` as a quoted JSON string: the one JSON string escaper of the engine.
void AppendJsonString(std::string* out, std::string_view s, JsonEscapes escapes = JsonEscapes::kPlain);

}  // namespace tideline
