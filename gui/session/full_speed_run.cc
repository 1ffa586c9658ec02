#include "gui/session/full_speed_run.h"

#include <QDir>
#include <QFile>
#include <QMetaObject>
#include <algorithm>
#include <chrono>
#include <deque>
#include <exception>
#include <tuple>
#include <utility>

#include "core/io/live_source.h"
#include "core/io/record_source.h"
#include "core/replay/durable_dir.h"
#include "core/replay/keyframes.h"
#include "core/scenario/model.h"
#include "core/scenario/pipeline_feed.h"
#include "core/time/clock.h"

namespace tideline::studio {

namespace {

constexpr size_t kChunkRecords = 4096;    // records read between two looks at the stop flag
constexpr int kPollMs = 20;               // how long a socket read waits for lines
constexpr int64_t kPublishMicros = 100000;  // a snapshot at most every 100 ms
constexpr int64_t kRateWindowMicros = 1000000;
constexpr size_t kPrintBlocks = 8;        // the last print blocks kept for the output view
constexpr int kPrintBlockChars = 4096;    // each cut to this length

QString qs(const std::string& s) { return QString::fromStdString(s); }

// What the worker keeps between snapshots: the last keepBatches batches and kPrintBlocks
// print blocks, every batch's metrics (the export) and totals; every print block goes
// to the output file (up to FullSpeedRun::kOutputFileBytes).
class Progress {
 public:
  Progress(size_t keep, const QString& output_file) : keep_(std::max<size_t>(1, keep)) {
    if (output_file.isEmpty()) return;
    out_.setFileName(output_file);
    if (!out_.open(QIODevice::WriteOnly)) return;
    output_file_ = output_file;
  }

  void addBatch(const FullSpeedBatch& b) {
    recent_.push_back(b);
    while (recent_.size() > keep_) recent_.pop_front();
    all_.push_back(b);
    totals_.outputRows += b.outputRows;
    totals_.maxStateRows = std::max(totals_.maxStateRows, b.stateRows);
    totals_.maxWallMs = std::max(totals_.maxWallMs, b.wallMs);
    totals_.sumWallMs += b.wallMs;
  }
  void addPrint(const std::string& text) {
    writeOutput(text);
    QString t = qs(text);
    if (t.size() > kPrintBlockChars) t = t.left(kPrintBlockChars) + QStringLiteral("\n[...]\n");
    prints_.push_back(std::move(t));
    while (prints_.size() > kPrintBlocks) prints_.pop_front();
    output_changed_ = true;
  }
  // Records per second over the last second or so.
  double rate(int64_t now_us, long long records) {
    samples_.emplace_back(now_us, records);
    while (samples_.size() > 2 && samples_[1].first <= now_us - kRateWindowMicros) samples_.pop_front();
    const auto& [t0, r0] = samples_.front();
    return now_us > t0 ? static_cast<double>(records - r0) * 1e6 / static_cast<double>(now_us - t0) : 0.0;
  }
  void fill(FullSpeedSnapshot* s) {
    s->recent.assign(recent_.begin(), recent_.end());
    if (output_changed_) {
      output_.clear();
      for (const QString& p : prints_) output_ += p;
      output_changed_ = false;
    }
    s->output = output_;
    s->totals = totals_;
    s->outputFile = output_file_;
    s->outputCut = cut_;
  }
  // The end of the run: every batch goes into the final snapshot.
  void finish(FullSpeedSnapshot* s) {
    out_.close();
    s->history = std::make_shared<const std::vector<FullSpeedBatch>>(std::move(all_));
    all_.clear();
  }

 private:
  void writeOutput(const std::string& text) {
    if (!out_.isOpen() || cut_) return;
    if (out_.size() + static_cast<qint64>(text.size()) > FullSpeedRun::kOutputFileBytes) {
      out_.write("\n[the output goes on; the export keeps its first 256 MB]\n");
      cut_ = true;
      return;
    }
    out_.write(text.data(), static_cast<qint64>(text.size()));
  }

