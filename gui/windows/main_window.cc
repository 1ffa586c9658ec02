#include "gui/windows/main_window.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QDir>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QFontMetrics>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QStackedWidget>
#include <QSignalBlocker>
#include <QStatusBar>
#include <QToolBar>
#include <QUrl>
#include <algorithm>

#include "gui/models/collected_model.h"
#include "gui/models/csv.h"
#include "gui/models/output_model.h"
#include "gui/models/state_model.h"
#include "gui/panels/batch_strip_panel.h"
#include "gui/panels/full_speed_panel.h"
#include "gui/panels/gallery_panel.h"
#include "gui/panels/lesson_panel.h"
#include "gui/panels/metrics_panel.h"
#include "gui/panels/output_panel.h"
#include "gui/panels/space_time_panel.h"
#include "gui/panels/state_panel.h"
#include "gui/panels/timeline_panel.h"
#include "gui/plots/metrics_plot.h"
#include "gui/plots/plot_export.h"
#include "gui/plots/space_time_plot.h"
#include "gui/session/player.h"
#include "gui/session/studio_session.h"
#include "gui/windows/appearance.h"
#include "gui/windows/full_speed_dialog.h"
#include "gui/windows/navigation_actions.h"
#include "gui/windows/recent_files.h"

namespace tideline::studio {

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent),
      session_(new StudioSession(this)),
      player_(new Player(*session_, this)),
      appearance_(new Appearance(this)),
      recent_(new RecentFiles(this)),
      centre_(new QStackedWidget(this)),
      gallery_(new GalleryPanel(centre_)),
      strip_(new BatchStripPanel(*session_, centre_)),
      space_time_(new SpaceTimePanel(*session_, centre_)),
      errors_(new QPlainTextEdit(centre_)),
      state_(new StatePanel(*session_, this)),
      output_(new OutputPanel(*session_, this)),
      metrics_(new MetricsPanel(*session_, this)),
      lesson_(new LessonPanel(*session_, this)),
      timeline_(new TimelinePanel(*session_, *player_, this)),
      navigation_(new NavigationActions(*session_, *player_, this)),
      step_label_(new QLabel(this)) {
  setWindowTitle(tr("Tideline Studio"));
  setAcceptDrops(true);
  errors_->setObjectName(QStringLiteral("errorView"));
  errors_->setReadOnly(true);
  QFont fixed;  // the family only: the size follows the application's font
  fixed.setFamilies(QFontDatabase::systemFont(QFontDatabase::FixedFont).families());
  fixed.setStyleHint(QFont::Monospace);
  errors_->setFont(fixed);
  centre_->addWidget(gallery_);
  centre_->addWidget(strip_);
  centre_->addWidget(space_time_);
  centre_->addWidget(errors_);
  setCentralWidget(centre_);
  createDocks();
  createActions();
  step_label_->setObjectName(QStringLiteral("stepLabel"));
  statusBar()->addPermanentWidget(step_label_);

  connect(gallery_, &GalleryPanel::openRequested, this, &MainWindow::openScenario);
  connect(recent_, &RecentFiles::openRequested, this, &MainWindow::openScenario);
  connect(session_, &StudioSession::positionChanged, this, &MainWindow::refreshAll);
  connect(session_, &StudioSession::scenarioOpened, strip_, &BatchStripPanel::reload);
  connect(appearance_, &Appearance::changed, this, &MainWindow::appearanceChanged);
  gallery_->load(StudioSession::bundledScenarioDir());
  refreshAll();
}

MainWindow::~MainWindow() = default;

