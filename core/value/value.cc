#include "core/value/value.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <map>
#include <memory>
#include <mutex>
#include <vector>
#include <new>

namespace tideline {

const char* ValueTypeName(ValueType t) {
  switch (t) {
    case ValueType::kNull: return "NULL";
    case ValueType::kBool: return "BOOLEAN";
    case ValueType::kInt: return "BIGINT";
    case ValueType::kDouble: return "DOUBLE";
    case ValueType::kString: return "STRING";
    case ValueType::kTimestamp: return "TIMESTAMP";
    case ValueType::kArray: return "ARRAY";
    case ValueType::kTuple: return "TUPLE";
    case ValueType::kStruct: return "STRUCT";
  }
  return "?";
}

const StructType* StructType::Get(const std::vector<std::string>& names) {
  static std::mutex mu;
  static std::map<std::vector<std::string>, std::unique_ptr<StructType>>* interned =
      new std::map<std::vector<std::string>, std::unique_ptr<StructType>>();
  std::lock_guard<std::mutex> lock(mu);
  auto it = interned->find(names);
  if (it != interned->end()) return it->second.get();
  auto st = std::make_unique<StructType>(names);
  const StructType* p = st.get();
  interned->emplace(names, std::move(st));
  return p;
}

int StructType::Find(std::string_view name, bool ci) const {
  for (size_t i = 0; i < names_.size(); ++i) {
    const std::string& n = names_[i];
    if (n.size() != name.size()) continue;
    bool eq = true;
    for (size_t k = 0; k < n.size() && eq; ++k) {
      char a = n[k], b = name[k];
      if (ci) { a = static_cast<char>(std::tolower(static_cast<unsigned char>(a))); b = static_cast<char>(std::tolower(static_cast<unsigned char>(b))); }
      eq = a == b;
    }
    if (eq) return static_cast<int>(i);
  }
  return -1;
}

namespace {

// Heap blocks of up to 256 bytes are recycled through per-thread free lists, so that
// the per-record tuples of a stream cost no call into malloc in the steady state. A
// thread whose list grows past kBatch * 2 blocks hands kBatch of them to a shared
// depot, and a thread whose list is empty takes a batch from it, so blocks made on
// one thread and freed on another (a parser thread feeding the engine) circulate.
constexpr size_t kPoolClasses = 16;  // 16, 32, ... 256 bytes
constexpr size_t kBatch = 1024;
constexpr size_t kDepotCap = 256;    // batches per class in the depot

struct FreeBlock {
  FreeBlock* next;
};

struct Chain {
  FreeBlock* head = nullptr;
  size_t count = 0;
};

struct Depot {
  std::mutex mu;
  std::vector<Chain> chains[kPoolClasses];
};

Depot& TheDepot() {
  static Depot* d = new Depot();  // never destroyed: threads may free blocks at exit
  return *d;
}

void DeleteChain(FreeBlock* b) {
  while (b) {
    FreeBlock* next = b->next;
    ::operator delete(b);
    b = next;
  }
}

struct Pool {
  Chain list[kPoolClasses];
  ~Pool();
};

thread_local Pool t_pool;
thread_local bool t_pool_gone = false;  // set when the thread's pool is destroyed

Pool::~Pool() {
  t_pool_gone = true;
  for (auto& c : list) DeleteChain(c.head);
}

inline void* AllocBlock(size_t bytes) {
  size_t c = (bytes + 15) / 16 - 1;
  if (c >= kPoolClasses || t_pool_gone) return ::operator new(bytes);
  Chain& l = t_pool.list[c];
  if (!l.head) {
    Depot& d = TheDepot();
    std::lock_guard<std::mutex> lock(d.mu);
    if (!d.chains[c].empty()) {
      l = d.chains[c].back();
      d.chains[c].pop_back();
    }
  }
  if (FreeBlock* b = l.head) {
    l.head = b->next;
    --l.count;
    return b;
  }
  return ::operator new((c + 1) * 16);
}

inline void FreeBlockOf(void* p, size_t bytes) {
  size_t c = (bytes + 15) / 16 - 1;
  if (c >= kPoolClasses || t_pool_gone) {
    ::operator delete(p);
    return;
  }
  Chain& l = t_pool.list[c];
  auto* b = static_cast<FreeBlock*>(p);
  b->next = l.head;
  l.head = b;
  ++l.count;
  if (l.count >= 2 * kBatch) {
    // Hand kBatch blocks to the depot (or back to the system when it is full).
    Chain out;
    for (size_t i = 0; i < kBatch; ++i) {
      FreeBlock* x = l.head;
      l.head = x->next;
      x->next = out.head;
      out.head = x;
    }
    out.count = kBatch;
    l.count -= kBatch;
    Depot& d = TheDepot();
    std::unique_lock<std::mutex> lock(d.mu);
    if (d.chains[c].size() < kDepotCap) {
      d.chains[c].push_back(out);
    } else {
      lock.unlock();
      DeleteChain(out.head);
    }
  }
}

}  // namespace

Value Value::String(std::string_view s) {
  if constexpr (std::endian::native == std::endian::little) {
    if (s.size() <= kInlineMax) {  // the two words built in registers (see the copy constructor)
      // The n bytes as a little-endian number, read with two overlapping loads inside them.
      const char* c = s.data();
      const size_t n = s.size();
      unsigned __int128 v = 0;
      if (n >= 8) {
        uint64_t lo, hi;
        std::memcpy(&lo, c, 8);
        std::memcpy(&hi, c + n - 8, 8);
        v = static_cast<unsigned __int128>(lo) | (static_cast<unsigned __int128>(hi) << (8 * (n - 8)));
      } else if (n >= 4) {
        uint32_t lo, hi;
        std::memcpy(&lo, c, 4);
        std::memcpy(&hi, c + n - 4, 4);
        v = static_cast<uint64_t>(lo) | (static_cast<uint64_t>(hi) << (8 * (n - 4)));
      } else if (n > 0) {
        const unsigned char* u = reinterpret_cast<const unsigned char*>(c);
        v = static_cast<uint64_t>(u[0]) | (static_cast<uint64_t>(u[n / 2]) << (8 * (n / 2))) |
            (static_cast<uint64_t>(u[n - 1]) << (8 * (n - 1)));
      }
      v = (v << 16) | Head(ValueType::kString, static_cast<uint8_t>(n));
      return Value(static_cast<uint64_t>(v), static_cast<uint64_t>(v >> 64));
    }
  }
  Value v;
  v.raw_[0] = uint8_t(ValueType::kString);
  if (s.size() <= kInlineMax) {
    v.raw_[1] = static_cast<unsigned char>(s.size());
    if (!s.empty()) std::memcpy(v.raw_ + 2, s.data(), s.size());
    return v;
  }
  void* mem = AllocBlock(sizeof(Heap) + s.size());
  Heap* h = new (mem) Heap();
  h->size = static_cast<uint32_t>(s.size());
  std::memcpy(h->chars(), s.data(), s.size());
  return Value(Head(ValueType::kString, kHeapMark), reinterpret_cast<uint64_t>(h));
}

Value Value::Seq(ValueType t, const StructType* st, std::vector<Value> items) {
  void* mem = AllocBlock(sizeof(Heap) + items.size() * sizeof(Value));
  Heap* h = new (mem) Heap();
  h->size = static_cast<uint32_t>(items.size());
  h->st = st;
  Value* dst = h->items();
  for (size_t i = 0; i < items.size(); ++i) new (dst + i) Value(std::move(items[i]));
  return Value(Head(t, kHeapMark), reinterpret_cast<uint64_t>(h));
}

Value Value::StructFrom(const StructType* type, Value* items, size_t n) {
  void* mem = AllocBlock(sizeof(Heap) + n * sizeof(Value));
  Heap* h = new (mem) Heap();
  h->size = static_cast<uint32_t>(n);
  h->st = type;
  for (size_t i = 0; i < n; ++i) new (h->items() + i) Value(std::move(items[i]));
  return Value(Head(ValueType::kStruct, kHeapMark), reinterpret_cast<uint64_t>(h));
}

Value Value::Pair(Value a, Value b) {
  void* mem = AllocBlock(sizeof(Heap) + 2 * sizeof(Value));
  Heap* h = new (mem) Heap();
  h->size = 2;
  new (h->items()) Value(std::move(a));
  new (h->items() + 1) Value(std::move(b));
  return Value(Head(ValueType::kTuple, kHeapMark), reinterpret_cast<uint64_t>(h));
}

void Value::UnrefHeap() {
  if (heap()->refs.fetch_sub(1, std::memory_order_acq_rel) == 1) Destroy();
}

void Value::Destroy() {
  Heap* h = heap();
  {
    size_t bytes = sizeof(Heap);
    if (type() != ValueType::kString) {
      Value* it = h->items();
      for (uint32_t i = 0; i < h->size; ++i) it[i].~Value();
      bytes += h->size * sizeof(Value);
    } else {
      bytes += h->size;
    }
    h->~Heap();
    FreeBlockOf(h, bytes);
  }
  raw_[0] = 0;
  raw_[1] = 0;
}


namespace {

// Rank of a type in the canonical order; numbers share a rank.
int Rank(const Value& v) {
  switch (v.type()) {
    case ValueType::kNull: return 0;
    case ValueType::kBool: return v.as_bool() ? 2 : 1;
    case ValueType::kInt:
    case ValueType::kDouble: return 3;
    case ValueType::kString: return 4;
    case ValueType::kTimestamp: return 5;
    case ValueType::kArray:
    case ValueType::kTuple: return 6;
    case ValueType::kStruct: return 7;
  }
  return 8;
}

int CompareNumbers(const Value& a, const Value& b) {
  if (a.type() == ValueType::kInt && b.type() == ValueType::kInt) {
    return a.as_int() < b.as_int() ? -1 : (a.as_int() > b.as_int() ? 1 : 0);
  }
  double x = a.num(), y = b.num();
  bool xn = std::isnan(x), yn = std::isnan(y);
  if (xn || yn) return xn == yn ? 0 : (xn ? 1 : -1);  // NaN is the largest number, as in Spark
  if (x < y) return -1;
  if (x > y) return 1;
  if (a.type() != b.type()) return a.type() == ValueType::kInt ? -1 : 1;
  return 0;
}

int CompareImpl(const Value& a, const Value& b, bool loose_numbers) {
  int ra = Rank(a), rb = Rank(b);
  if (ra != rb) return ra < rb ? -1 : 1;
  switch (a.type()) {
    case ValueType::kNull:
    case ValueType::kBool: return 0;
    case ValueType::kInt:
    case ValueType::kDouble: {
      if (loose_numbers && a.type() != b.type()) {
        double x = a.num(), y = b.num();
        return x < y ? -1 : (x > y ? 1 : 0);
      }
      return CompareNumbers(a, b);
    }
    case ValueType::kString: {
      int c = a.str().compare(b.str());
      return c < 0 ? -1 : (c > 0 ? 1 : 0);
    }
    case ValueType::kTimestamp:
      return a.as_int() < b.as_int() ? -1 : (a.as_int() > b.as_int() ? 1 : 0);
    default: {
      auto x = a.items(), y = b.items();
      size_t n = std::min(x.size(), y.size());
      for (size_t i = 0; i < n; ++i) {
        int c = CompareImpl(x[i], y[i], loose_numbers);
        if (c != 0) return c;
      }
      if (x.size() != y.size()) return x.size() < y.size() ? -1 : 1;
      return 0;
    }
  }
}

inline size_t Mix(size_t h, size_t v) {
  h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
  return h;
}

}  // namespace

int Value::Compare(const Value& a, const Value& b) { return CompareImpl(a, b, false); }

bool Value::Matches(const Value& actual, const Value& expected) {
  // A string expected where a timestamp came out compares by its text.
  if (actual.type() == ValueType::kTimestamp && expected.type() == ValueType::kString) {
    return actual.as_ts().ToString() == expected.str();
  }
  if (actual.is_seq() && expected.is_seq()) {
    auto x = actual.items(), y = expected.items();
    if (x.size() != y.size()) return false;
    for (size_t i = 0; i < x.size(); ++i)
      if (!Matches(x[i], y[i])) return false;
    return true;
  }
  return CompareImpl(actual, expected, true) == 0;
}

size_t Value::HashSlow() const {
  switch (type()) {
    case ValueType::kNull: return 0x51ed27;
    case ValueType::kDouble: return std::hash<double>()(as_double()) ^ 0xd0;
    case ValueType::kTimestamp: return std::hash<int64_t>()(as_int()) ^ 0x7157;
    case ValueType::kBool:
    case ValueType::kInt: return Hash();
    case ValueType::kString: {
      if (raw_[1] != kHeapMark) return Hash();
      std::string_view s = str();
      uint64_t h = 1469598103934665603ULL;
      for (unsigned char c : s) { h ^= c; h *= 1099511628211ULL; }
      return static_cast<size_t>(h);
    }
    default: {
      size_t h = static_cast<size_t>(type());
      for (const Value& v : items()) h = Mix(h, v.Hash());
      return h;
    }
  }
}

std::string JavaDoubleString(double d) {
  if (std::isnan(d)) return "NaN";
  if (std::isinf(d)) return d > 0 ? "Infinity" : "-Infinity";
  if (d == 0) return std::signbit(d) ? "-0.0" : "0.0";
  char buf[64];
  auto [p, ec] = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::scientific);
  std::string sci(buf, p);  // e.g. "-1.2345e+07"
  bool neg = sci[0] == '-';
  if (neg) sci.erase(0, 1);
  size_t e = sci.find('e');
  std::string mant = sci.substr(0, e);
  int exp = std::stoi(sci.substr(e + 1));
  std::string digits;
  for (char c : mant) if (c != '.') digits += c;
  while (digits.size() > 1 && digits.back() == '0') digits.pop_back();
  std::string out = neg ? "-" : "";
  double ad = std::fabs(d);
  if (ad >= 1e-3 && ad < 1e7) {
    if (exp >= 0) {
      std::string ip = digits.substr(0, std::min<size_t>(digits.size(), exp + 1));
      while (static_cast<int>(ip.size()) < exp + 1) ip += '0';
      std::string fp = static_cast<int>(digits.size()) > exp + 1 ? digits.substr(exp + 1) : "0";
      out += ip + "." + fp;
    } else {
      out += "0." + std::string(-exp - 1, '0') + digits;
    }
  } else {
    out += digits.substr(0, 1) + "." + (digits.size() > 1 ? digits.substr(1) : "0") + "E" + std::to_string(exp);
  }
  return out;
}

