#include "core/value/column_batch.h"

#include <iterator>

namespace tideline {

Value ColumnBatch::Row(size_t i) const {
  const size_t n = columns.size();
  if (kind == Kind::kPlain) return columns[0][i];
  if (kind == Kind::kTuple && n == 2) return Value::Pair(columns[0][i], columns[1][i]);
  Value fields[16];
  std::vector<Value> many;
  Value* f = fields;
  if (n > 16) {
    many.resize(n);
    f = many.data();
  }
  for (size_t c = 0; c < n; ++c) f[c] = columns[c][i];
  if (kind == Kind::kStruct) return Value::StructFrom(type, f, n);
  return Value::Tuple(std::vector<Value>(std::make_move_iterator(f), std::make_move_iterator(f + n)));
}

ColumnBatch ColumnBatch::EmptyLike() const {
  ColumnBatch b;
  b.kind = kind;
  b.type = type;
  b.columns.resize(columns.size());
  return b;
}

void ColumnBatch::Append(const ColumnBatch& o, size_t begin, size_t end) {
  for (size_t c = 0; c < columns.size(); ++c)
    columns[c].insert(columns[c].end(), o.columns[c].begin() + static_cast<long>(begin),
                      o.columns[c].begin() + static_cast<long>(end));
}

}  // namespace tideline
