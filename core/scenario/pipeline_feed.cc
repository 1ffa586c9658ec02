#include "core/scenario/pipeline_feed.h"

#include <fmt/format.h>

#include <filesystem>

#include "core/common/temp_dir.h"
#include "core/scenario/dstream_builder.h"
#include "core/scenario/runner.h"
#include "core/structured/metadata_log.h"

namespace tideline::scenario {

namespace fs = std::filesystem;

namespace {

void Discard(const std::string&) {}


// ---- DStream: the graph's inputs fed record by record.

class DStreamFeed final : public PipelineFeed {
 public:
  DStreamFeed(const Scenario& sc, FeedOptions opts) : PipelineFeed(sc, std::move(opts), false) {}
  ~DStreamFeed() override {
    graph_.ctx.reset();
    std::error_code ec;
    if (owns_dir_) fs::remove_all(dir_, ec);
  }

  Status Init() {
    if (opts_.output_dir.empty()) {
      TL_ASSIGN_OR_RETURN(dir_, MakeTempDir("tideline-feed"));
      owns_dir_ = true;
    } else {
      dir_ = opts_.output_dir;
    }
    DStreamBuildOptions bo;
    bo.now = &now_;
    bo.all_inputs_as_arrivals = true;
    bo.output_dir = dir_;
    bo.checkpoint_dir = (fs::path(dir_) / "checkpoint").string();
    bo.durable = opts_.durable;
    bo.live_inputs = opts_.live;
    bo.print_sink = opts_.print_sink ? opts_.print_sink : Discard;
    bo.on_collect = opts_.on_collect;
    if (!opts_.listeners.empty()) {
      for (trace::Listener* l : opts_.listeners) tracer_.AddListener(l);
      bo.tracer = &tracer_;
    }
    TL_ASSIGN_OR_RETURN(graph_, BuildDStreamGraph(sc_, bo));
    return Status::Ok();
  }

  Status Start(Timestamp t) override {
    now_ = t;
    started_ = true;
    if (!opts_.durable || !graph_.ctx->HasCheckpoint()) return graph_.ctx->Start(t);
    // StreamingContext.getOrCreate: the batches from the checkpoint's time run again.
    TL_RETURN_IF_ERROR(graph_.ctx->RecoverAndStart(t));
    resumed_at_ = graph_.ctx->next_batch_time();
    return Status::Ok();
  }
  std::vector<std::string> warnings() const override { return graph_.ctx ? graph_.ctx->recovery_warnings() : std::vector<std::string>{}; }

  Status Arrive(const std::string& input, Timestamp t, std::span<const Value> records) override {
    if (!started_) return Status::IllegalState("the pipeline has not started");
    if (t > now_) TL_RETURN_IF_ERROR(RunDue(t));
    auto it = graph_.arrivals.find(input);
    if (it == graph_.arrivals.end()) {
      if (graph_.arrivals.size() != 1) return Status::InvalidArgument(fmt::format("the pipeline has no input '{}'", input));
      it = graph_.arrivals.begin();
    }
    auto f = graph_.formats.find(it->first);
    const InputFormat* format = f == graph_.formats.end() ? nullptr : &f->second;
    for (const Value& v : records) {
      ++records_;
      if (!format) {
        it->second->Arrive(t, v);
        continue;
      }
      Value rec;
      if (!format->ParseRecord(v, &rec)) {
        it->second->CountMalformed();
        ++malformed_[it->first];
        auto& examples = examples_[it->first];
        if (examples.size() < Runner::kMalformedExamples) examples.push_back(MalformedExample(v));
        continue;
      }
      it->second->Arrive(t, std::move(rec));
    }
    return Status::Ok();
  }

  Status AdvanceTo(Timestamp t) override {
    if (!started_) return Status::IllegalState("the pipeline has not started");
    return RunDue(t);
  }

  Status Finish(Timestamp last) override { return AdvanceTo(last + graph_.ctx->batch_interval()); }

