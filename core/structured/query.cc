// StreamingQuery: the micro-batch loop (MicroBatchExecution) with its trigger, recovery
// from the checkpoint (populateStartOffsets) and the steps of one batch: reading the
// sources (sources.h), running the plan (exec.h), saving the state store
// (state_store.h), writing the sink, moving the watermark (watermark_tracker.h), the
// offset and commit logs (metadata_log.h) and the progress report.
#include "core/structured/query.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>

#include "core/common/sha256.h"
#include "core/structured/checkpoint_verify.h"
#include "core/structured/exec.h"
#include "core/structured/formats.h"
#include "core/structured/metadata_log.h"
#include "core/structured/sources.h"
#include "core/structured/watermark_tracker.h"
#include "core/time/clock.h"
#include "core/value/json.h"

namespace tideline::structured {

namespace fs = std::filesystem;

namespace {

std::string Uuid(const std::string& seed) {
  Sha256 h;
  h.Update(seed);
  std::string x = h.HexDigest();
  x[12] = '4';
  return fmt::format("{}-{}-{}-{}-{}", x.substr(0, 8), x.substr(8, 4), x.substr(12, 4), x.substr(16, 4), x.substr(20, 12));
}

}  // namespace

StreamingQuery::~StreamingQuery() = default;

Result<std::unique_ptr<StreamingQuery>> StreamingQuery::Start(const DataFrame& df, QueryOptions opts, Sources* sources,
                                                              Sink* sink, const Clock* clock) {
  TL_RETURN_IF_ERROR(df.status());
  if (!df.is_streaming())
    return Status::Analysis("'writeStream' can be called only on streaming Dataset/DataFrame");
  auto check = opts.config.find("spark.sql.streaming.unsupportedOperationCheck");
  if (check == opts.config.end() || check->second != "false") TL_RETURN_IF_ERROR(CheckForStreaming(*df.plan(), opts.mode, opts.config));
  if (opts.trigger.kind == Trigger::Kind::kContinuous)
    TL_RETURN_IF_ERROR(CheckForContinuous(*df.plan(), opts.mode));
  // OffsetSeqMetadata.setSessionConf: the checkpoint's relevant settings win.
  if (!opts.checkpoint_dir.empty()) {
    std::vector<int64_t> logged = LogIds(fs::path(opts.checkpoint_dir) / "offsets");
    if (!logged.empty()) {
      fs::path latest = fs::path(opts.checkpoint_dir) / "offsets" / std::to_string(logged.back());
      TL_ASSIGN_OR_RETURN(std::string text, ReadLogFile(latest));
      TL_ASSIGN_OR_RETURN(OffsetSeq entry, ParseOffsetText(text, latest.string()));
      for (const auto& [k, def] : RelevantConfs())
        if (auto it = entry.conf.find(k); it != entry.conf.end()) opts.config[k] = it->second;
    }
  }
  // A rate source's creation time is the clock when its first query starts.
  for (auto& [name, s] : sources->inputs)
    if (s.type == "rate" && !s.rate_started) {
      s.rate_start = clock->Now();
      s.rate_started = true;
    }
  std::unique_ptr<StreamingQuery> q(new StreamingQuery());
  q->df_ = df;
  q->opts_ = std::move(opts);
  q->sources_ = sources;
  q->sink_ = sink;
  q->clock_ = clock;
  q->exec_ = std::make_unique<Executor>(df.plan(), q->opts_, sources);
  q->watermark_ = std::make_unique<WatermarkTracker>(q->opts_.config);
  TL_RETURN_IF_ERROR(q->exec_->Prepare());
  q->CountScans();
  // A crash in the batch run again at the restart leaves a crashed query, recovered again.
  if (Status rec = q->Recover(); !rec.ok() && !q->crashed_) return rec;
  q->active_ = !q->crashed_;
  // A batch run again at the restart is the first trigger's (populateStartOffsets
  // constructs it): a processing-time trigger fires next at the following interval.
  q->next_trigger_ = q->ran_batch_ ? q->NextTriggerAfter(clock->Now()) : clock->Now();
  return q;
}

Status StreamingQuery::Recover() {
  fs::path dir = opts_.checkpoint_dir;
  std::error_code ec;
  fs::create_directories(dir, ec);
  // The query id lives in the checkpoint's metadata; a run id is new at each start.
  fs::path meta = dir / "metadata";
  if (fs::exists(meta, ec)) {
    TL_ASSIGN_OR_RETURN(std::string text, ReadLogFile(meta));
    auto v = ParseJson(text);
    if (!v.ok() || v->type() != ValueType::kStruct || v->struct_type()->Find("id", false) < 0)
      return Status::Corruption("checkpoint file " + meta.string() + " is damaged");
    id_ = std::string((*v)[static_cast<size_t>(v->struct_type()->Find("id", false))].str());
  } else {
    id_ = Uuid("query:" + opts_.id_seed + ":" + opts_.name);
    TL_RETURN_IF_ERROR(WriteLogFile(meta, "{\"id\":\"" + id_ + "\"}\n"));
  }
  int starts = 0;
  fs::path runs = dir / "runs";
  if (fs::exists(runs, ec)) {
    std::ifstream f(runs);
    f >> starts;
  }
  {
    std::ofstream f(runs, std::ios::trunc);
    f << starts + 1 << "\n";
  }
  run_id_ = Uuid(fmt::format("run:{}:{}", id_, starts));

  TL_RETURN_IF_ERROR(VerifyLogSequence(dir));
  std::vector<int64_t> offsets = LogIds(dir / "offsets");
  if (offsets.empty()) return Status::Ok();
  int64_t latest = offsets.back();
  TL_ASSIGN_OR_RETURN(std::string text, ReadLogFile(dir / "offsets" / std::to_string(latest)));
  TL_ASSIGN_OR_RETURN(OffsetSeq entry, ParseOffsetText(text, (dir / "offsets" / std::to_string(latest)).string()));
  std::vector<int64_t> commits = LogIds(dir / "commits");
  bool committed = !commits.empty() && commits.back() >= latest;
  OffsetSeq prev;
  bool has_prev = false;
  if (latest > 0 && fs::exists(dir / "offsets" / std::to_string(latest - 1), ec)) {
    TL_ASSIGN_OR_RETURN(std::string pt, ReadLogFile(dir / "offsets" / std::to_string(latest - 1)));
    TL_ASSIGN_OR_RETURN(prev, ParseOffsetText(pt, (dir / "offsets" / std::to_string(latest - 1)).string()));
    has_prev = true;
  }
  if (committed) {
    fs::path commit = dir / "commits" / std::to_string(latest);
    TL_ASSIGN_OR_RETURN(std::string ct, ReadLogFile(commit));
    TL_ASSIGN_OR_RETURN(std::optional<Timestamp> next_wm, ParseCommitText(ct, commit.string()));
    // populateStartOffsets: setWatermark(max(batchWatermarkMs, nextBatchWatermarkMs)).
    watermark_->Restore(std::max(entry.batch_watermark, next_wm.value_or(entry.batch_watermark)));
    committed_ = entry.offsets;
    next_batch_ = latest + 1;
    prev_watermark_ = entry.batch_watermark;
    has_prev_batch_ = true;
    TL_RETURN_IF_ERROR(exec_->LoadState(dir.string(), latest + 1));
    return Status::Ok();
  }
  // The last batch was planned but not committed: run it again with its logged offsets
  // and watermark, from the state its predecessor left.
  committed_ = has_prev ? prev.offsets : std::map<std::string, int64_t>{};
  // populateStartOffsets: the tracker starts at the logged batch watermark and never goes
  // below it.
  watermark_->Restore(entry.batch_watermark);
  prev_watermark_ = prev.batch_watermark;
  has_prev_batch_ = has_prev;
  TL_RETURN_IF_ERROR(exec_->LoadState(dir.string(), latest));
  next_batch_ = latest;
  Status st = RunBatch(latest, committed_, entry.offsets, entry.batch_watermark, entry.batch_timestamp);
  if (!st.ok()) return st;
  return Status::Ok();
}

std::map<std::string, int64_t> StreamingQuery::AvailableOffsets(bool limit_files) const {
  std::map<std::string, int64_t> out;
  std::vector<const PlanNode*> stack = {df_.plan().get()};
  while (!stack.empty()) {
    const PlanNode* n = stack.back();
    stack.pop_back();
    for (const auto& c : n->children) stack.push_back(c.get());
    if (n->kind() != OpKind::kSource || !n->streaming) continue;
    SourceData* s = sources_->Find(n->as<SourceOp>().name);
    if (!s || out.count(n->as<SourceOp>().name)) continue;  // a source scanned twice is asked once
    int64_t start = committed_.count(n->as<SourceOp>().name) ? committed_.at(n->as<SourceOp>().name) : 0;
    int64_t avail = LatestOffset(*s, start, limit_files, clock_->Now());
    out[n->as<SourceOp>().name] = avail;
  }
  return out;
}

Result<bool> StreamingQuery::RunNextBatch(bool allow_no_data, bool limit_files) {
  if (!active_) return false;
  // ProgressReporter.startTrigger.
  last_trigger_start_ms_ = current_trigger_start_ms_;
  current_trigger_start_ms_ = clock_->Now().millis();
  std::map<std::string, int64_t> end = AvailableOffsets(limit_files);
  bool has_data = false;
  for (const auto& [name, off] : end) {
    int64_t start = committed_.count(name) ? committed_.at(name) : 0;
    if (off > start) has_data = true;
  }
  bool no_data_enabled = true;
  if (auto it = opts_.config.find("spark.sql.streaming.noDataMicroBatches.enabled"); it != opts_.config.end())
    no_data_enabled = it->second != "false";
  // constructNextBatch asks the last execution of this run: a restarted query runs no
  // no-data batch before its first batch.
  bool run_no_data = !has_data && allow_no_data && no_data_enabled && ran_batch_ &&
                     exec_->ShouldRunAnotherBatch(watermark_->watermark(), clock_->Now());
  if (!has_data && !run_no_data) return false;
  int64_t id = next_batch_;
  Timestamp ts = clock_->Now();
  // The offset log: written before the batch runs, with the batch's watermark.
  OffsetSeq entry;
  entry.batch_watermark = Timestamp::FromMillis(watermark_->watermark().millis());
  entry.batch_timestamp = Timestamp::FromMillis(ts.millis());
  entry.offsets = end;
  TL_RETURN_IF_ERROR(FailIfError(WriteLogFile(fs::path(opts_.checkpoint_dir) / "offsets" / std::to_string(id), OffsetText(entry, opts_.config))));
  TraceCheckpoint("offsets", id, ts);
  if (CrashesAt(id, CrashPoint::kAfterOffsetLog)) {
    return Crash(CrashPoint::kAfterOffsetLog, fmt::format("the process crashed after writing the offset log of batch {}", id));
  }
  TL_RETURN_IF_ERROR(RunBatch(id, committed_, end, watermark_->watermark(), ts));
  return true;
}

Status StreamingQuery::RunBatch(int64_t batch_id, const std::map<std::string, int64_t>& start,
                                const std::map<std::string, int64_t>& end, Timestamp watermark, Timestamp batch_ts) {
  BatchContext ctx;
  ctx.batch_id = batch_id;
  ctx.now = batch_ts;
  ctx.watermark = watermark;
  BatchInput input;
  TL_RETURN_IF_ERROR(ReadBatchInput(start, end, &ctx, &input));
  ctx.no_data = input.rows == 0;
  std::vector<Row> out;
  TL_RETURN_IF_ERROR(ExecuteBatch(ctx, &out));
  // State store versions: written when the batch's tasks finish, before the sink commits.
  TL_RETURN_IF_ERROR(FailIfError(exec_->SaveState(opts_.checkpoint_dir, batch_id + 1)));
  if (exec_->has_state()) TraceCheckpoint("state", batch_id + 1, batch_ts);
  if (CrashesAt(batch_id, CrashPoint::kAfterStateCommit)) {
    return Crash(CrashPoint::kAfterStateCommit, fmt::format("the process crashed after committing the state of batch {}", batch_id));
  }
  const int64_t out_rows = static_cast<int64_t>(out.size());
  TL_RETURN_IF_ERROR(WriteSink(batch_id, batch_ts, std::move(out)));
  const bool after_sink = CrashesAt(batch_id, CrashPoint::kAfterSink);
  const bool before_commit = CrashesAt(batch_id, CrashPoint::kBeforeCommitLog);
  if (after_sink || before_commit) {
    return Crash(CrashPoint::kAfterSink, fmt::format("the process crashed after the sink wrote batch {}", batch_id));
  }
  // The watermark tracker reads the batch's event-time statistics; the commit log keeps
  // the watermark of the next batch.
  auto stats = exec_->WatermarkStats();
  watermark_->UpdateFromBatch(stats);
  TL_RETURN_IF_ERROR(FailIfError(WriteLogFile(fs::path(opts_.checkpoint_dir) / "commits" / std::to_string(batch_id),
                                              CommitText(watermark_->watermark()))));
  TraceCheckpoint("commits", batch_id, batch_ts);
  PurgeLogs(opts_.checkpoint_dir, batch_id);
  committed_ = end;
  next_batch_ = batch_id + 1;
  prev_watermark_ = watermark;
  has_prev_batch_ = true;
  ran_batch_ = true;
  ReportProgress(batch_id, batch_ts, watermark, input, out_rows, stats);
  return Status::Ok();
}

// The rows of each source between the start and end offsets; ProgressReporter's input row
// counts.
Status StreamingQuery::ReadBatchInput(const std::map<std::string, int64_t>& start,
                                      const std::map<std::string, int64_t>& end, BatchContext* ctx,
                                      BatchInput* input) {
  for (const auto& [name, off] : end) {
    const SourceData* s = sources_->Find(name);
    int64_t from = start.count(name) ? start.at(name) : 0;
    std::vector<Row>& rows = ctx->input[name];
    if (s) TL_RETURN_IF_ERROR(FailIfError(ReadSourceRows(*s, from, off, &rows)));
    // ProgressReporter sums the rows of every scan of a (DataSource V2) source; the file
    // source (V1) is counted once.
    int64_t scans = 1;
    if (auto sc = scans_.find(name); s && s->type != "file" && sc != scans_.end()) scans = std::max(1, sc->second);
    int64_t n = static_cast<int64_t>(rows.size()) * scans;
    input->rows += n;
    input->source_rows.emplace_back(SourceDescription(name, s), n);
  }
  return Status::Ok();
}

// Runs the plan over the batch, tracing its start and what it did to the state.
Status StreamingQuery::ExecuteBatch(BatchContext& ctx, std::vector<Row>* out) {
  std::optional<Timestamp> prev_wm;
  if (has_prev_batch_) prev_wm = prev_watermark_;
  const bool traced = opts_.tracer && opts_.tracer->enabled();
  std::vector<std::pair<std::string, std::vector<std::pair<Value, Value>>>> state_before;
  if (!traced) traced_state_.reset();  // an untraced batch changes the state unseen
  if (traced) {
    trace::Event e;
    e.kind = trace::EventKind::kBatchStarted;
    e.time = ctx.now;
    e.batch_time = ctx.now;
    e.index = ctx.batch_id;
    e.has_watermark = true;
    e.watermark = ctx.watermark;
    opts_.tracer->Emit(std::move(e));
    // The state after the last traced batch is the state before this one.
    state_before = traced_state_ ? std::move(*traced_state_) : exec_->StateSnapshot();
    traced_state_.reset();
  }
  TL_RETURN_IF_ERROR(FailIfError(exec_->Run(ctx, prev_wm, out)));
  if (traced) TraceBatchEffects(ctx.batch_id, ctx.now, state_before);
  return Status::Ok();
}

// Hands the batch's rows to the sink (and to the trace, with what the console sink would
// print).
Status StreamingQuery::WriteSink(int64_t batch_id, Timestamp batch_ts, std::vector<Row> rows) {
  SinkBatch sb;
  sb.batch_id = batch_id;
  sb.mode = opts_.mode;
  for (const auto& c : df_.columns()) sb.columns.push_back(c.name);
  sb.rows = std::move(rows);
  if (opts_.tracer && opts_.tracer->enabled()) {
    trace::Event e;
    e.kind = trace::EventKind::kOutput;
    e.time = batch_ts;
    e.index = batch_id;
    e.op = OutputModeName(opts_.mode);
    e.stream = sink_->Description();
    for (const Row& r : sb.rows) e.values.push_back(Value::Array(r));
    // What the console sink would print for this batch (default numRows and truncation).
    e.text = ConsoleBatch(batch_id, sb.columns, sb.rows, 20, 20);
    opts_.tracer->Emit(std::move(e));
  }
  return FailIfError(sink_->AddBatch(sb));
}

// ProgressReporter.finishTrigger: the batch's StreamingQueryProgress, and the trace's
// batch-finished event that carries it.
void StreamingQuery::ReportProgress(int64_t batch_id, Timestamp batch_ts, Timestamp watermark,
                                    const BatchInput& input, int64_t out_rows,
                                    const std::vector<std::pair<Duration, EventStats>>& stats) {
  Progress p;
  p.id = id_;
  p.run_id = run_id_;
  p.name = opts_.name;
  p.batch_id = batch_id;
  p.timestamp = batch_ts;
  p.num_input_rows = input.rows;
  Duration cost = opts_.cost_per_batch + opts_.cost_per_record * input.rows;
  p.trigger_execution = cost;
  // Rows over the time since the previous trigger started (idle ones included; infinite
  // at the first trigger's end of the interval), and rows over the trigger's own duration,
  // at least a millisecond.
  p.processed_rows_per_second =
      static_cast<double>(input.rows) * 1000.0 / static_cast<double>(std::max<int64_t>(1, cost.millis()));
  if (last_trigger_start_ms_ >= 0) {
    double since_s = static_cast<double>(current_trigger_start_ms_ - last_trigger_start_ms_) / 1000.0;
    p.input_rows_per_second = static_cast<double>(input.rows) / since_s;  // NaN or infinite when no time passed
  } else {
    p.input_rows_per_second = 0.0;
  }
  p.has_watermark = exec_->has_watermark();
  p.watermark = watermark;
  EventStats all = MergeEventStats(stats);
  if (all.count > 0) {
    p.has_event_stats = true;
    p.event_time_min = all.min;
    p.event_time_max = all.max;
    p.event_time_avg_ms = all.avg_ms;
  }
  p.state_ops = exec_->StateMetrics();
  p.sources = input.source_rows;
  p.sink = sink_->Description();
  p.sink_rows = out_rows;
  progress_.push_back(p);
  last_no_execution_progress_ms_ = (clock_->Now() + cost).millis();  // updateProgress: the trigger clock
  if (!opts_.tracer || !opts_.tracer->enabled()) return;
  trace::Event e;
  e.kind = trace::EventKind::kBatchFinished;
  e.time = batch_ts + cost;
  e.batch_time = batch_ts;
  e.index = batch_id;
  e.input_rows = input.rows;
  e.output_rows = out_rows;
  int64_t state_rows = 0;
  for (const auto& o : p.state_ops) state_rows += o.total;
  e.state_rows = state_rows;
  e.processing_time = cost;
  e.total_delay = cost;
  e.has_watermark = true;
  e.watermark = watermark_->watermark();
  e.input_rate = std::isfinite(p.input_rows_per_second) ? p.input_rows_per_second : 0;
  e.process_rate = std::isfinite(p.processed_rows_per_second) ? p.processed_rows_per_second : 0;
  e.has_max_event_time = p.has_event_stats;
  e.max_event_time = Timestamp::FromMillis(p.event_time_max.millis());  // the progress's precision
  e.text = p.ToJson();
  opts_.tracer->Emit(std::move(e));
}

// What a batch did to each stateful operator, for the trace: late rows dropped (with
// the watermark that dropped them) and every state row that changed.
void StreamingQuery::TraceBatchEffects(
    int64_t batch_id, Timestamp batch_ts,
    const std::vector<std::pair<std::string, std::vector<std::pair<Value, Value>>>>& before) {
  std::vector<StateOperatorProgress> ops = exec_->StateMetrics();
  for (const auto& m : ops) {
    if (m.dropped <= 0) continue;
    trace::Event e;
    e.kind = trace::EventKind::kLate;
    e.time = batch_ts;
    e.index = batch_id;
    e.op = m.name;
    e.count = m.dropped;
    e.has_watermark = m.late_watermark && m.late_watermark->millis() >= 0;
    e.watermark = Timestamp::FromMillis(std::max<int64_t>(0, m.late_watermark ? m.late_watermark->millis() : -1));
    opts_.tracer->Emit(std::move(e));
  }
  traced_state_ = exec_->StateSnapshot();
  const auto& after = *traced_state_;
  for (size_t i = 0; i < after.size() && i < before.size(); ++i) {
    const std::string& op = after[i].first;
    std::map<Value, Value, ValueLess> old(before[i].second.begin(), before[i].second.end());
    const bool by_function = op.find("flatMapGroupsWithState") != std::string::npos;
    auto emit = [&](const Value& key, const Value& b, const Value& a, trace::StateChange change) {
      trace::Event e;
      e.kind = trace::EventKind::kStateChange;
      e.time = batch_ts;
      e.batch_time = batch_ts;
      e.index = batch_id;
      e.stream = op;
      e.key = key;
      e.before = b;
      e.after = a;
      e.change = change;
      // (flat)MapGroupsWithState keeps [state, timeout in microseconds or null].
      if (by_function && a.type() == ValueType::kArray && a.size() == 2 && a[1].type() == ValueType::kInt) {
        e.has_deadline = true;
        e.deadline = Timestamp::FromMicros(a[1].as_int());
      }
      opts_.tracer->Emit(std::move(e));
    };
    for (const auto& [k, v] : after[i].second) {
      auto it = old.find(k);
      if (it == old.end()) {
        emit(k, Value(), v, trace::StateChange::kNew);
      } else {
        if (!(it->second == v)) emit(k, it->second, v, trace::StateChange::kUpdated);
        old.erase(it);
      }
    }
    // Whatever is gone: evicted by the watermark, or removed by the state function.
    for (const auto& [k, v] : old)
      emit(k, v, Value(), by_function ? trace::StateChange::kRemoved : trace::StateChange::kEvicted);
  }
}

// The `crash` step: the process dies here; what is on disk stays as it is.
Status StreamingQuery::Crash(CrashPoint point, std::string what) {
  // The armed point fired (the sink's two are one), or it stays armed for a crash the hook asked for.
  if (crash_ == point || (point == CrashPoint::kAfterSink && crash_ == CrashPoint::kBeforeCommitLog)) crash_ = CrashPoint::kNone;
  crashed_ = true;
  active_ = false;
  if (opts_.tracer && opts_.tracer->enabled()) {
    trace::Event e;
    e.kind = trace::EventKind::kFailure;
    e.time = clock_->Now();
    e.op = "crash";
    e.text = what;
    opts_.tracer->Emit(std::move(e));
  }
  return Status::Runtime(std::move(what));
}

// A checkpoint file written: offsets/N and commits/N for batch N, state/<op>/V.snapshot.
void StreamingQuery::TraceCheckpoint(const char* kind, int64_t n, Timestamp at) {
  if (!opts_.tracer || !opts_.tracer->enabled()) return;
  trace::Event e;
  e.kind = trace::EventKind::kCheckpoint;
  e.time = at;
  e.index = n;
  e.op = kind;
  e.text = std::string(kind) == "state" ? fmt::format("state/*/{}.snapshot", n) : fmt::format("{}/{}", kind, n);
  opts_.tracer->Emit(std::move(e));
}

// How many scans of `source` the physical plan holds: one per streaming relation, except
// that the two sides of a join that are the same plan share one exchange
// (ReuseExchangeAndSubquery, spark.sql.exchange.reuse).
// Counted once, when the query starts.
void StreamingQuery::CountScans() {
  auto it = opts_.config.find("spark.sql.exchange.reuse");
  const bool reuse = it == opts_.config.end() || it->second != "false";
  std::function<void(const PlanNode&)> count = [&](const PlanNode& n) {
    if (n.kind() == OpKind::kSource) {
      if (n.streaming) ++scans_[n.as<SourceOp>().name];
      return;
    }
    if (reuse && n.kind() == OpKind::kJoin && ExplainPlan(*n.children[0]) == ExplainPlan(*n.children[1])) {
      count(*n.children[0]);
      return;
    }
    for (const auto& c : n.children) count(*c);
  };
  count(*df_.plan());
}

// Any error ends the query, a failed checkpoint write included.
Status StreamingQuery::FailIfError(Status st) {
  if (!st.ok()) Fail(st);
  return st;
}

void StreamingQuery::Fail(const Status& st) {
  exception_ = st;
  active_ = false;
}

Status StreamingQuery::ProcessAllAvailable() {
  if (!exception_.ok()) return exception_;
  for (int guard = 0; guard < 1000000 && active_; ++guard) {
    TL_ASSIGN_OR_RETURN(bool ran, RunNextBatch(true, true));
    if (!ran) {
      ReportIdleTrigger();
      break;
    }
  }
  return Status::Ok();
}

// ProgressReporter.updateIdleness: a trigger that ran no batch reports a progress when
// spark.sql.streaming.noDataProgressEventInterval (10 s) passed since the last report: the
// last executed batch's id, no input rows, the state operators' totals.
void StreamingQuery::ReportIdleTrigger() {
  int64_t interval = 10000;
  if (auto it = opts_.config.find("spark.sql.streaming.noDataProgressEventInterval"); it != opts_.config.end()) {
    if (auto d = ParseDuration(it->second); d.ok()) interval = d->millis();
    else interval = std::atoll(it->second.c_str());
  }
  const int64_t now = clock_->Now().millis();
  if (last_no_execution_progress_ms_ != INT64_MIN && now - interval < last_no_execution_progress_ms_) return;
  last_no_execution_progress_ms_ = now;
  Progress p;
  if (!progress_.empty()) p = progress_.back();
  p.id = id_;
  p.run_id = run_id_;
  p.name = opts_.name;
  p.batch_id = next_batch_ - 1;
  p.timestamp = clock_->Now();
  p.num_input_rows = 0;
  p.input_rows_per_second = 0.0;
  p.processed_rows_per_second = 0.0;
  p.trigger_execution = Duration();
  p.has_event_stats = false;
  p.has_watermark = exec_->has_watermark();
  p.watermark = watermark_->watermark();
  if (progress_.empty()) p.state_ops = exec_->StateMetrics();
  for (auto& op : p.state_ops) op.updated = op.dropped = op.removed = 0;
  for (auto& src : p.sources) src.second = 0;
  if (p.sources.empty())
    for (const auto& [name, off] : AvailableOffsets(false)) {
      const SourceData* s = sources_->Find(name);
      p.sources.emplace_back(SourceDescription(name, s), 0);
    }
  p.sink = sink_->Description();
  p.sink_rows = 0;
  progress_.push_back(p);
}

Status StreamingQuery::OnClockAdvanced() {
  if (!exception_.ok()) return exception_;
  if (!active_) return Status::Ok();
  Timestamp now = clock_->Now();
  if (now < next_trigger_) return Status::Ok();
  TL_ASSIGN_OR_RETURN(bool ran, RunNextBatch(true, true));
  if (!ran) ReportIdleTrigger();
  next_trigger_ = NextTriggerAfter(now);
  return Status::Ok();
}

Status StreamingQuery::AwaitTermination() {
  if (!exception_.ok()) return exception_;
  if (!active_) return Status::Ok();
  if (opts_.trigger.kind == Trigger::Kind::kOnce) {
    // One batch with everything available; no no-data batch.
    TL_ASSIGN_OR_RETURN(bool ran, RunNextBatch(false, false));
    (void)ran;
  } else if (opts_.trigger.kind == Trigger::Kind::kAvailableNow) {
    for (int guard = 0; guard < 1000000 && active_; ++guard) {
      TL_ASSIGN_OR_RETURN(bool ran, RunNextBatch(true, true));
      if (!ran) break;
    }
  } else {
    return Status::IllegalState("awaitTermination: the query runs until it is stopped (use a once or availableNow trigger)");
  }
  Stop();
  return Status::Ok();
}

void StreamingQuery::Stop() { active_ = false; }

Timestamp StreamingQuery::current_watermark() const { return watermark_->watermark(); }

std::string StreamingQuery::Explain() const {
  return "== Physical Plan ==\n" + ExplainPlan(*df_.plan());
}

}  // namespace tideline::structured
