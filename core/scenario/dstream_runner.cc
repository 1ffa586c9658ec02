// The Runner for DStream scenarios: steps against a StreamingContext on a
// ManualClock (spec sections 5 and 7).
#include <fmt/format.h>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <map>

#include "core/common/limits.h"
#include "core/dstream/streaming_context.h"
#include "core/expr/expr.h"
#include "core/io/recording.h"
#include "core/io/safe_path.h"
#include "core/scenario/dstream_builder.h"
#include "core/scenario/recording_input.h"
#include "core/scenario/runner.h"
#include "core/time/clock.h"

namespace tideline::scenario {

namespace fs = std::filesystem;

namespace {

class BatchReporter final : public trace::Listener {
 public:
  explicit BatchReporter(std::function<void(const std::string&)> sink) : sink_(std::move(sink)) {}
  void OnEvent(const trace::Event& e) override {
    if (e.kind != trace::EventKind::kBatchFinished || !sink_) return;
    sink_(fmt::format("{{\"type\":\"batch\",\"batchTimeMs\":{},\"inputRows\":{},\"outputRows\":{},\"stateRows\":{},"
                      "\"processingTimeMs\":{},\"schedulingDelayMs\":{},\"totalDelayMs\":{}}}",
                      e.batch_time.millis(), e.input_rows, e.output_rows, e.state_rows, e.processing_time.millis(),
                      e.scheduling_delay.millis(), e.total_delay.millis()));
  }

 private:
  std::function<void(const std::string&)> sink_;
};

class DStreamRunner final : public Runner {
 public:
  DStreamRunner(const Scenario& sc, RunnerOptions opts) : Runner(sc), clock_(sc.start_time) {
    opts_ = std::move(opts);
  }
  ~DStreamRunner() override {
    graph_.ctx.reset();
  }

  Status Init() {
    TL_RETURN_IF_ERROR(PrepareOutputDir());
    checkpoint_dir_ = sc_.checkpoint_path.empty() ? (fs::path(dir_) / "checkpoint").string()
                                                 : (fs::path(dir_) / sc_.checkpoint_path).string();
    if (!sc_.checkpoint_path.empty()) TL_RETURN_IF_ERROR(io::CheckInsideDir(dir_, sc_.checkpoint_path, "checkpoint directory"));
    if (sc_.checkpoint && sc_.checkpoint_path.empty() && !opts_.durable) {
      std::error_code ec;
      fs::remove_all(checkpoint_dir_, ec);  // a fresh directory per run, unless it is a durable run's
    }
    reporter_ = std::make_unique<BatchReporter>(opts_.report_sink);
    tracer_.AddListener(reporter_.get());
    for (trace::Listener* l : opts_.listeners) tracer_.AddListener(l);
    // Recordings are read up front so that a missing file is an error in the scenario.
    for (const InputDef& in : sc_.inputs) {
      if (in.type != "recording") continue;
      TL_ASSIGN_OR_RETURN(recordings_[in.name], ReadRecordingInput(sc_, in));
    }
    TL_ASSIGN_OR_RETURN(graph_, Build());
    // Keep the first graph's collected names for expectOutput checks.
    for (const OutputDef& o : sc_.outputs) if (o.kind == "collect") collected_[o.stream];
    return Status::Ok();
  }

  Timestamp now() const override { return clock_.Now(); }
  dstream::DStream* FindDStream(const std::string& name) const override {
    auto it = graph_.streams.find(name);
    return it == graph_.streams.end() ? nullptr : it->second;
  }

 protected:
  // Spark's validations made while the graph is built (a window that is not a multiple
  // of the parent's slide, ...), which the context's start reports; at the op that failed.
  Status Analyze() const override {
    const Status& b = graph_.ctx->build_status();
    if (b.ok()) return Status::Ok();
    return Status::Error(b.code(), b.message(), graph_.build_error_pos.known() ? graph_.build_error_pos : SourcePos{sc_.path, 1, 1});
  }

