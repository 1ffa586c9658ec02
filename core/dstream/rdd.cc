#include "core/dstream/rdd.h"

#include <fmt/format.h>

#include <algorithm>
#include <iterator>
#include <unordered_map>

#include "core/expr/expr.h"
#include "core/runtime/parallel.h"

namespace tideline::dstream {

Rdd::Rdd(std::vector<Value> rows, int partitions) : partitions(partitions) {
  data.rows_ = std::move(rows);
  data.ready_ = true;
}

Rdd::Rdd(std::shared_ptr<const ColumnBatch> columns, size_t first, size_t count, int partitions)
    : partitions(partitions) {
  data.columns_ = std::move(columns);
  data.first_ = first;
  data.count_ = count;
}

Rdd::Rdd(std::vector<Value> rows, ColumnBatch columns, int partitions) : partitions(partitions) {
  data.count_ = columns.rows();
  data.columns_ = std::make_shared<const ColumnBatch>(std::move(columns));
  data.rows_ = std::move(rows);
  data.ready_ = true;
}

void RddElements::Materialize() const {
  std::lock_guard<std::mutex> l(mu_);
  if (ready_.load(std::memory_order_relaxed)) return;
  std::vector<Value> rows;
  rows.reserve(count_);
  for (size_t i = 0; i < count_; ++i) rows.push_back(columns_->Row(first_ + i));
  rows_ = std::move(rows);
  ready_.store(true, std::memory_order_release);
}

RddPtr MakeRdd(std::vector<Value> data, int partitions) {
  return std::make_shared<const Rdd>(std::move(data), partitions);
}

RddPtr MakeColumnarRdd(ColumnBatch columns, int partitions) {
  size_t n = columns.rows();
  return std::make_shared<const Rdd>(std::make_shared<const ColumnBatch>(std::move(columns)), 0, n, partitions);
}

RddPtr MakeColumnarRdd(std::shared_ptr<const ColumnBatch> columns, size_t first, size_t count, int partitions) {
  return std::make_shared<const Rdd>(std::move(columns), first, count, partitions);
}

RddPtr MakeColumnarRdd(std::vector<Value> rows, ColumnBatch columns, int partitions) {
  return std::make_shared<const Rdd>(std::move(rows), std::move(columns), partitions);
}

RddPtr EmptyRdd() {
  static const RddPtr kEmpty = MakeRdd({});
  return kEmpty;
}

RddPtr ConcatRdds(const std::vector<RddPtr>& parts, int partitions) {
  const ColumnBatch* shape = nullptr;
  bool columnar = true;
  size_t total = 0;
  for (const RddPtr& r : parts) {
    total += r->size();
    if (r->empty()) continue;
    const ColumnBatch* c = r->columns();
    if (!c || (shape && !shape->SameShape(*c))) { columnar = false; break; }
    shape = c;
  }
  if (columnar && shape) {
    ColumnBatch out = shape->EmptyLike();
    for (auto& col : out.columns) col.reserve(total);
    for (const RddPtr& r : parts)
      if (!r->empty()) out.Append(*r->columns(), r->first_row(), r->first_row() + r->size());
    return MakeColumnarRdd(std::move(out), partitions);
  }
  std::vector<Value> all;
  all.reserve(total);
  for (const RddPtr& r : parts) all.insert(all.end(), r->data.begin(), r->data.end());
  return MakeRdd(std::move(all), partitions);
}

namespace {
[[noreturn]] void NotAPair(const Value& v) {
  throw expr::EvalError(fmt::format("element {} is not a (key, value) pair", v.ToDisplay()));
}

}  // namespace

void KeyIndex::Grow() {
  size_t n = std::max<size_t>(16, table_.size() * 2);
  table_.assign(n, 0);
  shift_ = 64;
  for (size_t m = n; m > 1; m >>= 1) --shift_;
  size_t mask = n - 1;
  for (size_t j = 0; j < keys_.size(); ++j) {
    size_t i = Home(hashes_[j]);
    while (table_[i] != 0) i = (i + 1) & mask;
    table_[i] = (static_cast<uint64_t>(hashes_[j]) & ~uint64_t{0xFFFFFFFF}) | (j + 1);
  }
}

std::vector<size_t> KeyIndex::CanonicalOrder() const {
  std::vector<size_t> order(keys_.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return Value::Compare(keys_[a], keys_[b]) < 0; });
  return order;
}

