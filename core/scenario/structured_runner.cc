// The Runner for Structured Streaming scenarios: takes the sources and the query from
// structured_builder.h, builds the sink from its options (core/structured/sinks.h), feeds
// the sources from the steps, and drives a StreamingQuery (spec sections 4, 5 and 7) on a
// ManualClock.
#include <fmt/format.h>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "core/io/recording.h"
#include "core/scenario/operations.h"
#include "core/scenario/runner.h"
#include "core/scenario/sink_options.h"
#include "core/scenario/structured_analysis.h"
#include "core/scenario/structured_builder.h"
#include "core/scenario/structured_checks.h"
#include "core/scenario/structured_sink.h"
#include "core/structured/dataframe.h"
#include "core/structured/formats.h"
#include "core/structured/query.h"
#include "core/structured/sinks.h"
#include "core/time/clock.h"

namespace tideline::scenario {

namespace fs = std::filesystem;
using namespace tideline::structured;

namespace {

class ProgressReporter final : public trace::Listener {
 public:
  explicit ProgressReporter(std::function<void(const std::string&)> sink) : sink_(std::move(sink)) {}
  void OnEvent(const trace::Event& e) override {
    if (e.kind != trace::EventKind::kBatchFinished || !sink_) return;
    sink_(fmt::format("{{\"type\":\"batch\",\"batchId\":{},\"inputRows\":{},\"outputRows\":{},\"stateRows\":{},\"progress\":{}}}",
                      e.index, e.input_rows, e.output_rows, e.state_rows, e.text));
  }

 private:
  std::function<void(const std::string&)> sink_;
};

class StructuredRunner final : public Runner {
 public:
  StructuredRunner(const Scenario& sc, RunnerOptions opts) : Runner(sc), clock_(sc.start_time) { opts_ = std::move(opts); }
  ~StructuredRunner() override {
    query_.reset();
  }

  Status Init() {
    TL_RETURN_IF_ERROR(PrepareOutputDir());
    checkpoint_dir_ = (fs::path(dir_) / "checkpoint").string();
    if (!opts_.durable) {
      std::error_code ec;
      fs::remove_all(checkpoint_dir_, ec);
    }
    reporter_ = std::make_unique<ProgressReporter>(opts_.report_sink);
    tracer_.AddListener(reporter_.get());
    for (trace::Listener* l : opts_.listeners) tracer_.AddListener(l);
    StructuredSources built;
    TL_RETURN_IF_ERROR(BuildStructuredSources(sc_, &built));
    sources_ = std::move(built.sources);
    recorded_ = std::move(built.recorded);
    start_error_ = std::move(built.start_error);
    start_error_pos_ = built.start_error_pos;
    TL_RETURN_IF_ERROR(BuildSink());
    if (!sc_.query.is_map()) return Status::Parse("a structured scenario needs 'query: {from, ops}'", SourcePos{sc_.path, 1, 1});
    StructuredQueryBuilder builder(sc_, sources_);
    auto df = builder.Build(sc_.query);
    stages_ = builder.stages();
    analysis_pos_ = builder.analysis_pos();
    if (!df.ok()) return df.status();
    df_ = *df;
    if (df_.plan())
      for (auto& e : EventTimeBySource(*df_.plan())) event_times_.emplace(e.source, std::move(e));
    if (!df_.ok() && df_.status().code() == StatusCode::kParseError) return df_.status();
    return Status::Ok();
  }

  Timestamp now() const override { return clock_.Now(); }

  // ---- feeding from outside the steps (live runs, replays)

  Status FeedClock(Timestamp t, bool final) override {
    TL_RETURN_IF_ERROR(EnsureStarted());
    if (t > clock_.Now()) clock_.Advance(t - clock_.Now());
    if (!Running()) return QueryFailure();
    Status st;
    if (trigger_now_.kind == Trigger::Kind::kProcessingTime) {
      st = query_->OnClockAdvanced();
      if (st.ok() && final) {
        // The last records wait for the next trigger time: run it.
        clock_.Advance(trigger_now_.interval);
        st = query_->OnClockAdvanced();
      }
    } else if (trigger_now_.kind == Trigger::Kind::kDefault) {
      st = query_->ProcessAllAvailable();
    } else if (final) {
      st = query_->AwaitTermination();
    }
    return st;
  }

  Status Feed(const std::string& input, Timestamp t, const std::vector<Value>& records) override {
    TL_RETURN_IF_ERROR(EnsureStarted());
    TL_RETURN_IF_ERROR(AddChunk(input, t, records));
    return FeedClock(t, false);
  }

