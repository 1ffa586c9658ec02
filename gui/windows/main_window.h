#pragma once
// MainWindow: the Studio's window, composed of panels around one
// StudioSession. The centre shows the gallery when nothing is open, the batch
// strip when a DStream scenario is open, the space-time plot and its rows
// when a structured query is, and the errors (FILE:LINE:COL) of a file that
// does not load; state, output, metrics and the lesson are docked (the state
// dock only for a run that has state). Time moves
// with the Go menu and the time toolbar (NavigationActions, TimelinePanel,
// Player). Scenarios open from the command line, File > Open, File > Open
// Recent, the gallery or by dropping a .yaml file on the window. Owns its
// session, player and panels. GUI thread only.

#include <QMainWindow>

class QDockWidget;
class QDragEnterEvent;
class QDropEvent;
class QLabel;
class QMenu;
class QMimeData;
class QPlainTextEdit;
class QStackedWidget;

namespace tideline::studio {

class Appearance;
class BatchStripPanel;
class SpaceTimePanel;
class FullSpeedPanel;
struct FullSpeedConfig;
class GalleryPanel;
class LessonPanel;
class MetricsPanel;
class NavigationActions;
class OutputPanel;
class Player;
class RecentFiles;
class StatePanel;
class StudioSession;
class TimelinePanel;
class TraceTableModel;

class MainWindow : public QMainWindow {
  Q_OBJECT

 public:
  // The tables File > Export can write as CSV.
  enum class Table { kOutputOperations, kCollectedRows, kState };

  explicit MainWindow(QWidget* parent = nullptr);
  ~MainWindow() override;

  StudioSession& session() { return *session_; }
  Player& player() { return *player_; }
  NavigationActions& navigation() { return *navigation_; }
  TimelinePanel& timeline() { return *timeline_; }
  RecentFiles& recentFiles() { return *recent_; }
  Appearance& appearance() { return *appearance_; }

  // Opens `path`; on errors the centre shows them. Returns whether it loaded.
  bool openScenario(const QString& path);
  // Shows the bundled scenarios (also what File > Gallery does).
  void showGallery();
  // Renders everything now (plots replot lazily otherwise), for screenshots.
  void renderNow();

  // The metrics charts as one PNG, PDF or SVG picture (by the suffix of `path`).
  bool exportPlot(const QString& path, QString* error);
  // The space-time plot of a structured query (an error for a DStream scenario).
  bool exportSpaceTimePlot(const QString& path, QString* error);
  // A table as CSV; kState is the stream shown in the State dock. Returns false
  // and sets `error` when there is no such table or the file cannot be written.
  bool exportTable(Table table, const QString& path, QString* error);
  // The table exportTable() would write, or null (no stateful stream yet).
  TraceTableModel* table(Table table) const;

  // Starts a run at full speed (File > Run at Full Speed) in the Full Speed dock,
  // made on first use; returns its panel.
  FullSpeedPanel* startFullSpeedRun(const FullSpeedConfig& config);
  // The Full Speed dock's panel, or null before the first run.
  FullSpeedPanel* fullSpeedPanel() const { return full_speed_; }

  // The scenario file in dragged or dropped data: its first local .yaml/.yml file, or empty.
  static QString scenarioPath(const QMimeData* data);

 protected:
  void dragEnterEvent(QDragEnterEvent* event) override;
  void dropEvent(QDropEvent* event) override;

 private:
  void createActions();
  void createDocks();
  void openRequested();
  void fullSpeedRequested();
  void exportPlotRequested(bool space_time = false);
  void exportTableRequested(Table table);
  void showError(const QString& text);
  void refreshAll();
  void appearanceChanged();

  StudioSession* session_;
  Player* player_;
  Appearance* appearance_;
  RecentFiles* recent_;
  QStackedWidget* centre_;
  GalleryPanel* gallery_;
  BatchStripPanel* strip_;
  SpaceTimePanel* space_time_;
  QPlainTextEdit* errors_;
  StatePanel* state_;
  OutputPanel* output_;
  MetricsPanel* metrics_;
  LessonPanel* lesson_;
  TimelinePanel* timeline_;
  NavigationActions* navigation_;
  QLabel* step_label_;
  QMenu* view_menu_ = nullptr;
  QDockWidget* lesson_dock_ = nullptr;
  QDockWidget* state_dock_ = nullptr;
  QDockWidget* metrics_dock_ = nullptr;
  FullSpeedPanel* full_speed_ = nullptr;
};

}  // namespace tideline::studio