const Value& KeyOf(const Value& pair) {
  if (pair.type() != ValueType::kTuple || pair.size() != 2) NotAPair(pair);
  return pair[0];
}
const Value& ValOf(const Value& pair) {
  if (pair.type() != ValueType::kTuple || pair.size() != 2) NotAPair(pair);
  return pair[1];
}

namespace {
constexpr size_t kParallelMin = internal::kParallelMin;

void RunPieces(size_t pieces, size_t items, const std::function<void(size_t)>& fn) {
  if (items < kParallelMin) {
    for (size_t i = 0; i < pieces; ++i) fn(i);
  } else {
    runtime::ParallelFor(pieces, fn);
  }
}
}  // namespace

namespace internal {
void ParallelPieces(size_t pieces, const std::function<void(size_t)>& fn) { runtime::ParallelFor(pieces, fn); }
size_t SliceBegin(size_t total, size_t pieces, size_t i) { return runtime::SliceBegin(total, pieces, i); }
}  // namespace internal

namespace {
// Reads pairs from a span of elements (checking that each is a pair) or from a PairView.
struct SpanPairs {
  std::span<const Value> s;
  size_t size() const { return s.size(); }
  bool all_pairs() const {
    for (const Value& v : s)
      if (v.type() != ValueType::kTuple || v.size() != 2) return false;
    return true;
  }
  const Value& key(size_t i) const { return KeyOf(s[i]); }
  const Value& value(size_t i) const { return ValOf(s[i]); }
};

// One slice's reduction: its keys in first-seen order and their reduced values. With a
// kernel, the keys are indexed first (the first value of a key is its accumulator), then
// the other values are folded in order, which gives what the element-wise loop gives.
template <typename Pairs>
void ReduceSlice(const Pairs& pairs, size_t b, size_t e, const ReduceFn& f, const ReduceKernel* kernel,
                 KeyIndex* ki, std::vector<Value>* acc) {
  if (!kernel) {
    for (size_t k = b; k < e; ++k) {
      const Value& key = pairs.key(k);
      size_t s = ki->Slot(key);
      if (s == acc->size()) acc->push_back(pairs.value(k));
      else (*acc)[s] = f((*acc)[s], pairs.value(k));
    }
    return;
  }
  thread_local std::vector<uint32_t> slots;
  thread_local std::vector<Value> values;
  slots.clear();
  values.clear();
  for (size_t k = b; k < e; ++k) {
    const Value& key = pairs.key(k);
    size_t s = ki->Slot(key);
    if (s == acc->size()) {
      acc->push_back(pairs.value(k));
    } else {
      slots.push_back(static_cast<uint32_t>(s));
      values.push_back(pairs.value(k));
    }
  }
  kernel->Fold(acc->data(), slots.data(), values.data(), slots.size());
  values.clear();
}

template <typename Pairs>
std::vector<Value> ReduceByKeyImpl(const Pairs& pairs, const ReduceFn& f, int pieces_arg) {
  size_t pieces = static_cast<size_t>(std::max(1, pieces_arg));
  const KernelReduceFn* kf = f.target<KernelReduceFn>();
  // The kernel folds after indexing a slice's keys, so it is used only when reading a key
  // cannot raise an error between two calls of f.
  const ReduceKernel* kernel = kf && pairs.all_pairs() ? kf->kernel.get() : nullptr;
  std::vector<KeyIndex> pki(pieces);
  std::vector<std::vector<Value>> pacc(pieces);
  size_t n = pairs.size();
  RunPieces(pieces, n, [&](size_t i) {
    size_t b = runtime::SliceBegin(n, pieces, i), e = runtime::SliceBegin(n, pieces, i + 1);
    ReduceSlice(pairs, b, e, f, kernel, &pki[i], &pacc[i]);
  });
  KeyIndex ki = std::move(pki[0]);
  std::vector<Value> acc = std::move(pacc[0]);
  for (size_t i = 1; i < pieces; ++i) {
    for (size_t k = 0; k < pki[i].keys().size(); ++k) {
      size_t s = ki.Slot(pki[i].keys()[k]);
      if (s == acc.size()) acc.push_back(std::move(pacc[i][k]));
      else acc[s] = f(acc[s], pacc[i][k]);
    }
  }
  std::vector<Value> out;
  out.reserve(acc.size());
  for (size_t i : ki.CanonicalOrder()) out.push_back(Value::Pair(ki.keys()[i], std::move(acc[i])));
  return out;
}
}  // namespace