 private:
  Result<DStreamGraph> Build() {
    DStreamBuildOptions bo;
    bo.now = &now_value_;
    bo.output_dir = dir_;
    bo.checkpoint_dir = checkpoint_dir_;
    bo.tracer = &tracer_;
    bo.print_sink = opts_.print_sink;
    if (!bo.print_sink) bo.print_sink = [](const std::string&) {};
    bo.on_collect = [this](const std::string& name, Timestamp, const std::vector<Value>& rows) {
      collected_[name].push_back(rows);
    };
    auto g = BuildDStreamGraph(sc_, bo);
    if (g.ok() && (opts_.crash_hook || has_crash_step_)) {
      g->ctx->SetCrashHook([this](Timestamp t, const std::string& point) {
        const bool dies = opts_.crash_hook && opts_.crash_hook(t.millis(), point);
        crash_pending_ = crash_pending_ || dies;  // RunStep recovers and clears it
        return dies;
      });
    }
    return g;
  }

  // The driver died (a crash point): what survives is what stopStream keeps (files,
  // recordings, a receiver's write-ahead log); a receiver's other data is lost.
  Status AfterAdvance(Status st) {
    if (!graph_.ctx->crashed()) return st;
    stopped_pending_.clear();
    for (const auto& [name, in] : graph_.arrivals)
      if (in->kind() != "socket" || sc_.Config("spark.streaming.receiver.writeAheadLog.enable") == "true")
        stopped_pending_[name] = in->pending();
    crashed_ = true;
    return Status::Ok();
  }

  // tideline verify: getOrCreate at once.
  Status RecoverFromCrash() override { return StartStream(); }

  // Starts the context the first time any step runs (spec section 7).
  Status EnsureStarted() {
    if (started_) return Status::Ok();
    started_ = true;
    now_value_ = clock_.Now();
    TL_RETURN_IF_ERROR(graph_.ctx->Start(clock_.Now()));
    FeedRecordings();
    return Status::Ok();
  }

  void FeedRecordings() {
    for (auto& [name, rec] : recordings_) {
      auto it = graph_.arrivals.find(name);
      if (it == graph_.arrivals.end()) continue;
      for (const io::Arrival& a : rec.arrivals) {
        if (!a.input.empty() && a.input != name && rec.inputs.size() > 1) continue;
        Arrive(name, it->second, sc_.start_time + Duration::Millis(a.t_ms), a.data);
      }
    }
  }

  void Arrive(const std::string& input, dstream::ArrivalInputDStream* s, Timestamp at, const Value& v) {
    auto f = graph_.formats.find(input);
    Value rec = v;
    if (f != graph_.formats.end()) {
      Value parsed;
      if (!f->second.ParseRecord(v, &parsed)) {
        s->CountMalformed();
        NoteMalformed(input, v);
        if (tracer_.enabled()) {
          trace::Event e;
          e.kind = trace::EventKind::kRecordArrived;
          e.time = at;
          e.stream = input;
          e.op = "malformed";
          e.text = v.type() == ValueType::kString ? std::string(v.str()) : v.ToDisplay();
          tracer_.Emit(std::move(e));
        }
        return;
      }
      rec = parsed;
    }
    if (graph_.ctx->state() == dstream::ContextState::kStopped) {
      // Arrived while the context is down: a file or a recording is read after a
      // recovery; a line sent to a socket that nobody listens to is lost.
      if (s->kind() != "socket") down_arrivals_.push_back({input, at, rec});
      return;
    }
    if (tracer_.enabled()) {
      trace::Event e;
      e.kind = trace::EventKind::kRecordArrived;
      e.time = at;
      e.stream = input;
      e.values = {rec};
      tracer_.Emit(std::move(e));
    }
    s->Arrive(at, std::move(rec));
  }

