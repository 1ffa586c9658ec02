#pragma once
// StatePanel: one table per stateful stream or structured operator seen in
// the trace so far (key, value, the deadline when it has timeouts, and the
// change of the current step highlighted in its colour), each with a chart of
// its keys' values over the batches under it (StateChart), stacked top to
// bottom with their names, so every state can be compared at once. GUI
// thread only.

#include <QList>
#include <QWidget>
#include <vector>

class QLabel;
class QSplitter;

namespace tideline::studio {

class StudioSession;
class StateChart;
class StateModel;

class StatePanel : public QWidget {
  Q_OBJECT

 public:
  StatePanel(const StudioSession& session, QWidget* parent = nullptr);
  void refresh();
  // The model of the table last selected in (the first one until then), or null when there is none.
  StateModel* currentModel() const;
  // How a stream or operator is named above its table: "stateStoreSave (operator 0)" for "0 stateStoreSave".
  static QString title(const QString& stream);

 private:
  const StudioSession& session_;
  QSplitter* tables_;
  QLabel* empty_;
  QWidget* scroll_ = nullptr;  // scrolls the tables when they want more height than the dock has
  std::vector<StateModel*> models_;
  std::vector<StateChart*> charts_;
  QList<int> applied_sizes_;  // the tables' heights last given to the splitter
  size_t current_ = 0;
};

}  // namespace tideline::studio
