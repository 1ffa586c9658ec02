#include "gui/session/verify_run.h"

#include <QCoreApplication>
#include <QMetaObject>

#include "core/scenario/model.h"

namespace tideline::studio {

VerifyRun::VerifyRun(QObject* parent) : QObject(parent) {}

VerifyRun::~VerifyRun() {
  if (worker_.joinable()) worker_.join();
}

void VerifyRun::start(const QString& path, const QStringList& allowed_paths) {
  Q_ASSERT(!started_);
  started_ = true;
  path_ = path;
  std::vector<std::string> allowed;
  for (const QString& d : allowed_paths) allowed.push_back(d.toStdString());
  // The worker owns its scenario and runs; it hands the outcome over through a queued
  // call, which Qt drops if this object is gone (the destructor joins first anyway).
  worker_ = std::thread([this, file = path.toStdString(), allowed = std::move(allowed)] {
    std::shared_ptr<const verify::VerifyResult> result;
    QString error;
    auto sc = scenario::LoadScenario(file);
    if (!sc.ok()) {
      error = QString::fromStdString(sc.status().ToString());
    } else {
      for (const std::string& d : allowed) sc->allowed_paths.push_back(d);
      verify::VerifyOptions opts;
      opts.progress = [this](int done, int total) {
        QMetaObject::invokeMethod(this, [this, done, total] { emit progressed(done, total); }, Qt::QueuedConnection);
      };
      auto r = verify::Verify(*sc, opts);
      if (r.ok()) result = std::make_shared<const verify::VerifyResult>(std::move(r).value());
      else error = QString::fromStdString(r.status().ToString());
    }
    QMetaObject::invokeMethod(
        this,
        [this, result, error] {
          result_ = result;
          error_ = error;
          done_ = true;
          emit finished();
        },
        Qt::QueuedConnection);
  });
}

QString VerifyRun::verdictText(verify::Verdict v) {
  switch (v) {
    case verify::Verdict::kExactlyOnce: return tr("exactly-once");
    case verify::Verdict::kAtLeastOnce: return tr("at-least-once");
    case verify::Verdict::kAtMostOnce: return tr("at-most-once");
    case verify::Verdict::kInconsistent: return tr("inconsistent");
  }
  return tr("inconsistent");
}

QString VerifyRun::batchText(long long batch, bool dstream) {
  return dstream ? tr("%1 ms").arg(batch) : tr("batch %1").arg(batch);
}

}  // namespace tideline::studio