void AppendJsonString(std::string* out, std::string_view s, JsonEscapes escapes) {
  const bool jackson = escapes == JsonEscapes::kJackson;
  out->push_back('"');
  for (unsigned char c : s) {
    switch (c) {
      case '"': *out += "\\\""; break;
      case '\\': *out += "\\\\"; break;
      case '\n': *out += "\\n"; break;
      case '\r': *out += "\\r"; break;
      case '\t': *out += "\\t"; break;
      default:
        if (jackson && c == '\b') *out += "\\b";
        else if (jackson && c == '\f') *out += "\\f";
        else if (c < 0x20 && jackson) *out += fmt::format("\\u{:04X}", c);
        else if (c < 0x20) *out += fmt::format("\\u{:04x}", c);
        else out->push_back(static_cast<char>(c));
    }
  }
  out->push_back('"');
}

namespace {

// The items of a sequence between `open` and `close`, separated by `sep`, each written by
// `write`.
template <class Items, class Fn>
void AppendItems(std::string* out, const Items& items, char open, std::string_view sep, char close, Fn write) {
  out->push_back(open);
  bool first = true;
  for (const Value& v : items) {
    if (!first) out->append(sep);
    first = false;
    write(v);
  }
  out->push_back(close);
}

}  // namespace

void Value::AppendJson(std::string* out) const {
  switch (type()) {
    case ValueType::kNull: *out += "null"; return;
    case ValueType::kBool: *out += as_bool() ? "true" : "false"; return;
    case ValueType::kInt: *out += std::to_string(as_int()); return;
    case ValueType::kDouble: {
      double d = as_double();
      if (std::isnan(d) || std::isinf(d)) { AppendJsonString(out, JavaDoubleString(d)); return; }
      *out += JavaDoubleString(d);
      return;
    }
    case ValueType::kString: AppendJsonString(out, str()); return;
    case ValueType::kTimestamp: AppendJsonString(out, as_ts().ToString()); return;
    case ValueType::kArray:
    case ValueType::kTuple:
      AppendItems(out, items(), '[', ",", ']', [&](const Value& v) { v.AppendJson(out); });
      return;
    case ValueType::kStruct: {
      const auto& names = struct_type()->names();
      size_t i = 0;
      AppendItems(out, items(), '{', ",", '}', [&](const Value& v) {
        AppendJsonString(out, names[i++]);
        out->push_back(':');
        v.AppendJson(out);
      });
      return;
    }
  }
}

void Value::AppendDisplay(std::string* out) const {
  switch (type()) {
    case ValueType::kNull: *out += "null"; return;
    case ValueType::kBool: *out += as_bool() ? "true" : "false"; return;
    case ValueType::kInt: *out += std::to_string(as_int()); return;
    case ValueType::kDouble: *out += JavaDoubleString(as_double()); return;
    case ValueType::kString: out->append(str()); return;
    case ValueType::kTimestamp: *out += as_ts().ToString(); return;
    case ValueType::kTuple:
      AppendItems(out, items(), '(', ",", ')', [&](const Value& v) { v.AppendDisplay(out); });
      return;
    case ValueType::kArray:
      AppendItems(out, items(), '[', ", ", ']', [&](const Value& v) { v.AppendDisplay(out); });
      return;
    case ValueType::kStruct:
      AppendItems(out, items(), '[', ",", ']', [&](const Value& v) { v.AppendDisplay(out); });
      return;
  }
}

}  // namespace tideline