  Status AddChunk(const std::string& input, const YNode& rows, const SourcePos& pos) {
    if (!rows.is_seq()) return Status::Parse(fmt::format("the data for '{}' must be a list of elements", input), rows.pos);
    Value chunk = rows.ToValue(true);
    std::vector<Value> items(chunk.items().begin(), chunk.items().end());
    if (auto q = graph_.queues.find(input); q != graph_.queues.end()) {
      if (auto f = graph_.formats.find(input); f != graph_.formats.end()) {
        std::vector<Value> typed;
        for (const Value& v : items) {
          Value parsed;
          if (f->second.ParseRecord(v, &parsed))
            typed.push_back(std::move(parsed));
          else
            NoteMalformed(input, v);
        }
        items = std::move(typed);
      }
      if (tracer_.enabled()) {
        trace::Event e;
        e.kind = trace::EventKind::kRecordArrived;
        e.time = clock_.Now();
        e.stream = input;
        e.op = "queue";
        e.values = items;
        tracer_.Emit(std::move(e));
      }
      q->second->Push(dstream::MakeRdd(std::move(items)));
      return Status::Ok();
    }
    auto a = graph_.arrivals.find(input);
    if (a == graph_.arrivals.end()) return UnknownInput(input, pos);
    for (const Value& v : items) Arrive(input, a->second, clock_.Now(), v);
    return Status::Ok();
  }

  Status UnknownInput(const std::string& input, const SourcePos& pos) {
    std::vector<std::string> known;
    for (const auto& in : sc_.inputs) known.push_back(in.name);
    std::string hint = DidYouMean(input, known);
    return Status::Parse(fmt::format("unknown input '{}'{}", input, hint.empty() ? "" : fmt::format(" (did you mean '{}'?)", hint)), pos);
  }

  Status Advance(Duration d) {
    int64_t until;
    if (__builtin_add_overflow(clock_.Now().micros(), d.micros(), &until))
      return Status::InvalidArgument("the clock would move beyond the largest timestamp (year 294247)");
    clock_.Advance(d);
    now_value_ = clock_.Now();
    return AfterAdvance(graph_.ctx->AdvanceTo(clock_.Now()));
  }

  // ---- resuming a durable run (RunnerOptions::resume_steps)

  Status Reapply(const StepDef& step) override {
    const std::string& k = step.kind;
    if (k == "note" || k == "expectFailure" || k == "expectOutput") return Status::Ok();
    if (k == "startStream" || k == "stopStream") {
      resume_started_ = true;
      resume_running_ = k == "startStream";
      return Status::Ok();
    }
    if (!resume_started_) {  // any other step starts the context first (EnsureStarted)
      resume_started_ = resume_running_ = true;
      for (auto& [name, rec] : recordings_)
        for (const io::Arrival& a : rec.arrivals)
          if (a.input.empty() || a.input == name || rec.inputs.size() <= 1)
            resumed_.push_back({name, sc_.start_time + Duration::Millis(a.t_ms), a.data});
    }
    if ((k == "addData" || k == "addBatches" || k == "addFile") && step.arg.is_map()) {
      for (const auto& [input, data] : step.arg.map) {
        std::vector<const YNode*> chunks = {k == "addFile" ? data.Get("lines") : &data};
        if (k == "addBatches") {
          chunks.clear();
          for (const YNode& c : data.seq) chunks.push_back(&c);
        }
        for (const YNode* c : chunks)
          if (c && c->is_seq())
            for (const Value& v : c->ToValue(true).items()) resumed_.push_back({input, clock_.Now(), v});
      }
    }
    Duration d;
    if (auto parsed = ParseDuration(step.arg.scalar); k == "advanceClock" && parsed.ok()) d = *parsed;
    if (k == "runBatches" && step.arg.ToValue().type() == ValueType::kInt)
      d = sc_.batch_interval * step.arg.ToValue().as_int();
    clock_.Advance(d);
    return Status::Ok();
  }

