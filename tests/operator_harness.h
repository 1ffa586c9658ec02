#pragma once
// OperatorHarness: drives the stateful operators of one streaming plan batch by batch, as
// Flink's operator test harnesses do: a test adds rows, moves the clock and the
// watermark, runs a batch and reads its output, the operators' metrics and their state,
// and can snapshot the state, restart on a fresh executor and restore it mid-stream
// (style rule 20). The plan is built with the DataFrame API; the executor and the state
// store are the engine's own (core/structured/exec.h, state_store.h), without the query's
// logs, sink and trace.

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/structured/dataframe.h"
#include "core/structured/exec.h"
#include "core/structured/query.h"

namespace tideline::structured::testing {

class OperatorHarness {
 public:
  // REQUIRES: `df` is a streaming DataFrame that built without error.
  OperatorHarness(DataFrame df, OutputMode mode, std::map<std::string, std::string> config = {})
      : df_(std::move(df)) {
    options_.mode = mode;
    options_.config = std::move(config);
    dir_ = std::filesystem::temp_directory_path() /
           ("tideline-operator-harness-" + std::to_string(reinterpret_cast<uintptr_t>(this)));
    std::filesystem::remove_all(dir_);
    Restart();
  }
  ~OperatorHarness() { std::filesystem::remove_all(dir_); }

  // Rows of the streaming input `source` for the next batch.
  void AddRows(const std::string& source, std::vector<Row> rows) {
    auto& in = input_[source];
    in.insert(in.end(), rows.begin(), rows.end());
  }
  // The batch time of the next batch (current_timestamp(), processing-time timeouts).
  void SetClock(Timestamp now) { now_ = now; }
  // The global watermark of the next batch; it also becomes the late-row watermark of the
  // batch after.
  void SetWatermark(Timestamp watermark) { watermark_ = watermark; }

  // Runs one batch with the rows added since the last one; returns its output rows.
  std::vector<Row> RunBatch() {
    BatchContext ctx;
    ctx.batch_id = next_batch_;
    ctx.now = now_;
    ctx.watermark = watermark_;
    ctx.input = std::move(input_);
    input_.clear();
    std::vector<Row> out;
    status_ = exec_->Run(ctx, prev_watermark_, &out);
    prev_watermark_ = watermark_;
    ++next_batch_;
    return out;
  }

  // Snapshots every operator's state into the state store, drops the executor, and
  // restores the snapshot into a fresh one: what a restart of the query does.
  void SnapshotAndRestart() {
    status_ = exec_->SaveState(dir_.string(), next_batch_);
    if (!status_.ok()) return;
    Restart();
    status_ = exec_->LoadState(dir_.string(), next_batch_);
  }

  // The status of the last batch, snapshot or restore.
  const Status& status() const { return status_; }
  std::vector<StateOperatorProgress> Metrics() const { return exec_->StateMetrics(); }
  std::vector<std::pair<std::string, std::vector<std::pair<Value, Value>>>> State() const {
    return exec_->StateSnapshot();
  }

 private:
  void Restart() {
    exec_ = std::make_unique<Executor>(df_.plan(), options_, &sources_);
    status_ = exec_->Prepare();
  }

  DataFrame df_;
  QueryOptions options_;
  Sources sources_;
  std::filesystem::path dir_;
  std::unique_ptr<Executor> exec_;
  std::map<std::string, std::vector<Row>> input_;
  Timestamp now_;
  Timestamp watermark_;
  std::optional<Timestamp> prev_watermark_;
  int64_t next_batch_ = 0;
  Status status_;
};

}  // namespace tideline::structured::testing
