#include "core/scenario/dstream_builder.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>

#include "core/expr/expr.h"
#include "core/io/safe_path.h"
#include "core/scenario/builder_args.h"
#include "core/scenario/columnar_lambda.h"
#include "core/scenario/rdd_ops.h"

namespace tideline::scenario {

using dstream::DStream;
using dstream::RddPtr;
using namespace args;

namespace {

class Builder {
 public:
  Builder(const Scenario& sc, const DStreamBuildOptions& o) : sc_(sc), o_(o) {}

  Result<DStreamGraph> Build() {
    g_.ctx = std::make_unique<dstream::StreamingContext>(sc_.batch_interval);
    auto* ctx = g_.ctx.get();
    ctx->SetTracer(o_.tracer);
    if (o_.print_sink) ctx->SetPrintSink(o_.print_sink);
    ctx->SetOutputDir(o_.output_dir);
    if (sc_.checkpoint || o_.durable) ctx->Checkpoint(o_.checkpoint_dir);
    ctx->SetReplayableInputs(o_.durable && !o_.live_inputs);
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
      const bool live_kind = o_.live_inputs && (in.type == "socket" || in.type == "textFile");
      if (o_.all_inputs_as_arrivals && !live_kind) a = ctx->FeedStream();
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

  dstream::ColumnFnPtr Columnar(const Lambda& l) const {
    return o_.compile_lambdas ? CompileColumnFn(l, "x") : nullptr;
  }

  Result<Lambda> Lam(const YNode& node, std::vector<std::string> params) const {
    return Lambda::Compile(node, std::move(params), o_.now);
  }

  Result<DStream*> ApplyOp(DStream* s, const OpDef& op) {
    const std::string& n = op.name;
    if (n == "window" || n == "countByWindow" || n == "countByValueAndWindow" || n == "groupByKeyAndWindow")
      return ApplyWindowOp(s, op);
    if (n == "reduceByWindow" || n == "reduceByKeyAndWindow") return ApplyReduceWindowOp(s, op);
    if (n == "updateStateByKey") return ApplyUpdateStateByKey(s, op);
    if (n == "mapWithState") return ApplyMapWithState(s, op);
    TL_ASSIGN_OR_RETURN(DStream* simple, ApplySimpleOp(s, op));
    if (simple) return simple;
    // union / join / ... with another stream
    if (!op.arg.is_scalar()) return Err(op.arg.pos, fmt::format("'{}' takes the name of another stream", n));
    TL_ASSIGN_OR_RETURN(DStream* o, Lookup(op.arg.scalar, op.arg.TextPos()));
    if (n == "union") return s->Union(o);
    return Combine(n, {s, o});
  }

  // The ops of one stream without windows or state; nullptr for any other op.
  Result<DStream*> ApplySimpleOp(DStream* s, const OpDef& op) {
    const std::string& n = op.name;
    if (n == "map") { TL_ASSIGN_OR_RETURN(Lambda l, Lam(op.arg, {"x"})); return s->Map(AsMap(l), Columnar(l)); }
    if (n == "flatMap") { TL_ASSIGN_OR_RETURN(Lambda l, Lam(op.arg, {"x"})); return s->FlatMap(AsFlatMap(l)); }
    if (n == "filter") { TL_ASSIGN_OR_RETURN(Lambda l, Lam(op.arg, {"x"})); return s->Filter(AsFilter(l), Columnar(l)); }
    if (n == "mapValues") { TL_ASSIGN_OR_RETURN(Lambda l, Lam(op.arg, {"v"})); return s->MapValues(AsMap(l)); }
    if (n == "flatMapValues") { TL_ASSIGN_OR_RETURN(Lambda l, Lam(op.arg, {"v"})); return s->FlatMapValues(AsFlatMap(l)); }
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
        TL_ASSIGN_OR_RETURN(parts, Partitions(op.arg));
      }
      TL_ASSIGN_OR_RETURN(Lambda l, Lam(*fn, {"a", "b"}));
      return n == "reduce" ? s->Reduce(AsReduce(l, o_.compile_lambdas)) : s->ReduceByKey(AsReduce(l, o_.compile_lambdas), parts);
    }
    if (n == "transform") return ApplyTransform(s, op);
    if (n == "stateSnapshots") {
      dstream::MapWithStateDStream* m = dynamic_cast<dstream::MapWithStateDStream*>(s);
      if (!m) return Err(op.pos, "'stateSnapshots' must follow 'mapWithState' (in the same stream, or as the first op of a stream from one)");
      return m->StateSnapshots();
    }
    if (n == "checkpoint") {
      TL_ASSIGN_OR_RETURN(Duration d, DurationArg(op.arg, "checkpoint"));
      return s->Checkpoint(d);
    }
    return static_cast<DStream*>(nullptr);
  }

  Result<DStream*> ApplyTransform(DStream* s, const OpDef& op) {
    if (!op.arg.is_seq()) return Err(op.arg.pos, "'transform' takes a list of RDD operations");
    std::vector<RddFn> fns;
    for (const YNode& sub : op.arg.seq) {
      if (!sub.is_map() || sub.map.size() != 1) return Err(sub.pos, "each transform operation is a one-key map");
      OpDef d{sub.map[0].first, sub.map[0].second, sub.key_pos[0]};
      TL_ASSIGN_OR_RETURN(RddFn f, BuildRddOp(d, o_.now, o_.compile_lambdas));
      fns.push_back(std::move(f));
    }
    return s->Transform([fns](const RddPtr& r, Timestamp) {
      RddPtr cur = r;
      for (const auto& f : fns) cur = f(cur);
      return cur;
    });
  }

