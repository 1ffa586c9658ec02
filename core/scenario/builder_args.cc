#include "core/scenario/builder_args.h"

#include <fmt/format.h>

#include <algorithm>

#include "core/expr/expr.h"
#include "core/scenario/columnar_lambda.h"
#include "core/scenario/model.h"

namespace tideline::scenario::args {

Result<Duration> DurationArg(const YNode& n, const char* what) {
  if (!n.is_scalar()) return Err(n.pos, fmt::format("{} must be a duration such as 10s", what));
  auto d = ParseDuration(n.scalar);
  if (!d.ok()) return Err(n.TextPos(), d.status().message());
  if (d->micros() < 0) return Err(n.TextPos(), fmt::format("{} must not be negative", what));
  return *d;
}

Result<int64_t> IntArg(const YNode& n, const char* what) {
  Value v = n.ToValue();
  if (v.type() != ValueType::kInt) return Err(n.pos, fmt::format("{} must be a whole number", what));
  return v.as_int();
}

Result<std::optional<Duration>> OptDuration(const YNode& arg, const char* key) {
  const YNode* n = arg.Get(key);
  if (!n) return std::optional<Duration>();
  TL_ASSIGN_OR_RETURN(Duration d, DurationArg(*n, key));
  return std::optional<Duration>(d);
}

Result<int> Partitions(const YNode& arg) {
  const YNode* p = arg.Get("numPartitions");
  if (!p) return 0;
  TL_ASSIGN_OR_RETURN(int64_t k, IntArg(*p, "numPartitions"));
  return static_cast<int>(k);
}

Status CheckKeys(const YNode& n, const std::string& op, const std::vector<std::string>& known) {
  if (!n.is_map()) return Err(n.pos, fmt::format("'{}' takes a map ({})", op, fmt::join(known, ", ")));
  for (size_t i = 0; i < n.map.size(); ++i) {
    if (std::find(known.begin(), known.end(), n.map[i].first) == known.end()) {
      std::string hint = DidYouMean(n.map[i].first, known);
      return Err(n.key_pos[i], fmt::format("unknown argument '{}' of '{}'{}", n.map[i].first, op,
                                           hint.empty() ? "" : fmt::format(" (did you mean '{}'?)", hint)));
    }
  }
  return Status::Ok();
}

Result<const YNode*> Required(const YNode& n, const char* key, const std::string& op) {
  const YNode* v = n.Get(key);
  if (!v) return Err(n.pos, fmt::format("'{}' needs '{}'", op, key));
  return v;
}

dstream::MapFn AsMap(Lambda l) { return [l](const Value& x) { return l(x); }; }

dstream::ReduceFn AsReduce(Lambda l, bool compile) {
  if (!compile) return [l](const Value& a, const Value& b) { return l(a, b); };
  return CompileReduceFn(l, "a", "b");
}

dstream::FilterFn AsFilter(Lambda l) { return [l](const Value& x) { return expr::IsTrue(l(x)); }; }

dstream::FlatMapFn AsFlatMap(Lambda l) {
  return [l](const Value& x, std::vector<Value>* out) {
    Value r = l(x);
    if (r.is_null()) return;
    if (!r.is_seq() || r.type() == ValueType::kStruct)
      throw expr::EvalError(fmt::format("flatMap's function must return an array, got {} (in '{}')", r.ToDisplay(), l.text()));
    for (const Value& v : r.items()) out->push_back(v);
  };
}

}  // namespace tideline::scenario::args
