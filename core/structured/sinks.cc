// The sinks of the engine: Spark's MemorySink, a sink that hands each batch to a function,
// and the console, no-op, file and foreachBatch sinks of sinks.h.
#include "core/structured/sinks.h"

#include <fmt/format.h>

#include <fstream>

#include "core/structured/formats.h"

namespace tideline::structured {

Status MemorySink::AddBatch(const SinkBatch& batch) {
  if (batch.batch_id <= last_batch_id_) return Status::Ok();  // already committed: skipped, as Spark's MemorySink does
  last_batch_id_ = batch.batch_id;
  batches_.push_back(batch);
  return Status::Ok();
}

std::vector<Row> MemorySink::AllRows() const {
  std::vector<Row> out;
  for (const auto& b : batches_) {
    if (b.mode == OutputMode::kComplete) out.clear();
    out.insert(out.end(), b.rows.begin(), b.rows.end());
  }
  return out;
}

Status CallbackSink::AddBatch(const SinkBatch& batch) { return fn_(batch); }

namespace fs = std::filesystem;

Status ConsoleSink::AddBatch(const SinkBatch& b) {
  std::string text = ConsoleBatch(b.batch_id, b.columns, b.rows, num_rows_, truncate_);
  if (print_) print_(text);
  if (tracer_ && tracer_->enabled()) {
    trace::Event e;
    e.kind = trace::EventKind::kOutput;
    e.time = clock_->Now();
    e.op = "console";
    e.index = b.batch_id;
    e.text = text;
    tracer_->Emit(std::move(e));
  }
  return Status::Ok();
}

std::string BatchFileText(const SinkBatch& b, const std::string& format) {
  std::string content;
  for (const Row& r : b.rows) content += (format == "csv" ? ToCsvLine(r) : ToJsonLine(b.columns, r)) + "\n";
  return content;
}

Status FileSink::AddBatch(const SinkBatch& b) {
  std::error_code ec;
  fs::create_directories(dir_, ec);
  std::string content = BatchFileText(b, format_);
  // A data file, then the batch's entry in _spark_metadata.
  fs::path meta = dir_ / "_spark_metadata";
  fs::create_directories(meta, ec);
  if (fs::exists(meta / std::to_string(b.batch_id), ec)) return Status::Ok();  // already committed
  std::string name = fmt::format("part-00000-batch{}.{}", b.batch_id, format_);
  {
    std::ofstream f(dir_ / name, std::ios::trunc);
    f << content;
    if (!f) return Status::Io("cannot write " + (dir_ / name).string());
  }
  SinkFileEntry entry;
  entry.path = "file://" + (dir_ / name).string();
  entry.size = static_cast<int64_t>(content.size());
  entry.modification_time = clock_->Now().millis();
  // HDFSMetadataLog writes a temporary file and renames it: a process killed midway
  // leaves no entry, never an empty one that would pass for a committed batch.
  fs::path tmp = meta / fmt::format(".{}.tmp", b.batch_id);
  {
    std::ofstream m(tmp, std::ios::trunc);
    m << SinkLogBatch({entry});
    if (!m) return Status::Io("cannot write the file sink log");
  }
  fs::rename(tmp, meta / std::to_string(b.batch_id), ec);
  return ec ? Status::Io("cannot write the file sink log: " + ec.message()) : Status::Ok();
}

Status ForeachBatchSink::AddBatch(const SinkBatch& b) {
  std::error_code ec;
  fs::create_directories(dir_, ec);
  std::string content = BatchFileText(b, format_);
  // One file per batch id: rewriting a batch after a restart replaces it (idempotent).
  fs::path p = dir_ / fmt::format("batch-{}.{}", b.batch_id, format_);
  std::ofstream f(p, std::ios::trunc);
  f << content;
  return f ? Status::Ok() : Status::Io("cannot write " + p.string());
}

}  // namespace tideline::structured
