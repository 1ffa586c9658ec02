#pragma once
// ColumnBatch: elements stored by column, one Value column per field. The DStream
// engine holds typed input blocks and the pairs of compiled maps this way (dstream::Rdd),
// and the columnar expressions of core/expr read and write it. A plain value type:
// whoever holds it owns it; not synchronized (share it as a const object).

#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/value/value.h"

namespace tideline {

// Element i is, by kind, the struct `type` or the tuple whose fields are
// columns[0][i], ..., columns[n-1][i], or (kPlain, one column) the value columns[0][i]
// itself. Every column has rows() values.
struct ColumnBatch {
  enum class Kind : uint8_t { kStruct, kTuple, kPlain };
  Kind kind = Kind::kTuple;
  const StructType* type = nullptr;  // kStruct only
  std::vector<std::vector<Value>> columns;

  size_t rows() const { return columns.empty() ? 0 : columns[0].size(); }
  size_t width() const { return columns.size(); }
  // Element i, built from its fields.
  Value Row(size_t i) const;
  // Whether `o` has the same kind, struct type and width (its rows can be appended).
  bool SameShape(const ColumnBatch& o) const {
    return kind == o.kind && type == o.type && columns.size() == o.columns.size();
  }
  // An empty batch of the same shape.
  ColumnBatch EmptyLike() const;
  // Appends rows [begin, end) of `o`. REQUIRES: SameShape(o).
  void Append(const ColumnBatch& o, size_t begin, size_t end);
};

}  // namespace tideline