  size_t keep_;
  std::vector<FullSpeedBatch> all_;
  FullSpeedTotals totals_;
  QFile out_;
  QString output_file_;
  bool cut_ = false;
  std::deque<FullSpeedBatch> recent_;
  std::deque<QString> prints_;
  QString output_;
  bool output_changed_ = false;
  std::deque<std::pair<int64_t, long long>> samples_;
};

}  // namespace

FullSpeedRun::FullSpeedRun(FullSpeedConfig config, QObject* parent)
    : QObject(parent),
      config_(std::move(config)),
      dir_(std::make_shared<QTemporaryDir>(QDir::tempPath() + QStringLiteral("/tideline-full-speed-XXXXXX"))),
      latest_(std::make_shared<FullSpeedSnapshot>()) {}

FullSpeedRun::~FullSpeedRun() {
  stop_ = true;
  if (worker_.joinable()) worker_.join();
}

void FullSpeedRun::start() {
  if (started_) return;
  started_ = true;
  worker_ = std::thread([this] { work(); });
}

void FullSpeedRun::stop() { stop_ = true; }

QString FullSpeedRun::workDir() const { return dir_->isValid() ? dir_->path() : QString(); }

std::shared_ptr<const FullSpeedSnapshot> FullSpeedRun::snapshot() const {
  std::lock_guard<std::mutex> lock(mu_);
  return latest_;
}

void FullSpeedRun::publish(std::shared_ptr<const FullSpeedSnapshot> s) {
  std::lock_guard<std::mutex> lock(mu_);
  latest_ = std::move(s);
}

QStringList FullSpeedRun::inputNames(const QString& scenario) {
  QStringList out;
  auto sc = scenario::LoadScenario(scenario.toStdString());
  if (sc.ok())
    for (const auto& in : sc->inputs) out << qs(in.name);
  return out;
}

// The worker: everything the engine touches is made and destroyed here.
void FullSpeedRun::work() {
  using State = FullSpeedSnapshot::State;
  SystemClock clock;
  const int64_t wall0 = SystemClock::MonotonicMicros();
  FullSpeedSnapshot draft;  // the worker's copy; published as immutable copies
  const QString dir = workDir();
  Progress progress(static_cast<size_t>(std::max(1, config_.keepBatches)),
                    dir.isEmpty() ? QString() : dir + QStringLiteral("/output.txt"));
  int64_t last_publish = 0;
  auto publishDraft = [&](bool force) {
    const int64_t now = SystemClock::MonotonicMicros();
    if (!force && now - last_publish < kPublishMicros) return;
    last_publish = now;
    draft.elapsedSeconds = static_cast<double>(now - wall0) / 1e6;
    draft.recordsPerSecond = progress.rate(now, draft.recordsRead);
    progress.fill(&draft);
    publish(std::make_shared<const FullSpeedSnapshot>(draft));
  };
  // The engine, its source and its scenario live in this scope: they are gone before
  // finished() is posted.
  using Outcome = std::pair<State, QString>;
  auto run = [&]() -> Outcome {
    auto sc = scenario::LoadScenario(config_.scenario.toStdString());
    if (!sc.ok()) return Outcome(State::kFailed, qs(sc.status().ToString()));
    draft.title = qs(sc->title);
    draft.structured = sc->api == scenario::Api::kStructured;

    const std::string input = config_.input.toStdString();
    Result<std::unique_ptr<io::RecordSource>> src = Status::InvalidArgument("no source");
    switch (config_.source) {
      case FullSpeedConfig::Source::kFile: {
        io::TextFileOptions o;
        o.input = input;
        o.time_column = std::max(0, config_.timeColumn);
        o.start = sc->start_time;
        o.clock = &clock;
        src = io::RecordSource::TextFile(config_.path.toStdString(), o);
        break;
      }
      case FullSpeedConfig::Source::kRecording:
        src = io::RecordSource::Recording(config_.path.toStdString(), sc->start_time);
        break;
      case FullSpeedConfig::Source::kDirectory:
      case FullSpeedConfig::Source::kSocket: {
        auto live = config_.source == FullSpeedConfig::Source::kDirectory
                        ? io::LiveSource::Directory(config_.path.toStdString())
                        : io::LiveSource::Socket(config_.host.toStdString(), config_.port);
        if (!live.ok()) return Outcome(State::kFailed, qs(live.status().message()));
        src = io::RecordSource::Live(std::move(*live), input, clock);
        break;
      }
    }
    if (!src.ok()) return Outcome(State::kFailed, qs(src.status().message()));
    io::RecordSource& source = **src;
    draft.live = source.live();
    draft.bytesTotal = source.bytes_total();

    // Batch times are drawn from the scenario's start, or from the run's start on the system clock.
    const Timestamp origin = draft.live ? clock.Now() : sc->start_time;
    scenario::FeedOptions fo;
    // A recording keeps keyframes: a durable run in KDIR/run, a keyframe every K batches.
    std::unique_ptr<replay::KeyframeWriter> keyframes;
    Status keyframe_error;
    int64_t batches_done = 0;
    if (config_.source == FullSpeedConfig::Source::kRecording && config_.keyframes && !workDir().isEmpty()) {
      const std::string kdir = (workDir() + QStringLiteral("/keyframes")).toStdString();
      fo.output_dir = kdir + "/run";
      fo.durable = true;
      auto opened = replay::OpenCheckpointDir(fo.output_dir, *sc, config_.scenario.toStdString(), config_.path.toStdString());
      if (!opened.ok()) return Outcome(State::kFailed, qs(opened.status().message()));
      keyframes = std::make_unique<replay::KeyframeWriter>(kdir, config_.keyframeEvery);
      draft.keyframesDir = qs(kdir);
      draft.keyframeEvery = keyframes->every();
    }
    fo.print_sink = [&progress](const std::string& t) { progress.addPrint(t); };
    fo.on_batch = [&](const scenario::FeedBatch& b) {
      FullSpeedBatch p;
      p.seconds = static_cast<double>((b.batch_time - origin).micros()) / 1e6;
      p.index = b.index;
      p.inputRows = b.input_rows;
      p.outputRows = b.output_rows;
      p.stateRows = b.state_rows;
      p.wallMs = static_cast<double>(b.wall_time.micros()) / 1e3;
      p.virtualMs = static_cast<double>(b.processing_time.micros()) / 1e3;
      progress.addBatch(p);
      if (keyframes && keyframe_error.ok()) {
        keyframe_error = keyframes->AfterBatch(batches_done++, b.batch_time);
        draft.keyframesKept = keyframes->kept();
        draft.keyframeEvery = keyframes->every();
      }
    };
    fo.wall_clock = &clock;
    auto opened = scenario::PipelineFeed::Open(*sc, std::move(fo));
    if (!opened.ok()) return Outcome(State::kFailed, qs(opened.status().ToString()));
    scenario::PipelineFeed& feed = **opened;
    Status st = feed.Start(origin);
    if (!st.ok()) return Outcome(State::kFailed, qs(st.ToString()));
    draft.state = State::kRunning;
    publishDraft(true);

    std::vector<io::RecordRun> runs;
    Timestamp last = origin;
    while (!stop_) {
      runs.clear();
      st = source.Read(&runs, kChunkRecords, kPollMs);
      for (const io::RecordRun& r : runs) {
        if (!st.ok() || stop_) break;
        st = feed.Arrive(r.input, r.t, r.records);
        last = std::max(last, r.t);
      }
      if (st.ok() && draft.live) st = feed.AdvanceTo(clock.Now());
      draft.bytesRead = source.bytes_read();
      draft.recordsRead = source.records_read();
      draft.malformed = feed.malformed();
      draft.batches = feed.batches();
      if (st.ok() && !keyframe_error.ok()) st = keyframe_error;
      if (!st.ok() || source.ended()) break;
      // A directory is scanned, not waited on: pace it.
      if (runs.empty() && config_.source == FullSpeedConfig::Source::kDirectory)
        for (int i = 0; i < 5 && !stop_; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
      publishDraft(false);
    }
    if (st.ok() && stop_) return Outcome(State::kStopped, QString());
    if (st.ok()) st = feed.Finish(draft.live ? clock.Now() : last);
    if (st.ok() && !keyframe_error.ok()) st = keyframe_error;
    draft.malformed = feed.malformed();
    draft.batches = feed.batches();
    if (!st.ok()) return Outcome(State::kFailed, qs(st.message()));
    return Outcome(State::kFinished, QString());
  };
  try {
    std::tie(draft.state, draft.error) = run();
  } catch (const std::exception& e) {  // nothing may escape the thread (out of memory)
    draft.state = State::kFailed;
    draft.error = QString::fromUtf8(e.what());
  }
  progress.finish(&draft);
  publishDraft(true);
  QMetaObject::invokeMethod(this, [this] {
    done_ = true;
    emit finished();
  }, Qt::QueuedConnection);
}


}  // namespace tideline::studio
