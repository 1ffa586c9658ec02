#pragma once
// ColumnFn: a compiled form of an element function (the function of a map or a
// filter) that reads the fields of a ColumnBatch directly instead of building each
// element. The scenario builder compiles simple expressions (field projections,
// constants, arithmetic, comparisons) into one and hands it to DStream::Map or
// DStream::Filter next to the function itself; the engine uses it only on RDDs held
// as columns whose shape it accepts, and the function everywhere else.
//
// Contract: a ColumnFn gives exactly the elements the function gives, in the same
// order, and raises the same errors (it may call the function for elements it does
// not handle itself). Immutable and thread-safe: the pieces of a batch call a bound
// function in parallel.

#include <cstdint>
#include <memory>
#include <vector>

#include "core/dstream/rdd.h"

namespace tideline::dstream {

// A ColumnFn bound to one shape of input batch (its kind, struct type and width).
class BoundColumnFn {
 public:
  virtual ~BoundColumnFn() = default;
  // map: an empty batch of the shape of the output elements.
  virtual ColumnBatch OutputShape() const = 0;
  // map: writes the images of elements [begin, end) of `in` to rows [at, at + end - begin)
  // of `out` (shaped by OutputShape, its columns already that long).
  virtual void Map(const ColumnBatch& in, size_t begin, size_t end, ColumnBatch* out, size_t at) const = 0;
  // filter: appends to `out` the indexes in [begin, end) of the elements that pass.
  virtual void Select(const ColumnBatch& in, size_t begin, size_t end, std::vector<uint32_t>* out) const = 0;
};

class ColumnFn {
 public:
  virtual ~ColumnFn() = default;
  // Binds to batches shaped like `in`; nullptr when this shape is not handled (the
  // function is used instead).
  virtual std::unique_ptr<const BoundColumnFn> Bind(const ColumnBatch& in) const = 0;
};
using ColumnFnPtr = std::shared_ptr<const ColumnFn>;

// The map and filter of an RDD held as columns (REQUIRES: in.columns()), cut into slices
// run in parallel when large, concatenated in slice order (so the result equals a
// sequential run).
ColumnBatch MapColumns(const BoundColumnFn& fn, const Rdd& in);
ColumnBatch FilterColumns(const BoundColumnFn& fn, const Rdd& in);

}  // namespace tideline::dstream
