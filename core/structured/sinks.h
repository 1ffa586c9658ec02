#pragma once
// Spark's streaming sinks for the C++ API (MemorySink and CallbackSink are in query.h):
// the console sink (ConsoleSinkProvider), the no-op sink, the file sink with its
// _spark_metadata log (FileStreamSink) and a foreachBatch function that writes each batch
// to its own file. Each AddBatch acts on every call, a batch re-run after a restart
// included, as Spark's sinks are called; the file sink skips a batch its log already
// holds, and foreachBatch rewrites the batch's file, so both are idempotent. Not
// thread-safe; the query that owns the sink calls it from one thread.

#include <filesystem>
#include <functional>
#include <string>

#include "core/structured/query.h"
#include "core/time/clock.h"
#include "core/trace/trace.h"

namespace tideline::structured {

// Prints each batch as Spark's console sink does (`Batch: N`, a table of numRows rows,
// cells truncated to `truncate` characters, 0: no truncation), hands the text to
// `print` and, when the tracer is enabled, to a trace output event at the clock's time.
class ConsoleSink final : public Sink {
 public:
  ConsoleSink(int num_rows, int truncate, std::function<void(const std::string&)> print,
              trace::Tracer* tracer, const Clock* clock)
      : num_rows_(num_rows), truncate_(truncate), print_(std::move(print)), tracer_(tracer), clock_(clock) {}
  Status AddBatch(const SinkBatch& batch) override;
  std::string Description() const override { return "org.apache.spark.sql.execution.streaming.ConsoleTable$@tideline"; }

 private:
  int num_rows_, truncate_;
  std::function<void(const std::string&)> print_;
  trace::Tracer* tracer_;
  const Clock* clock_;
};

// Discards every batch (format "noop").
class NoopSink final : public Sink {
 public:
  Status AddBatch(const SinkBatch&) override { return Status::Ok(); }
  std::string Description() const override { return "org.apache.spark.sql.execution.datasources.noop.NoopTable$@tideline"; }
};

// Writes each batch's rows as one data file in `format` (json or csv) under `dir`, then
// the batch's entry in dir/_spark_metadata (FileStreamSinkLog); a batch whose entry exists
// is skipped. `path` is the path as the query named it (for the description).
class FileSink final : public Sink {
 public:
  FileSink(std::filesystem::path dir, std::string path, std::string format, const Clock* clock)
      : dir_(std::move(dir)), path_(std::move(path)), format_(std::move(format)), clock_(clock) {}
  Status AddBatch(const SinkBatch& batch) override;
  std::string Description() const override { return "FileSink[" + path_ + "]"; }

 private:
  std::filesystem::path dir_;
  std::string path_, format_;
  const Clock* clock_;
};

// A foreachBatch function that writes batch N to dir/batch-N.<format>, replacing the file
// when the batch runs again.
class ForeachBatchSink final : public Sink {
 public:
  ForeachBatchSink(std::filesystem::path dir, std::string format) : dir_(std::move(dir)), format_(std::move(format)) {}
  Status AddBatch(const SinkBatch& batch) override;
  std::string Description() const override { return "ForeachBatchSink"; }

 private:
  std::filesystem::path dir_;
  std::string format_;
};

// The rows of a batch as lines of `format` (json or csv), each ending in a newline.
std::string BatchFileText(const SinkBatch& batch, const std::string& format);

}  // namespace tideline::structured
