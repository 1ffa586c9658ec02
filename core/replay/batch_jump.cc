// A jump to one batch of a long replay (batch_jump.h).
#include "core/replay/batch_jump.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <span>
#include <vector>

#include "core/common/temp_dir.h"
#include "core/io/recording.h"
#include "core/replay/durable_dir.h"
#include "core/scenario/model.h"
#include "core/scenario/pipeline_feed.h"
#include "core/scenario/runner.h"

namespace tideline::replay {

namespace fs = std::filesystem;
using scenario::Scenario;

namespace {

// Forwards the events of one batch: from its batchStarted to its batch-finished event. The
// batch is known by its time (DStream) or its id (structured). With `arrivals`, the record
// arrivals the batch read go first: the latest arrivals before it, as many rows as its
// input rows (a resumed query is given its earlier records again; those are not the batch's).
struct OneBatch final : trace::Listener {
  OneBatch(trace::Listener* to, bool dstream, int64_t key, bool arrivals)
      : to(to), dstream(dstream), key(key), arrivals(arrivals) {}
  void OnEvent(const trace::Event& e) override {
    if (done) return;
    const bool ours = dstream ? e.batch_time.millis() == key : e.index == key;
    if (e.kind == trace::EventKind::kBatchStarted && ours) inside = true;
    if (!inside) {
      if (arrivals && e.kind == trace::EventKind::kRecordArrived) pending.push_back(e);
      if (e.kind == trace::EventKind::kBatchFinished) pending.clear();
      return;
    }
    if (arrivals) held.push_back(e);
    else to->OnEvent(e);
    if (e.kind == trace::EventKind::kBatchFinished && ours) {
      inside = false;
      done = true;
      if (arrivals) Flush(e.input_rows);
    }
  }
  // The arrivals of the batch's `rows` input rows, then its events.
  void Flush(int64_t rows) {
    size_t first = pending.size();
    for (int64_t n = 0; first > 0 && n < rows;) n += static_cast<int64_t>(pending[--first].values.size());
    for (size_t i = first; i < pending.size(); ++i) to->OnEvent(pending[i]);
    for (const trace::Event& h : held) to->OnEvent(h);
  }
  trace::Listener* to;
  bool dstream;
  int64_t key;
  bool arrivals;
  bool inside = false, done = false;
  std::vector<trace::Event> pending;  // arrivals since the last batch finished
  std::vector<trace::Event> held;     // the batch's events, until it has finished
};

JumpResult Fail(Status st, bool bad_input) {
  JumpResult r;
  r.status = std::move(st);
  r.bad_input = bad_input;
  return r;
}
JumpResult BadInput(std::string message) { return Fail(Status::InvalidArgument(std::move(message)), true); }
JumpResult RunError(std::string message) { return Fail(Status::Runtime(std::move(message)), false); }

bool Cancelled(const std::atomic<bool>* cancel) { return cancel && cancel->load(std::memory_order_relaxed); }

// A durable feed of `sc` in `dir` whose trace goes to `one` alone; what it prints is dropped.
Result<std::unique_ptr<scenario::PipelineFeed>> OpenJumpFeed(const Scenario& sc, const std::string& dir, OneBatch* one) {
  scenario::FeedOptions opts;
  opts.listeners.push_back(one);
  opts.output_dir = dir;
  opts.durable = true;
  opts.print_sink = [](const std::string&) {};
  opts.on_collect = [](const std::string&, Timestamp, const std::vector<Value>&) {};
  return scenario::PipelineFeed::Open(sc, std::move(opts));
}

// A DStream pipeline resumed from the keyframe copied into `dir`, fed from the recording's
// first record after the keyframe (found by bisecting the file, which is never read whole)
// until `one` has seen its batch.
JumpResult JumpDStream(const Scenario& sc, const JumpRequest& r, const std::string& dir, OneBatch* one,
                       const std::atomic<bool>* cancel) {
  if (auto st = OpenCheckpointDir(dir, sc, r.scenario, r.recording); !st.ok()) return BadInput(st.status().message());
  auto reader = io::RecordingReader::Open(r.recording);
  if (!reader.ok()) return BadInput(fmt::format("{}: error: {}", r.recording, reader.status().message()));
  auto feed = OpenJumpFeed(sc, dir, one);
  if (!feed.ok()) return BadInput(feed.status().ToString());
  scenario::PipelineFeed& f = **feed;
  Status st = f.Start(sc.start_time);
  if (st.ok() && f.resumed_at()) st = (*reader)->SkipTo((*f.resumed_at() - sc.start_time).millis() + 1);
  io::Arrival arr;
  int64_t last_t = 0;
  while (st.ok() && !one->done && (*reader)->Next(&arr)) {
    if (Cancelled(cancel)) return Fail(Status::IllegalState("the jump was cancelled"), false);
    st = f.Arrive(arr.input, sc.start_time + Duration::Millis(arr.t_ms), std::span<const Value>(&arr.data, 1));
    last_t = arr.t_ms;
  }
  if (st.ok()) st = (*reader)->error();
  if (st.ok() && !one->done) st = f.Finish(sc.start_time + Duration::Millis(last_t));
  if (!st.ok()) return RunError("error: " + st.message());
  return {};
}

// A structured query resumed from the keyframe copied into `dir` (or started there afresh):
// given every record again, arrivals at the same time and input as one chunk, as a durable
// replay that resumes is, until `one` has seen its batch.
JumpResult JumpStructured(const Scenario& sc, const JumpRequest& r, const std::string& dir, OneBatch* one,
                          const std::atomic<bool>* cancel) {
  auto rec = io::ReadRecording(r.recording);
  if (!rec.ok())
    return BadInput(rec.status().pos().known() ? rec.status().ToString()
                                               : fmt::format("{}: error: {}", r.recording, rec.status().message()));
  if (Status an = scenario::AnalyzePipeline(sc); !an.ok()) return BadInput(an.ToString());
  if (auto st = OpenCheckpointDir(dir, sc, r.scenario, r.recording); !st.ok()) return BadInput(st.status().message());
  auto feed = OpenJumpFeed(sc, dir, one);
  if (!feed.ok()) return BadInput(feed.status().ToString());
  scenario::PipelineFeed& f = **feed;
  Status st = f.Start(sc.start_time);
  if (!st.ok()) return BadInput(st.ToString());
  const std::vector<io::Arrival>& all = rec->arrivals;
  size_t i = 0;
  std::vector<Value> records;
  while (i < all.size() && st.ok() && !one->done) {
    if (Cancelled(cancel)) return Fail(Status::IllegalState("the jump was cancelled"), false);
    const io::Arrival& first = all[i];
    records.clear();
    for (; i < all.size() && all[i].t_ms == first.t_ms && all[i].input == first.input; ++i) records.push_back(all[i].data);
    st = f.Arrive(first.input, sc.start_time + Duration::Millis(first.t_ms), records);
  }
  if (st.ok() && !one->done) st = f.Finish(sc.start_time + Duration::Millis(all.empty() ? 0 : all.back().t_ms));
  if (!st.ok()) return RunError("error: " + st.message());
  return {};
}

}  // namespace

JumpResult JumpToBatch(const JumpRequest& r, trace::Listener* to, const std::atomic<bool>* cancel) {
  auto sc = scenario::LoadScenario(r.scenario);
  if (!sc.ok()) return BadInput(sc.status().ToString());
  if (r.batch < 0) return BadInput(fmt::format("{}: error: there is no batch {}: batches count from 0", r.recording, r.batch));
  const bool dstream = sc->api == scenario::Api::kDStream;
  std::optional<Keyframe> k = KeyframeBefore(r.keyframes, r.batch);
  // DStream batches come every interval (the first at the interval's first multiple after
  // the start, as RecurringTimer.getStartTime has it), so batch N's time follows from N.
  const int64_t iv = std::max<int64_t>(1, sc->batch_interval.millis());
  const int64_t first_ms = (Timestamp::FloorDiv(sc->start_time.millis(), iv) + 1) * iv;
  const int64_t key = !dstream ? r.batch : k ? k->time_ms + (r.batch - k->batch) * iv : first_ms + r.batch * iv;
  auto made = MakeTempDir("tideline-jump");
  if (!made.ok()) return BadInput(made.status().message());
  const RemoveOnExit scratch(*made);
  const fs::path tmp = fs::path(scratch.path()) / "run";
  if (k) {
    if (Status st = CopyKeyframe(*k, tmp.string()); !st.ok()) return BadInput(st.message());
  }
  OneBatch one(to, dstream, key, r.with_arrivals);
  JumpResult out = dstream ? JumpDStream(*sc, r, tmp.string(), &one, cancel)
                           : JumpStructured(*sc, r, tmp.string(), &one, cancel);
  if (out.status.ok() && !one.done)
    out = RunError(fmt::format("{}: error: the replay has no batch {}", r.recording, r.batch));
  out.from = k;
  return out;
}

}  // namespace tideline::replay