  Status Preload(const std::string& input, Timestamp t, const std::vector<Value>& records) override {
    if (started_once_) return Status::IllegalState("the query has started; records can no longer be preloaded");
    return AddChunk(input, t, records);
  }

  std::vector<std::string> MemorySinkRows() const override {
    std::vector<std::string> out;
    for (const Row& r : memory_.AllRows()) out.push_back(Value::Array(r).ToDisplay());
    return out;
  }

  // tideline verify: restart from the checkpoint; a default trigger resumes at once.
  Status RecoverFromCrash() override {
    TL_RETURN_IF_ERROR(Start(trigger_now_, {}));
    if (trigger_now_.kind == Trigger::Kind::kDefault) return IgnoreCrash(query_->ProcessAllAvailable());
    if (trigger_now_.kind != Trigger::Kind::kProcessingTime) return IgnoreCrash(query_->AwaitTermination());
    return Status::Ok();
  }
  // A step's failure that is the crash it asked for is no failure: the query is down.
  Status IgnoreCrash(Status st) const { return !st.ok() && query_->crashed() ? Status::Ok() : st; }

  void PipelineFailed(const Status& st) override { TraceNow(trace::EventKind::kFailure, st.message()); }
  // An event of `kind` now, with `text`.
  void TraceNow(trace::EventKind kind, std::string text = "") {
    if (!tracer_.enabled()) return;
    trace::Event e;
    e.kind = kind;
    e.time = clock_.Now();
    e.text = std::move(text);
    tracer_.Emit(std::move(e));
  }

 private:
  // ---- building

  Status BuildSink() {
    if (!sc_.sink.is_null() && !sc_.sink.is_map()) return Status::Parse("'sink' must be a map", sc_.sink.pos);
    TL_RETURN_IF_ERROR(CheckSinkSpec(sc_.sink, dir_));  // paths and options, before the rest is read
    TL_ASSIGN_OR_RETURN(spec_, ParseSinkSpec(sc_.sink));
    if (spec_.format == "memory") {
      sink_ = &memory_;
    } else {
      format_sink_ = MakeFormatSink(spec_, dir_, opts_.print_sink, &tracer_, &clock_);
      // Checks read what the sink was given, kept as a memory sink keeps it.
      callback_ = std::make_unique<CallbackSink>(format_sink_->Description(), [this](const SinkBatch& b) {
        TL_RETURN_IF_ERROR(format_sink_->AddBatch(b));
        return memory_.AddBatch(b);
      });
      sink_ = callback_.get();
    }
    return Status::Ok();
  }

  // ---- running

  Status Start(const Trigger& trigger, const std::map<std::string, std::string>& extra_conf) {
    const bool restart = started_once_;
    started_once_ = true;
    failure_expected_ = false;
    trigger_now_ = trigger;
    progress_mark_ = 0;
    FeedRecorded();
    QueryOptions qo;
    qo.mode = spec_.mode;
    qo.trigger = trigger;
    qo.name = spec_.query_name;
    qo.checkpoint_dir = checkpoint_dir_;
    qo.id_seed = fs::path(sc_.path).filename().string();
    qo.config = sc_.config;
    for (const auto& [k, v] : extra_conf) qo.config[k] = v;
    qo.tracer = &tracer_;
    if (opts_.crash_hook)
      qo.crash_hook = [this](int64_t id, CrashPoint p) {  // RunStep recovers and clears crash_pending_
        const bool dies = opts_.crash_hook(id, CrashPointName(p));
        crash_pending_ = crash_pending_ || dies;
        return dies;
      };
    if (opts_.configure_query) opts_.configure_query(qo);
    if (auto d = ParseDuration(sc_.Config("tideline.cost.perBatch", "0ms")); d.ok()) qo.cost_per_batch = *d;
    if (auto d = ParseDuration(sc_.Config("tideline.cost.perRecord", "0ms")); d.ok()) qo.cost_per_record = *d;
    // A crash step's point that has not fired yet (another crash came first) stays armed.
    const CrashPoint armed = query_ ? query_->armed_crash() : CrashPoint::kNone;
    query_.reset();
    TL_RETURN_IF_ERROR(StructuredSinkChecks(start_error_, spec_, trigger, qo.config));
    auto q = StreamingQuery::Start(df_, qo, &sources_, sink_, &clock_);
    if (!q.ok()) return q.status();
    query_ = std::move(*q);
    if (armed != CrashPoint::kNone) query_->CrashAt(armed);
    if (tracer_.enabled()) {
      trace::Event e;
      e.kind = trace::EventKind::kRecovered;
      e.time = clock_.Now();
      e.op = restart ? "restart" : "start";
      e.text = query_->Explain();
      e.values = WindowSpecs(df_.plan().get());
      tracer_.Emit(std::move(e));
    }
    // ProcessingTimeExecutor: the first trigger fires when the query starts.
    if (trigger.kind == Trigger::Kind::kProcessingTime) return IgnoreCrash(query_->OnClockAdvanced());
    return Status::Ok();
  }