void MainWindow::createActions() {
  QMenu* file = menuBar()->addMenu(tr("&File"));
  QAction* open = file->addAction(tr("&Open..."), this, &MainWindow::openRequested);
  open->setShortcut(QKeySequence::Open);
  QMenu* recent = file->addMenu(tr("Open &Recent"));
  recent->setObjectName(QStringLiteral("recentMenu"));
  connect(recent, &QMenu::aboutToShow, this, [this, recent] { recent_->fillMenu(recent); });
  recent_->fillMenu(recent);
  file->addAction(tr("&Gallery"), this, &MainWindow::showGallery);
  file->addAction(tr("Run at &Full Speed..."), this, &MainWindow::fullSpeedRequested)
      ->setObjectName(QStringLiteral("fullSpeedAction"));
  file->addSeparator();
  QMenu* exports = file->addMenu(tr("&Export"));
  exports->addAction(tr("&Plot as PNG, PDF or SVG..."), this, [this] { exportPlotRequested(); });
  QAction* space_time = exports->addAction(tr("&Space-time plot as PNG, PDF or SVG..."), this,
                                           [this] { exportPlotRequested(true); });
  exports->addAction(tr("&Output operations as CSV..."), this,
                     [this] { exportTableRequested(Table::kOutputOperations); });
  exports->addAction(tr("&Collected rows as CSV..."), this, [this] { exportTableRequested(Table::kCollectedRows); });
  exports->addAction(tr("&State table as CSV..."), this, [this] { exportTableRequested(Table::kState); });
  connect(exports, &QMenu::aboutToShow, this, [this, exports, space_time] {
    for (QAction* a : exports->actions()) a->setEnabled(session_->isOpen());
    space_time->setEnabled(session_->isOpen() && session_->isStructured());
  });
  file->addSeparator();
  QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
  quit->setShortcut(QKeySequence::Quit);

  navigation_->addToMenu(menuBar()->addMenu(tr("&Go")));
  connect(navigation_->action(NavigationActions::kJumpToBatch), &QAction::triggered, timeline_,
          &TimelinePanel::focusBatch);

  view_menu_ = menuBar()->addMenu(tr("&View"));
  QAction* presentation = view_menu_->addAction(tr("&Presentation Mode"));
  presentation->setObjectName(QStringLiteral("presentationAction"));
  presentation->setCheckable(true);
  presentation->setShortcuts({QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P), QKeySequence(Qt::Key_F11)});
  presentation->setChecked(appearance_->presentation());
  connect(presentation, &QAction::toggled, appearance_, &Appearance::setPresentation);
  connect(appearance_, &Appearance::changed, presentation, [this, presentation] {
    const QSignalBlocker block(presentation);
    presentation->setChecked(appearance_->presentation());
  });
  QMenu* theme = view_menu_->addMenu(tr("&Theme"));
  auto* themes = new QActionGroup(this);
  auto add_theme = [&](const QString& text, Appearance::Theme t) {
    QAction* a = theme->addAction(text);
    a->setCheckable(true);
    a->setChecked(appearance_->theme() == t);
    themes->addAction(a);
    connect(a, &QAction::triggered, appearance_, [this, t] { appearance_->setTheme(t); });
    connect(appearance_, &Appearance::changed, a, [this, a, t] { a->setChecked(appearance_->theme() == t); });
  };
  add_theme(tr("&Light"), Appearance::Theme::kLight);
  add_theme(tr("&Dark"), Appearance::Theme::kDark);
  view_menu_->addSeparator();
  for (QDockWidget* d : findChildren<QDockWidget*>()) view_menu_->addAction(d->toggleViewAction());

  QToolBar* bar = addToolBar(tr("Time"));
  bar->setObjectName(QStringLiteral("timeToolBar"));
  bar->addAction(open);
  bar->addSeparator();
  navigation_->addToToolBar(bar);
  // The timeline gets a row of its own: the slider wants the whole width.
  addToolBarBreak();
  QToolBar* timeline = addToolBar(tr("Timeline"));
  timeline->setObjectName(QStringLiteral("timelineToolBar"));
  timeline->addWidget(timeline_);
  view_menu_->addAction(bar->toggleViewAction());
  view_menu_->addAction(timeline->toggleViewAction());
}

void MainWindow::appearanceChanged() {
  // A QDockWidget draws its title in the font it was made with, unless its own
  // font differs from the application's: give each dock a distinct copy.
  QFont dock_font = QApplication::font();
  dock_font.setStyleStrategy(QFont::PreferAntialias);
  for (QDockWidget* d : findChildren<QDockWidget*>()) d->setFont(dock_font);
  // Some widgets (the menu bar) keep their old size hint after a font change.
  for (QWidget* w : findChildren<QWidget*>()) w->updateGeometry();
  navigation_->updateIcons();
  // Toolbar icons grow with the font (they are drawn large and scaled down).
  const int icon = std::max(24, QFontMetrics(QApplication::font()).height() * 3 / 2);
  for (QToolBar* t : findChildren<QToolBar*>()) t->setIconSize(QSize(icon, icon));
  refreshAll();
}

