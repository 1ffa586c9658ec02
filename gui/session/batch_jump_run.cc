#include "gui/session/batch_jump_run.h"

#include <QMetaObject>
#include <exception>
#include <utility>

#include "core/replay/batch_jump.h"
#include "core/time/clock.h"

namespace tideline::studio {

BatchJumpRun::BatchJumpRun(BatchJumpRequest request, QObject* parent)
    : QObject(parent), request_(std::move(request)) {}

BatchJumpRun::~BatchJumpRun() {
  cancel_ = true;
  if (worker_.joinable()) worker_.join();
}

void BatchJumpRun::start() {
  if (started_) return;
  started_ = true;
  worker_ = std::thread([this] { work(); });
}

// The worker: the engine is made and destroyed inside JumpToBatch.
void BatchJumpRun::work() {
  auto detail = std::make_shared<BatchDetail>();
  detail->batch = request_.batch;
  const int64_t wall0 = SystemClock::MonotonicMicros();
  try {
    trace::Recorder recorder;
    replay::JumpRequest r;
    r.scenario = request_.scenario.toStdString();
    r.recording = request_.recording.toStdString();
    r.keyframes = request_.keyframes.toStdString();
    r.batch = request_.batch;
    r.with_arrivals = true;
    const replay::JumpResult jump = replay::JumpToBatch(r, &recorder, &cancel_);
    if (!jump.status.ok()) detail->error = QString::fromStdString(jump.status.message());
    else detail->events = recorder.events();
    while (detail->batchBegin < detail->events.size() &&
           detail->events[detail->batchBegin].kind != trace::EventKind::kBatchStarted)
      ++detail->batchBegin;
    if (jump.from) {
      detail->fromKeyframe = QString::fromStdString(jump.from->dir);
      detail->fromBatch = jump.from->batch;
    }
  } catch (const std::exception& e) {  // nothing may escape the thread (out of memory)
    detail->error = QString::fromUtf8(e.what());
  }
  detail->wallMs = static_cast<double>(SystemClock::MonotonicMicros() - wall0) / 1e3;
  std::shared_ptr<const BatchDetail> done = std::move(detail);
  QMetaObject::invokeMethod(this, [this, done] {
    result_ = done;
    emit finished();
  }, Qt::QueuedConnection);
}

}  // namespace tideline::studio
