#pragma once
// Rdd: the data of one batch of a DStream (Spark's RDD, simulated): an ordered
// list of elements and a simulated partition count. Immutable once built and
// shared between streams through RddPtr. The helpers implement Spark's pair-RDD
// operations; keys come out in canonical order (spec section 3, "Order").
//
// An RDD holds its elements as a list of Values, or as a ColumnBatch (a typed
// input's records, the pairs a compiled map produced), one Value column per field,
// or both. The forms hold the same elements: `data` builds the list from the
// columns the first time someone reads it, so that readers which only need the
// fields (compiled maps and filters, the pair operations through PairView) never
// build a struct or a pair per element. Thread-safe: `data` may be read concurrently.

#include <algorithm>
#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <vector>

#include "core/value/column_batch.h"
#include "core/value/value.h"

namespace tideline::dstream {

// The elements of an RDD as a read-only std::vector<Value>: for an RDD held as
// columns, the list is built on first access (size() and Element() never build it).
class RddElements {
 public:
  const std::vector<Value>& get() const {
    if (!ready_.load(std::memory_order_acquire)) Materialize();
    return rows_;
  }
  operator const std::vector<Value>&() const { return get(); }
  size_t size() const { return columns_ ? count_ : rows_.size(); }
  bool empty() const { return size() == 0; }
  std::vector<Value>::const_iterator begin() const { return get().begin(); }
  std::vector<Value>::const_iterator end() const { return get().end(); }
  const Value& operator[](size_t i) const { return get()[i]; }
  const Value* data() const { return get().data(); }
  // Element i, without building the others. REQUIRES: i < size().
  Value Element(size_t i) const {
    if (ready_.load(std::memory_order_acquire)) return rows_[i];
    return columns_->Row(first_ + i);
  }

 private:
  friend struct Rdd;
  void Materialize() const;
  std::shared_ptr<const ColumnBatch> columns_;  // the elements are its rows [first_, first_ + count_)
  size_t first_ = 0, count_ = 0;
  mutable std::vector<Value> rows_;
  mutable std::atomic<bool> ready_{false};
  mutable std::mutex mu_;
};

struct Rdd {
  Rdd() { data.ready_ = true; }
  Rdd(std::vector<Value> rows, int partitions);
  // Rows [first, first + count) of `columns`, shared.
  Rdd(std::shared_ptr<const ColumnBatch> columns, size_t first, size_t count, int partitions);
  // Both forms. REQUIRES: they hold the same elements.
  Rdd(std::vector<Value> rows, ColumnBatch columns, int partitions);

  size_t size() const { return data.size(); }
  bool empty() const { return data.empty(); }
  Value Element(size_t i) const { return data.Element(i); }
  // The columns, when the RDD is held as columns (nullptr otherwise): its elements are
  // their rows [first_row(), first_row() + size()).
  const ColumnBatch* columns() const { return data.columns_.get(); }
  size_t first_row() const { return data.first_; }

  RddElements data;
  int partitions = 1;
};
using RddPtr = std::shared_ptr<const Rdd>;

RddPtr MakeRdd(std::vector<Value> data, int partitions = 1);
RddPtr MakeColumnarRdd(ColumnBatch columns, int partitions = 1);
// Rows [first, first + count) of a shared batch, without copying them.
RddPtr MakeColumnarRdd(std::shared_ptr<const ColumnBatch> columns, size_t first, size_t count, int partitions);
// Both forms. REQUIRES: they hold the same elements.
RddPtr MakeColumnarRdd(std::vector<Value> rows, ColumnBatch columns, int partitions = 1);
RddPtr EmptyRdd();
// The elements of `parts` one after the other (a union or a window), as columns when
// every non-empty part is held as columns of one shape.
RddPtr ConcatRdds(const std::vector<RddPtr>& parts, int partitions);

using MapFn = std::function<Value(const Value&)>;
using FlatMapFn = std::function<void(const Value&, std::vector<Value>*)>;
using FilterFn = std::function<bool(const Value&)>;
using ReduceFn = std::function<Value(const Value&, const Value&)>;

// A compiled form of a reduce function f that folds values into accumulators in place,
// exactly as acc = f(acc, v) would (calling f itself for values it does not handle).
// Thread-safe.
class ReduceKernel {
 public:
  virtual ~ReduceKernel() = default;
  // For i in [0, n), in order: accs[slots[i]] = f(accs[slots[i]], values[i]).
  virtual void Fold(Value* accs, const uint32_t* slots, const Value* values, size_t n) const = 0;
};

// A reduce function that carries its compiled form: a ReduceFn holding a KernelReduceFn
// behaves as `fn`, and the pair operations (reduceByKey and the windowed reductions built
// on it) fold with `kernel` instead of calling it once per element.
struct KernelReduceFn {
  ReduceFn fn;
  std::shared_ptr<const ReduceKernel> kernel;
  Value operator()(const Value& a, const Value& b) const { return fn(a, b); }
};

// The key and value of a pair element. Throws expr::EvalError when it is not a pair.
const Value& KeyOf(const Value& pair);
const Value& ValOf(const Value& pair);

// The (key, value) pairs of an RDD: read from the two columns of a pair batch, or from
// the elements (then key() and value() throw expr::EvalError for an element that is not
// a pair, as KeyOf and ValOf do).
class PairView {
 public:
  explicit PairView(const Rdd& r) {
    const ColumnBatch* c = r.columns();
    if (c && c->kind == ColumnBatch::Kind::kTuple && c->width() == 2) {
      keys_ = c->columns[0].data() + r.first_row();
      values_ = c->columns[1].data() + r.first_row();
      n_ = r.size();
    } else {
      rows_ = r.data.get().data();
      n_ = r.data.size();
    }
  }
  size_t size() const { return n_; }
  // Whether every element is a pair (key() and value() cannot throw).
  bool all_pairs() const {
    if (!rows_) return true;
    for (size_t i = 0; i < n_; ++i)
      if (rows_[i].type() != ValueType::kTuple || rows_[i].size() != 2) return false;
    return true;
  }
  const Value& key(size_t i) const { return rows_ ? KeyOf(rows_[i]) : keys_[i]; }
  const Value& value(size_t i) const { return rows_ ? ValOf(rows_[i]) : values_[i]; }

