#pragma once
// FullSpeedDialog: File > Run at Full Speed. Chooses the source (a text file, a
// directory, a socket host:port or a recording), how a text file's lines arrive (at
// the time in a CSV column, or at the system clock), the scenario whose pipeline runs
// (by default the open one) and the input the records go to. Remembers the last
// choices in QSettings. GUI thread only.

#include <QDialog>

#include "gui/session/full_speed_run.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace tideline::studio {

class FullSpeedDialog : public QDialog {
  Q_OBJECT

 public:
  explicit FullSpeedDialog(QWidget* parent = nullptr);

  // Fills the fields; an empty scenario keeps the one shown.
  void setConfig(const FullSpeedConfig& config);
  // What the fields say.
  FullSpeedConfig config() const;
  // Why the fields cannot run (no path, no scenario, a bad host:port), or empty.
  QString problem() const;

  void accept() override;

 private:
  void sourceChanged();
  void scenarioChanged();
  void browseSource();
  void browseScenario();

  QComboBox* source_;
  QLineEdit* path_;
  QPushButton* browse_;
  QLineEdit* address_;
  QComboBox* arrival_;
  QSpinBox* column_;
  QLineEdit* scenario_;
  QComboBox* input_;
  QLabel* problem_;
};

}  // namespace tideline::studio