std::vector<Value> ReduceByKey(std::span<const Value> pairs, const ReduceFn& f, int pieces) {
  return ReduceByKeyImpl(SpanPairs{pairs}, f, pieces);
}

std::vector<Value> ReduceByKey(const PairView& pairs, const ReduceFn& f, int pieces) {
  return ReduceByKeyImpl(pairs, f, pieces);
}

std::vector<Value> GroupByKey(std::span<const Value> pairs) {
  KeyIndex ki;
  std::vector<std::vector<Value>> groups;
  for (const Value& p : pairs) {
    size_t s = ki.Slot(KeyOf(p));
    if (s == groups.size()) groups.emplace_back();
    groups[s].push_back(ValOf(p));
  }
  std::vector<Value> out;
  for (size_t i : ki.CanonicalOrder()) out.push_back(Value::Pair(ki.keys()[i], Value::Array(std::move(groups[i]))));
  return out;
}

std::vector<Value> Cogroup(std::span<const Value> left, std::span<const Value> right) {
  KeyIndex ki;
  std::vector<std::pair<std::vector<Value>, std::vector<Value>>> groups;
  auto add = [&](std::span<const Value> side, bool is_left) {
    for (const Value& p : side) {
      size_t s = ki.Slot(KeyOf(p));
      if (s == groups.size()) groups.emplace_back();
      (is_left ? groups[s].first : groups[s].second).push_back(ValOf(p));
    }
  };
  add(left, true);
  add(right, false);
  std::vector<Value> out;
  for (size_t i : ki.CanonicalOrder())
    out.push_back(Value::Pair(ki.keys()[i], Value::Pair(Value::Array(std::move(groups[i].first)),
                                                      Value::Array(std::move(groups[i].second)))));
  return out;
}

std::vector<Value> Join(std::span<const Value> left, std::span<const Value> right, JoinType type) {
  std::vector<Value> out;
  for (const Value& g : Cogroup(left, right)) {
    const Value& k = g[0];
    auto ls = g[1][0].items(), rs = g[1][1].items();
    if (!ls.empty() && !rs.empty()) {
      for (const Value& l : ls)
        for (const Value& r : rs) out.push_back(Value::Pair(k, Value::Pair(l, r)));
    } else if (!ls.empty() && (type == JoinType::kLeftOuter || type == JoinType::kFullOuter)) {
      for (const Value& l : ls) out.push_back(Value::Pair(k, Value::Pair(l, Value())));
    } else if (!rs.empty() && (type == JoinType::kRightOuter || type == JoinType::kFullOuter)) {
      for (const Value& r : rs) out.push_back(Value::Pair(k, Value::Pair(Value(), r)));
    }
  }
  return out;
}

std::vector<Value> Reduce(std::span<const Value> data, const ReduceFn& f) {
  if (data.empty()) return {};
  Value acc = data[0];
  for (size_t i = 1; i < data.size(); ++i) acc = f(acc, data[i]);
  return {acc};
}

void SortCanonical(std::vector<Value>* v) {
  std::stable_sort(v->begin(), v->end(), [](const Value& a, const Value& b) { return Value::Compare(a, b) < 0; });
}

}  // namespace tideline::dstream
