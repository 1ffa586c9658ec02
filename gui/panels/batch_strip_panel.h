#pragma once
// BatchStripPanel: a DStream run in the centre of the window. On top, the
// pipeline's graph with the latest batch's counts on its edges; under it, the
// "Picture" tab draws every input and stream over the batch-time axis with
// the windows as brackets (DStreamDiagram), and the "Table" tab holds the
// batches of a chosen stream as columns of their records and, for a windowed
// stream, its windows (batch, range, batches covered, entered, left; hidden for
// a stream that has no window in the whole run). refresh() follows the
// session's time. GUI thread only.

#include <QWidget>

class QComboBox;
class QLabel;
class QScrollArea;
class QTableView;
class QTabWidget;

namespace tideline::studio {

class StudioSession;
class BatchStripModel;
class DStreamDiagram;
class PipelineGraph;
class WindowModel;

class BatchStripPanel : public QWidget {
  Q_OBJECT

 public:
  BatchStripPanel(const StudioSession& session, QWidget* parent = nullptr);
  // Lists the session's streams (a new scenario was opened).
  void reload();
  void refresh();
  void setStream(const QString& stream);
  DStreamDiagram* diagram() const { return diagram_; }
  PipelineGraph* graph() const { return graph_; }

 private:
  const StudioSession& session_;
  QComboBox* streams_;
  BatchStripModel* strip_model_;
  WindowModel* window_model_;
  QTableView* strip_view_;
  QLabel* window_label_;
  QTableView* window_view_;
  QWidget* windows_ = nullptr;  // the label and the windows table
  PipelineGraph* graph_;
  DStreamDiagram* diagram_;
  QScrollArea* diagram_scroll_;
  QTabWidget* tabs_;
};

}  // namespace tideline::studio
