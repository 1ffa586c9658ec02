#include "core/structured/sources.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "core/common/limits.h"

namespace tideline::structured {

Status ReadSourceRows(const SourceData& s, int64_t from, int64_t to, std::vector<Row>* rows) {
  if (s.type == "rate") {
    // RateStreamMicroBatchPartitionReader: value v of second k has the timestamp
    // creation + k s + round((v - k * rowsPerSecond) * 1000 / rowsPerSecond) ms.
    int64_t rps = std::max<int64_t>(1, s.rows_per_second);
    // After a clock jump of years a rate source owes billions of rows to one batch
    // (Spark would try to generate them all, and run out of memory).
    if (to - from > limits::kMaxRowsPerBatch)
      return Status::Runtime(fmt::format(
          "the rate source would produce {} rows in one batch ({} rows per second); one batch may read at most {} rows "
          "from a source (limit kMaxRowsPerBatch)",
          to - from, rps, limits::kMaxRowsPerBatch));
    for (int64_t i = from; i < to; ++i) {
      int64_t sec = i / rps;
      int64_t ms = sec * 1000 + std::llround(static_cast<double>(i - sec * rps) * 1000.0 / static_cast<double>(rps));
      rows->push_back({Value::Ts(s.rate_start + Duration::Millis(ms)), Value::Int(i)});
    }
    return Status::Ok();
  }
  for (int64_t i = from; i < to && i < static_cast<int64_t>(s.chunks.size()); ++i) {
    const SourceData::Chunk& c = s.chunks[static_cast<size_t>(i)];
    if (!c.error.ok()) return c.error;
    rows->insert(rows->end(), c.rows.begin(), c.rows.end());
  }
  return Status::Ok();
}

std::string SourceDescription(const std::string& name, const SourceData* s) {
  return fmt::format("{}[{}]", s && s->type == "memory" ? "MemoryStream" : (s ? s->type : name), name);
}

}  // namespace tideline::structured