 private:
  const Value* rows_ = nullptr;
  const Value* keys_ = nullptr;
  const Value* values_ = nullptr;
  size_t n_ = 0;
};

// Runs `f` over every element, appending its outputs; the RDD's partitions are the
// pieces of work (in parallel when large), outputs concatenated in partition order, so
// the result equals a sequential run.
template <typename F>
std::vector<Value> ForEachElement(const Rdd& r, const F& f);

// reduceByKey: one (key, reduced value) per key, keys in canonical order. Each of
// `pieces` slices is combined first (Spark's map-side combine per partition), then the
// slices' results are merged in slice order.
std::vector<Value> ReduceByKey(std::span<const Value> pairs, const ReduceFn& f, int pieces = 1);
std::vector<Value> ReduceByKey(const PairView& pairs, const ReduceFn& f, int pieces = 1);
// groupByKey: (key, [values in arrival order]) per key, keys in canonical order.
std::vector<Value> GroupByKey(std::span<const Value> pairs);
// cogroup: (key, ([left values], [right values])).
std::vector<Value> Cogroup(std::span<const Value> left, std::span<const Value> right);
enum class JoinType { kInner, kLeftOuter, kRightOuter, kFullOuter };
std::vector<Value> Join(std::span<const Value> left, std::span<const Value> right, JoinType type);
// reduce: a single reduced element, or none for an empty input.
std::vector<Value> Reduce(std::span<const Value> data, const ReduceFn& f);
// The distinct keys of a batch in first-seen order, each with a dense index; an
// open-addressing table of (hash, index), so a lookup costs one hash and usually one
// key comparison. Not thread-safe.
class KeyIndex {
 public:
  // The index of `k`, adding it when new.
  size_t Slot(const Value& k) {
    if ((keys_.size() + 1) * 2 > table_.size()) Grow();
    const size_t h = k.Hash();
    const uint64_t tag = static_cast<uint64_t>(h) & ~uint64_t{0xFFFFFFFF};
    const size_t mask = table_.size() - 1;
    for (size_t i = Home(h);; i = (i + 1) & mask) {
      const uint64_t e = table_[i];
      if (e == 0) {
        table_[i] = tag | (keys_.size() + 1);
        keys_.push_back(k);
        hashes_.push_back(h);
        return keys_.size() - 1;
      }
      const size_t idx = static_cast<size_t>(e & 0xFFFFFFFF) - 1;
      if ((e & ~uint64_t{0xFFFFFFFF}) == tag && ValueEq()(keys_[idx], k)) return idx;
    }
  }
  const std::vector<Value>& keys() const { return keys_; }
  size_t size() const { return keys_.size(); }
  // Key indexes sorted by the canonical order of their keys.
  std::vector<size_t> CanonicalOrder() const;

 private:
  // Fibonacci hashing: the top bits of h times the golden ratio depend on every bit of h.
  size_t Home(size_t h) const {
    return static_cast<size_t>((static_cast<uint64_t>(h) * 0x9E3779B97F4A7C15ULL) >> shift_);
  }
  void Grow();
  std::vector<Value> keys_;
  std::vector<size_t> hashes_;
  std::vector<uint64_t> table_;  // (high 32 bits of the hash) | (index + 1); 0 = empty
  int shift_ = 64;               // 64 - log2(table size)
};

// Sorts elements in canonical order (stable).
void SortCanonical(std::vector<Value>* v);

namespace internal {
constexpr size_t kParallelMin = 4096;  // smaller inputs run their pieces on one thread
void ParallelPieces(size_t pieces, const std::function<void(size_t)>& fn);
size_t SliceBegin(size_t total, size_t pieces, size_t i);
}  // namespace internal

template <typename F>
std::vector<Value> ForEachElement(const Rdd& r, const F& f) {
  size_t pieces = static_cast<size_t>(std::max(1, r.partitions));
  const std::vector<Value>& data = r.data.get();
  size_t n = data.size();
  if (pieces == 1 || n < internal::kParallelMin) {
    std::vector<Value> out;
    out.reserve(n);
    for (const Value& v : data) f(v, &out);
    return out;
  }
  std::vector<std::vector<Value>> parts(pieces);
  internal::ParallelPieces(pieces, [&](size_t i) {
    size_t b = internal::SliceBegin(n, pieces, i), e = internal::SliceBegin(n, pieces, i + 1);
    parts[i].reserve(e - b);
    for (size_t k = b; k < e; ++k) f(data[k], &parts[i]);
  });
  size_t total = 0;
  for (const auto& p : parts) total += p.size();
  std::vector<Value> out;
  out.reserve(total);
  for (auto& p : parts)
    for (Value& v : p) out.push_back(std::move(v));
  return out;
}

}  // namespace tideline::dstream
