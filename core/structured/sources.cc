#include "core/structured/sources.h"

#include <fmt/format.h>

#include <algorithm>
#include <climits>
#include <cmath>

#include "core/common/limits.h"

namespace tideline::structured {

namespace {

// Java's long arithmetic: wraps on overflow.
int64_t WrapMul(int64_t a, int64_t b) {
  return static_cast<int64_t>(static_cast<uint64_t>(a) * static_cast<uint64_t>(b));
}
int64_t WrapAdd(int64_t a, int64_t b) {
  return static_cast<int64_t>(static_cast<uint64_t>(a) + static_cast<uint64_t>(b));
}

// RateStreamMicroBatchStream.planInputPartitions and its partition readers: the values
// valueAtSecond(from) until valueAtSecond(to), partition p reading every numPartitions-th
// value from rangeStart + p, value v at localStartTimeMs + round((v - rangeStart) *
// relativeMsPerValue).
Status ReadRateRows(const SourceData& s, int64_t from, int64_t to, std::vector<Row>* rows) {
  const int64_t rps = s.rows_per_second;
  const int64_t max_seconds = INT64_MAX / rps;
  if (to > max_seconds)
    return Status::Runtime(fmt::format(
        "[INTERNAL_ERROR] Max offset with {} rowsPerSecond is {}, but it's {} now. SQLSTATE: XX000", rps, max_seconds, to));
  const int64_t range_start = RateValueAtSecond(from, rps, s.ramp_up_seconds);
  const int64_t range_end = RateValueAtSecond(to, rps, s.ramp_up_seconds);
  if (range_start == range_end) return Status::Ok();
  // After a clock jump of years a rate source owes billions of rows to one batch
  // (Spark would try to generate them all, and run out of memory).
  if (range_end - range_start > limits::kMaxRowsPerBatch)
    return Status::Runtime(fmt::format(
        "the rate source would produce {} rows in one batch ({} rows per second); one batch may read at most {} rows "
        "from a source (limit kMaxRowsPerBatch)",
        range_end - range_start, rps, limits::kMaxRowsPerBatch));
  const Timestamp local_start = Timestamp::FromMillis(s.rate_start.millis()) + Duration::Seconds(from);
  const double ms_per_value = static_cast<double>((to - from) * 1000) / static_cast<double>(range_end - range_start);
  for (int64_t p = 0; p < s.num_partitions; ++p)
    for (int64_t v = range_start + p; v < range_end; v += s.num_partitions) {
      const int64_t ms = std::llround(static_cast<double>(v - range_start) * ms_per_value);
      rows->push_back({Value::Ts(local_start + Duration::Millis(ms)), Value::Int(v)});
    }
  return Status::Ok();
}

// FileStreamSource.fetchMaxOffset with latestFirst: the unread files, newest first (a
// stable sort on the modification time), up to maxFilesPerTrigger,
// join the source's log.
int64_t LatestFirstOffset(SourceData& s, int64_t start, bool limit_files) {
  std::vector<bool> read(s.chunks.size(), false);
  for (size_t i : s.file_order) read[i] = true;
  std::vector<size_t> unread;
  for (size_t i = 0; i < s.chunks.size(); ++i)
    if (!read[i]) unread.push_back(i);
  // A log shorter than the committed offset (a checkpoint from another process) is filled
  // in arrival order.
  while (static_cast<int64_t>(s.file_order.size()) < start && !unread.empty()) {
    s.file_order.push_back(unread.front());
    unread.erase(unread.begin());
  }
  std::stable_sort(unread.begin(), unread.end(),
                   [&](size_t a, size_t b) { return s.chunks[a].modified > s.chunks[b].modified; });
  size_t take = unread.size();
  if (limit_files && s.max_files_per_trigger > 0) take = std::min(take, static_cast<size_t>(s.max_files_per_trigger));
  s.file_order.insert(s.file_order.end(), unread.begin(), unread.begin() + static_cast<std::ptrdiff_t>(take));
  return static_cast<int64_t>(s.file_order.size());
}

}  // namespace

int64_t RateValueAtSecond(int64_t seconds, int64_t rows_per_second, int64_t ramp_up_seconds) {
  const int64_t speed_delta = rows_per_second / (ramp_up_seconds + 1);
  if (seconds <= ramp_up_seconds) {
    // (speed_delta * seconds) * (seconds + 1) / 2, in an order that avoids overflow
    if (seconds % 2 == 1) return WrapMul(WrapMul((seconds + 1) / 2, speed_delta), seconds);
    return WrapMul(WrapMul(seconds / 2, speed_delta), seconds + 1);
  }
  const int64_t ramp_up_part = RateValueAtSecond(ramp_up_seconds, rows_per_second, ramp_up_seconds);
  return WrapAdd(ramp_up_part, WrapMul(seconds - ramp_up_seconds, rows_per_second));
}

int64_t LatestOffset(SourceData& s, int64_t start, bool limit_files, Timestamp now) {
  if (s.type == "rate") {
    // RateStreamMicroBatchStream.latestOffset: whole seconds since the source was created.
    const int64_t elapsed_ms = now.millis() - s.rate_start.millis();
    return elapsed_ms <= 0 ? 0 : elapsed_ms / 1000;
  }
  if (s.type == "file" && s.latest_first) return LatestFirstOffset(s, start, limit_files);
  int64_t avail = static_cast<int64_t>(s.chunks.size());
  if (limit_files && s.max_files_per_trigger > 0) avail = std::min(avail, start + s.max_files_per_trigger);
  return avail;
}

Status ReadSourceRows(const SourceData& s, int64_t from, int64_t to, std::vector<Row>* rows) {
  if (s.type == "rate") return ReadRateRows(s, from, to, rows);
  for (int64_t i = from; i < to; ++i) {
    size_t k = static_cast<size_t>(i);
    if (s.latest_first) {
      if (k >= s.file_order.size()) break;
      k = s.file_order[k];
    }
    if (k >= s.chunks.size()) break;
    const SourceData::Chunk& c = s.chunks[k];
    if (!c.error.ok()) return c.error;
    if (!s.include_timestamp) {
      rows->insert(rows->end(), c.rows.begin(), c.rows.end());
      continue;
    }
    // TextSocketMicroBatchStream: each line with the time it was read, in milliseconds.
    for (const Row& r : c.rows) {
      rows->push_back(r);
      rows->back().push_back(Value::Ts(Timestamp::FromMillis(c.arrival.millis())));
    }
  }
  return Status::Ok();
}

std::string SourceDescription(const std::string& name, const SourceData* s) {
  return fmt::format("{}[{}]", s && s->type == "memory" ? "MemoryStream" : (s ? s->type : name), name);
}

}  // namespace tideline::structured
