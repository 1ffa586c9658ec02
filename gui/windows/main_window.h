#pragma once
// MainWindow: the Studio's window, composed of panels around one
// StudioSession. The centre shows the gallery when nothing is open, the batch
// strip when a scenario is open, and the errors of a file that does not load;
// state, output, metrics and the lesson are docked. Time moves with the Go
// menu: Home, Left (previous step), Right (next step), End. Owns its session
// and panels. GUI thread only.

#include <QMainWindow>

class QAction;
class QLabel;
class QPlainTextEdit;
class QStackedWidget;

namespace tideline::studio {

class StudioSession;
class GalleryPanel;
class BatchStripPanel;
class StatePanel;
class OutputPanel;
class MetricsPanel;
class LessonPanel;

class MainWindow : public QMainWindow {
  Q_OBJECT

 public:
  explicit MainWindow(QWidget* parent = nullptr);
  ~MainWindow() override;

  StudioSession& session() { return *session_; }
  // Opens `path`; on errors the centre shows them. Returns whether it loaded.
  bool openScenario(const QString& path);
  // Shows the bundled scenarios (also what File > Gallery does).
  void showGallery();
  // Renders everything now (plots replot lazily otherwise), for screenshots.
  void renderNow();

 private:
  void createActions();
  void createDocks();
  void openRequested();
  void showError(const QString& text);
  void refreshAll();

  StudioSession* session_;
  QStackedWidget* centre_;
  GalleryPanel* gallery_;
  BatchStripPanel* strip_;
  QPlainTextEdit* errors_;
  StatePanel* state_;
  OutputPanel* output_;
  MetricsPanel* metrics_;
  LessonPanel* lesson_;
  QLabel* step_label_;
  QAction* start_action_ = nullptr;
  QAction* previous_action_ = nullptr;
  QAction* next_action_ = nullptr;
  QAction* end_action_ = nullptr;
};

}  // namespace tideline::studio
