// example_structured_word_count_api: the windowed word count of the Structured Streaming
// programming guide ("Window Operations on Event Time", "Handling Late Data and
// Watermarking"), written against Tideline's C++ API (docs/cpp-api.md) instead of a
// scenario file.
//
// It builds the query with the DataFrame builder (selectExpr with explode(split(...)),
// withWatermark, groupBy(window(...), word).agg(count(*))), starts it through a
// StreamingQueryManager next to a second query, feeds lines in a few batches at chosen
// virtual times, prints every batch as Spark's console sink does and the last progress as
// JSON, stops the query, and starts it again on the same checkpoint, where the recovered
// watermark drops a late word. The output is the same on every run.
//
// Usage: example_structured_word_count_api [CHECKPOINT_DIR]
// The checkpoint directory (default: structured_word_count_api.checkpoint in the working
// directory) is emptied at the start and removed at the end.

#include <filesystem>
#include <iostream>
#include <string>
#include <utility>
#include <vector>

#include "core/common/status.h"
#include "core/structured/dataframe.h"
#include "core/structured/formats.h"
#include "core/structured/query.h"
#include "core/structured/query_manager.h"
#include "core/time/clock.h"
#include "core/time/time.h"
#include "core/value/schema.h"
#include "core/value/value.h"

using tideline::Duration;
using tideline::ManualClock;
using tideline::Result;
using tideline::Schema;
using tideline::Status;
using tideline::Timestamp;
using tideline::Value;
using namespace tideline::structured;