  // The driver died: what a file, a recording or a receiver's write-ahead log still holds
  // beyond the newest checkpoint is pending again, a receiver's other data is lost, and
  // the context recovers as after a crash (getOrCreate).
  Status RecoverAfterRestart() override {
    started_ = resume_started_;
    if (!resume_running_) return Status::Ok();
    const std::optional<Timestamp> since = graph_.ctx->LatestCheckpointTime();
    const bool wal = sc_.Config("spark.streaming.receiver.writeAheadLog.enable") == "true";
    stopped_pending_.clear();
    for (const auto& [name, in] : graph_.arrivals)
      if (in->kind() != "socket" || wal) stopped_pending_[name];
    for (DownArrival& a : resumed_) {
      auto it = stopped_pending_.find(a.input);
      if (it == stopped_pending_.end() || (since && a.at < *since)) continue;  // lost, or in a checkpointed batch
      auto f = graph_.formats.find(a.input);
      Value rec = a.value;
      if (f != graph_.formats.end() && !f->second.ParseRecord(a.value, &rec)) continue;
      it->second.emplace_back(a.at, std::move(rec));
    }
    resumed_.clear();
    crashed_ = true;
    return StartStream();
  }

  Status Execute(const StepDef& step) override {
    const std::string& k = step.kind;
    if (k == "note") return Status::Ok();
    if (k == "startStream") return StartStream();
    Status st = EnsureStarted();
    if (k == "expectFailure") return ExpectFailure(step, st);
    if (!st.ok()) return st;
    if (k == "addData" || k == "addBatches" || k == "addFile") {
      if (!step.arg.is_map()) return Bad(step, "takes a map from input name to data");
      for (size_t i = 0; i < step.arg.map.size(); ++i) {
        const auto& [input, data] = step.arg.map[i];
        if (!sc_.FindInput(input)) return Bad(step, "");
        if (k == "addData") TL_RETURN_IF_ERROR(AddChunk(input, data, step.arg.key_pos[i]));
        else if (k == "addBatches") {
          if (!data.is_seq()) return Bad(step, "takes lists of chunks: {input: [[...], [...]]}");
          for (const YNode& chunk : data.seq) TL_RETURN_IF_ERROR(AddChunk(input, chunk, chunk.pos));
        } else {
          const YNode* lines = data.Get("lines");
          if (!lines) return Bad(step, "takes {input: {name: f.txt, lines: [...]}}");
          if (tracer_.enabled()) {
            trace::Event e;
            e.kind = trace::EventKind::kRecordArrived;
            e.time = clock_.Now();
            e.stream = input;
            e.op = "file";
            if (const YNode* nm = data.Get("name")) e.text = nm->scalar;
            tracer_.Emit(std::move(e));
          }
          TL_RETURN_IF_ERROR(AddChunk(input, *lines, lines->pos));
        }
      }
      return Status::Ok();
    }
    if (k == "advanceClock") {
      auto d = ParseDuration(step.arg.scalar);
      if (!step.arg.is_scalar() || !d.ok()) return Bad(step, "takes a duration such as 5s");
      return Advance(*d);
    }
    if (k == "runBatches") {
      Value n = step.arg.ToValue();
      if (n.type() != ValueType::kInt || n.as_int() < 0) return Bad(step, "takes a number of batches");
      if (n.as_int() > limits::kMaxBatchesPerStep)
        return Bad(step, fmt::format("asks for {} batches; one step may run at most {} batches (limit kMaxBatchesPerStep)",
                                     n.as_int(), limits::kMaxBatchesPerStep));
      int64_t span;
      if (__builtin_mul_overflow(sc_.batch_interval.micros(), n.as_int(), &span))
        return Bad(step, "asks for more batches than the clock can count");
      return Advance(sc_.batch_interval * n.as_int());
    }
    if (k == "expectOutput") return ExpectOutput(step);
    if (k == "crash") {
      const YNode* at = step.arg.Get("at");
      if (!at) return Bad(step, "takes {at: POINT}");
      const std::string& p = at->scalar;
      bool known = p == "afterGenerate" || p == "afterComplete";
      if (p.rfind("afterOutput", 0) == 0) {
        int n = std::atoi(p.c_str() + 11);
        known = n >= 1 && n <= static_cast<int>(sc_.outputs.size()) && p == fmt::format("afterOutput{}", n);
      }
      if (!known) {
        scenario_error_ = true;
        Fail(step, Status::Parse(fmt::format("unknown DStream crash point '{}' (afterGenerate, afterOutput1 to afterOutput{}, "
                                             "or afterComplete)", p, sc_.outputs.size()), at->TextPos()).ToString());
        return Status::Ok();
      }
      graph_.ctx->CrashAt(p);
      return Status::Ok();
    }
    if (k == "stopStream") {
      // What a file source or a write-ahead log would still hold at the stop: records that
      // arrived after the last batch. A recovery hands them to the new context.
      stopped_pending_.clear();
      for (const auto& [name, in] : graph_.arrivals)
        if (in->kind() != "socket" || sc_.Config("spark.streaming.receiver.writeAheadLog.enable") == "true")
          stopped_pending_[name] = in->pending();
      graph_.ctx->Stop();
      return Status::Ok();
    }
    return Bad(step, "is a Structured Streaming step; it does not apply to a dstream scenario");
  }

