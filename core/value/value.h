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
  Value() { std::memset(raw_, 0, sizeof raw_); }
  Value(const Value& o) { std::memcpy(raw_, o.raw_, sizeof raw_); Ref(); }
  Value(Value&& o) noexcept { std::memcpy(raw_, o.raw_, sizeof raw_); std::memset(o.raw_, 0, sizeof raw_); }
  Value& operator=(const Value& o) {
    if (this != &o) { o.Ref(); Unref(); std::memcpy(raw_, o.raw_, sizeof raw_); }
    return *this;
  }
  Value& operator=(Value&& o) noexcept {
    if (this != &o) { Unref(); std::memcpy(raw_, o.raw_, sizeof raw_); std::memset(o.raw_, 0, sizeof raw_); }
    return *this;
  }
  ~Value() { Unref(); }

  static Value Null() { return Value(); }
  static Value Bool(bool b) { Value v; v.raw_[0] = uint8_t(ValueType::kBool); v.SetI(b ? 1 : 0); return v; }
  static Value Int(int64_t i) { Value v; v.raw_[0] = uint8_t(ValueType::kInt); v.SetI(i); return v; }
  static Value Double(double d) { Value v; v.raw_[0] = uint8_t(ValueType::kDouble); std::memcpy(v.raw_ + 8, &d, 8); return v; }
  static Value Ts(Timestamp t) { Value v; v.raw_[0] = uint8_t(ValueType::kTimestamp); v.SetI(t.micros()); return v; }
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
  size_t Hash() const;

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
  void SetI(int64_t i) { std::memcpy(raw_ + 8, &i, 8); }
  int64_t GetI() const { int64_t i; std::memcpy(&i, raw_ + 8, 8); return i; }
  bool on_heap() const { return raw_[1] == kHeapMark && type() >= ValueType::kString; }
  Heap* heap() const { Heap* h; std::memcpy(&h, raw_ + 8, sizeof h); return h; }
  void Ref() const {
    if (on_heap()) heap()->refs.fetch_add(1, std::memory_order_relaxed);
  }
  void Unref() {
    if (on_heap() && heap()->refs.fetch_sub(1, std::memory_order_acq_rel) == 1) Destroy();
  }
  void Destroy();

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
    if (a.type() == b.type()) {  // the common cases without the general comparison
      switch (a.type()) {
        case ValueType::kInt:
        case ValueType::kTimestamp:
        case ValueType::kBool: return a.as_int() == b.as_int();
        case ValueType::kString: return a.str() == b.str();
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
// JSON string escaping.
void AppendJsonString(std::string* out, std::string_view s);

}  // namespace tideline