  std::map<std::string, int64_t> malformed_by_input() const override { return malformed_; }
  std::map<std::string, std::vector<std::string>> malformed_examples() const override { return examples_; }

 private:
  // Runs the batches due by `t` one at a time (to report and time each), then moves
  // the context's clock to `t`.
  Status RunDue(Timestamp t) {
    if (t > now_) now_ = t;
    dstream::StreamingContext& ctx = *graph_.ctx;
    while (ctx.state() == dstream::ContextState::kActive && ctx.next_batch_time() <= t) {
      const Timestamp w0 = opts_.wall_clock ? opts_.wall_clock->Now() : Timestamp();
      Status st = ctx.AdvanceTo(ctx.next_batch_time());
      const Duration wall = opts_.wall_clock ? opts_.wall_clock->Now() - w0 : Duration();
      ReportBatches(wall);
      if (!st.ok()) return st;
    }
    Status st = ctx.AdvanceTo(t);
    ReportBatches(Duration());
    return st;
  }

  void ReportBatches(Duration wall) {
    const auto& infos = graph_.ctx->batches();
    const size_t first = static_cast<size_t>(graph_.ctx->first_batch_index());
    for (reported_ = std::max(reported_, first); reported_ < first + infos.size(); ++reported_) {
      const dstream::BatchInfo& info = infos[reported_ - first];
      FeedBatch b;
      b.index = static_cast<int64_t>(reported_);
      b.batch_time = info.batch_time;
      b.input_rows = info.input_rows;
      b.output_rows = info.output_rows;
      b.state_rows = info.state_rows;
      b.processing_time = info.processing_time();
      b.wall_time = wall;
      BatchFinished(b);
    }
  }

  std::string dir_;
  bool owns_dir_ = false;
  bool started_ = false;
  Timestamp now_;  // the virtual clock (current_timestamp() reads it)
  trace::Tracer tracer_;
  DStreamGraph graph_;
  size_t reported_ = 0;  // batches handed to BatchFinished
  std::map<std::string, int64_t> malformed_;
  std::map<std::string, std::vector<std::string>> examples_;
};

// ---- Structured: Runner::Feed and Runner::FeedClock.

class StructuredFeed final : public PipelineFeed, private trace::Listener {
 public:
  StructuredFeed(const Scenario& sc, FeedOptions opts) : PipelineFeed(sc, std::move(opts), true) {}

  Status Init() {
    RunnerOptions ro;
    ro.output_dir = opts_.output_dir;
    ro.print_sink = opts_.print_sink ? opts_.print_sink : Discard;
    ro.report_sink = opts_.report_sink;
    ro.listeners = opts_.listeners;
    ro.listeners.push_back(this);
    ro.durable = opts_.durable;
    TL_ASSIGN_OR_RETURN(runner_, Runner::Create(sc_, std::move(ro)));
    return Status::Ok();
  }

  // A durable run whose checkpoint logged offsets resumes from them: the chunks within
  // them are given again before the query restarts on its checkpoint (ResumeQuery).
  Status Start(Timestamp) override {
    started_ = true;
    if (!opts_.durable) return Status::Ok();
    fs::path offsets = fs::path(opts_.output_dir) / "checkpoint" / "offsets";
    std::vector<int64_t> ids = structured::LogIds(offsets);
    if (ids.empty()) return Status::Ok();
    fs::path latest = offsets / std::to_string(ids.back());
    TL_ASSIGN_OR_RETURN(std::string text, structured::ReadLogFile(latest));
    TL_ASSIGN_OR_RETURN(structured::OffsetSeq entry, structured::ParseOffsetText(text, latest.string()));
    resume_offsets_ = std::move(entry.offsets);
    resume_chunks_ = resume_offsets_;
    resumed_at_ = entry.batch_timestamp;
    resuming_ = true;
    return Status::Ok();
  }

