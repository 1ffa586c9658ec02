#pragma once
// BatchJumpRun: one batch of a recording run at full speed, shown in full: the run's
// nearest keyframe before it is replayed with the trace on (replay::JumpToBatch, as
// `tideline replay --keyframes KDIR --batch N` does) on a worker thread, and the batch's
// trace events are handed over as an immutable BatchDetail. The Studio's third bridge to
// the engine, beside StudioSession and FullSpeedRun.
//
// Made and used in the GUI thread; finished() is emitted there once the worker is done.
// It holds the run's directory (FullSpeedRun::workDirHandle()) until it is deleted, so the
// keyframes outlive the run it was asked of. The destructor cancels the worker and waits
// for it (it notices within one record).

#include <QObject>
#include <QString>
#include <atomic>
#include <memory>
#include <thread>
#include <vector>

#include "core/trace/trace.h"

class QTemporaryDir;

namespace tideline::studio {

// What to replay: the run's scenario, recording and keyframes, and the batch.
struct BatchJumpRequest {
  QString scenario;
  QString recording;
  QString keyframes;       // KDIR
  long long batch = 0;     // 0-based, as the run counted them
  std::shared_ptr<const QTemporaryDir> keepAlive;  // the directory KDIR is in
};

// The outcome of a jump. Immutable once handed over.
struct BatchDetail {
  long long batch = 0;
  // The record arrivals batch N reads, then its events from batchStarted to its batch event.
  std::vector<trace::Event> events;
  size_t batchBegin = 0;             // where in `events` its batchStarted is
  QString error;                     // why the jump failed, or empty
  QString fromKeyframe;              // the keyframe directory replayed from; empty: the start
  long long fromBatch = -1;          // the batch that keyframe was taken after; -1: the start
  double wallMs = 0;                 // real time the jump took
};

class BatchJumpRun : public QObject {
  Q_OBJECT

 public:
  explicit BatchJumpRun(BatchJumpRequest request, QObject* parent = nullptr);
  ~BatchJumpRun() override;

  const BatchJumpRequest& request() const { return request_; }
  // Starts the worker. REQUIRES: called once.
  void start();
  bool isRunning() const { return started_ && !result_; }
  // The outcome once finished() was emitted; null before.
  std::shared_ptr<const BatchDetail> result() const { return result_; }

 signals:
  void finished();

 private:
  void work();

  const BatchJumpRequest request_;
  std::thread worker_;
  std::atomic<bool> cancel_{false};
  bool started_ = false;
  std::shared_ptr<const BatchDetail> result_;  // GUI thread
};

}  // namespace tideline::studio
