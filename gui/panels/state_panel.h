#pragma once
// StatePanel: one table per stateful stream seen in the trace so far (key,
// value, change of the current step highlighted), as tabs. GUI thread only.

#include <QWidget>
#include <vector>

class QTabWidget;
class QLabel;

namespace tideline::studio {

class StudioSession;
class StateModel;

class StatePanel : public QWidget {
  Q_OBJECT

 public:
  StatePanel(const StudioSession& session, QWidget* parent = nullptr);
  void refresh();
  // The model of the stream whose tab is shown, or null when there is none.
  StateModel* currentModel() const;

 private:
  const StudioSession& session_;
  QTabWidget* tabs_;
  QLabel* empty_;
  std::vector<StateModel*> models_;
};

}  // namespace tideline::studio
