#pragma once
// Runner: executes a scenario's steps (spec section 5) one at a time on a
// virtual clock, drives the engine, evaluates the checks, and reports each batch
// and check as it happens. The CLI runs every step; the Studio runs them all once
// and moves through the recorded trace, forward and back (runs are deterministic). A Runner
// owns its engine, clock and output directory. Not thread-safe.

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/common/status.h"
#include "core/scenario/model.h"
#include "core/trace/trace.h"

namespace tideline::dstream {
class DStream;
}
namespace tideline::structured {
struct QueryOptions;
}

namespace tideline::scenario {

struct CheckResult {
  int step = 0;        // 1-based step number
  std::string kind;    // the step's kind
  bool passed = false;
  std::string message; // the difference, for a failed check
  SourcePos pos;
  // What a row check compared (checkAnswer, checkNewAnswer, checkLastBatch: an array of
  // rows, each an array; expectOutput: an array of batches, each an array of elements);
  // null for other checks.
  Value actual;
};

struct RunnerOptions {
  // Where outputs (saveAsTextFiles, appendFile, file sinks) and checkpoints go. Empty: a
  // fresh temporary directory, removed when the runner is destroyed.
  std::string output_dir;
  // Receives what Spark would print (print() blocks, console sinks), in order.
  std::function<void(const std::string&)> print_sink;
  // Receives one JSON object per batch and per check, in order.
  std::function<void(const std::string&)> report_sink;
  // Extra trace listeners (the Studio, tests).
  std::vector<trace::Listener*> listeners;
  // The language of `note` texts in the trace (spec section 10), falling back to English.
  std::string language = "en";
  // Whether the steps after a failed check still run (the Studio plays a lesson to its end;
  // tideline run --bless, so that every check records what it found); the run is failed
  // either way. An unexpected pipeline failure always stops it.
  bool continue_after_failed_check = false;
  // tideline verify (spec section 11): called at each crash point the engine passes, with
  // the batch (a structured batch id; a DStream batch time in ms) and the point's name
  // (afterOffsetLog, ...; afterGenerate, afterOutputK, afterComplete). Returning true makes
  // the process die there; the run then recovers at once from its checkpoint and goes on
  // with the remaining steps. Unset: the engine reports no crash points.
  std::function<bool(int64_t batch, const std::string& point)> crash_hook;
  // output_dir is a durable run's (--checkpoint DIR, spec section 12): the query's
  // checkpoint there is kept, and the query restarts from it as from a checkpointLocation.
  bool durable = false;
  // A durable run that resumes: the first `resume_steps` steps ran in a process that died
  // in the last of them. They do not run again: their inputs arrive again and the clock
  // moves as they moved it, then the pipeline recovers from its checkpoint as after a
  // crash, and the run goes on with the next step (the first RunStep does all this). A
  // check among them is not evaluated again. 0: a run from the first step.
  int resume_steps = 0;
  // Structured: called with the query's options before each start of the query
  // (tideline explain-row installs its lineage capture there).
  std::function<void(structured::QueryOptions&)> configure_query;
};

class Runner {
 public:
  virtual ~Runner();
  // Builds the pipeline and checks the scenario. Errors in the file come back here
  // (exit status 2), and so does an error of the pipeline found before any step runs
  // (AnalyzePipeline) when no expectFailure step expects it; other failures of the
  // pipeline surface at the steps.
  static Result<std::unique_ptr<Runner>> Create(const Scenario& sc, RunnerOptions opts);

  // Runs the next step. REQUIRES: !Done().
  void RunStep();
  // Runs every remaining step.
  void RunAll() { while (!Done()) RunStep(); }
  bool Done() const { return next_step_ >= steps_total_ || stopped_; }
  int next_step() const { return next_step_; }  // 0-based index of the next step

  const std::vector<CheckResult>& checks() const { return checks_; }
  // True when every step ran and every check passed.
  bool passed() const { return failed_.empty() && next_step_ >= steps_total_; }
  // Why the run failed (a failed check or an unexpected error), or empty.
  const std::string& failure() const { return failed_; }
  int failed_step() const { return failed_step_; }
  // True when the failure is an error in the scenario file rather than a failed check.
  bool scenario_error() const { return scenario_error_; }
  virtual Timestamp now() const = 0;
  // Malformed records so far, per input (inputs with none are absent), and what became
  // of them: "skipped" (DStream inputs, DROPMALFORMED) or "kept with null fields" (PERMISSIVE).
  const std::map<std::string, int64_t>& malformed() const { return malformed_; }
  // The first few malformed records of each input (kMalformedExamples), as text.
  const std::map<std::string, std::vector<std::string>>& malformed_examples() const { return malformed_examples_; }
  static constexpr size_t kMalformedExamples = 3;
  std::string malformed_action(const std::string& input) const {
    auto it = malformed_action_.find(input);
    return it == malformed_action_.end() ? "skipped" : it->second;
  }
  // What the run did that the user should know although no check failed: a recovery that
  // fell back to an older checkpoint file, as Spark logs a warning for.
  const std::vector<std::string>& warnings() const { return warnings_; }
  trace::Tracer& tracer() { return tracer_; }
  const Scenario& scenario() const { return sc_; }
  // The rows a structured memory sink holds (every row, or the latest table in complete
  // mode), each as text; empty for other sinks and DStream scenarios.
  virtual std::vector<std::string> MemorySinkRows() const { return {}; }
  // DStream scenarios: the input or named stream `name` of the pipeline running now, or
  // nullptr (tideline explain-row walks the graph from it).
  virtual dstream::DStream* FindDStream(const std::string& name) const { return nullptr; }