namespace {

// 2025-01-01 hh:mm:00 UTC.
Timestamp At(int hours, int minutes) {
  return Timestamp::FromSeconds(1735689600) + Duration::Hours(hours) + Duration::Minutes(minutes);
}

// The caller feeds a source: one chunk per arrival, here lines with their event time. The
// offsets of a memory source count chunks.
void Feed(SourceData& lines, const ManualClock& clock, const std::vector<std::pair<const char*, Timestamp>>& rows) {
  SourceData::Chunk chunk;
  chunk.arrival = clock.Now();
  for (const auto& [text, event_time] : rows) chunk.rows.push_back({Value::String(text), Value::Ts(event_time)});
  lines.chunks.push_back(std::move(chunk));
}

// writeStream.format("console").option("truncate", false): each batch as Spark prints it.
Status PrintBatch(const SinkBatch& batch) {
  std::cout << ConsoleBatch(batch.batch_id, batch.columns, batch.rows, 20, /*truncate=*/0);
  return Status::Ok();
}

int Fail(const Status& st) {
  std::cerr << st.ToString() << "\n";
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  namespace fs = std::filesystem;
  const fs::path dir = argc > 1 ? argv[1] : "structured_word_count_api.checkpoint";
  std::error_code ec;
  fs::remove_all(dir, ec);

  // spark.readStream: an input named "lines" with its schema. The caller owns the sources
  // and feeds them; queries read them between offsets.
  Result<Schema> schema = tideline::ParseSchema("value STRING, timestamp TIMESTAMP");
  if (!schema.ok()) return Fail(schema.status());
  Sources sources;
  SourceData& lines = sources.inputs["lines"];
  lines.name = "lines";
  lines.type = "memory";
  lines.schema = *schema;

  // lines.select(explode(split($"value", " ")).as("word"), $"timestamp")
  const DataFrame words = DataFrame::Source("lines", *schema, /*streaming=*/true)
                              .SelectExpr({"explode(split(value, ' ')) AS word", "timestamp"});
  // words.withWatermark("timestamp", "10 minutes")
  //      .groupBy(window($"timestamp", "10 minutes", "5 minutes"), $"word").count()
  const DataFrame windowed_counts = words.WithWatermark("timestamp", "10 minutes")
                                        .GroupBy({"window(timestamp, '10 minutes', '5 minutes') AS window", "word"})
                                        .Agg({"count(*) AS count"});
  // An analysis error stays in the DataFrame; it would come back from Start.
  if (!windowed_counts.ok()) return Fail(windowed_counts.status());

  ManualClock clock(At(12, 5));
  StreamingQueryManager streams;  // spark.streams
  CallbackSink console("ConsoleSink", PrintBatch);
  MemorySink totals_sink;

  // 1. Spark's checks come back as a Status from Start, with Spark's message.
  {
    QueryOptions opts;
    opts.checkpoint_dir = (dir / "sorted").string();
    Result<StreamingQuery*> sorted = streams.Start(words.OrderBy({"word"}), opts, &sources, &console, &clock);
    std::cout << "orderBy in append mode: " << sorted.status().message() << "\n\n";
  }

  // 2. Two queries on one input: the windowed counts (update mode, printed) and the running
  //    totals per word (complete mode, into a memory sink).
  QueryOptions opts;
  opts.mode = OutputMode::kUpdate;
  opts.name = "windowedCounts";
  opts.checkpoint_dir = (dir / "windowed").string();
  Result<StreamingQuery*> windowed = streams.Start(windowed_counts, opts, &sources, &console, &clock);
  if (!windowed.ok()) return Fail(windowed.status());

  QueryOptions totals_opts;
  totals_opts.mode = OutputMode::kComplete;
  totals_opts.name = "totals";
  totals_opts.checkpoint_dir = (dir / "totals").string();
  Result<StreamingQuery*> totals =
      streams.Start(words.GroupBy({"word"}).Agg({"count(*) AS total"}), totals_opts, &sources, &totals_sink, &clock);
  if (!totals.ok()) return Fail(totals.status());

  Result<StreamingQuery*> again = streams.Start(windowed_counts, opts, &sources, &console, &clock);
  std::cout << "a second windowedCounts: " << again.status().message() << "\n";
  std::cout << "active queries:";
  for (const StreamingQuery* q : streams.active()) std::cout << ' ' << q->name();
  std::cout << "\n\n";

  // 3. Words arrive; each ProcessAllAvailable runs every batch that is due, for both queries:
  //    the batch with the new rows, then a no-data batch when the watermark moved and a
  //    window can be closed or evicted.
  clock.SetTime(At(12, 10));
  Feed(lines, clock, {{"dog owl", At(12, 7)}});
  if (Status st = streams.ProcessAllAvailable(); !st.ok()) return Fail(st);
  clock.SetTime(At(12, 15));
  Feed(lines, clock, {{"dog", At(12, 14)}, {"cat", At(12, 9)}});
  if (Status st = streams.ProcessAllAvailable(); !st.ok()) return Fail(st);
  clock.SetTime(At(12, 20));
  Feed(lines, clock, {{"cat", At(12, 15)}, {"dog", At(12, 8)}, {"owl", At(12, 13)}, {"owl", At(12, 21)}});
  if (Status st = streams.ProcessAllAvailable(); !st.ok()) return Fail(st);

  // The progress of each batch of this run, read by Spark's field names.
  const StreamingQuery* first_run = *windowed;
  for (const Progress& p : first_run->recent_progress()) {
    std::cout << "batch " << p.batch_id << ": " << p.num_input_rows << " input rows, watermark "
              << p.Get("eventTime.watermark").value_or(Value::Null()).ToDisplay() << ", state rows "
              << p.Get("stateOperators.0.numRowsTotal").value_or(Value::Null()).ToDisplay() << "\n";
  }

  // 4. Stop, then start the same query on the same checkpoint: it keeps its id, gets a new
  //    run id, and goes on from the committed offsets, state and watermark (12:11).
  (*windowed)->Stop();
  const Status terminated = streams.AwaitAnyTermination();
  std::cout << "\nawaitAnyTermination after the stop: " << (terminated.ok() ? "OK" : terminated.message()) << "\n";
  streams.ResetTerminated();
  Result<StreamingQuery*> restarted = streams.Start(windowed_counts, opts, &sources, &console, &clock);
  if (!restarted.ok()) return Fail(restarted.status());
  std::cout << "same id after the restart: " << ((*restarted)->id() == first_run->id() ? "yes" : "no")
            << ", new run id: " << ((*restarted)->run_id() != first_run->run_id() ? "yes" : "no") << "\n\n";

  // The donkey at 12:04 is late: both of its windows end at or before the watermark, so its
  // two window rows are dropped (numRowsDroppedByWatermark).
  clock.SetTime(At(12, 25));
  Feed(lines, clock, {{"owl", At(12, 17)}, {"donkey", At(12, 4)}});
  if (Status st = streams.ProcessAllAvailable(); !st.ok()) return Fail(st);

  // 5. The last progress as Spark's StreamingQueryProgress.json, and the totals of the
  //    complete-mode query, which counted the donkey (it has no watermark).
  std::cout << "last progress: " << (*restarted)->last_progress()->ToJson() << "\n\n";
  std::cout << "totals:\n" << ShowString({"word", "total"}, totals_sink.AllRows(), 20, 0) << "\n";

  fs::remove_all(dir, ec);
  return 0;
}
