#pragma once
// VerifyRun: the work behind Tools > Verify Idempotence. start() loads a scenario and runs
// verify::Verify (a clean run and one run per crash schedule, core/verify/verifier.h) on a
// worker thread; progressed() and finished() arrive queued in the GUI thread, and the
// result is an immutable snapshot the views share. A run cannot be stopped half-way (a
// lesson verifies in a second or two): the destructor waits for the worker. Lives in the
// GUI thread.

#include <QObject>
#include <QString>
#include <QStringList>
#include <memory>
#include <thread>

#include "core/verify/verifier.h"

namespace tideline::studio {

class VerifyRun : public QObject {
  Q_OBJECT

 public:
  explicit VerifyRun(QObject* parent = nullptr);
  ~VerifyRun() override;

  // Verifies the scenario at `path` (its inputs may also come from `allowed_paths`).
  // REQUIRES: called once.
  void start(const QString& path, const QStringList& allowed_paths = {});
  bool isRunning() const { return started_ && !done_; }
  QString path() const { return path_; }
  // After finished(): the result, or null with errorText() (FILE:LINE:COL: error: ...).
  std::shared_ptr<const verify::VerifyResult> result() const { return result_; }
  QString errorText() const { return error_; }

  // A verdict as the Studio writes it ("exactly-once", ...), translated.
  static QString verdictText(verify::Verdict v);
  // A batch as the matrix names it: "batch 3" (a query's batch id) or "5000 ms" (DStreams).
  static QString batchText(long long batch, bool dstream);

 signals:
  // `done` of `total` runs (the clean run and the schedules) have finished.
  void progressed(int done, int total);
  void finished();

 private:
  QString path_;
  std::thread worker_;
  bool started_ = false;
  bool done_ = false;
  std::shared_ptr<const verify::VerifyResult> result_;
  QString error_;
};

}  // namespace tideline::studio