  // The pipeline failed and no expectFailure step follows. A failure while the graph was
  // built is an error in the scenario, reported at the op that caused it.
  void Unexpected(const StepDef& step) override {
    if (graph_.build_error_pos.known() && pending_.message() == graph_.ctx->build_status().message()) {
      scenario_error_ = true;
      Fail(step, Status::Parse(pending_.message(), graph_.build_error_pos).ToString());
      return;
    }
    Fail(step, "unexpected failure: " + pending_.message());
  }

  // A problem in the file found while running: the run fails with its position.
  Status Bad(const StepDef& step, const std::string& what) {
    scenario_error_ = true;
    if (what.empty()) {
      for (size_t i = 0; i < step.arg.map.size(); ++i)
        if (!sc_.FindInput(step.arg.map[i].first)) {
          Fail(step, UnknownInput(step.arg.map[i].first, step.arg.key_pos[i]).ToString());
          return Status::Ok();
        }
    }
    Fail(step, Status::Parse(fmt::format("'{}' {}", step.kind, what), step.pos).ToString());
    return Status::Ok();
  }

  Status StartStream() {
    if (!started_) return EnsureStarted();
    if (graph_.ctx->state() == dstream::ContextState::kActive) return Status::Ok();
    if (!sc_.checkpoint && !crashed_) return graph_.ctx->Start(clock_.Now());  // "has already been stopped"
    crashed_ = false;  // a new driver: without a checkpoint, a fresh context
    // A crash step's point that has not fired yet (another crash came first) stays armed.
    const std::string armed = graph_.ctx->armed_crash();
    // StreamingContext.getOrCreate: a new context from the checkpoint.
    graph_.ctx.reset();
    auto g = Build();
    if (!g.ok()) return g.status();
    graph_ = std::move(*g);
    if (!armed.empty()) graph_.ctx->CrashAt(armed);
    now_value_ = clock_.Now();
    std::vector<DownArrival> down_copy = down_arrivals_;
    for (auto& d : down_arrivals_) {
      auto it = graph_.arrivals.find(d.input);
      if (it != graph_.arrivals.end()) it->second->Arrive(d.at, std::move(d.value));
    }
    down_arrivals_.clear();
    if (!graph_.ctx->HasCheckpoint()) {
      TL_RETURN_IF_ERROR(graph_.ctx->Start(clock_.Now()));
    } else {
      TL_RETURN_IF_ERROR(graph_.ctx->RecoverAndStart(clock_.Now()));
      for (const std::string& w : graph_.ctx->recovery_warnings()) warnings_.push_back(w);
      // The pending records at the stop include the checkpoint's; then what arrived since.
      for (auto& [name, pending] : stopped_pending_) {
        auto it = graph_.arrivals.find(name);
        if (it == graph_.arrivals.end()) continue;
        for (const auto& d : down_copy)
          if (d.input == name) pending.emplace_back(d.at, d.value);
        it->second->RestorePending(pending);
      }
      stopped_pending_.clear();
    }
    return AfterAdvance(graph_.ctx->AdvanceTo(clock_.Now()));
  }

