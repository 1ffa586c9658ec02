#include "core/dstream/rdd.h"

#include <fmt/format.h>

#include <algorithm>
#include <iterator>
#include <unordered_map>

#include "core/expr/expr.h"
#include "core/runtime/parallel.h"

namespace tideline::dstream {

RddPtr MakeRdd(std::vector<Value> data, int partitions) {
  auto r = std::make_shared<Rdd>();
  r->data = std::move(data);
  r->partitions = partitions;
  return r;
}

RddPtr EmptyRdd() {
  static const RddPtr kEmpty = MakeRdd({});
  return kEmpty;
}

namespace {
[[noreturn]] void NotAPair(const Value& v) {
  throw expr::EvalError(fmt::format("element {} is not a (key, value) pair", v.ToDisplay()));
}

}  // namespace

size_t KeyIndex::Slot(const Value& k) {
  if ((keys_.size() + 1) * 2 > table_.size()) Grow();
  size_t h = k.Hash();
  size_t mask = table_.size() - 1;
  ValueEq eq;
  for (size_t i = (h ^ (h >> 29)) & mask;; i = (i + 1) & mask) {
    uint32_t e = table_[i];
    if (e == 0) {
      table_[i] = static_cast<uint32_t>(keys_.size() + 1);
      keys_.push_back(k);
      hashes_.push_back(h);
      return keys_.size() - 1;
    }
    if (hashes_[e - 1] == h && eq(keys_[e - 1], k)) return e - 1;
  }
}

void KeyIndex::Grow() {
  size_t n = std::max<size_t>(16, table_.size() * 2);
  table_.assign(n, 0);
  size_t mask = n - 1;
  for (size_t j = 0; j < keys_.size(); ++j) {
    size_t h = hashes_[j];
    size_t i = (h ^ (h >> 29)) & mask;
    while (table_[i] != 0) i = (i + 1) & mask;
    table_[i] = static_cast<uint32_t>(j + 1);
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

std::vector<Value> ReduceByKey(std::span<const Value> pairs, const ReduceFn& f, int pieces_arg) {
  size_t pieces = static_cast<size_t>(std::max(1, pieces_arg));
  std::vector<KeyIndex> pki(pieces);
  std::vector<std::vector<Value>> pacc(pieces);
  size_t n = pairs.size();
  RunPieces(pieces, n, [&](size_t i) {
    size_t b = runtime::SliceBegin(n, pieces, i), e = runtime::SliceBegin(n, pieces, i + 1);
    for (size_t k = b; k < e; ++k) {
      const Value& p = pairs[k];
      size_t s = pki[i].Slot(KeyOf(p));
      if (s == pacc[i].size()) pacc[i].push_back(ValOf(p));
      else pacc[i][s] = f(pacc[i][s], ValOf(p));
    }
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
