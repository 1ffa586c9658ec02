#include "core/dstream/rdd.h"

#include <fmt/format.h>

#include <algorithm>
#include <unordered_map>

#include "core/expr/expr.h"

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

// Index of each distinct key in first-seen order, then a canonical ordering of them.
struct KeyIndex {
  std::unordered_map<Value, size_t, ValueHash, ValueEq> index;
  std::vector<Value> keys;
  size_t Slot(const Value& k) {
    auto [it, inserted] = index.try_emplace(k, keys.size());
    if (inserted) keys.push_back(k);
    return it->second;
  }
  std::vector<size_t> CanonicalOrder() const {
    std::vector<size_t> order(keys.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return Value::Compare(keys[a], keys[b]) < 0; });
    return order;
  }
};
}  // namespace

const Value& KeyOf(const Value& pair) {
  if (pair.type() != ValueType::kTuple || pair.size() != 2) NotAPair(pair);
  return pair[0];
}
const Value& ValOf(const Value& pair) {
  if (pair.type() != ValueType::kTuple || pair.size() != 2) NotAPair(pair);
  return pair[1];
}

std::vector<Value> ReduceByKey(std::span<const Value> pairs, const ReduceFn& f) {
  KeyIndex ki;
  std::vector<Value> acc;
  for (const Value& p : pairs) {
    size_t s = ki.Slot(KeyOf(p));
    if (s == acc.size()) acc.push_back(ValOf(p));
    else acc[s] = f(acc[s], ValOf(p));
  }
  std::vector<Value> out;
  out.reserve(acc.size());
  for (size_t i : ki.CanonicalOrder()) out.push_back(Value::Pair(ki.keys[i], std::move(acc[i])));
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
  for (size_t i : ki.CanonicalOrder()) out.push_back(Value::Pair(ki.keys[i], Value::Array(std::move(groups[i]))));
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
    out.push_back(Value::Pair(ki.keys[i], Value::Pair(Value::Array(std::move(groups[i].first)),
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