  Status ExpectFailure(const StepDef& step, const Status& start_status) {
    Status failure = pending_;
    if (failure.ok()) failure = start_status;
    pending_ = Status::Ok();
    CheckFailure(step, failure, "pipeline");
    return Status::Ok();
  }

  Status ExpectOutput(const StepDef& step) {
    const YNode& a = step.arg;
    const YNode* stream = a.Get("stream");
    const YNode* batches = a.Get("batches");
    if (!stream || !batches || !batches->is_seq()) return Bad(step, "takes {stream: NAME, batches: [[...], ...]}");
    auto it = collected_.find(stream->scalar);
    if (it == collected_.end()) {
      scenario_error_ = true;
      Fail(step, Status::Parse(fmt::format("stream '{}' has no collect output (add {{stream: {}, collect: true}} to outputs)",
                                           stream->scalar, stream->scalar), stream->TextPos()).ToString());
      return Status::Ok();
    }
    bool ordered = false;
    if (const YNode* o = a.Get("ordered")) ordered = o->ToValue() == Value::Bool(true);
    const auto& actual = it->second;
    std::string diff;
    if (actual.size() != batches->seq.size()) {
      std::vector<std::string> got;
      for (const auto& b : actual) got.push_back(RowsToText(b));
      diff = fmt::format("expected {} batches but the stream produced {}: [{}]", batches->seq.size(), actual.size(),
                         fmt::join(got, ", "));
    }
    for (size_t i = 0; i < actual.size() && diff.empty(); ++i) {
      Value exp = batches->seq[i].ToValue(true);
      std::vector<Value> ev(exp.items().begin(), exp.items().end());
      std::string d = CompareRows(actual[i], ev, ordered);
      if (!d.empty()) diff = fmt::format("batch {}: {}", i + 1, d);
    }
    std::vector<Value> found;
    for (const auto& b : actual) found.push_back(Value::Array(b));
    Check(step, diff.empty(), diff, Value::Array(std::move(found)));
    return Status::Ok();
  }

  ManualClock clock_;
  Timestamp now_value_;
  std::string checkpoint_dir_;
  std::unique_ptr<BatchReporter> reporter_;
  std::map<std::string, io::Recording> recordings_;
  DStreamGraph graph_;
  bool started_ = false;
  std::map<std::string, std::vector<std::vector<Value>>> collected_;
  struct DownArrival {
    std::string input;
    Timestamp at;
    Value value;
  };
  std::vector<DownArrival> down_arrivals_;
  std::map<std::string, std::vector<std::pair<Timestamp, Value>>> stopped_pending_;
  bool crashed_ = false;  // the driver died at a crash point and has not recovered
  bool resume_started_ = false, resume_running_ = false;  // Reapply: the context started, runs
  std::vector<DownArrival> resumed_;                       // Reapply: what the steps gave the inputs
  bool has_crash_step_ = std::any_of(sc_.steps.begin(), sc_.steps.end(), [](const StepDef& s) { return s.kind == "crash"; });
};

}  // namespace

std::unique_ptr<Runner> MakeDStreamRunner(const Scenario& sc, RunnerOptions opts, Status* st) {
  auto r = std::make_unique<DStreamRunner>(sc, std::move(opts));
  *st = r->Init();
  if (!st->ok()) return nullptr;
  return r;
}

}  // namespace tideline::scenario
