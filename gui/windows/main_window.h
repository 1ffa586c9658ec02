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
#include <memory>
#include <optional>

#include "core/verify/verifier.h"

class QDockWidget;
class QDragEnterEvent;
class QDropEvent;
class QLabel;
class QMenu;
class QMimeData;
class QPlainTextEdit;
class QFileSystemWatcher;
class QStackedWidget;
class QTimer;

namespace tideline::studio {

class Appearance;
class BatchStripPanel;
class CompareWindow;
class CrashPanel;
struct CrashSchedule;
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
class VerifyDialog;

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
  OutputPanel* outputPanel() const { return output_; }
  RecentFiles& recentFiles() { return *recent_; }
  Appearance& appearance() { return *appearance_; }

  // Opens `path`; on errors the centre shows them. Returns whether it loaded.
  bool openScenario(const QString& path);
  // Closes the open scenario and shows the gallery (File > Gallery).
  void showGallery();
  // Opens the current file again (View > Reload, F5; also when the file changes on disk),
  // at the same step. Returns whether it loaded.
  bool reload();
  // The teacher's own lesson folders the gallery lists after the bundled lessons
  // (File > Add Lesson Folder), remembered across runs.
  QStringList lessonFolders() const;
  void addLessonFolder(const QString& dir);
  // The language of the lesson texts and of the Studio ("en", "ko"), remembered.
  void setLanguage(const QString& language);
  // Renders everything now (plots replot lazily otherwise), for screenshots.
  void renderNow();
  // The banner over the centre (a failed check, an error in the file) and the caption under
  // it (the current note, in presentation mode); tests read them.
  QLabel* banner() const { return banner_; }
  QLabel* caption() const { return caption_; }

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

  // Tools > Verify Idempotence: verifies the open scenario in a dialog of its own (made on
  // first use, started again each time) and returns it; null when nothing is open.
  VerifyDialog* verifyIdempotence();
  // Opens the run of schedule `schedule` of `result` (an index into result->cells) of the
  // scenario at `path`: the process crashes there, time stands at the crash, and the
  // Crash Run dock shows output `output` against the clean run. Returns whether it loaded.
  bool openCrashRun(const QString& path, std::shared_ptr<const verify::VerifyResult> result, int schedule, int output);
  // The Crash Run dock's panel, or null before the first crash run.
  CrashPanel* crashPanel() const { return crash_; }
  // File > Compare: the open scenario (A) and `b` side by side in a window of their own.
  // REQUIRES: a scenario is open.
  CompareWindow* compareWith(const QString& b);
  CompareWindow* compareWindow() const { return compare_; }

  // The scenario file in dragged or dropped data: its first local .yaml/.yml file, or empty.
  static QString scenarioPath(const QMimeData* data);

 signals:
  // The language changed: the Studio's own strings need a window built anew (main() does it).
  void languageChangeRequested(const QString& language);

 protected:
  void dragEnterEvent(QDragEnterEvent* event) override;
  void dropEvent(QDropEvent* event) override;

 private:
  void addBesideOutput(QWidget* panel, const QString& title, const QString& name);
  void raiseDockOf(QWidget* panel);
  void createActions();
  void createDocks();
  void openRequested();
  void addLessonFolderRequested();
  void reloadGallery();
  void watchFile();
  void fullSpeedRequested();
  void compareRequested();
  // Opens `path` with `crash` (a crash run) or without (a plain run).
  bool openRun(const QString& path, const std::optional<CrashSchedule>& crash);
  void exportPlotRequested(bool space_time = false);
  void exportTableRequested(Table table);
  void showError(const QString& text);
  void refreshAll();
  void appearanceChanged();
  // Presentation mode for a projector: the docks go (and come back on leaving), the window
  // fits its screen, the picture takes the room and the note becomes its caption.
  void setPresenting(bool on);
  void refreshBanner();
  void hideLessonDocks();  // the gallery has the window: no lesson's panels
  // The docks the open run needs: the lesson, metrics and output; state and checkpoint when it has them.
  void showDocksForRun();

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
  QLabel* banner_;
  QLabel* caption_;
  QWidget* caption_area_;  // scrolls a long caption
  bool presenting_ = false;
  QFileSystemWatcher* watcher_;
  QTimer* reload_timer_;  // a burst of changes to the file reloads it once
  QByteArray normal_state_;  // the docks and toolbars before presentation mode
  QRect normal_geometry_;
  QMenu* view_menu_ = nullptr;
  QDockWidget* lesson_dock_ = nullptr;
  QDockWidget* state_dock_ = nullptr;
  QDockWidget* metrics_dock_ = nullptr;
  FullSpeedPanel* full_speed_ = nullptr;
  VerifyDialog* verify_ = nullptr;
  CompareWindow* compare_ = nullptr;
  CrashPanel* crash_ = nullptr;
};

}  // namespace tideline::studio