  Status Arrive(const std::string& input, Timestamp t, std::span<const Value> records) override {
    if (!started_) return Status::IllegalState("the pipeline has not started");
    Mark();
    records_ += static_cast<int64_t>(records.size());
    std::vector<Value> chunk(records.begin(), records.end());
    if (resuming_) {
      auto it = resume_offsets_.find(input);
      if (it == resume_offsets_.end() && resume_offsets_.size() == 1) it = resume_offsets_.begin();
      if (it != resume_offsets_.end() && it->second > 0) {
        --it->second;
        last_preloaded_ = std::max(last_preloaded_, t);
        return runner_->Preload(input, t, chunk);
      }
      TL_RETURN_IF_ERROR(ResumeQuery());
    }
    return runner_->Feed(input, t, chunk);
  }

  Status AdvanceTo(Timestamp t) override {
    if (!started_) return Status::IllegalState("the pipeline has not started");
    Mark();
    if (resuming_) TL_RETURN_IF_ERROR(ResumeQuery());
    return runner_->FeedClock(t, false);
  }

  Status Finish(Timestamp last) override {
    if (!started_) return Status::IllegalState("the pipeline has not started");
    Mark();
    if (resuming_) TL_RETURN_IF_ERROR(ResumeQuery());
    return runner_->FeedClock(last, true);
  }

  std::map<std::string, int64_t> resume_chunks() const override { return resume_chunks_; }
  std::map<std::string, int64_t> malformed_by_input() const override { return runner_->malformed(); }
  std::map<std::string, std::vector<std::string>> malformed_examples() const override {
    return runner_->malformed_examples();
  }

 private:
  void Mark() {
    if (opts_.wall_clock) mark_ = opts_.wall_clock->Now();
  }

  // A batch's wall time runs from the call that ran it, or the batch before it in that call.
  void OnEvent(const trace::Event& e) override {
    if (e.kind != trace::EventKind::kBatchFinished) return;
    FeedBatch b;
    b.index = e.index;
    b.batch_time = e.batch_time;
    b.input_rows = e.input_rows;
    b.output_rows = e.output_rows;
    b.state_rows = e.state_rows;
    b.processing_time = e.processing_time;
    if (opts_.wall_clock) {
      Timestamp now = opts_.wall_clock->Now();
      b.wall_time = now - mark_;
      mark_ = now;
    }
    BatchFinished(b);
  }

  // The query restarts on its checkpoint at the time of its last logged batch (or of the
  // last chunk given again, if later): a batch the checkpoint logged and did not commit
  // runs again with its offsets, as MicroBatchExecution.populateStartOffsets has it.
  Status ResumeQuery() {
    resuming_ = false;
    return runner_->FeedClock(std::max(*resumed_at_, last_preloaded_), false);
  }

  std::unique_ptr<Runner> runner_;
  bool started_ = false;
  Timestamp mark_;
  bool resuming_ = false;                          // chunks within resume_offsets_ still to come
  std::map<std::string, int64_t> resume_offsets_;  // per input, chunks still to give again
  std::map<std::string, int64_t> resume_chunks_;   // per input, all the chunks to give again
  Timestamp last_preloaded_;
};

}  // namespace

PipelineFeed::~PipelineFeed() = default;

Result<std::unique_ptr<PipelineFeed>> PipelineFeed::Open(const Scenario& sc, FeedOptions opts) {
  if (sc.api == Api::kStructured) {
    auto f = std::make_unique<StructuredFeed>(sc, std::move(opts));
    TL_RETURN_IF_ERROR(f->Init());
    return std::unique_ptr<PipelineFeed>(std::move(f));
  }
  auto f = std::make_unique<DStreamFeed>(sc, std::move(opts));
  TL_RETURN_IF_ERROR(f->Init());
  return std::unique_ptr<PipelineFeed>(std::move(f));
}

std::vector<std::string> PipelineFeed::input_names() const {
  std::vector<std::string> out;
  for (const auto& in : sc_.inputs) out.push_back(in.name);
  return out;
}

}  // namespace tideline::scenario
