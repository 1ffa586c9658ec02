#pragma once
// Rdd: the data of one batch of a DStream (Spark's RDD, simulated): an ordered
// list of elements and a simulated partition count. Immutable once built and
// shared between streams through RddPtr. The helpers implement Spark's pair-RDD
// operations; keys come out in canonical order (spec section 3, "Order").

#include <algorithm>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "core/value/value.h"

namespace tideline::dstream {

struct Rdd {
  std::vector<Value> data;
  int partitions = 1;
};
using RddPtr = std::shared_ptr<const Rdd>;

RddPtr MakeRdd(std::vector<Value> data, int partitions = 1);
RddPtr EmptyRdd();

using MapFn = std::function<Value(const Value&)>;
using FlatMapFn = std::function<void(const Value&, std::vector<Value>*)>;
using FilterFn = std::function<bool(const Value&)>;
using ReduceFn = std::function<Value(const Value&, const Value&)>;

// The key and value of a pair element. Throws expr::EvalError when it is not a pair.
const Value& KeyOf(const Value& pair);
const Value& ValOf(const Value& pair);

// Runs `f` over every element, appending its outputs; the RDD's partitions are the
// pieces of work (in parallel when large), outputs concatenated in partition order, so
// the result equals a sequential run.
template <typename F>
std::vector<Value> ForEachElement(const Rdd& r, const F& f);

// reduceByKey: one (key, reduced value) per key, keys in canonical order. Each of
// `pieces` slices is combined first (Spark's map-side combine per partition), then the
// slices' results are merged in slice order.
std::vector<Value> ReduceByKey(std::span<const Value> pairs, const ReduceFn& f, int pieces = 1);
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
  size_t Slot(const Value& k);
  const std::vector<Value>& keys() const { return keys_; }
  size_t size() const { return keys_.size(); }
  // Key indexes sorted by the canonical order of their keys.
  std::vector<size_t> CanonicalOrder() const;

 private:
  void Grow();
  std::vector<Value> keys_;
  std::vector<size_t> hashes_;
  std::vector<uint32_t> table_;  // index + 1, 0 = empty
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
  size_t n = r.data.size();
  if (pieces == 1 || n < internal::kParallelMin) {
    std::vector<Value> out;
    out.reserve(n);
    for (const Value& v : r.data) f(v, &out);
    return out;
  }
  std::vector<std::vector<Value>> parts(pieces);
  internal::ParallelPieces(pieces, [&](size_t i) {
    size_t b = internal::SliceBegin(n, pieces, i), e = internal::SliceBegin(n, pieces, i + 1);
    parts[i].reserve(e - b);
    for (size_t k = b; k < e; ++k) f(r.data[k], &parts[i]);
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