  // window, countByWindow, countByValueAndWindow, groupByKeyAndWindow.
  Result<DStream*> ApplyWindowOp(DStream* s, const OpDef& op) {
    const std::string& n = op.name;
    if (n == "window") TL_RETURN_IF_ERROR(CheckKeys(op.arg, n, {"window", "slide"}));
    else TL_RETURN_IF_ERROR(CheckKeys(op.arg, n, {"window", "slide", "numPartitions"}));
    TL_ASSIGN_OR_RETURN(const YNode* w, Required(op.arg, "window", n));
    TL_ASSIGN_OR_RETURN(Duration wd, DurationArg(*w, "window"));
    TL_ASSIGN_OR_RETURN(auto sd, OptDuration(op.arg, "slide"));
    if (n == "window") return s->Window(wd, sd);
    TL_ASSIGN_OR_RETURN(int parts, Partitions(op.arg));
    Duration slide = sd.value_or(s->slide_duration());
    if (n == "countByWindow") return s->CountByWindow(wd, slide);
    if (n == "countByValueAndWindow") return s->CountByValueAndWindow(wd, slide, parts);
    return s->GroupByKeyAndWindow(wd, slide, parts);
  }

  // reduceByWindow and reduceByKeyAndWindow, with or without an inverse function.
  Result<DStream*> ApplyReduceWindowOp(DStream* s, const OpDef& op) {
    const std::string& n = op.name;
    std::vector<std::string> keys = {"func", "invFunc", "window", "slide"};
    if (n == "reduceByKeyAndWindow") { keys.push_back("filterFunc"); keys.push_back("numPartitions"); }
    TL_RETURN_IF_ERROR(CheckKeys(op.arg, n, keys));
    TL_ASSIGN_OR_RETURN(const YNode* fn, Required(op.arg, "func", n));
    TL_ASSIGN_OR_RETURN(Lambda f, Lam(*fn, {"a", "b"}));
    std::optional<dstream::ReduceFn> inv;
    if (const YNode* i = op.arg.Get("invFunc"); i && !i->is_null()) {
      TL_ASSIGN_OR_RETURN(Lambda il, Lam(*i, {"a", "b"}));
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
      TL_ASSIGN_OR_RETURN(Lambda fl, Lam(*ff, {"x"}));
      filter = AsFilter(fl);
    }
    TL_ASSIGN_OR_RETURN(int parts, Partitions(op.arg));
    return s->ReduceByKeyAndWindow(AsReduce(f, o_.compile_lambdas), inv, wd, sd, filter, parts);
  }

  Result<DStream*> ApplyUpdateStateByKey(DStream* s, const OpDef& op) {
    const YNode* fn = &op.arg;
    std::optional<std::vector<Value>> initial;
    int parts = 0;
    if (op.arg.is_map()) {
      TL_RETURN_IF_ERROR(CheckKeys(op.arg, op.name, {"func", "initial", "numPartitions", "partitioner"}));
      TL_ASSIGN_OR_RETURN(fn, Required(op.arg, "func", op.name));
      if (const YNode* i = op.arg.Get("initial")) { TL_ASSIGN_OR_RETURN(initial, Pairs(*i)); }
      TL_ASSIGN_OR_RETURN(parts, Partitions(op.arg));
    }
    TL_ASSIGN_OR_RETURN(Lambda l, Lam(*fn, {"values", "state"}));
    return s->UpdateStateByKey(
        [l](std::span<const Value> values, const Value& state) {
          return l(Value::Array(std::vector<Value>(values.begin(), values.end())), state);
        },
        initial, parts);
  }

  Result<DStream*> ApplyMapWithState(DStream* s, const OpDef& op) {
    const std::string& n = op.name;
    TL_RETURN_IF_ERROR(CheckKeys(op.arg, n, {"update", "emit", "timeout", "onTimeout", "initial", "numPartitions", "partitioner"}));
    TL_ASSIGN_OR_RETURN(const YNode* up, Required(op.arg, "update", n));
    TL_ASSIGN_OR_RETURN(Lambda update, Lam(*up, {"key", "value", "state"}));
    std::optional<Lambda> emit, on_timeout;
    if (const YNode* e = op.arg.Get("emit")) { TL_ASSIGN_OR_RETURN(Lambda el, Lam(*e, {"key", "value", "state", "newState"})); emit = el; }
    if (const YNode* t = op.arg.Get("onTimeout")) { TL_ASSIGN_OR_RETURN(Lambda tl, Lam(*t, {"key", "value", "state", "newState"})); on_timeout = tl; }
    dstream::StateSpec spec;
    if (const YNode* i = op.arg.Get("initial")) { TL_ASSIGN_OR_RETURN(spec.initial_state, Pairs(*i)); }
    TL_ASSIGN_OR_RETURN(spec.timeout, OptDuration(op.arg, "timeout"));
    TL_ASSIGN_OR_RETURN(spec.num_partitions, Partitions(op.arg));
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

Result<DStreamGraph> BuildDStreamGraph(const Scenario& sc, const DStreamBuildOptions& opts) {
  return Builder(sc, opts).Build();
}

}  // namespace tideline::scenario