  // ---- analysis before any step (Runner::Analyze)

  Status Analyze() const override {
    return AnalyzeStructuredQuery({sc_, spec_, start_error_, start_error_pos_, df_, analysis_pos_, stages_});
  }

  // Rows arriving on an input, with the event time the query's watermark will read.
  void TraceArrival(const std::string& input, const std::vector<Row>& rows) {
    if (!tracer_.enabled()) return;
    trace::Event e;
    e.kind = trace::EventKind::kRecordArrived;
    e.time = clock_.Now();
    e.stream = input;
    auto et = event_times_.find(input);
    for (const Row& r : rows) {
      e.values.push_back(Value::Array(r));
      if (et == event_times_.end()) continue;
      trace_env_.Bind(r);
      bool pass = true;
      try {
        for (const auto& f : et->second.filters)
          if (!expr::IsTrue(trace_env_.Eval(f, clock_.Now()))) pass = false;
        Value t = pass ? trace_env_.Eval(et->second.time, clock_.Now()) : Value();
        e.event_times.push_back(t.type() == ValueType::kTimestamp ? t : Value());
      } catch (const expr::EvalError&) {
        e.event_times.push_back(Value());  // the batch reports the error
      }
    }
    tracer_.Emit(std::move(e));
  }

  // Records of a recording arrive by the clock.
  void FeedRecorded() {
    while (fed_ < recorded_.size() && recorded_[fed_].at <= clock_.Now()) {
      auto& r = recorded_[fed_++];
      SourceData& s = sources_.inputs.at(r.input);
      TraceArrival(r.input, {r.row});
      s.chunks.push_back({{r.row}, r.at, "", Status::Ok()});
    }
  }

  // `records` arrive on `input` at `t` as one chunk (one addData); the clock moves to `t`.
  Status AddChunk(const std::string& input, Timestamp t, const std::vector<Value>& records) {
    if (t > clock_.Now()) clock_.Advance(t - clock_.Now());
    SourceData* s = FedSource(sources_, input);
    if (!s) return Status::InvalidArgument(fmt::format("the query has no streaming input '{}'", input));
    if (s->type == "file") {
      std::string content;
      for (const Value& v : records) content += (v.type() == ValueType::kString ? std::string(v.str()) : v.ToDisplay()) + "\n";
      return AddFileText(*s, fmt::format("part-{:05d}", s->chunks.size()), content);
    }
    SourceData::Chunk chunk;
    chunk.arrival = clock_.Now();
    const Schema fed = FedSchema(*s);
    for (const Value& v : records) {
      if (auto row = FedRecordAsRow(v, fed)) chunk.rows.push_back(std::move(*row));
      else NoteMalformed(s->name, v);  // not a row of the input's schema
    }
    TraceArrival(s->name, chunk.rows);
    s->chunks.push_back(std::move(chunk));
    return Status::Ok();
  }

  Status EnsureStarted() {
    if (started_once_) return Status::Ok();
    return Start(spec_.trigger, {});
  }

  bool Running() const { return query_ && query_->is_active(); }

  // Spark's StreamTest: a check first processes everything available (default trigger).
  Status Settle() {
    TL_RETURN_IF_ERROR(EnsureStarted());
    if (!Running()) return QueryFailure();
    if (query_->crashed()) return Status::Ok();
    if (trigger_now_.kind == Trigger::Kind::kDefault) return IgnoreCrash(query_->ProcessAllAvailable());
    return Status::Ok();
  }

  // The query's failure, unless an expectFailure step already saw it (later checks read
  // what the sink holds, as StreamTest's checks do once the query has stopped).
  Status QueryFailure() const {
    if (query_ && !query_->exception().ok() && !failure_expected_) return query_->exception();
    return Status::Ok();
  }

