#pragma once
// "Why this row?" (`tideline explain-row`, the Studio's output rows): runs a scenario again
// with lineage on and tells which input records made one output row of one batch: the
// rows of its group and window, the pair a join matched, the records of its key that
// built a state, with the group's or key's value after each batch that changed it.
// A plain run pays nothing: only this re-run keeps each operator's rows (structured,
// core/structured/lineage.h) or walks each stream's RDDs from its trace (DStreams,
// core/dstream/lineage.h). Each input record is tied to its arrival in the trace.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/common/status.h"
#include "core/scenario/model.h"
#include "core/time/time.h"
#include "core/value/value.h"

namespace tideline::scenario {

struct RowRequest {
  // DStreams: the output's stream name (empty: the first output). Structured: unused.
  std::string output;
  // The batch: a structured batch id; a DStream batch number, 0-based (batch N runs at
  // the start time plus N + 1 intervals, as `replay --keyframes --batch` counts).
  int64_t batch = -1;
  // DStreams, instead of `batch`: the batch time, after the scenario's start time.
  std::optional<Duration> time;
  int64_t row = 1;  // 1-based, in the order the output got its rows
};

struct RowSource {
  std::string input;
  int64_t batch = 0;        // structured: the batch id it was read in
  Timestamp batch_time;     // DStreams: the batch it belonged to; structured: that batch's time
  Value record;             // an input element (DStreams) or a source row as an array (structured)
  std::string role;         // "", "left", "right", "late" (dropped, not counted), "state" (an earlier batch)
  bool has_arrival = false;
  Timestamp arrival;        // when the trace saw it arrive
};

struct RowStateStep {
  int64_t batch = 0;        // structured batch id (-1 for DStreams)
  Timestamp batch_time;
  Value value;
  std::string change;       // new, updated, removed, ... (empty when computed from the group's rows)
};

struct RowExplanation {
  bool structured = false;
  std::string output;       // the output's name (stream, query name or sink)
  int64_t batch = 0;
  Timestamp batch_time;
  int64_t row = 1;
  int64_t rows_in_batch = 0;
  Value value;              // the row
  std::vector<std::string> path;  // operators or streams walked, the output's first
  std::vector<RowSource> sources;
  bool has_key = false;
  Value key;
  std::vector<RowStateStep> history;
};

// One run of a scenario with lineage on, then as many rows explained as asked (the
// Studio's clicks). Keeps the run's trace and, for a structured query, every operator's
// rows. Not thread-safe; `sc` must outlive it.
class RowExplainer {
 public:
  // Runs `sc` to its end. Errors: the scenario's own (FILE:LINE:COL).
  static Result<std::unique_ptr<RowExplainer>> Create(const Scenario& sc);
  ~RowExplainer();
  // Errors: a batch that did not run, a row past the batch's rows.
  Result<RowExplanation> Explain(const RowRequest& req) const;

 private:
  explicit RowExplainer(const Scenario& sc);
  Result<RowExplanation> ExplainStructured(const RowRequest& req) const;
  Result<RowExplanation> ExplainDStream(const RowRequest& req) const;
  struct Run;
  const Scenario& sc_;
  std::unique_ptr<Run> run_;
};

// RowExplainer::Create(sc) then Explain(req).
Result<RowExplanation> ExplainRow(const Scenario& sc, const RowRequest& req);

// As text for a terminal, times relative to `start` (the scenario's start time).
std::string ExplanationText(const RowExplanation& e, Timestamp start);
// As one JSON object.
std::string ExplanationJson(const RowExplanation& e, Timestamp start);

}  // namespace tideline::scenario
