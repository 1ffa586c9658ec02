#pragma once
// OutputPanel: what the outputs produced so far. For DStreams: the print()
// text as Spark prints it, every output operation that ran, and the rows of
// `collect` outputs. For a structured query: the console text Spark would
// print for each batch (its `Batch: N` tables), and the rows the sink got with
// the output mode (OutputModel). A sink row or a collected row can be explained ("Why
// this row?": the button, or the rows' context menu): ExplainRowDialog lists the input
// records that made it. GUI thread only.

#include <QWidget>

class QPlainTextEdit;
class QPushButton;
class QTabWidget;
class QTableView;

namespace tideline::studio {

class StudioSession;
class ExplainRowDialog;
class OutputModel;
class CollectedModel;

class OutputPanel : public QWidget {
  Q_OBJECT

 public:
  OutputPanel(const StudioSession& session, QWidget* parent = nullptr);
  void refresh();
  OutputModel* operationsModel() const { return outputs_; }
  CollectedModel* collectedModel() const { return collected_; }
  QTabWidget* tabs() const { return tabs_; }
  QPushButton* explainButton() const { return explain_; }
  // Opens "why this row?" for the selected sink or collected row (non-modal, deleted when
  // closed) and returns it; null when no output row is selected.
  ExplainRowDialog* explainSelectedRow();

 private:
  // The table of the current tab when it lists output rows, else null.
  QTableView* rowsView() const;
  void updateExplain();

  const StudioSession& session_;
  QTabWidget* tabs_;
  QPlainTextEdit* printed_;
  OutputModel* outputs_;
  CollectedModel* collected_;
  QPushButton* explain_;
};

}  // namespace tideline::studio