  Status Execute(const StepDef& step) override {
    const std::string& k = step.kind;
    if (k == "note") return Status::Ok();
    if (k == "addData" || k == "addBatches" || k == "addFile") return AddData(step);
    if (k == "startStream") {
      Trigger t;
      std::map<std::string, std::string> conf;
      TL_RETURN_IF_ERROR(StartStreamArgs(step, &t, &conf));
      if (Running()) return Status::Ok();
      trigger_now_ = t;
      return Start(t, conf);
    }
    if (k == "stopStream") {
      if (query_) query_->Stop();
      TraceNow(trace::EventKind::kStop);
      return Status::Ok();
    }
    if (k == "crash") {
      const YNode* at = step.arg.Get("at");
      if (!at) return Status::Parse("'crash' takes {at: POINT}", step.pos);
      auto p = ParseCrashPoint(at->scalar);
      if (!p.ok()) return Status::Parse(p.status().message(), at->TextPos());
      TL_RETURN_IF_ERROR(EnsureStarted());
      if (query_) query_->CrashAt(*p);
      return Status::Ok();
    }
    if (k == "expectFailure") return ExpectFailure(step);
    if (k == "advanceClock") {
      auto d = ParseDuration(step.arg.scalar);
      if (!step.arg.is_scalar() || !d.ok()) return Status::Parse("'advanceClock' takes a duration such as 5s", step.pos);
      TL_RETURN_IF_ERROR(EnsureStarted());
      clock_.Advance(*d);
      FeedRecorded();
      if (Running() && trigger_now_.kind == Trigger::Kind::kProcessingTime) return IgnoreCrash(query_->OnClockAdvanced());
      return Status::Ok();
    }
    if (k == "processAllAvailable") {
      TL_RETURN_IF_ERROR(EnsureStarted());
      if (!Running()) return QueryFailure();
      return IgnoreCrash(query_->ProcessAllAvailable());
    }
    if (k == "awaitTermination") {
      TL_RETURN_IF_ERROR(EnsureStarted());
      if (!query_) return Status::Ok();
      return IgnoreCrash(query_->AwaitTermination());
    }
    if (k == "runBatches") return Status::Parse("'runBatches' is a DStream step; a structured scenario uses advanceClock or processAllAvailable", step.pos);
    if (k == "expectOutput") return Status::Parse("'expectOutput' is a DStream step; a structured scenario uses checkAnswer", step.pos);
    // Checks
    TL_RETURN_IF_ERROR(Settle());
    if (k == "checkAnswer" || k == "checkNewAnswer" || k == "checkLastBatch") return CheckRows(step);
    if (k == "assertWatermark") return AssertWatermark(step);
    if (k == "assertNumStateRows") return AssertStateRows(step);
    if (k == "assertEventStats") return AssertEventStats(step);
    if (k == "assertProgress") return AssertProgress(step);
    return Status::Parse(fmt::format("unknown step '{}'", k), step.pos);
  }

  // A startStream step's trigger (the sink's unless it gives one) and extra settings.
  Status StartStreamArgs(const StepDef& step, Trigger* t, std::map<std::string, std::string>* conf) const {
    *t = spec_.trigger;
    if (!step.arg.is_map()) return Status::Ok();
    if (const YNode* tr = step.arg.Get("trigger")) {
      auto parsed = TriggerOf(*tr);
      if (!parsed.ok()) return Status::Parse(parsed.status().message(), tr->pos);
      *t = *parsed;
    }
    if (const YNode* c = step.arg.Get("config"))
      for (const auto& [ck, cv] : c->map) (*conf)[ck] = cv.scalar;
    return Status::Ok();
  }

  // ---- resuming a durable run (RunnerOptions::resume_steps)

  Status Reapply(const StepDef& step) override {
    const std::string& k = step.kind;
    if (k == "note" || k == "expectFailure") return Status::Ok();
    if (k == "addData" || k == "addBatches" || k == "addFile") return AddData(step);
    if (k == "stopStream") {
      resume_running_ = false;
      return Status::Ok();
    }
    if (k == "startStream") {
      std::map<std::string, std::string> conf;
      Trigger t;
      TL_RETURN_IF_ERROR(StartStreamArgs(step, &t, &conf));
      if (!resume_running_) trigger_now_ = t;
      resume_started_ = resume_running_ = true;
      return Status::Ok();
    }
    if (!resume_started_) {  // any other step starts the query first (EnsureStarted)
      trigger_now_ = spec_.trigger;
      resume_started_ = resume_running_ = true;
    }
    if (k == "advanceClock") {
      auto d = ParseDuration(step.arg.scalar);
      if (!step.arg.is_scalar() || !d.ok()) return Status::Parse("'advanceClock' takes a duration such as 5s", step.pos);
      clock_.Advance(*d);
      FeedRecorded();
    }
    return Status::Ok();
  }

