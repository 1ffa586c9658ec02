#pragma once
// LessonPanel: the scenario's summary and the current `note`, rendered as
// markdown, and the scenario's source with the current step highlighted. GUI
// thread only.

#include <QFont>
#include <QString>
#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QTabWidget;
class QTextBrowser;

namespace tideline::studio {

class StudioSession;

class LessonPanel : public QWidget {
  Q_OBJECT

 public:
  LessonPanel(const StudioSession& session, QWidget* parent = nullptr);
  void refresh();
  // A file that did not open: its source in the Source tab (raised) with the error's line
  // highlighted and in view, and the error as the lesson text. `line` 0: no line known.
  void showFileError(const QString& path, int line, const QString& error);
  // The line highlighted in the Source tab (1-based), or 0.
  int highlightedLine() const { return highlighted_line_; }

 protected:
  void changeEvent(QEvent* event) override;

 private:
  void showSource();

  const StudioSession& session_;
  QTabWidget* tabs_;
  QTextBrowser* text_;
  QPlainTextEdit* source_;
  QLabel* stale_;  // says when batches ran after the note shown
  QString source_path_;  // the file source_ shows
  QString shown_markdown_;  // what text_ shows, and with which font
  QFont shown_font_;
  int highlighted_line_ = 0;
};

}  // namespace tideline::studio
