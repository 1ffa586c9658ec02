#pragma once
// OutputPanel: what the outputs produced so far. For DStreams: the print()
// text as Spark prints it, every output operation that ran, and the rows of
// `collect` outputs. For a structured query: the console text Spark would
// print for each batch (its `Batch: N` tables), and the rows the sink got with
// the output mode (OutputModel). GUI thread only.

#include <QWidget>

class QPlainTextEdit;
class QTabWidget;

namespace tideline::studio {

class StudioSession;
class OutputModel;
class CollectedModel;

class OutputPanel : public QWidget {
  Q_OBJECT

 public:
  OutputPanel(const StudioSession& session, QWidget* parent = nullptr);
  void refresh();
  OutputModel* operationsModel() const { return outputs_; }
  CollectedModel* collectedModel() const { return collected_; }

 private:
  const StudioSession& session_;
  QTabWidget* tabs_;
  QPlainTextEdit* printed_;
  OutputModel* outputs_;
  CollectedModel* collected_;
};

}  // namespace tideline::studio
