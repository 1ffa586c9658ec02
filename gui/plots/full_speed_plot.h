#pragma once
// FullSpeedPlot: the live charts of a run at full speed, over batch time (seconds
// from the start). A DStream pipeline: input rows per batch, and the real processing
// time of each batch in milliseconds. A structured query: input rows per second (of
// virtual time) and processed rows per second (of real time), and the rows held in
// state. setBatches() rebuilds the series from the snapshot's last batches (a few
// hundred points) and replots once, queued. Owns its QCustomPlot widgets. GUI thread only.

#include <QList>
#include <QWidget>
#include <vector>

#include "gui/session/full_speed_run.h"

class QCustomPlot;

namespace tideline::studio {

class FullSpeedPlot : public QWidget {
  Q_OBJECT

 public:
  explicit FullSpeedPlot(QWidget* parent = nullptr);

  // Shows `batches` (oldest first) as a DStream pipeline's or a structured query's.
  void setBatches(const std::vector<FullSpeedBatch>& batches, bool structured);
  QList<QCustomPlot*> plots() const { return {top_, bottom_}; }
  // Points in the first series of the top chart (tests).
  int pointCount() const;

 protected:
  void changeEvent(QEvent* event) override;

 private:
  void setStructured(bool structured);
  void applyLook();

  QCustomPlot* top_;
  QCustomPlot* bottom_;
  bool structured_ = false;
};

}  // namespace tideline::studio
