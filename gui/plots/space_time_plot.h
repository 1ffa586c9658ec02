#pragma once
// SpaceTimePlot: a structured query's rows in space and time. Each row that
// has arrived by the current position is a point at (x: its arrival, y: its
// event time; the arrival time when the query has no event time at all; rows
// without an event time in a query that has one are left out). x is arrival
// time in seconds when arrival times differ across the run, else arrival order,
// with each batch as a vertical mark between the rows before and after it,
// labelled with its id on the top axis. The watermark is a step line: after
// each batch it steps to the watermark that batch left for the next one (the
// line starts at the first batch that sets one). Windows held in state are
// translucent bands from where they opened to where the watermark evicted them
// (grey once evicted). Points are coloured by what happened to the row (on
// time, late but counted, partly dropped, dropped: crossed out; hollow while
// waiting for a batch), shaped by input, ringed in amber when they arrived in
// the current step and in blue when linked to the selection. Hovering a
// point, a batch mark, the watermark or a band shows why (QueryTimeline's
// reasons); clicking a point selects its key, clicking a batch mark its batch.
// Axis ranges come from the whole run, so stepping keeps the frame still.
// refresh() rebuilds everything from the session's QueryTimeline and replots
// once. The session must outlive the plot. GUI thread only.

#include <QPointF>
#include <QVector>
#include <QWidget>

#include "gui/session/query_timeline.h"

class QCustomPlot;
class QMouseEvent;

namespace tideline::studio {

class StudioSession;

class SpaceTimePlot : public QWidget {
  Q_OBJECT

 public:
  explicit SpaceTimePlot(const StudioSession& session, QWidget* parent = nullptr);

  void refresh();
  void replotNow();
  QCustomPlot* plot() const { return plot_; }
  bool save(const QString& path, QString* error) const;

  // What is drawn, for tests: the watermark's steps (x, seconds since the
  // epoch), without the point that carries the last step to the right edge;
  // the points of rows with a fate; the batch marks' x.
  QVector<QPointF> watermarkSteps() const;
  QVector<QPointF> points(RecordFate fate) const;
  QVector<double> batchMarks() const;
  // The record (index in the session's query().records()) drawn nearest to
  // `pos` (widget pixels of plot()) within a few pixels, or -1; and the tooltip there.
  int recordAt(const QPoint& pos) const;
  QString toolTipAt(const QPoint& pos) const;
  // The y of a time (seconds since the epoch, as on the axis).
  static double yOf(Timestamp t);

 protected:
  void changeEvent(QEvent* event) override;

 private:
  void applyLook();
  void mouseMoved(QMouseEvent* event);
  void mousePressed(QMouseEvent* event);
  // The batch mark within a few pixels of `pos`, as its index in batch_marks_, or -1.
  int markAt(const QPoint& pos) const;

  const StudioSession& session_;
  QCustomPlot* plot_;
  struct Mark {
    double x;
    QVector<int64_t> ids;
    QVector<int> batches;  // indices in query().batches()
  };
  QVector<Mark> batch_marks_;
  QVector<int> drawn_;  // records drawn, as indices in query().records()
  bool cleared_ = false;  // emptied for a DStream run (or none) and drawn so
};

}  // namespace tideline::studio
