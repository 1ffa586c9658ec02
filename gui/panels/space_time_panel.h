#pragma once
// SpaceTimePanel: a structured query's rows in space and time
// (SpaceTimePlot) above the table of the same rows (RecordsModel: event time,
// batch, what happened and why). Both follow the session's time and take part
// in the linked selection. GUI thread only.

#include <QWidget>

class QTableView;

namespace tideline::studio {

class RecordsModel;
class SpaceTimePlot;
class StudioSession;

class SpaceTimePanel : public QWidget {
  Q_OBJECT

 public:
  SpaceTimePanel(const StudioSession& session, QWidget* parent = nullptr);
  void refresh();
  SpaceTimePlot* plot() const { return plot_; }
  RecordsModel* recordsModel() const { return model_; }

 private:
  SpaceTimePlot* plot_;
  RecordsModel* model_;
  QTableView* view_;
};

}  // namespace tideline::studio
