#pragma once
// BatchStripPanel: the batches of a chosen DStream as columns of their
// records, and, for a windowed stream, its windows (batch, range, batches
// covered, entered, left); the windows table is hidden for a stream that has
// no window in the whole run. refresh() follows the session's time. GUI
// thread only.

#include <QWidget>

class QComboBox;
class QLabel;
class QTableView;

namespace tideline::studio {

class StudioSession;
class BatchStripModel;
class WindowModel;

class BatchStripPanel : public QWidget {
  Q_OBJECT

 public:
  BatchStripPanel(const StudioSession& session, QWidget* parent = nullptr);
  // Lists the session's streams (a new scenario was opened).
  void reload();
  void refresh();
  void setStream(const QString& stream);

 private:
  const StudioSession& session_;
  QComboBox* streams_;
  BatchStripModel* strip_model_;
  WindowModel* window_model_;
  QTableView* strip_view_;
  QLabel* window_label_;
  QTableView* window_view_;
  QWidget* windows_ = nullptr;  // the label and the windows table
};

}  // namespace tideline::studio
