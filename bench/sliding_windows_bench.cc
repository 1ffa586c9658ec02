// tideline-bench-sliding: the cost per row of a sliding-window aggregation as
// window / slide grows from 1 to 720, computed by panes (the engine's default) and by
// copying each row into every window (Spark's TimeWindowing), on the same synthetic
// stream; and a check that both give the same rows and the same state metrics.
//
//   tideline-bench-sliding [--rows N] [--keys K] [--batch B] [--check-rows C]
//
// Each row: key k (K keys), event time advancing 5 ms per row with up to 2 s of
// disorder, an INT value. Query: withWatermark(ts, 10 seconds), groupBy(k,
// window(ts, r * 5 seconds, 5 seconds)).agg(count, sum, max), append mode, batches of B
// rows. Copying costs r times more per row, so the copying runs read fewer rows
// (at least C) to keep the run short; the figures are per row.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <chrono>
#include <filesystem>
#include <iostream>
#include <random>

#include "core/structured/query.h"
#include "core/time/clock.h"
#include "core/value/schema.h"

using namespace tideline;
using namespace tideline::structured;

namespace {

namespace fs = std::filesystem;

struct RunResult {
  double seconds = 0;
  int64_t rows = 0;
  std::vector<SinkBatch> batches;
  std::vector<StateOperatorProgress> metrics;  // per batch
  int64_t peak_state_rows = 0;
};

std::vector<Row> MakeRows(int64_t n, int keys, uint32_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<Row> rows;
  rows.reserve(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) {
    int64_t t = std::max<int64_t>(0, i * 5 - static_cast<int64_t>(rng() % 2000));
    rows.push_back({Value::Int(static_cast<int64_t>(rng() % static_cast<uint64_t>(keys))), Value::Int(t),
                    Value::Int(static_cast<int64_t>(rng() % 1000))});
  }
  return rows;
}

Result<RunResult> RunOnce(const std::vector<Row>& all, int64_t rows, int64_t batch, int ratio, const std::string& method) {
  Sources sources;
  SourceData& in = sources.inputs["in"];
  in.name = "in";
  in.type = "memory";
  TL_ASSIGN_OR_RETURN(in.schema, ParseSchema("k INT, t BIGINT, v INT"));
  DataFrame df = DataFrame::Source("in", in.schema, true)
                     .SelectExpr({"k", "timestamp_millis(t) AS ts", "v"})
                     .WithWatermark("ts", "10 seconds")
                     .GroupBy({"k", fmt::format("window(ts, '{} seconds', '5 seconds') AS w", ratio * 5)})
                     .Agg({"count(*) AS n", "sum(v) AS s", "max(v) AS hi"});
  if (!df.ok()) return df.status();
  fs::path dir = fs::temp_directory_path() / fmt::format("tideline-bench-sliding-{}-{}", method, ratio);
  fs::remove_all(dir);
  QueryOptions opts;
  opts.mode = OutputMode::kAppend;
  opts.checkpoint_dir = dir.string();
  opts.config["tideline.slidingWindows"] = method;
  MemorySink sink;
  ManualClock clock;
  TL_ASSIGN_OR_RETURN(auto q, StreamingQuery::Start(df, opts, &sources, &sink, &clock));
  RunResult r;
  r.rows = rows;
  auto t0 = std::chrono::steady_clock::now();
  size_t seen = 0;
  for (int64_t i = 0; i < rows; i += batch) {
    int64_t end = std::min(rows, i + batch);
    in.chunks.push_back({std::vector<Row>(all.begin() + i, all.begin() + end), clock.Now(), "", Status::Ok()});
    TL_RETURN_IF_ERROR(q->ProcessAllAvailable());
    for (; seen < q->recent_progress().size(); ++seen) {
      const auto& ops = q->recent_progress()[seen].state_ops;
      if (!ops.empty()) {
        r.metrics.push_back(ops[0]);
        r.peak_state_rows = std::max(r.peak_state_rows, ops[0].total);
      }
    }
  }
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  r.batches = sink.batches();
  fs::remove_all(dir);
  return r;
}

bool Same(const RunResult& a, const RunResult& b, std::string* why) {
  if (a.batches.size() != b.batches.size()) {
    *why = fmt::format("{} vs {} batches", a.batches.size(), b.batches.size());
    return false;
  }
  for (size_t i = 0; i < a.batches.size(); ++i) {
    if (a.batches[i].rows != b.batches[i].rows) {
      *why = fmt::format("rows of batch {} differ", a.batches[i].batch_id);
      return false;
    }
  }
  if (a.metrics.size() != b.metrics.size()) {
    *why = "progress count differs";
    return false;
  }
  for (size_t i = 0; i < a.metrics.size(); ++i) {
    const auto &x = a.metrics[i], &y = b.metrics[i];
    if (x.total != y.total || x.updated != y.updated || x.removed != y.removed || x.dropped != y.dropped) {
      *why = fmt::format("state metrics of batch {} differ", i);
      return false;
    }
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Sliding windows: cost per row by panes and by row copying, window/slide from 1 to 720"};
  int64_t rows = 400000, batch = 10000, check_rows = 20000;
  int keys = 10;
  std::vector<int> ratios = {1, 2, 6, 12, 60, 180, 360, 720};
  app.add_option("--rows", rows, "rows per pane run")->check(CLI::PositiveNumber);
  app.add_option("--keys", keys, "distinct grouping keys")->check(CLI::PositiveNumber);
  app.add_option("--batch", batch, "rows per micro-batch")->check(CLI::PositiveNumber);
  app.add_option("--check-rows", check_rows, "rows of the equality check and the least for a copying run")
      ->check(CLI::PositiveNumber);
  app.add_option("--ratios", ratios, "window/slide ratios");
  CLI11_PARSE(app, argc, argv);

  std::vector<Row> all = MakeRows(std::max(rows, check_rows), keys, 7);
  fmt::print("{:>6}  {:>14}  {:>14}  {:>10}  {:>16}  {}\n", "ratio", "panes ns/row", "copies ns/row", "copies/panes",
             "peak state rows", "same rows and state metrics");
  for (int r : ratios) {
    auto p = RunOnce(all, rows, batch, r, "panes");
    int64_t copy_rows = std::max<int64_t>(check_rows, rows * 6 / std::max(r, 6));
    auto c = RunOnce(all, std::min(copy_rows, rows), batch, r, "copies");
    auto pc = RunOnce(all, check_rows, batch, r, "panes");
    auto cc = RunOnce(all, check_rows, batch, r, "copies");
    for (const auto* x : {&p, &c, &pc, &cc})
      if (!x->ok()) {
        std::cerr << "error: " << x->status().ToString() << "\n";
        return 1;
      }
    std::string why;
    bool same = Same(*pc, *cc, &why);
    double pn = p->seconds * 1e9 / static_cast<double>(p->rows);
    double cn = c->seconds * 1e9 / static_cast<double>(c->rows);
    fmt::print("{:>6}  {:>14.0f}  {:>14.0f}  {:>10.1f}  {:>16}  {}\n", r, pn, cn, cn / pn, p->peak_state_rows,
               same ? "yes" : "NO: " + why);
    std::fflush(stdout);
    if (!same) return 1;
  }
  return 0;
}
