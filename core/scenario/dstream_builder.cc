#include "core/scenario/dstream_builder.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>

#include "core/expr/expr.h"
#include "core/io/safe_path.h"
#include "core/scenario/columnar_lambda.h"
#include "core/scenario/operations.h"
#include "core/value/csv.h"

namespace tideline::scenario {

using dstream::DStream;
using dstream::RddPtr;

namespace {

Status Err(const SourcePos& p, const std::string& m) { return Status::Parse(m, p); }

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


// Reads the keys of a map argument, rejecting unknown ones.
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
// Reduce functions take the parameters a and b; simple ones run compiled (columnar_lambda.h).
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

// The per-RDD operations allowed inside `transform`.
using RddFn = std::function<RddPtr(const RddPtr&)>;

Result<RddFn> BuildRddOp(const OpDef& op, const Timestamp* now, bool compile) {
  const std::string& n = op.name;
  auto lam = [&](std::vector<std::string> params) { return Lambda::Compile(op.arg, std::move(params), now); };
  if (n == "map" || n == "flatMap" || n == "filter" || n == "mapValues" || n == "flatMapValues") {
    bool values = n == "mapValues" || n == "flatMapValues";
    TL_ASSIGN_OR_RETURN(Lambda l, lam({values ? "v" : "x"}));
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
  if (n == "reduce" || n == "reduceByKey") {
    TL_ASSIGN_OR_RETURN(Lambda l, lam({"a", "b"}));
    auto f = AsReduce(l, compile);
    if (n == "reduce") return RddFn([f](const RddPtr& r) { return dstream::MakeRdd(dstream::Reduce(r->data, f), 1); });
    return RddFn([f](const RddPtr& r) { return dstream::MakeRdd(dstream::ReduceByKey(dstream::PairView(*r), f), r->partitions); });
  }
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
  if (n == "repartition") {
    TL_ASSIGN_OR_RETURN(int64_t k, IntArg(op.arg, "repartition"));
    if (k <= 0) return Err(op.arg.pos, "repartition needs a positive number of partitions");
    return RddFn([k](const RddPtr& r) { return dstream::MakeRdd(r->data, static_cast<int>(k)); });
  }
  if (n == "sortBy") {
    TL_RETURN_IF_ERROR(CheckKeys(op.arg, n, {"key", "ascending", "numPartitions"}));
    TL_ASSIGN_OR_RETURN(const YNode* key, Required(op.arg, "key", n));
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

class Builder {
 public:
  Builder(const Scenario& sc, const DStreamBuildOptions& o) : sc_(sc), o_(o) {}

  Result<DStreamGraph> Build() {
    g_.ctx = std::make_unique<dstream::StreamingContext>(sc_.batch_interval);
    auto* ctx = g_.ctx.get();
    ctx->SetTracer(o_.tracer);
    if (o_.print_sink) ctx->SetPrintSink(o_.print_sink);
    ctx->SetOutputDir(o_.output_dir);
    if (sc_.checkpoint) ctx->Checkpoint(o_.checkpoint_dir);
    auto cost = [&](const char* key) -> Result<Duration> {
      std::string v = sc_.Config(key, "0ms");
      auto d = ParseDuration(v);
      if (!d.ok()) return Err(SourcePos{sc_.path, 1, 1}, fmt::format("config {}: {}", key, d.status().message()));
      return *d;
    };
    TL_ASSIGN_OR_RETURN(Duration per_record, cost("tideline.cost.perRecord"));
    TL_ASSIGN_OR_RETURN(Duration per_batch, cost("tideline.cost.perBatch"));
    ctx->SetCost(per_record, per_batch);
    ctx->SetWriteAheadLog(sc_.Config("spark.streaming.receiver.writeAheadLog.enable") == "true");
    for (const InputDef& in : sc_.inputs) TL_RETURN_IF_ERROR(BuildInput(in));
    for (const StreamDef& s : sc_.streams) TL_RETURN_IF_ERROR(BuildStream(s));
    for (size_t i = 0; i < sc_.outputs.size(); ++i) TL_RETURN_IF_ERROR(BuildOutput(sc_.outputs[i]));
    return std::move(g_);
  }

 private:
  Status BuildInput(const InputDef& in) {
    auto* ctx = g_.ctx.get();
    static const std::map<std::string, std::vector<std::string>> kKeys = {
        {"queue", {"type", "oneAtATime", "default", "format"}},
        {"socket", {"type", "host", "port", "format"}},
        {"textFile", {"type", "directory", "format"}},
        {"recording", {"type", "path", "format"}}};
    TL_RETURN_IF_ERROR(CheckKeys(in.spec, "input " + in.name, kKeys.at(in.type)));
    TL_ASSIGN_OR_RETURN(auto fmt_opt, ParseInputFormat(in, o_.now));
    if (fmt_opt && !o_.compile_lambdas) fmt_opt->validate_columns = nullptr;
    if (fmt_opt) g_.formats[in.name] = std::move(*fmt_opt);
    DStream* s = nullptr;
    if (in.type == "queue" && !o_.all_inputs_as_arrivals) {
      bool one = true;
      if (const YNode* n = in.spec.Get("oneAtATime")) one = n->ToValue() != Value::Bool(false);
      std::optional<RddPtr> def;
      if (const YNode* d = in.spec.Get("default")) {
        if (!d->is_seq()) return Err(d->pos, "'default' must be a list of elements");
        Value items = d->ToValue(true);
        def = dstream::MakeRdd(std::vector<Value>(items.items().begin(), items.items().end()));
      }
      auto* q = ctx->QueueStream(one, def);
      g_.queues[in.name] = q;
      s = q;
    } else {
      dstream::ArrivalInputDStream* a = nullptr;
      if (o_.all_inputs_as_arrivals) a = ctx->FeedStream();
      else if (in.type == "socket") a = ctx->SocketTextStream("", 0);
      else if (in.type == "textFile") a = ctx->TextFileStream("");
      else if (in.type == "recording") {
        const YNode* p = in.spec.Get("path");
        if (!p) return Err(in.pos, fmt::format("recording input '{}' needs 'path'", in.name));
        a = ctx->RecordingStream(p->scalar);
      } else {
        a = ctx->SocketTextStream("", 0);
      }
      g_.arrivals[in.name] = a;
      s = a;
    }
    s->set_name(in.name);
    g_.streams[in.name] = s;
    return Status::Ok();
  }

  Result<DStream*> Lookup(const std::string& name, const SourcePos& pos) {
    auto it = g_.streams.find(name);
    if (it != g_.streams.end()) return it->second;
    std::vector<std::string> known;
    for (const auto& [k, v] : g_.streams) known.push_back(k);
    std::string hint = DidYouMean(name, known);
    bool later = sc_.FindStream(name) != nullptr;
    return Err(pos, fmt::format("unknown stream or input '{}'{}", name,
                                later ? " (streams may only use inputs and earlier streams)"
                                      : (hint.empty() ? "" : fmt::format(" (did you mean '{}'?)", hint))));
  }

  Status BuildStream(const StreamDef& def) {
    DStream* cur = nullptr;
    if (!def.combine.empty()) {
      std::vector<DStream*> parts;
      for (size_t i = 0; i < def.combine_of.size(); ++i) {
        TL_ASSIGN_OR_RETURN(DStream* p, Lookup(def.combine_of[i], def.combine_pos[i]));
        parts.push_back(p);
      }
      cur = Combine(def.combine, parts);
      NoteBuildError(def.pos);
    } else {
      TL_ASSIGN_OR_RETURN(cur, Lookup(def.from, def.from_pos));
    }
    for (size_t i = 0; i < def.ops.size(); ++i) {
      const size_t streams_before = g_.ctx->streams().size();
      TL_ASSIGN_OR_RETURN(cur, ApplyOp(cur, def.ops[i]));
      NoteBuildError(def.ops[i].pos);
      const std::string op_name = fmt::format("{}.{}#{}", def.name, def.ops[i].name, i + 1);
      NameInternalStreams(streams_before, cur, op_name);
      if (i + 1 < def.ops.size()) SetName(cur, op_name);
    }
    if (!def.ops.empty() || !def.combine.empty()) SetName(cur, def.name);
    g_.streams[def.name] = cur;
    return Status::Ok();
  }

  // Names the streams an operation made besides its result (countByWindow's window,
  // reduceByKeyAndWindow's reduced stream) "<stream>.<op>#<n>/<Spark class>", so the
  // trace tells which scenario stream their windows and outputs belong to.
  void NameInternalStreams(size_t first, const DStream* result, const std::string& op_name) {
    const auto& all = g_.ctx->streams();
    std::map<std::string, int> seen;
    for (size_t k = first; k < all.size(); ++k) {
      DStream* s = all[k].get();
      if (s == result || dynamic_cast<dstream::InternalMapWithStateDStream*>(s)) continue;
      const int n = ++seen[s->spark_class()];
      s->set_name(n == 1 ? fmt::format("{}/{}", op_name, s->spark_class())
                         : fmt::format("{}/{}#{}", op_name, s->spark_class(), n));
    }
  }

  // Names a stream after the scenario; mapWithState's state stream is "<name> (state)".
  static void SetName(DStream* s, const std::string& name) {
    s->set_name(name);
    if (auto* m = dynamic_cast<dstream::MapWithStateDStream*>(s)) m->internal()->set_name(name + " (state)");
  }

  void NoteBuildError(const SourcePos& pos) {
    if (!g_.ctx->build_status().ok() && !g_.build_error_pos.known()) g_.build_error_pos = pos;
  }

  DStream* Combine(const std::string& kind, const std::vector<DStream*>& parts) {
    if (kind == "union") return g_.ctx->Union(parts);
    if (kind == "join") return parts[0]->Join(parts[1], dstream::JoinType::kInner);
    if (kind == "leftOuterJoin") return parts[0]->Join(parts[1], dstream::JoinType::kLeftOuter);
    if (kind == "rightOuterJoin") return parts[0]->Join(parts[1], dstream::JoinType::kRightOuter);
    if (kind == "fullOuterJoin") return parts[0]->Join(parts[1], dstream::JoinType::kFullOuter);
    return parts[0]->Cogroup(parts[1]);
  }

  Result<std::optional<Duration>> OptDuration(const YNode& arg, const char* key) {
    const YNode* n = arg.Get(key);
    if (!n) return std::optional<Duration>();
    TL_ASSIGN_OR_RETURN(Duration d, DurationArg(*n, key));
    return std::optional<Duration>(d);
  }

  dstream::ColumnFnPtr Columnar(const Lambda& l) const {
    return o_.compile_lambdas ? CompileColumnFn(l, "x") : nullptr;
  }

  Result<DStream*> ApplyOp(DStream* s, const OpDef& op) {
    const std::string& n = op.name;
    const Timestamp* now = o_.now;
    auto lam = [&](const YNode& node, std::vector<std::string> params) { return Lambda::Compile(node, std::move(params), now); };
    if (n == "map") { TL_ASSIGN_OR_RETURN(Lambda l, lam(op.arg, {"x"})); return s->Map(AsMap(l), Columnar(l)); }
    if (n == "flatMap") { TL_ASSIGN_OR_RETURN(Lambda l, lam(op.arg, {"x"})); return s->FlatMap(AsFlatMap(l)); }
    if (n == "filter") { TL_ASSIGN_OR_RETURN(Lambda l, lam(op.arg, {"x"})); return s->Filter(AsFilter(l), Columnar(l)); }
    if (n == "mapValues") { TL_ASSIGN_OR_RETURN(Lambda l, lam(op.arg, {"v"})); return s->MapValues(AsMap(l)); }
    if (n == "flatMapValues") { TL_ASSIGN_OR_RETURN(Lambda l, lam(op.arg, {"v"})); return s->FlatMapValues(AsFlatMap(l)); }
    if (n == "glom") return s->Glom();
    if (n == "count") return s->Count();
    if (n == "countByValue") return s->CountByValue();
    if (n == "groupByKey") return s->GroupByKey();
    if (n == "cache" || n == "persist") return s->Cache();
    if (n == "repartition") {
      TL_ASSIGN_OR_RETURN(int64_t k, IntArg(op.arg, "repartition"));
      if (k <= 0) return Err(op.arg.pos, "repartition needs a positive number of partitions");
      return s->Repartition(static_cast<int>(k));
    }
    if (n == "reduce" || n == "reduceByKey") {
      const YNode* fn = &op.arg;
      int parts = 0;
      if (op.arg.is_map()) {
        TL_RETURN_IF_ERROR(CheckKeys(op.arg, n, {"func", "numPartitions"}));
        TL_ASSIGN_OR_RETURN(fn, Required(op.arg, "func", n));
        if (const YNode* p = op.arg.Get("numPartitions")) { TL_ASSIGN_OR_RETURN(int64_t k, IntArg(*p, "numPartitions")); parts = static_cast<int>(k); }
      }
      TL_ASSIGN_OR_RETURN(Lambda l, lam(*fn, {"a", "b"}));
      return n == "reduce" ? s->Reduce(AsReduce(l, o_.compile_lambdas)) : s->ReduceByKey(AsReduce(l, o_.compile_lambdas), parts);
    }
    if (n == "transform") {
      if (!op.arg.is_seq()) return Err(op.arg.pos, "'transform' takes a list of RDD operations");
      std::vector<RddFn> fns;
      for (const YNode& sub : op.arg.seq) {
        if (!sub.is_map() || sub.map.size() != 1) return Err(sub.pos, "each transform operation is a one-key map");
        OpDef d{sub.map[0].first, sub.map[0].second, sub.key_pos[0]};
        TL_ASSIGN_OR_RETURN(RddFn f, BuildRddOp(d, now, o_.compile_lambdas));
        fns.push_back(std::move(f));
      }
      return s->Transform([fns](const RddPtr& r, Timestamp) {
        RddPtr cur = r;
        for (const auto& f : fns) cur = f(cur);
        return cur;
      });
    }
    if (n == "window") {
      TL_RETURN_IF_ERROR(CheckKeys(op.arg, n, {"window", "slide"}));
      TL_ASSIGN_OR_RETURN(const YNode* w, Required(op.arg, "window", n));
      TL_ASSIGN_OR_RETURN(Duration wd, DurationArg(*w, "window"));
      TL_ASSIGN_OR_RETURN(auto sd, OptDuration(op.arg, "slide"));
      return s->Window(wd, sd);
    }
    if (n == "countByWindow" || n == "countByValueAndWindow" || n == "groupByKeyAndWindow") {
      TL_RETURN_IF_ERROR(CheckKeys(op.arg, n, {"window", "slide", "numPartitions"}));
      TL_ASSIGN_OR_RETURN(const YNode* w, Required(op.arg, "window", n));
      TL_ASSIGN_OR_RETURN(Duration wd, DurationArg(*w, "window"));
      TL_ASSIGN_OR_RETURN(auto sd, OptDuration(op.arg, "slide"));
      int parts = 0;
      if (const YNode* p = op.arg.Get("numPartitions")) { TL_ASSIGN_OR_RETURN(int64_t k, IntArg(*p, "numPartitions")); parts = static_cast<int>(k); }
      Duration slide = sd.value_or(s->slide_duration());
      if (n == "countByWindow") return s->CountByWindow(wd, slide);
      if (n == "countByValueAndWindow") return s->CountByValueAndWindow(wd, slide, parts);
      return s->GroupByKeyAndWindow(wd, slide, parts);
    }
    if (n == "reduceByWindow" || n == "reduceByKeyAndWindow") {
      std::vector<std::string> keys = {"func", "invFunc", "window", "slide"};
      if (n == "reduceByKeyAndWindow") { keys.push_back("filterFunc"); keys.push_back("numPartitions"); }
      TL_RETURN_IF_ERROR(CheckKeys(op.arg, n, keys));
      TL_ASSIGN_OR_RETURN(const YNode* fn, Required(op.arg, "func", n));
      TL_ASSIGN_OR_RETURN(Lambda f, lam(*fn, {"a", "b"}));
      std::optional<dstream::ReduceFn> inv;
      if (const YNode* i = op.arg.Get("invFunc"); i && !i->is_null()) {
        TL_ASSIGN_OR_RETURN(Lambda il, lam(*i, {"a", "b"}));
        inv = AsReduce(il, o_.compile_lambdas);
      }
      TL_ASSIGN_OR_RETURN(const YNode* w, Required(op.arg, "window", n));
      TL_ASSIGN_OR_RETURN(Duration wd, DurationArg(*w, "window"));
      TL_ASSIGN_OR_RETURN(auto sd, OptDuration(op.arg, "slide"));
      if (n == "reduceByWindow") {
        if (!sd) return Err(op.arg.pos, "'reduceByWindow' needs 'slide'");
        return s->ReduceByWindow(AsReduce(f, o_.compile_lambdas), inv, wd, *sd);
      }
      std::optional<dstream::FilterFn> filter;
      if (const YNode* ff = op.arg.Get("filterFunc")) {
        TL_ASSIGN_OR_RETURN(Lambda fl, lam(*ff, {"x"}));
        filter = AsFilter(fl);
      }
      int parts = 0;
      if (const YNode* p = op.arg.Get("numPartitions")) { TL_ASSIGN_OR_RETURN(int64_t k, IntArg(*p, "numPartitions")); parts = static_cast<int>(k); }
      return s->ReduceByKeyAndWindow(AsReduce(f, o_.compile_lambdas), inv, wd, sd, filter, parts);
    }
    if (n == "updateStateByKey") {
      const YNode* fn = &op.arg;
      std::optional<std::vector<Value>> initial;
      int parts = 0;
      if (op.arg.is_map()) {
        TL_RETURN_IF_ERROR(CheckKeys(op.arg, n, {"func", "initial", "numPartitions", "partitioner"}));
        TL_ASSIGN_OR_RETURN(fn, Required(op.arg, "func", n));
        if (const YNode* i = op.arg.Get("initial")) { TL_ASSIGN_OR_RETURN(initial, Pairs(*i)); }
        if (const YNode* p = op.arg.Get("numPartitions")) { TL_ASSIGN_OR_RETURN(int64_t k, IntArg(*p, "numPartitions")); parts = static_cast<int>(k); }
      }
      TL_ASSIGN_OR_RETURN(Lambda l, lam(*fn, {"values", "state"}));
      return s->UpdateStateByKey(
          [l](std::span<const Value> values, const Value& state) {
            return l(Value::Array(std::vector<Value>(values.begin(), values.end())), state);
          },
          initial, parts);
    }
    if (n == "mapWithState") {
      TL_RETURN_IF_ERROR(CheckKeys(op.arg, n, {"update", "emit", "timeout", "onTimeout", "initial", "numPartitions", "partitioner"}));
      TL_ASSIGN_OR_RETURN(const YNode* up, Required(op.arg, "update", n));
      TL_ASSIGN_OR_RETURN(Lambda update, lam(*up, {"key", "value", "state"}));
      std::optional<Lambda> emit, on_timeout;
      if (const YNode* e = op.arg.Get("emit")) { TL_ASSIGN_OR_RETURN(Lambda el, lam(*e, {"key", "value", "state", "newState"})); emit = el; }
      if (const YNode* t = op.arg.Get("onTimeout")) { TL_ASSIGN_OR_RETURN(Lambda tl, lam(*t, {"key", "value", "state", "newState"})); on_timeout = tl; }
      dstream::StateSpec spec;
      if (const YNode* i = op.arg.Get("initial")) { TL_ASSIGN_OR_RETURN(spec.initial_state, Pairs(*i)); }
      TL_ASSIGN_OR_RETURN(spec.timeout, OptDuration(op.arg, "timeout"));
      if (const YNode* p = op.arg.Get("numPartitions")) { TL_ASSIGN_OR_RETURN(int64_t k, IntArg(*p, "numPartitions")); spec.num_partitions = static_cast<int>(k); }
      spec.function = [update, emit, on_timeout](Timestamp, const Value& key, const Value* value, dstream::State& st) -> Value {
        Value before = st.exists() ? st.get() : Value();
        if (value == nullptr) {  // timing out: onTimeout gives what is emitted; the state goes
          if (!on_timeout) return Value();
          Value null_v;
          return on_timeout->Call({&key, &null_v, &before, &null_v});
        }
        Value next = update.Call({&key, value, &before});
        if (next.is_null()) { if (st.exists()) st.remove(); }
        else st.update(next);
        if (!emit) return Value();
        return emit->Call({&key, value, &before, &next});
      };
      return static_cast<DStream*>(s->MapWithState(std::move(spec)));
    }
    if (n == "stateSnapshots") {
      dstream::MapWithStateDStream* m = dynamic_cast<dstream::MapWithStateDStream*>(s);
      if (!m) return Err(op.pos, "'stateSnapshots' must follow 'mapWithState' (in the same stream, or as the first op of a stream from one)");
      return m->StateSnapshots();
    }
    if (n == "checkpoint") {
      TL_ASSIGN_OR_RETURN(Duration d, DurationArg(op.arg, "checkpoint"));
      return s->Checkpoint(d);
    }
    // union / join / ... with another stream
    std::string other;
    if (!op.arg.is_scalar()) return Err(op.arg.pos, fmt::format("'{}' takes the name of another stream", n));
    other = op.arg.scalar;
    TL_ASSIGN_OR_RETURN(DStream* o, Lookup(other, op.arg.TextPos()));
    if (n == "union") return s->Union(o);
    return Combine(n, {s, o});
  }

  Result<std::vector<Value>> Pairs(const YNode& n) {
    if (!n.is_seq()) return Err(n.pos, "'initial' must be a list of [key, state] pairs");
    std::vector<Value> out;
    for (const YNode& p : n.seq) {
      if (!p.is_seq() || p.seq.size() != 2) return Err(p.pos, "each initial state is a [key, state] pair");
      out.push_back(p.ToValue(true));
    }
    return out;
  }

  // An output path: relative, without `..`, inside the run's directory (core/io/safe_path.h).
  Status CheckWritePath(const std::string& path, std::string_view what, const SourcePos& pos) const {
    Status st = io::CheckOutputPath(path, what);
    if (st.ok() && !o_.output_dir.empty()) st = io::CheckInsideDir(o_.output_dir, path, what);
    return st.ok() ? st : Status::Parse(st.message(), pos);
  }

  Status BuildOutput(const OutputDef& out) {
    TL_ASSIGN_OR_RETURN(DStream* s, Lookup(out.stream, out.stream_pos));
    if (out.kind == "print") {
      int64_t num = 10;
      if (!out.arg.is_null()) { TL_ASSIGN_OR_RETURN(num, IntArg(out.arg, "print")); }
      s->Print(static_cast<int>(num));
      return Status::Ok();
    }
    if (out.kind == "saveAsTextFiles") {
      TL_RETURN_IF_ERROR(CheckKeys(out.arg, "saveAsTextFiles", {"prefix", "suffix"}));
      TL_ASSIGN_OR_RETURN(const YNode* prefix, Required(out.arg, "prefix", "saveAsTextFiles"));
      TL_RETURN_IF_ERROR(CheckWritePath(prefix->scalar, "saveAsTextFiles prefix", prefix->TextPos()));
      std::string suffix;
      if (const YNode* sf = out.arg.Get("suffix")) suffix = sf->scalar;
      s->SaveAsTextFiles(prefix->scalar, suffix);
      return Status::Ok();
    }
    if (out.kind == "foreachRDD") {
      TL_RETURN_IF_ERROR(CheckKeys(out.arg, "foreachRDD", {"appendFile"}));
      TL_ASSIGN_OR_RETURN(const YNode* file, Required(out.arg, "appendFile", "foreachRDD"));
      TL_RETURN_IF_ERROR(CheckWritePath(file->scalar, "appendFile", file->TextPos()));
      std::string path = g_.ctx->ResolveOutputPath(file->scalar);
      s->ForeachRDD(
          [path](const RddPtr& r, Timestamp t) {
            // Deliberately not idempotent: a rerun batch appends its lines again.
            std::filesystem::path p(path);
            if (p.has_parent_path()) std::filesystem::create_directories(p.parent_path());
            std::ofstream f(path, std::ios::app | std::ios::binary);
            if (!f) throw expr::EvalError(fmt::format("cannot append to {}", path));
            for (const Value& v : r->data) f << t.millis() << '\t' << v.ToDisplay() << '\n';
          },
          "foreachRDD");
      return Status::Ok();
    }
    // collect
    std::string name = out.stream;
    auto on_collect = o_.on_collect;
    s->ForeachRDD(
        [name, on_collect](const RddPtr& r, Timestamp t) {
          if (on_collect) on_collect(name, t, r->data);
        },
        "collect");
    return Status::Ok();
  }

  const Scenario& sc_;
  const DStreamBuildOptions& o_;
  DStreamGraph g_;
};

}  // namespace

namespace {
// Splits a line into the format's cells (the CSV tokenizer of core/value/csv.h) and types
// them into vals[0..n); false when the line is malformed.
bool ParseCells(const InputFormat& f, std::string_view line, Value* vals) {
  const size_t n = f.cells.size();
  if (n == 0) return true;
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  thread_local std::string storage;  // quoted fields only
  size_t i = 0;
  bool ok = ForEachCsvField(line, f.delimiter, &storage, [&](std::string_view cell) {
    if (i >= n) return false;  // too many fields
    if (cell.empty() && f.cells[i] != CellType::kString) {
      if (!f.schema.fields[i].nullable) return false;
      vals[i] = Value();
    } else if (!ParseCellInline(cell, f.cells[i], &vals[i])) {
      return false;
    }
    ++i;
    return true;
  });
  return ok && i == n;  // too few fields otherwise
}
}  // namespace

bool InputFormat::Parse(std::string_view line, Value* out) const {
  const size_t n = cells.size();
  thread_local std::vector<Value> scratch;  // the cells of one line; moved out into the struct
  if (scratch.size() < n) scratch.resize(n);
  Value* vals = scratch.data();
  if (!ParseCells(*this, line, vals)) return false;
  *out = Value::StructFrom(type, vals, n);
  if (validate) {
    try {
      if (!expr::IsTrue((*validate)(*out))) return false;
    } catch (const expr::EvalError&) {
      return false;  // a record the check cannot even evaluate is malformed
    }
  }
  return true;
}

dstream::ColumnBatch InputFormat::EmptyBatch() const {
  dstream::ColumnBatch b;
  b.kind = dstream::ColumnBatch::Kind::kStruct;
  b.type = type;
  b.columns.resize(cells.size());
  return b;
}

size_t InputFormat::ParseLines(std::span<const std::string_view> lines, dstream::ColumnBatch* rows) const {
  const size_t n = cells.size();
  thread_local std::vector<Value> scratch;
  if (scratch.size() < n) scratch.resize(n);
  Value* vals = scratch.data();
  const size_t start = rows->rows();
  for (std::string_view line : lines) {
    if (!ParseCells(*this, line, vals)) continue;
    for (size_t i = 0; i < n; ++i) rows->columns[i].push_back(std::move(vals[i]));
  }
  const size_t end = rows->rows();
  if (!validate || end == start) return end - start;
  // The rows that pass: all at once over the columns; row by row when the check raises an
  // error, since a row it cannot evaluate is malformed and the others stand.
  std::vector<uint32_t> keep;
  bool done = false;
  if (validate_columns) {
    try {
      validate_columns->Select(*rows, start, end, &keep);
      done = true;
    } catch (const expr::EvalError&) {
      keep.clear();
    }
  }
  if (!done) {
    for (size_t r = start; r < end; ++r) {
      try {
        if (expr::IsTrue((*validate)(rows->Row(r)))) keep.push_back(static_cast<uint32_t>(r));
      } catch (const expr::EvalError&) {
        // malformed
      }
    }
  }
  if (keep.size() != end - start) {
    for (auto& c : rows->columns) {
      size_t w = start;
      for (uint32_t r : keep) c[w++] = std::move(c[r]);
      c.resize(w);
    }
  }
  return keep.size();
}

Result<std::optional<InputFormat>> ParseInputFormat(const InputDef& in, const Timestamp* now) {
  const YNode* f = in.spec.Get("format");
  if (!f) return std::optional<InputFormat>();
  TL_RETURN_IF_ERROR(CheckKeys(*f, "format", {"type", "schema", "delimiter", "validate"}));
  const YNode* t = f->Get("type");
  if (!t || t->scalar != "csv") return Err(t ? t->TextPos() : f->pos, "format 'type' must be csv");
  const YNode* sch = f->Get("schema");
  if (!sch) return Err(f->pos, "format needs a 'schema', e.g. \"time TIMESTAMP, id BIGINT\"");
  auto schema = ParseSchema(sch->scalar);
  if (!schema.ok()) return Err(sch->TextPos(), schema.status().message());
  for (const Field& fd : schema->fields)
    if (CellTypeOf(fd.type) == CellType::kOther)
      return Err(sch->TextPos(), fmt::format("a csv column cannot be of type {} (column '{}')", fd.type, fd.name));
  InputFormat fmt_def;
  fmt_def.schema = *schema;
  fmt_def.type = schema->struct_type();
  for (const Field& fd : schema->fields) fmt_def.cells.push_back(CellTypeOf(fd.type));
  if (const YNode* d = f->Get("delimiter")) {
    if (d->scalar.size() != 1) return Err(d->TextPos(), "delimiter must be one character");
    fmt_def.delimiter = d->scalar[0];
  }
  if (const YNode* v = f->Get("validate")) {
    TL_ASSIGN_OR_RETURN(Lambda l, Lambda::Compile(*v, {"x"}, now));
    fmt_def.validate = l;
    if (auto compiled = CompileColumnFn(l, "x")) {
      std::shared_ptr<const dstream::BoundColumnFn> bound = compiled->Bind(fmt_def.EmptyBatch());
      fmt_def.validate_columns = std::move(bound);
    }
  }
  return std::optional<InputFormat>(std::move(fmt_def));
}

Result<DStreamGraph> BuildDStreamGraph(const Scenario& sc, const DStreamBuildOptions& opts) {
  return Builder(sc, opts).Build();
}

}  // namespace tideline::scenario
