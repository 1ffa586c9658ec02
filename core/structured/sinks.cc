// The sinks of the engine itself: Spark's MemorySink and a sink that hands each batch to
// a function.
#include "core/structured/query.h"

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

}  // namespace tideline::structured
