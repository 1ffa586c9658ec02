#pragma once
// FullSpeedRun: a scenario's pipeline run at full speed on real input (a text file,
// a directory, a socket or a recording), on a worker thread, the Studio's second
// bridge to the engine besides StudioSession. A file or a recording runs as fast as
// the machine allows, in virtual time taken from the data; a directory, a socket, or
// a file read "at the system clock" runs on the system clock.
//
// The worker publishes an immutable FullSpeedSnapshot (progress, counters, the last
// keepBatches batches, the last print blocks) a few times a second; the GUI pulls the
// latest with snapshot(), which only copies a shared pointer (a mutex guards the
// pointer, never the work). finished() is emitted in the GUI thread once the worker
// is done (the end of the input, stop() or a failure).
//
// What the worker keeps, for the export (File > Export, exportFullSpeedRun()) and the
// summary: every batch's metrics as one FullSpeedBatch (56 bytes: 2,000 batches for 10
// million orders in 5-second batches take 112 kB, a million batches 56 MB), handed over
// in the final snapshot (history); running totals (FullSpeedTotals); and every print
// block (Spark's print() text, a structured query's console tables) streamed to
// output.txt in the run's own temporary directory, up to kOutputFileBytes, then cut with
// a note. Memory is otherwise bounded by the snapshot: the last keepBatches batches and
// the last print blocks. A recording's run keeps keyframes too (FullSpeedConfig::keyframes),
// on disk in the run's directory, bounded as `tideline replay --keyframes` bounds them
// (at most 32). The directory (workDir()) is removed when the run is deleted and no jump
// to a batch (BatchJumpRun) still reads it.
//
// Made and used in the GUI thread. The destructor asks the worker to stop and waits
// for it (it notices within one chunk of records or one batch); nothing else waits.

#include <QObject>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>
#include <atomic>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace tideline::studio {

// What to run: the source and the scenario whose pipeline runs over it.
struct FullSpeedConfig {
  enum class Source { kFile, kDirectory, kSocket, kRecording };
  Source source = Source::kFile;
  QString path;  // the file, the directory or the recording
  QString host = QStringLiteral("127.0.0.1");
  int port = 9999;
  // A text file: the 1-based CSV column holding each line's time (as `tideline record
  // file` reads it); 0: the lines arrive at the system clock as they are read.
  int timeColumn = 1;
  QString scenario;  // the scenario file whose pipeline runs
  QString input;     // the input records go to; empty: the only one (a recording: its own names)
  int keepBatches = 300;  // batches kept for the charts
  // A recording: keep keyframes (core/replay/keyframes.h) every keyframeEvery batches in
  // the run's directory, so that any batch can be replayed in detail (BatchJumpRun). The
  // run is then durable, as `tideline replay --keyframes` is.
  bool keyframes = true;
  int keyframeEvery = 64;
};

// One finished batch (a structured trigger), as the charts draw it.
struct FullSpeedBatch {
  double seconds = 0;       // batch time, seconds from the scenario's start (or the run's start, live)
  long long index = 0;      // batch number (structured: the batch id)
  long long inputRows = 0;
  long long outputRows = 0;
  long long stateRows = 0;
  double wallMs = 0;        // real time spent on it
  double virtualMs = 0;     // processing time of the cost model
};

// Totals over every batch of a run, kept as it goes (the summary at its end).
struct FullSpeedTotals {
  long long outputRows = 0;    // summed over the batches
  long long maxStateRows = 0;  // the largest state of any batch
  double maxWallMs = 0;        // the slowest batch
  double sumWallMs = 0;
  double meanWallMs(long long batches) const { return batches > 0 ? sumWallMs / static_cast<double>(batches) : 0.0; }
};

// What the worker has done so far. Immutable once published.
struct FullSpeedSnapshot {
  enum class State { kStarting, kRunning, kFinished, kStopped, kFailed };
  State state = State::kStarting;
  QString error;          // kFailed: why
  QString title;          // the scenario's title
  bool structured = false;
  bool live = false;      // records arrive at the system clock
  long long bytesRead = 0, bytesTotal = 0;  // bytesTotal 0: unknown (a socket, a directory)
  long long recordsRead = 0;                // records read from the source
  long long malformed = 0;                  // rejected by the input's format
  long long batches = 0;                    // batches the engine finished
  double elapsedSeconds = 0;
  double recordsPerSecond = 0;              // over the last second or so
  std::vector<FullSpeedBatch> recent;       // the last keepBatches batches, oldest first
  QString output;                           // the last print blocks (bounded)
  FullSpeedTotals totals;                   // over every batch so far
  // done(): every batch of the run, oldest first (null before the end).
  std::shared_ptr<const std::vector<FullSpeedBatch>> history;
  QString outputFile;                       // every print block so far, in the run's directory
  bool outputCut = false;                   // outputFile reached kOutputFileBytes and stops there
  QString keyframesDir;                     // a recording's keyframes (KDIR), or empty: none kept
  int keyframesKept = 0;
  int keyframeEvery = 0;                    // the spacing now (it doubles as keyframes thin out)

  // Records per second over the whole run.
  double meanRecordsPerSecond() const { return elapsedSeconds > 0 ? static_cast<double>(recordsRead) / elapsedSeconds : 0.0; }
  bool done() const { return state == State::kFinished || state == State::kStopped || state == State::kFailed; }
  // Bytes read of the file's size, 0..1; -1 when the size is unknown.
  double fraction() const { return bytesTotal > 0 ? static_cast<double>(bytesRead) / static_cast<double>(bytesTotal) : -1; }
};

class FullSpeedRun : public QObject {
  Q_OBJECT

 public:
  static constexpr long long kOutputFileBytes = 256LL << 20;  // outputFile stops there

  explicit FullSpeedRun(FullSpeedConfig config, QObject* parent = nullptr);
  ~FullSpeedRun() override;

  const FullSpeedConfig& config() const { return config_; }
  // Starts the worker. REQUIRES: called once.
  void start();
  // Asks the worker to stop; returns at once. finished() follows.
  void stop();
  bool isRunning() const { return started_ && !done_; }
  // The latest snapshot; never null.
  std::shared_ptr<const FullSpeedSnapshot> snapshot() const;
  // The run's own temporary directory (the output file, the keyframes); empty when none
  // could be made. It lives as long as the run or a holder of workDirHandle().
  QString workDir() const;
  std::shared_ptr<const QTemporaryDir> workDirHandle() const { return dir_; }

  // The input names of a scenario file (empty when it does not load).
  static QStringList inputNames(const QString& scenario);

 signals:
  void finished();

 private:
  void work();
  void publish(std::shared_ptr<const FullSpeedSnapshot> s);

  const FullSpeedConfig config_;
  std::shared_ptr<QTemporaryDir> dir_;  // removed with its last holder, after the worker
  std::thread worker_;
  std::atomic<bool> stop_{false};
  bool started_ = false;
  bool done_ = false;  // GUI thread: finished() was emitted
  mutable std::mutex mu_;  // guards latest_ only
  std::shared_ptr<const FullSpeedSnapshot> latest_;
};

}  // namespace tideline::studio
