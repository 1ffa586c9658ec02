#include "core/value/binary.h"

#include <fmt/format.h>

#include <cstring>

#include "core/common/limits.h"

namespace tideline {


void EncodeBinary(const Value& v, std::string* out) {
  out->push_back(static_cast<char>(v.type()));
  switch (v.type()) {
    case ValueType::kNull: return;
    case ValueType::kBool: out->push_back(v.as_bool() ? 1 : 0); return;
    case ValueType::kInt:
    case ValueType::kTimestamp: PutU64(out, static_cast<uint64_t>(v.as_int())); return;
    case ValueType::kDouble: {
      double d = v.as_double();
      uint64_t bits;
      std::memcpy(&bits, &d, 8);
      PutU64(out, bits);
      return;
    }
    case ValueType::kString: {
      std::string_view s = v.str();
      PutU32(out, static_cast<uint32_t>(s.size()));
      out->append(s);
      return;
    }
    case ValueType::kStruct: {
      const auto& names = v.struct_type()->names();
      PutU32(out, static_cast<uint32_t>(names.size()));
      for (const auto& n : names) {
        PutU32(out, static_cast<uint32_t>(n.size()));
        out->append(n);
      }
      for (const Value& e : v.items()) EncodeBinary(e, out);
      return;
    }
    case ValueType::kArray:
    case ValueType::kTuple: {
      PutU32(out, static_cast<uint32_t>(v.size()));
      for (const Value& e : v.items()) EncodeBinary(e, out);
      return;
    }
  }
}

namespace {
Status DecodeNested(std::string_view* in, Value* out, int depth);
}  // namespace

Status DecodeBinary(std::string_view* in, Value* out) { return DecodeNested(in, out, 0); }

namespace {

// Arrays and structs inside one another are decoded recursively, up to
// limits::kMaxValueDepth levels: a damaged file cannot make the decoder overflow its stack.
Status DecodeNested(std::string_view* in, Value* out, int depth) {
  if (depth > limits::kMaxValueDepth)
    return Status::Corruption(fmt::format("binary value nested more than {} levels deep (limit kMaxValueDepth)",
                                          limits::kMaxValueDepth));
  auto bad = []() { return Status::Corruption("truncated or damaged binary value"); };
  if (in->empty()) return bad();
  auto type = static_cast<ValueType>(static_cast<uint8_t>((*in)[0]));
  in->remove_prefix(1);
  uint64_t u;
  uint32_t n;
  switch (type) {
    case ValueType::kNull: *out = Value(); return Status::Ok();
    case ValueType::kBool:
      if (in->empty()) return bad();
      *out = Value::Bool((*in)[0] != 0);
      in->remove_prefix(1);
      return Status::Ok();
    case ValueType::kInt:
      if (!GetU64(in, &u)) return bad();
      *out = Value::Int(static_cast<int64_t>(u));
      return Status::Ok();
    case ValueType::kTimestamp:
      if (!GetU64(in, &u)) return bad();
      *out = Value::Ts(Timestamp::FromMicros(static_cast<int64_t>(u)));
      return Status::Ok();
    case ValueType::kDouble: {
      if (!GetU64(in, &u)) return bad();
      double d;
      std::memcpy(&d, &u, 8);
      *out = Value::Double(d);
      return Status::Ok();
    }
    case ValueType::kString:
      if (!GetU32(in, &n) || in->size() < n) return bad();
      *out = Value::String(in->substr(0, n));
      in->remove_prefix(n);
      return Status::Ok();
    case ValueType::kStruct: {
      if (!GetU32(in, &n) || n > in->size()) return bad();
      std::vector<std::string> names;
      for (uint32_t i = 0; i < n; ++i) {
        uint32_t len;
        if (!GetU32(in, &len) || in->size() < len) return bad();
        names.emplace_back(in->substr(0, len));
        in->remove_prefix(len);
      }
      std::vector<Value> items(n);
      for (uint32_t i = 0; i < n; ++i) TL_RETURN_IF_ERROR(DecodeNested(in, &items[i], depth + 1));
      *out = Value::Struct(StructType::Get(names), std::move(items));
      return Status::Ok();
    }
    case ValueType::kArray:
    case ValueType::kTuple: {
      if (!GetU32(in, &n) || n > in->size()) return bad();
      std::vector<Value> items(n);
      for (uint32_t i = 0; i < n; ++i) TL_RETURN_IF_ERROR(DecodeNested(in, &items[i], depth + 1));
      *out = type == ValueType::kArray ? Value::Array(std::move(items)) : Value::Tuple(std::move(items));
      return Status::Ok();
    }
  }
  return bad();
}

}  // namespace

}  // namespace tideline
