#pragma once
// PipelineGraph: a small drawing of a DStream scenario's pipeline, as the
// Spark UI's DAG: inputs, streams (with their operations) and output
// operations, left to right by depth, each edge labelled with how many records
// its source generated in the latest finished batch. Painted with QPainter;
// follows the widget's font and palette. GUI thread only.

#include <QPixmap>
#include <QWidget>
#include <vector>

#include "gui/session/studio_session.h"

namespace tideline::studio {

class DStreamTimeline;

class PipelineGraph : public QWidget {
  Q_OBJECT

 public:
  explicit PipelineGraph(QWidget* parent = nullptr);
  // A new scenario's graph.
  void setGraph(std::vector<StreamNode> nodes);
  // The counts on the edges, from the run at the position.
  void setCounts(const DStreamTimeline& timeline);
  QSize sizeHint() const override;
  // As high as the graph, as narrow as asked: nodes shrink (their text elided) to the width.
  QSize minimumSizeHint() const override { return QSize(fontMetrics().averageCharWidth() * 20, sizeHint().height()); }
  // The nodes, edges and counts as text (tests).
  QString describe() const;

 protected:
  void paintEvent(QPaintEvent* event) override;
  void changeEvent(QEvent* event) override;

 private:
  struct Node {
    StreamNode stream;
    int depth = 0;
    int column = 0;  // the slot left to right: a depth with many nodes takes several
    int row = 0;
    int64_t count = -1;  // records in the latest finished batch, or -1
  };
  static constexpr int kMaxRows = 4;
  QFont graphFont() const;  // a little smaller than the widget's: the graph is an overview
  QRect nodeRect(const Node& n) const;
  int nodeWidth() const;  // what the widest text wants
  int fittedNodeWidth() const;  // that, or less so the graph fits the widget's width

  // The graph without its counts (nodes, names, operations, edges), and the counts over it.
  void paintGraph(QPainter& p) const;
  void paintCounts(QPainter& p) const;

  std::vector<Node> nodes_;
  // paintGraph() drawn once for a graph, size, font and palette: a step changes the counts only.
  QPixmap drawn_;
  QString drawn_for_;
  int graph_serial_ = 0;  // counts setGraph() calls
  int depths_ = 0;  // columns, in fact
  mutable int node_width_ = -1;  // nodeWidth(), measured once per graph and font
  int rows_ = 0;
};

}  // namespace tideline::studio