  // The query restarts on its checkpoint if it was running when the process died.
  Status RecoverAfterRestart() override {
    started_once_ = resume_started_;
    return resume_running_ ? RecoverFromCrash() : Status::Ok();
  }

  Status AddData(const StepDef& step) {
    if (!step.arg.is_map()) return Status::Parse(fmt::format("'{}' takes a map from input name to data", step.kind), step.pos);
    for (size_t i = 0; i < step.arg.map.size(); ++i) {
      const auto& [input, data] = step.arg.map[i];
      SourceData* s = sources_.Find(input);
      if (!s || s->type == "static") {
        std::vector<std::string> known;
        for (const auto& in : sc_.inputs) if (in.type != "static") known.push_back(in.name);
        std::string hint = DidYouMean(input, known);
        return Status::Parse(fmt::format("unknown streaming input '{}'{}", input, hint.empty() ? "" : " (did you mean '" + hint + "'?)"),
                             step.arg.key_pos[i]);
      }
      if (step.kind == "addFile") {
        const YNode* lines = data.Get("lines");
        const YNode* name = data.Get("name");
        if (!lines || !lines->is_seq()) return Status::Parse("'addFile' takes {input: {name: f.txt, lines: [...]}}", data.pos);
        TL_RETURN_IF_ERROR(AddFile(*s, name ? name->scalar : fmt::format("file-{}", s->chunks.size()), *lines));
        if (const YNode* m = data.Get("modified")) {  // a modification time other than now
          auto t = RowOf(*m, *ParseSchema("modified TIMESTAMP"));
          if (!t.ok() || (*t)[0].type() != ValueType::kTimestamp) return Status::Parse("'modified' takes a timestamp or seconds", m->TextPos());
          s->chunks.back().modified = (*t)[0].as_ts();
        }
        continue;
      }
      std::vector<const YNode*> chunks;
      if (step.kind == "addBatches") {
        if (!data.is_seq()) return Status::Parse("'addBatches' takes lists of chunks: {input: [[...], [...]]}", data.pos);
        for (const YNode& c : data.seq) chunks.push_back(&c);
      } else {
        chunks.push_back(&data);
      }
      for (const YNode* c : chunks) {
        if (!c->is_seq()) return Status::Parse(fmt::format("the data for '{}' must be a list of rows", input), c->pos);
        if (s->type == "file") {
          TL_RETURN_IF_ERROR(AddFile(*s, fmt::format("part-{}.txt", s->chunks.size()), *c));
          continue;
        }
        SourceData::Chunk chunk;
        chunk.arrival = clock_.Now();
        const Schema fed = FedSchema(*s);
        for (const YNode& r : c->seq) {
          TL_ASSIGN_OR_RETURN(Row row, RowOf(r, fed));
          chunk.rows.push_back(std::move(row));
        }
        TraceArrival(input, chunk.rows);
        s->chunks.push_back(std::move(chunk));
      }
    }
    return Status::Ok();
  }

  Status AddFile(SourceData& s, const std::string& name, const YNode& lines) {
    std::string content;
    for (const YNode& l : lines.seq) content += l.scalar + "\n";
    return AddFileText(s, name, content);
  }

  // A file of `content` arrives on a file input: parsed by the input's format and mode.
  Status AddFileText(SourceData& s, const std::string& name, const std::string& content) {
    const InputDef* in = sc_.FindInput(s.name);
    std::string format = "text";
    // The input's other scalar keys are the reader's options (DataStreamReader.option).
    std::vector<std::pair<std::string, std::string>> options;
    if (in) {
      if (const YNode* f = in->spec.Get("format")) format = f->scalar;
      for (const auto& [key, value] : in->spec.map)
        if (value.is_scalar() && key != "type" && key != "format" && key != "path" && key != "schema")
          options.emplace_back(key, value.scalar);
    }
    // Spark reads the options when the batch that reads the file plans its scan: a bad one
    // fails that batch, as a malformed record does in FAILFAST mode.
    Result<ReadOptions> ro = ParseReadOptions(format, options);
    auto parsed = ro.ok() ? ParseFileContent(format, content, s.schema, *ro, name) : Result<ParsedFile>(ro.status());
    SourceData::Chunk chunk;
    chunk.arrival = clock_.Now();
    chunk.modified = chunk.arrival;
    chunk.file = name;
    if (!parsed.ok()) {
      // FAILFAST: the file arrives; the batch that reads it fails and stops the query.
      chunk.error = parsed.status();
      s.chunks.push_back(std::move(chunk));
      return Status::Ok();
    }
    chunk.rows = std::move(parsed->rows);
    TraceArrival(s.name, chunk.rows);
    s.malformed += parsed->malformed;
    if (parsed->malformed > 0) {
      malformed_[s.name] += parsed->malformed;
      if (ro->mode == ParseMode::kPermissive) malformed_action_[s.name] = "kept with null fields";
    }
    s.chunks.push_back(std::move(chunk));
    return Status::Ok();
  }

