#include "gui/session/compare_session.h"

#include <algorithm>

#include "core/scenario/model.h"
#include "core/verify/diff.h"
#include "gui/session/studio_session.h"

namespace tideline::studio {

namespace {
QString qs(const std::string& s) { return QString::fromStdString(s); }
}  // namespace

CompareSession::CompareSession(QObject* parent)
    : QObject(parent), a_(new StudioSession(this)), b_(new StudioSession(this)) {}

bool CompareSession::isOpen() const { return a_->isOpen() && b_->isOpen(); }

bool CompareSession::open(const QString& a, const QString& b) {
  error_.clear();
  divergence_.clear();
  divergence_batch_ = -1;
  output_differences_.clear();
  batch_ = 0;
  for (auto [session, path] : {std::pair{a_, a}, std::pair{b_, b}}) {
    if (!session->open(path)) {
      error_ = session->errorText();
      a_->closeScenario();
      b_->closeScenario();
      return false;
    }
  }
  // The diff runs both again, trace on; the runs are deterministic, so it speaks of these.
  auto sa = scenario::LoadScenario(a.toStdString());
  auto sb = scenario::LoadScenario(b.toStdString());
  auto diff = sa.ok() && sb.ok() ? verify::DiffScenarios(*sa, *sb)
                                 : Result<verify::DiffResult>(sa.ok() ? sb.status() : sa.status());
  if (!diff.ok()) {
    divergence_ = tr("The runs cannot be compared: %1").arg(qs(diff.status().ToString()));
  } else if (diff->divergence) {
    const verify::Divergence& d = *diff->divergence;
    QString text = tr("First divergence: %1 in %2").arg(qs(d.kind), qs(d.batch));
    if (!d.where.empty()) text += tr(", %1").arg(qs(d.where));
    if (!d.key.empty()) text += tr(", key %1").arg(qs(d.key));
    text += QLatin1Char('\n') + tr("A: %1").arg(d.a.empty() ? tr("(nothing)") : qs(d.a).trimmed());
    text += QLatin1Char('\n') + tr("B: %1").arg(d.b.empty() ? tr("(nothing)") : qs(d.b).trimmed());
    divergence_ = text;
    const QString label = qs(d.batch);
    divergence_batch_ = batchNumber(*a_, label);
    if (divergence_batch_ < 0) divergence_batch_ = batchNumber(*b_, label);
    if (divergence_batch_ < 0) divergence_batch_ = batchCount();  // "end of run"
    for (const verify::OutputDiff& o : diff->outputs)
      if (o.differs) output_differences_ << tr("%1: %2").arg(qs(o.output), qs(o.batch));
  } else {
    divergence_ = tr("The runs are identical.");
  }
  place();
  emit opened();
  emit positionChanged(batch_);
  return true;
}

int CompareSession::batchNumber(const StudioSession& s, const QString& label) {
  const bool structured = s.isStructured();
  int n = 0;
  for (const trace::Event& e : s.fullTrace()) {
    if (e.kind != trace::EventKind::kBatchFinished) continue;
    ++n;
    const QString name = structured ? QStringLiteral("batch %1").arg(e.index)
                                    : QStringLiteral("%1 ms").arg(e.batch_time.millis());
    if (name == label) return n;
  }
  return -1;
}

int CompareSession::batchCount() const {
  return isOpen() ? std::max(a_->batchCount(), b_->batchCount()) : 0;
}

void CompareSession::place() {
  for (StudioSession* s : {a_, b_}) {
    if (batch_ == 0) s->goToStart();
    else if (batch_ < s->batchCount()) s->goToBatch(batch_);
    else s->goToEnd();
  }
}

void CompareSession::goToBatch(int k) {
  if (!isOpen()) return;
  k = std::clamp(k, 0, batchCount());
  if (k == batch_) return;
  batch_ = k;
  place();
  emit positionChanged(batch_);
}

bool CompareSession::nextBatch() {
  if (batch_ >= batchCount()) return false;
  goToBatch(batch_ + 1);
  return true;
}

bool CompareSession::previousBatch() {
  if (batch_ <= 0) return false;
  goToBatch(batch_ - 1);
  return true;
}

bool CompareSession::goToFirstDivergence() {
  if (identical()) return false;
  goToBatch(divergence_batch_);
  return true;
}

}  // namespace tideline::studio
