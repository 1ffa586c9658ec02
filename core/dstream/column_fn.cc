#include "core/dstream/column_fn.h"

#include <algorithm>

namespace tideline::dstream {

namespace {
// An element-wise function gives the same elements (and raises the error of the first
// element that fails) however its input is cut, so large inputs are cut finer than the
// partitions, for an even share between the threads.
constexpr size_t kSplit = 4;
}  // namespace

ColumnBatch MapColumns(const BoundColumnFn& fn, const Rdd& rdd) {
  const ColumnBatch& in = *rdd.columns();
  const size_t first = rdd.first_row(), n = rdd.size();
  const int pieces_arg = rdd.partitions;
  size_t pieces = static_cast<size_t>(std::max(1, pieces_arg));
  if (n >= internal::kParallelMin) pieces *= kSplit;
  ColumnBatch out = fn.OutputShape();
  for (auto& c : out.columns) c.resize(n);
  if (pieces == 1 || n < internal::kParallelMin) {
    for (size_t i = 0; i < pieces; ++i) {
      size_t b = internal::SliceBegin(n, pieces, i), e = internal::SliceBegin(n, pieces, i + 1);
      fn.Map(in, first + b, first + e, &out, b);
    }
    return out;
  }
  internal::ParallelPieces(pieces, [&](size_t i) {
    size_t b = internal::SliceBegin(n, pieces, i), e = internal::SliceBegin(n, pieces, i + 1);
    fn.Map(in, first + b, first + e, &out, b);
  });
  return out;
}

ColumnBatch FilterColumns(const BoundColumnFn& fn, const Rdd& rdd) {
  const ColumnBatch& in = *rdd.columns();
  const size_t first = rdd.first_row(), n = rdd.size();
  const int pieces_arg = rdd.partitions;
  size_t pieces = static_cast<size_t>(std::max(1, pieces_arg));
  if (n >= internal::kParallelMin) pieces *= kSplit;
  std::vector<std::vector<uint32_t>> selected(pieces);
  if (pieces == 1 || n < internal::kParallelMin) {
    for (size_t i = 0; i < pieces; ++i)
      fn.Select(in, first + internal::SliceBegin(n, pieces, i), first + internal::SliceBegin(n, pieces, i + 1),
                &selected[i]);
  } else {
    internal::ParallelPieces(pieces, [&](size_t i) {
      fn.Select(in, first + internal::SliceBegin(n, pieces, i), first + internal::SliceBegin(n, pieces, i + 1),
                &selected[i]);
    });
  }
  size_t total = 0;
  for (const auto& s : selected) total += s.size();
  ColumnBatch out = in.EmptyLike();
  for (size_t c = 0; c < out.columns.size(); ++c) {
    const std::vector<Value>& src = in.columns[c];
    std::vector<Value>& dst = out.columns[c];
    dst.reserve(total);
    for (const auto& s : selected)
      for (uint32_t i : s) dst.push_back(src[i]);
  }
  return out;
}

}  // namespace tideline::dstream