void MainWindow::createDocks() {
  auto dock = [this](QWidget* w, const QString& title, const QString& name, Qt::DockWidgetArea area) {
    auto* d = new QDockWidget(title, this);
    d->setObjectName(name);
    d->setWidget(w);
    addDockWidget(area, d);
    return d;
  };
  QDockWidget* lesson = dock(lesson_, tr("Lesson"), QStringLiteral("lessonDock"), Qt::LeftDockWidgetArea);
  QDockWidget* state = dock(state_, tr("State"), QStringLiteral("stateDock"), Qt::RightDockWidgetArea);
  QDockWidget* metrics = dock(metrics_, tr("Metrics"), QStringLiteral("metricsDock"), Qt::RightDockWidgetArea);
  lesson_dock_ = lesson;
  state_dock_ = state;
  metrics_dock_ = metrics;
  QDockWidget* output = dock(output_, tr("Output"), QStringLiteral("outputDock"), Qt::BottomDockWidgetArea);
  resizeDocks({lesson, state}, {380, 420}, Qt::Horizontal);
  resizeDocks({state, metrics}, {300, 420}, Qt::Vertical);
  resizeDocks({output}, {230}, Qt::Vertical);
}

void MainWindow::openRequested() {
  const QString path = QFileDialog::getOpenFileName(this, tr("Open scenario"), StudioSession::bundledScenarioDir(),
                                                    tr("Scenarios (*.yaml *.yml)"));
  if (!path.isEmpty()) openScenario(path);
}

void MainWindow::fullSpeedRequested() {
  FullSpeedDialog dialog(this);
  FullSpeedConfig defaults = dialog.config();
  if (session_->isOpen()) defaults.scenario = session_->path();
  dialog.setConfig(defaults);
  if (dialog.exec() == QDialog::Accepted) startFullSpeedRun(dialog.config());
}

FullSpeedPanel* MainWindow::startFullSpeedRun(const FullSpeedConfig& config) {
  if (!full_speed_) {
    full_speed_ = new FullSpeedPanel(this);
    auto* d = new QDockWidget(tr("Full Speed"), this);
    d->setObjectName(QStringLiteral("fullSpeedDock"));
    d->setWidget(full_speed_);
    addDockWidget(Qt::BottomDockWidgetArea, d);
    if (auto* output = findChild<QDockWidget*>(QStringLiteral("outputDock"))) tabifyDockWidget(output, d);
    if (view_menu_) view_menu_->addAction(d->toggleViewAction());
  }
  auto* dock = qobject_cast<QDockWidget*>(full_speed_->parentWidget());
  dock->show();
  dock->raise();
  full_speed_->start(config);
  return full_speed_;
}

bool MainWindow::openScenario(const QString& path) {
  if (!session_->open(path)) {
    showError(session_->errorText());
    return false;
  }
  recent_->add(path);
  centre_->setCurrentWidget(session_->isStructured() ? static_cast<QWidget*>(space_time_) : strip_);
  // A run that never has state gets no state dock (View shows it again).
  const auto& run = session_->fullTrace();
  const bool has_state = std::any_of(run.begin(), run.end(), [](const trace::Event& e) {
    return e.kind == trace::EventKind::kStateChange;
  });
  state_dock_->setVisible(has_state);
  // State tables get the room they need; a query's four progress charts want a wider right column.
  if (has_state) resizeDocks({state_dock_, metrics_dock_}, {400, 330}, Qt::Vertical);
  const bool structured = session_->isStructured();
  resizeDocks({lesson_dock_, metrics_dock_}, {structured ? 330 : 380, structured ? 500 : 420}, Qt::Horizontal);
  setWindowTitle(tr("%1 - Tideline Studio").arg(session_->title()));
  return true;
}

void MainWindow::showGallery() {
  centre_->setCurrentWidget(gallery_);
}

void MainWindow::showError(const QString& text) {
  errors_->setPlainText(tr("This scenario cannot be opened:\n\n%1").arg(text));
  centre_->setCurrentWidget(errors_);
  setWindowTitle(tr("%1 - Tideline Studio").arg(QFileInfo(session_->path()).fileName()));
  refreshAll();
}