  // Feeding the pipeline from outside its steps (tideline run --live, tideline replay):
  // the clock moves to `t` (never back), `records` arrive on `input` (text lines, or rows
  // as arrays), and what falls due runs. FeedClock only moves the clock; with `final` it
  // also runs what the last records wait for. Structured scenarios only; the DStream
  // engine is fed through its StreamingContext.
  virtual Status Feed(const std::string& input, Timestamp t, const std::vector<Value>& records);
  virtual Status FeedClock(Timestamp t, bool final);
  // A durable replay that resumes: `records` that a killed run had already given `input`
  // (within the offsets its checkpoint logged) are given again before the query starts, as
  // a replayable source still holds them; the clock moves to `t`; nothing runs.
  virtual Status Preload(const std::string& input, Timestamp t, const std::vector<Value>& records);

 protected:
  explicit Runner(const Scenario& sc) : sc_(sc), steps_total_(static_cast<int>(sc.steps.size())) {}
  // The first error the built pipeline raises when it starts with the configuration of
  // its first start (FirstStartStep), without running any step; positioned at the op
  // (or the sink setting) that causes it. Ok when it starts.
  virtual Status Analyze() const = 0;
  friend Status AnalyzePipeline(const Scenario& sc);
  // One step of the engine's own (RunStep does the rest). A parse error is a problem in the
  // file; another error is a failure of the pipeline, which the next step must expect.
  virtual Status Execute(const StepDef& step) = 0;
  // The pipeline failed at `step` and no expectFailure step follows.
  virtual void Unexpected(const StepDef& step) { Fail(step, "unexpected failure: " + pending_.message()); }
  // Told of each failure of the pipeline as it happens.
  virtual void PipelineFailed(const Status&) {}
  // The process died at a crash point that opts_.crash_hook chose (crash_pending_): recover
  // from the checkpoint at once, as a query's startStream or getOrCreate does.
  virtual Status RecoverFromCrash() { return Status::Ok(); }
  // RunnerOptions::resume_steps: what `step` did to the inputs, the clock and whether the
  // pipeline runs, without running anything; then the recovery once they are all given.
  virtual Status Reapply(const StepDef& step) = 0;
  virtual Status RecoverAfterRestart() = 0;
  void ResumeAfterRestart();
  void Check(const StepDef& step, bool passed, std::string message, Value actual = Value());
  void Fail(const StepDef& step, std::string message);
  void Report(const std::string& json) { if (opts_.report_sink) opts_.report_sink(json); }
  // Uses opts_.output_dir, or a fresh temporary directory removed with the runner; sets dir_.
  Status PrepareOutputDir();
  // Emits the step (or note) event that starts every step.
  void TraceStep(const StepDef& step, Timestamp now);
  // An expectFailure check: `failure` must be an error whose message contains every text of
  // the step's `contains` (case-insensitive).
  void CheckFailure(const StepDef& step, const Status& failure, const char* what);

  const Scenario& sc_;
  RunnerOptions opts_;
  trace::Tracer tracer_;
  int steps_total_;
  int next_step_ = 0;
  bool stopped_ = false;
  std::vector<CheckResult> checks_;
  std::string failed_;
  int failed_step_ = 0;
  bool scenario_error_ = false;
  std::map<std::string, int64_t> malformed_;
  std::map<std::string, std::string> malformed_action_;
  std::vector<std::string> warnings_;
  std::map<std::string, std::vector<std::string>> malformed_examples_;
  // Counts a malformed record of `input` and keeps it as an example while there are few.
  void NoteMalformed(const std::string& input, const Value& record);
  Status pending_;        // a failure of the pipeline that the next step must expect
  int pending_step_ = 0;  // the step it happened in
  std::string dir_;  // outputs and checkpoints
  bool owns_dir_ = false;
  bool crash_pending_ = false;  // opts_.crash_hook made the process die; RunStep recovers
};

// The 0-based index of the step that first starts the pipeline (spec section 5: a
// DStream context at the first step other than a note; a structured query at the first
// step other than a data step, a note or a stop), or -1 when none does.
int FirstStartStep(const Scenario& sc);

// Builds the scenario's pipeline without running a step and returns the first error it
// raises when it starts as the file first starts it: Structured, the query's analysis
// (unresolved columns, bad intervals, type errors), the sink's checks and Spark's
// unsupported operations for the output mode and trigger; DStream, Spark's validations
// made while the graph is built. The error's pos() is the op that causes it (or the
// sink's outputMode or trigger when that is the cause), so ToString() is
// "FILE:LINE:COL: error: MESSAGE" with the engine's message. Ok when the pipeline
// starts; an error in the file itself (LoadScenario, Runner::Create) comes back as is.
Status AnalyzePipeline(const Scenario& sc);

// Whether a failure of the pipeline at its first start is expected by the steps: the
// step that starts it (FirstStartStep) is expectFailure, or the step after it is.
bool FailureExpectedAtStart(const Scenario& sc);

// Compares batches of rows: as multisets, or in order. Returns the difference, or empty.
std::string CompareRows(const std::vector<Value>& actual, const std::vector<Value>& expected, bool ordered);
std::string RowsToText(const std::vector<Value>& rows);
// A malformed record as an example in a report: its text, cut to 80 characters.
std::string MalformedExample(const Value& record);

}  // namespace tideline::scenario
