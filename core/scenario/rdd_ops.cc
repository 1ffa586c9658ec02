#include "core/scenario/rdd_ops.h"

#include <fmt/format.h>

#include <algorithm>

#include "core/expr/expr.h"
#include "core/scenario/builder_args.h"
#include "core/scenario/operations.h"

namespace tideline::scenario {

using dstream::RddPtr;
using namespace args;

namespace {

// map, flatMap, filter, mapValues and flatMapValues: one function per element.
Result<RddFn> ElementOp(const OpDef& op, const Timestamp* now) {
  const std::string& n = op.name;
  bool values = n == "mapValues" || n == "flatMapValues";
  TL_ASSIGN_OR_RETURN(Lambda l, Lambda::Compile(op.arg, {values ? "v" : "x"}, now));
  if (n == "map") return RddFn([l](const RddPtr& r) {
    std::vector<Value> out;
    out.reserve(r->data.size());
    for (const Value& v : r->data) out.push_back(l(v));
    return dstream::MakeRdd(std::move(out), r->partitions);
  });
  if (n == "filter") return RddFn([l](const RddPtr& r) {
    std::vector<Value> out;
    for (const Value& v : r->data) if (expr::IsTrue(l(v))) out.push_back(v);
    return dstream::MakeRdd(std::move(out), r->partitions);
  });
  if (n == "mapValues") return RddFn([l](const RddPtr& r) {
    std::vector<Value> out;
    for (const Value& v : r->data) out.push_back(Value::Pair(dstream::KeyOf(v), l(dstream::ValOf(v))));
    return dstream::MakeRdd(std::move(out), r->partitions);
  });
  auto fm = AsFlatMap(l);
  if (n == "flatMap") return RddFn([fm](const RddPtr& r) {
    std::vector<Value> out;
    for (const Value& v : r->data) fm(v, &out);
    return dstream::MakeRdd(std::move(out), r->partitions);
  });
  return RddFn([fm](const RddPtr& r) {
    std::vector<Value> out, tmp;
    for (const Value& v : r->data) {
      tmp.clear();
      fm(dstream::ValOf(v), &tmp);
      for (Value& x : tmp) out.push_back(Value::Pair(dstream::KeyOf(v), std::move(x)));
    }
    return dstream::MakeRdd(std::move(out), r->partitions);
  });
}

Result<RddFn> SortByOp(const OpDef& op, const Timestamp* now) {
  TL_RETURN_IF_ERROR(CheckKeys(op.arg, op.name, {"key", "ascending", "numPartitions"}));
  TL_ASSIGN_OR_RETURN(const YNode* key, Required(op.arg, "key", op.name));
  TL_ASSIGN_OR_RETURN(Lambda l, Lambda::Compile(*key, {"x"}, now));
  bool asc = true;
  if (const YNode* a = op.arg.Get("ascending")) asc = a->ToValue() != Value::Bool(false);
  return RddFn([l, asc](const RddPtr& r) {
    std::vector<std::pair<Value, Value>> keyed;
    keyed.reserve(r->data.size());
    for (const Value& v : r->data) keyed.emplace_back(l(v), v);
    std::stable_sort(keyed.begin(), keyed.end(), [asc](const auto& x, const auto& y) {
      int c = Value::Compare(x.first, y.first);
      return asc ? c < 0 : c > 0;
    });
    std::vector<Value> out;
    out.reserve(keyed.size());
    for (auto& kv : keyed) out.push_back(std::move(kv.second));
    return dstream::MakeRdd(std::move(out), r->partitions);
  });
}

// The operations without a function: glom, count, countByValue, groupByKey, cache,
// zipWithIndex, distinct. nullopt for any other name.
std::optional<RddFn> PlainOp(const std::string& n) {
  if (n == "glom") return RddFn([](const RddPtr& r) {
    std::vector<Value> out;
    size_t total = r->data.size(), p = static_cast<size_t>(std::max(1, r->partitions));
    for (size_t i = 0; i < p; ++i)
      out.push_back(Value::Array(std::vector<Value>(r->data.begin() + static_cast<long>(i * total / p),
                                                    r->data.begin() + static_cast<long>((i + 1) * total / p))));
    return dstream::MakeRdd(std::move(out), r->partitions);
  });
  if (n == "count") return RddFn([](const RddPtr& r) { return dstream::MakeRdd({Value::Int(static_cast<int64_t>(r->size()))}, 1); });
  if (n == "countByValue") return RddFn([](const RddPtr& r) {
    std::vector<Value> pairs;
    for (const Value& v : r->data) pairs.push_back(Value::Pair(v, Value::Int(1)));
    return dstream::MakeRdd(dstream::ReduceByKey(pairs, [](const Value& a, const Value& b) { return Value::Int(a.as_int() + b.as_int()); }), r->partitions);
  });
  if (n == "groupByKey") return RddFn([](const RddPtr& r) { return dstream::MakeRdd(dstream::GroupByKey(r->data), r->partitions); });
  if (n == "cache" || n == "persist") return RddFn([](const RddPtr& r) { return r; });
  if (n == "zipWithIndex") return RddFn([](const RddPtr& r) {
    std::vector<Value> out;
    out.reserve(r->data.size());
    for (size_t i = 0; i < r->data.size(); ++i) out.push_back(Value::Pair(r->data[i], Value::Int(static_cast<int64_t>(i))));
    return dstream::MakeRdd(std::move(out), r->partitions);
  });
  if (n == "distinct") return RddFn([](const RddPtr& r) {
    std::vector<Value> out = r->data;
    dstream::SortCanonical(&out);
    out.erase(std::unique(out.begin(), out.end(), [](const Value& a, const Value& b) { return a == b; }), out.end());
    return dstream::MakeRdd(std::move(out), r->partitions);
  });
  return std::nullopt;
}

}  // namespace

Result<RddFn> BuildRddOp(const OpDef& op, const Timestamp* now, bool compile) {
  const std::string& n = op.name;
  if (n == "map" || n == "flatMap" || n == "filter" || n == "mapValues" || n == "flatMapValues")
    return ElementOp(op, now);
  if (n == "reduce" || n == "reduceByKey") {
    TL_ASSIGN_OR_RETURN(Lambda l, Lambda::Compile(op.arg, {"a", "b"}, now));
    auto f = AsReduce(l, compile);
    if (n == "reduce") return RddFn([f](const RddPtr& r) { return dstream::MakeRdd(dstream::Reduce(r->data, f), 1); });
    return RddFn([f](const RddPtr& r) { return dstream::MakeRdd(dstream::ReduceByKey(dstream::PairView(*r), f), r->partitions); });
  }
  if (auto plain = PlainOp(n)) return std::move(*plain);
  if (n == "repartition") {
    TL_ASSIGN_OR_RETURN(int64_t k, IntArg(op.arg, "repartition"));
    if (k <= 0) return Err(op.arg.pos, "repartition needs a positive number of partitions");
    return RddFn([k](const RddPtr& r) { return dstream::MakeRdd(r->data, static_cast<int>(k)); });
  }
  if (n == "sortBy") return SortByOp(op, now);
  if (n == "take") {
    TL_ASSIGN_OR_RETURN(int64_t k, IntArg(op.arg, "take"));
    return RddFn([k](const RddPtr& r) {
      size_t m = std::min<size_t>(r->data.size(), static_cast<size_t>(std::max<int64_t>(k, 0)));
      return dstream::MakeRdd(std::vector<Value>(r->data.begin(), r->data.begin() + static_cast<long>(m)), 1);
    });
  }
  std::string hint = DidYouMean(n, RddOps());
  return Err(op.pos, fmt::format("unknown transform op '{}'{}", n, hint.empty() ? "" : fmt::format(" (did you mean '{}'?)", hint)));
}

}  // namespace tideline::scenario