QString MainWindow::scenarioPath(const QMimeData* data) {
  if (!data || !data->hasUrls()) return {};
  for (const QUrl& url : data->urls()) {
    if (!url.isLocalFile()) continue;
    const QString suffix = QFileInfo(url.toLocalFile()).suffix().toLower();
    if (suffix == QLatin1String("yaml") || suffix == QLatin1String("yml")) return url.toLocalFile();
  }
  return {};
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
  if (!scenarioPath(event->mimeData()).isEmpty()) event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
  const QString path = scenarioPath(event->mimeData());
  if (path.isEmpty()) return;
  event->acceptProposedAction();
  openScenario(path);
}

TraceTableModel* MainWindow::table(Table table) const {
  switch (table) {
    case Table::kOutputOperations: return output_->operationsModel();
    case Table::kCollectedRows: return output_->collectedModel();
    case Table::kState: return state_->currentModel();
  }
  return nullptr;
}

bool MainWindow::exportPlot(const QString& path, QString* error) { return metrics_->save(path, error); }

bool MainWindow::exportSpaceTimePlot(const QString& path, QString* error) {
  if (!session_->isOpen() || !session_->isStructured()) {
    *error = tr("Only a structured query has a space-time plot.");
    return false;
  }
  return space_time_->plot()->save(path, error);
}

bool MainWindow::exportTable(Table which, const QString& path, QString* error) {
  const TraceTableModel* model = table(which);
  if (!model) {
    *error = tr("No stateful stream has changed yet: there is no state table to export.");
    return false;
  }
  return writeCsv(*model, path, error);
}

void MainWindow::exportPlotRequested(bool space_time) {
  QStringList filters;
  for (const QString& s : plotExportSuffixes()) filters << tr("%1 picture (*.%2)").arg(s.toUpper(), s);
  QString selected = filters.front();
  QString path = QFileDialog::getSaveFileName(this, tr("Export plot"), QFileInfo(session_->path()).baseName(),
                                              filters.join(QStringLiteral(";;")), &selected);
  if (path.isEmpty()) return;
  if (QFileInfo(path).suffix().isEmpty()) path += QLatin1Char('.') + plotExportSuffixes()[filters.indexOf(selected)];
  QString error;
  if (!(space_time ? exportSpaceTimePlot(path, &error) : exportPlot(path, &error))) {
    QMessageBox::warning(this, tr("Export plot"), error);
    return;
  }
  statusBar()->showMessage(tr("Saved %1").arg(QDir::toNativeSeparators(path)), 5000);
}

void MainWindow::exportTableRequested(Table which) {
  QString path = QFileDialog::getSaveFileName(this, tr("Export table as CSV"), QFileInfo(session_->path()).baseName(),
                                              tr("CSV files (*.csv)"));
  if (path.isEmpty()) return;
  if (QFileInfo(path).suffix().isEmpty()) path += QStringLiteral(".csv");
  QString error;
  if (!exportTable(which, path, &error)) {
    QMessageBox::warning(this, tr("Export table as CSV"), error);
    return;
  }
  statusBar()->showMessage(tr("Saved %1").arg(QDir::toNativeSeparators(path)), 5000);
}

void MainWindow::refreshAll() {
  strip_->refresh();
  space_time_->refresh();
  state_->refresh();
  output_->refresh();
  metrics_->refresh();
  lesson_->refresh();
  if (!session_->isOpen()) {
    step_label_->setText(tr("No scenario open"));
    statusBar()->clearMessage();
    return;
  }
  const int step = session_->currentStep();
  const int count = session_->stepCount();
  step_label_->setText(step == 0 ? tr("Step 0 of %1: before the first step").arg(count)
                                 : tr("Step %1 of %2: %3").arg(step).arg(count).arg(session_->stepKind(step)));
  QString status = tr("Checks: %1 passed, %2 failed").arg(session_->passedChecks()).arg(session_->failedChecks());
  if (!session_->failure().isEmpty()) status += QStringLiteral("  |  ") + session_->failure();
  statusBar()->showMessage(status);
}

void MainWindow::renderNow() {
  metrics_->replotNow();
  space_time_->plot()->replotNow();
  QApplication::processEvents();
}

}  // namespace tideline::studio