  Status ExpectFailure(const StepDef& step) {
    Status failure = pending_;
    pending_ = Status::Ok();
    if (failure.ok() && !started_once_) failure = Start(spec_.trigger, {});
    if (failure.ok() && Running() && trigger_now_.kind == Trigger::Kind::kDefault) failure = query_->ProcessAllAvailable();
    if (failure.ok()) failure = QueryFailure();
    CheckFailure(step, failure, "query");
    if (query_ && !query_->exception().ok()) failure_expected_ = true;
    return Status::Ok();
  }

  Status CheckRows(const StepDef& step) {
    TL_ASSIGN_OR_RETURN(CheckOutcome o, CheckSinkRows(step, memory_, spec_.mode, &checked_batches_));
    Check(step, o.passed, o.message, std::move(o.actual));
    return Status::Ok();
  }

  // The latest progress; a stopped query's last progress counts.
  const Progress* LastProgress() const { return query_ ? query_->last_progress() : nullptr; }
  const std::vector<Progress>* RecentProgress() const { return query_ ? &query_->recent_progress() : nullptr; }

  Status AssertWatermark(const StepDef& step) {
    TL_ASSIGN_OR_RETURN(CheckOutcome o, CheckWatermark(step, LastProgress()));
    Check(step, o.passed, o.message);
    return Status::Ok();
  }

  Status AssertEventStats(const StepDef& step) {
    CheckOutcome o = CheckEventStats(step, RecentProgress());
    Check(step, o.passed, o.message);
    return Status::Ok();
  }

  Status AssertStateRows(const StepDef& step) {
    CheckOutcome o = CheckStateRows(step, LastProgress(), RecentProgress(), &progress_mark_);
    Check(step, o.passed, o.message);
    return Status::Ok();
  }

  Status AssertProgress(const StepDef& step) {
    CheckOutcome o = CheckProgress(step, LastProgress());
    Check(step, o.passed, o.message);
    return Status::Ok();
  }

  ManualClock clock_;
  std::string checkpoint_dir_;
  std::unique_ptr<ProgressReporter> reporter_;
  Sources sources_;
  std::vector<RecordedRow> recorded_;  // the arrivals of recording inputs
  size_t fed_ = 0;
  DataFrame df_;
  std::map<std::string, SourceEventTime> event_times_;  // per input: how the watermark reads a row
  RowEnv trace_env_;
  SinkSpec spec_;
  bool resume_started_ = false, resume_running_ = false;  // Reapply: the query started, runs
  Trigger trigger_now_;
  MemorySink memory_;
  std::unique_ptr<Sink> format_sink_;  // console, file, foreachBatch, noop
  std::unique_ptr<CallbackSink> callback_;
  Sink* sink_ = nullptr;
  std::unique_ptr<StreamingQuery> query_;
  bool started_once_ = false;
  bool failure_expected_ = false;  // an expectFailure step matched the query's failure
  Status start_error_;             // a source option that fails when the query starts
  SourcePos start_error_pos_;      // where that option is written
  SourcePos analysis_pos_;         // the op whose analysis failed first
  std::vector<std::pair<SourcePos, DataFrame>> stages_;  // the query after its input and each op
  size_t checked_batches_ = 0;
  size_t progress_mark_ = 0;
};

}  // namespace

std::unique_ptr<Runner> MakeStructuredRunner(const Scenario& sc, RunnerOptions opts, Status* st) {
  auto r = std::make_unique<StructuredRunner>(sc, std::move(opts));
  *st = r->Init();
  if (!st->ok()) return nullptr;
  return r;
}

}  // namespace tideline::scenario
