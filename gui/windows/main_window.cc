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
#include <QHeaderView>
#include <QStackedWidget>
#include <QTableView>
#include <QSignalBlocker>
#include <QStatusBar>
#include <QToolBar>
#include <QRegularExpression>
#include <QFileSystemWatcher>
#include <QLocale>
#include <QScreen>
#include <QScrollArea>
#include <QSettings>
#include <QTimer>
#include <QUrl>
#include <QVBoxLayout>
#include <algorithm>

#include "gui/models/checkpoint_model.h"
#include "gui/models/collected_model.h"
#include "gui/models/csv.h"
#include "gui/models/output_model.h"
#include "gui/models/state_model.h"
#include "gui/panels/batch_strip_panel.h"
#include "gui/panels/crash_panel.h"
#include "gui/panels/full_speed_panel.h"
#include "gui/panels/gallery_panel.h"
#include "gui/panels/lesson_panel.h"
#include "gui/panels/linked_view.h"
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
#include "gui/session/verify_run.h"
#include "gui/windows/appearance.h"
#include "gui/windows/compare_window.h"
#include "gui/windows/full_speed_dialog.h"
#include "gui/windows/navigation_actions.h"
#include "gui/windows/recent_files.h"
#include "gui/windows/verify_dialog.h"

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
      step_label_(new QLabel(this)),
      banner_(new QLabel(this)),
      caption_(new QLabel(this)),
      caption_area_(nullptr),
      watcher_(new QFileSystemWatcher(this)),
      reload_timer_(new QTimer(this)) {
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
  auto* middle = new QWidget(this);
  auto* column = new QVBoxLayout(middle);
  column->setContentsMargins(0, 0, 0, 0);
  column->setSpacing(2);
  banner_->setObjectName(QStringLiteral("banner"));
  banner_->setWordWrap(true);
  banner_->setTextFormat(Qt::PlainText);
  banner_->setAutoFillBackground(true);
  banner_->setMargin(6);
  banner_->hide();
  caption_->setObjectName(QStringLiteral("caption"));
  caption_->setWordWrap(true);
  caption_->setTextFormat(Qt::MarkdownText);
  caption_->setMargin(8);
  caption_->setAlignment(Qt::AlignLeft | Qt::AlignTop);
  caption_->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Maximum);
  auto* caption_scroll = new QScrollArea(middle);
  caption_scroll->setObjectName(QStringLiteral("captionArea"));
  caption_scroll->setWidget(caption_);
  caption_scroll->setWidgetResizable(true);
  caption_scroll->setFrameShape(QFrame::NoFrame);
  caption_scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  caption_area_ = caption_scroll;
  caption_area_->hide();
  column->addWidget(banner_);
  column->addWidget(centre_, 1);
  column->addWidget(caption_area_);
  setCentralWidget(middle);
  createDocks();
  createActions();
  step_label_->setObjectName(QStringLiteral("stepLabel"));
  statusBar()->addPermanentWidget(step_label_);

  connect(gallery_, &GalleryPanel::openRequested, this, &MainWindow::openScenario);
  connect(recent_, &RecentFiles::openRequested, this, &MainWindow::openScenario);
  connect(session_, &StudioSession::positionChanged, this, &MainWindow::refreshAll);
  connect(session_, &StudioSession::scenarioOpened, strip_, &BatchStripPanel::reload);
  connect(appearance_, &Appearance::changed, this, &MainWindow::appearanceChanged);
  connect(session_, &StudioSession::scenarioClosed, strip_, &BatchStripPanel::reload);
  connect(session_, &StudioSession::languageChanged, this, [this] {
    reloadGallery();
    if (session_->isOpen()) setWindowTitle(tr("%1 - Tideline Studio").arg(session_->title()));
    refreshAll();
  });
  // An edited lesson reloads itself, at the same step; editors often write a file in
  // several steps (or replace it), so wait for the burst to end.
  reload_timer_->setSingleShot(true);
  reload_timer_->setInterval(300);
  connect(watcher_, &QFileSystemWatcher::fileChanged, reload_timer_, qOverload<>(&QTimer::start));
  connect(reload_timer_, &QTimer::timeout, this, [this] {
    if (QFileInfo::exists(session_->path())) reload();
  });
  session_->setLanguage(QSettings().value(QStringLiteral("language"), QLocale().name()).toString());
  reloadGallery();
  hideLessonDocks();
  refreshAll();
}

QStringList MainWindow::lessonFolders() const {
  return QSettings().value(QStringLiteral("lessonFolders")).toStringList();
}

void MainWindow::addLessonFolder(const QString& dir) {
  QStringList folders = lessonFolders();
  const QString path = QDir(dir).canonicalPath();
  if (path.isEmpty() || folders.contains(path) || path == StudioSession::bundledScenarioDir()) return;
  folders << path;
  QSettings().setValue(QStringLiteral("lessonFolders"), folders);
  reloadGallery();
}

void MainWindow::addLessonFolderRequested() {
  const QString dir = QFileDialog::getExistingDirectory(this, tr("Add Lesson Folder"));
  if (dir.isEmpty()) return;
  addLessonFolder(dir);
  showGallery();
}

void MainWindow::reloadGallery() {
  QStringList dirs{StudioSession::bundledScenarioDir()};
  for (const QString& f : lessonFolders())
    if (QFileInfo(f).isDir()) dirs << f;
  gallery_->load(dirs, session_->language());
}

void MainWindow::setLanguage(const QString& language) {
  QSettings().setValue(QStringLiteral("language"), language);
  session_->setLanguage(language);
  emit languageChangeRequested(session_->language());
}

void MainWindow::watchFile() {
  if (!watcher_->files().isEmpty()) watcher_->removePaths(watcher_->files());
  if (!session_->path().isEmpty() && QFileInfo::exists(session_->path())) watcher_->addPath(session_->path());
}

bool MainWindow::reload() {
  const QString path = session_->path();
  if (path.isEmpty()) return false;
  const int step = session_->currentStep();
  const bool ok = openRun(path, session_->crashSchedule());  // a crash run stays one
  if (ok) session_->goToStep(step);
  statusBar()->showMessage(ok ? tr("Reloaded %1").arg(QFileInfo(path).fileName())
                              : tr("%1 has errors").arg(QFileInfo(path).fileName()),
                           4000);
  return ok;
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
  file->addAction(tr("Add &Lesson Folder..."), this, &MainWindow::addLessonFolderRequested)
      ->setObjectName(QStringLiteral("addLessonFolderAction"));
  file->addAction(tr("Run at &Full Speed..."), this, &MainWindow::fullSpeedRequested)
      ->setObjectName(QStringLiteral("fullSpeedAction"));
  QAction* compare = file->addAction(tr("&Compare..."), this, &MainWindow::compareRequested);
  compare->setObjectName(QStringLiteral("compareAction"));
  compare->setToolTip(tr("Run another scenario beside the open one, in lock step"));
  connect(file, &QMenu::aboutToShow, this, [this, compare] { compare->setEnabled(session_->isOpen()); });
  file->addSeparator();
  QMenu* exports = file->addMenu(tr("&Export"));
  exports->addAction(tr("&Plot as PNG, PDF or SVG..."), this, [this] { exportPlotRequested(); });
  QAction* space_time = exports->addAction(tr("&Space-time plot as PNG, PDF or SVG..."), this,
                                           [this] { exportPlotRequested(true); });
  exports->addAction(tr("&Output operations as CSV..."), this,
                     [this] { exportTableRequested(Table::kOutputOperations); });
  exports->addAction(tr("&Collected rows as CSV..."), this, [this] { exportTableRequested(Table::kCollectedRows); });
  exports->addAction(tr("&State table as CSV..."), this, [this] { exportTableRequested(Table::kState); });
  // Shown while a run at full speed is shown; enabled once it has ended.
  QAction* full_speed = exports->addAction(tr("&Full-speed results as CSV..."), this, [this] {
    if (full_speed_) full_speed_->exportRequested();
  });
  full_speed->setObjectName(QStringLiteral("fullSpeedExportAction"));
  connect(exports, &QMenu::aboutToShow, this, [this, exports, space_time, full_speed] {
    for (QAction* a : exports->actions()) a->setEnabled(session_->isOpen());
    space_time->setEnabled(session_->isOpen() && session_->isStructured());
    full_speed->setVisible(full_speed_ && full_speed_->run());
    full_speed->setEnabled(full_speed_ && full_speed_->canExport());
  });
  file->addSeparator();
  QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
  quit->setShortcut(QKeySequence::Quit);

  navigation_->addToMenu(menuBar()->addMenu(tr("&Go")));
  connect(navigation_->action(NavigationActions::kJumpToBatch), &QAction::triggered, timeline_,
          &TimelinePanel::focusBatch);

  view_menu_ = menuBar()->addMenu(tr("&View"));
  QAction* reload_action = view_menu_->addAction(tr("&Reload"), this, &MainWindow::reload);
  reload_action->setObjectName(QStringLiteral("reloadAction"));
  reload_action->setShortcut(QKeySequence(Qt::Key_F5));
  QAction* arrival = view_menu_->addAction(tr("Space-Time Plot by &Arrival Order"));
  arrival->setObjectName(QStringLiteral("arrivalOrderAction"));
  arrival->setCheckable(true);
  arrival->setToolTip(tr("Rows by the order they arrived in instead of the virtual clock"));
  connect(arrival, &QAction::toggled, session_, &StudioSession::setArrivalOrder);
  QMenu* language = view_menu_->addMenu(tr("&Language"));
  auto* languages = new QActionGroup(this);
  for (const auto& [code, name] : {std::pair{QStringLiteral("en"), QStringLiteral("English")},
                                   std::pair{QStringLiteral("ko"), QStringLiteral("한국어")}}) {
    QAction* a = language->addAction(name);
    a->setObjectName(QStringLiteral("language_") + code);
    a->setCheckable(true);
    a->setChecked(session_->language() == code);
    languages->addAction(a);
    connect(a, &QAction::triggered, this, [this, lang = code] { setLanguage(lang); });
  }
  view_menu_->addSeparator();
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

  QMenu* tools = menuBar()->addMenu(tr("&Tools"));
  QAction* verify = tools->addAction(tr("&Verify Idempotence..."), this, [this] { verifyIdempotence(); });
  verify->setObjectName(QStringLiteral("verifyAction"));
  verify->setToolTip(tr("Crash the open scenario at every batch and crash point, and compare each output with the clean run"));
  connect(tools, &QMenu::aboutToShow, this, [this, verify] { verify->setEnabled(session_->isOpen()); });

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

void MainWindow::setPresenting(bool on) {
  if (on == presenting_) return;
  presenting_ = on;
  // The space-time plot takes its panel; its table of rows waits in the normal view.
  if (auto* rows = space_time_->findChild<QWidget*>(QStringLiteral("recordsView"))) rows->setVisible(!on);
  if (on) {
    normal_state_ = saveState();
    normal_geometry_ = geometry();
    for (QDockWidget* d : findChildren<QDockWidget*>()) d->hide();
    if (auto* timeline = findChild<QToolBar*>(QStringLiteral("timelineToolBar"))) timeline->hide();
    // Fit the screen the window is on, whatever the fonts ask for.
    if (QScreen* s = screen()) {
      const QRect avail = s->availableGeometry();
      if (width() > avail.width() || height() > avail.height()) setGeometry(avail);
    }
  } else {
    restoreState(normal_state_);
    if (normal_geometry_.isValid()) setGeometry(normal_geometry_);
    if (session_->isOpen()) showDocksForRun();  // a lesson opened while presenting has its own docks
  }
  refreshAll();
}

void MainWindow::showDocksForRun() {
  for (QDockWidget* d : {lesson_dock_, metrics_dock_, findChild<QDockWidget*>(QStringLiteral("outputDock"))})
    if (d) d->show();
  // A run that never has state gets no state dock (View shows it again).
  const auto& run = session_->fullTrace();
  const bool has_state = std::any_of(run.begin(), run.end(), [](const trace::Event& e) {
    return e.kind == trace::EventKind::kStateChange;
  });
  state_dock_->setVisible(has_state);
  const bool checkpoints = std::any_of(run.begin(), run.end(), [](const trace::Event& e) {
    return e.kind == trace::EventKind::kCheckpoint && e.op == "commits";
  });
  if (auto* d = findChild<QDockWidget*>(QStringLiteral("checkpointDock"))) d->setVisible(session_->isStructured() && checkpoints);
  // State tables get the room they need; a query's four progress charts want a wider right column.
  if (has_state) resizeDocks({state_dock_, metrics_dock_}, {400, 330}, Qt::Vertical);
  const bool structured = session_->isStructured();
  resizeDocks({lesson_dock_, metrics_dock_}, {structured ? 330 : 380, structured ? 500 : 420}, Qt::Horizontal);
}

void MainWindow::appearanceChanged() {
  setPresenting(appearance_->presentation());
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
  // A structured query's checkpoint: the offset log, the state versions and the commit log as written.
  auto* checkpoint = new QWidget(this);
  auto* checkpoint_layout = new QVBoxLayout(checkpoint);
  checkpoint_layout->setContentsMargins(2, 2, 2, 2);
  auto* checkpoint_hint = new QLabel(tr("offsets/N is written before batch N runs, state version N+1 after it, "
                                        "commits/N when it is done. A restart runs again the batch whose commit "
                                        "is missing."),
                                     checkpoint);
  checkpoint_hint->setWordWrap(true);
  checkpoint_layout->addWidget(checkpoint_hint);
  auto* checkpoint_view = new QTableView(checkpoint);
  checkpoint_view->setObjectName(QStringLiteral("checkpointView"));
  auto* checkpoint_model = new CheckpointModel(*session_, checkpoint_view);
  checkpoint_view->setModel(checkpoint_model);
  checkpoint_view->verticalHeader()->hide();
  checkpoint_view->horizontalHeader()->setStretchLastSection(true);
  checkpoint_view->setSelectionBehavior(QAbstractItemView::SelectRows);
  linkToSelection(checkpoint_view, session_->selection());
  checkpoint_layout->addWidget(checkpoint_view);
  QDockWidget* checkpoint_dock = dock(checkpoint, tr("Checkpoint"), QStringLiteral("checkpointDock"), Qt::RightDockWidgetArea);
  tabifyDockWidget(state, checkpoint_dock);
  state->raise();
  connect(session_, &StudioSession::positionChanged, checkpoint_model, [checkpoint_model, checkpoint_view] {
    checkpoint_model->refresh();
    if (const int r = checkpoint_model->firstCurrentRow(); r >= 0) checkpoint_view->scrollTo(checkpoint_model->index(r, 0));
  });
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
    addBesideOutput(full_speed_, tr("Full Speed"), QStringLiteral("fullSpeedDock"));
  }
  raiseDockOf(full_speed_);
  full_speed_->start(config);
  return full_speed_;
}

// A panel made on demand, in a dock tabbed with the Output dock and listed in the View menu.
void MainWindow::addBesideOutput(QWidget* panel, const QString& title, const QString& name) {
  auto* d = new QDockWidget(title, this);
  d->setObjectName(name);
  d->setWidget(panel);
  addDockWidget(Qt::BottomDockWidgetArea, d);
  if (auto* output = findChild<QDockWidget*>(QStringLiteral("outputDock"))) tabifyDockWidget(output, d);
  if (view_menu_) view_menu_->addAction(d->toggleViewAction());
}

void MainWindow::raiseDockOf(QWidget* panel) {
  auto* dock = qobject_cast<QDockWidget*>(panel->parentWidget());
  dock->show();
  dock->raise();
}

VerifyDialog* MainWindow::verifyIdempotence() {
  if (!session_->isOpen()) return nullptr;
  // A crash run's file is verified as written: the verifier makes its own crashes.
  if (!verify_) {
    verify_ = new VerifyDialog(this);
    connect(verify_, &VerifyDialog::scheduleRequested, this, &MainWindow::openCrashRun);
  }
  verify_->start(session_->path(), session_->allowedPaths());
  verify_->show();
  verify_->raise();
  return verify_;
}

bool MainWindow::openCrashRun(const QString& path, std::shared_ptr<const verify::VerifyResult> result, int schedule,
                              int output) {
  if (!result || schedule < 0 || schedule >= static_cast<int>(result->cells.size())) return false;
  const verify::CrashAt& at = result->cells[static_cast<size_t>(schedule)].crash;
  if (!openRun(path, CrashSchedule{at.batch, QString::fromStdString(at.point)})) return false;
  if (!crash_) {
    crash_ = new CrashPanel(this);
    addBesideOutput(crash_, tr("Crash Run"), QStringLiteral("crashDock"));
  }
  crash_->showSchedule(std::move(result), schedule, output);
  raiseDockOf(crash_);
  if (const auto at_crash = session_->crashPosition()) session_->goToPosition(*at_crash);
  return true;
}

void MainWindow::compareRequested() {
  if (!session_->isOpen()) return;
  const QString path = QFileDialog::getOpenFileName(this, tr("Compare with"), QFileInfo(session_->path()).absolutePath(),
                                                    tr("Scenarios (*.yaml *.yml)"));
  if (!path.isEmpty()) compareWith(path);
}

CompareWindow* MainWindow::compareWith(const QString& b) {
  if (!compare_) compare_ = new CompareWindow(this);
  compare_->setWindowFlag(Qt::Window);
  compare_->open(session_->path(), b);
  compare_->show();
  compare_->raise();
  return compare_;
}

bool MainWindow::openScenario(const QString& path) { return openRun(path, std::nullopt); }

bool MainWindow::openRun(const QString& path, const std::optional<CrashSchedule>& crash) {
  session_->setCrashSchedule(crash);
  if (!crash && crash_) {  // a plain run: the crash dock has nothing to say
    crash_->clear();
    crash_->parentWidget()->hide();
  }
  if (!session_->open(path)) {
    showError(session_->errorText());
    return false;
  }
  recent_->add(path);
  watchFile();
  centre_->setCurrentWidget(session_->isStructured() ? static_cast<QWidget*>(space_time_) : strip_);
  if (!presenting_) showDocksForRun();
  setWindowTitle(crash ? tr("%1 (crash at %2, %3) - Tideline Studio")
                             .arg(session_->title(), VerifyRun::batchText(crash->batch, !session_->isStructured()), crash->point)
                       : tr("%1 - Tideline Studio").arg(session_->title()));
  return true;
}

void MainWindow::showGallery() {
  // The previous lesson's panels go with it: the gallery takes the window.
  session_->closeScenario();
  watchFile();
  hideLessonDocks();
  centre_->setCurrentWidget(gallery_);
  setWindowTitle(tr("Tideline Studio"));
}

void MainWindow::hideLessonDocks() {
  for (const char* name : {"lessonDock", "stateDock", "metricsDock", "outputDock", "checkpointDock"})
    if (auto* d = findChild<QDockWidget*>(QLatin1String(name))) d->hide();
}


void MainWindow::showError(const QString& text) {
  errors_->setPlainText(tr("This scenario cannot be opened:\n\n%1").arg(text));
  centre_->setCurrentWidget(errors_);
  // FILE:LINE:COL: error: ... : the Source tab shows that line.
  static const QRegularExpression position(QStringLiteral("^(.*):(\\d+):(\\d+): error: "));
  const QRegularExpressionMatch m = position.match(text);
  lesson_->showFileError(session_->path(), m.hasMatch() ? m.captured(2).toInt() : 0, text);
  lesson_dock_->show();
  lesson_dock_->raise();
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

void MainWindow::refreshBanner() {
  QStringList lines;
  if (!session_->isOpen() && !session_->errorText().isEmpty()) lines << session_->errorText();
  if (session_->isOpen()) {
    const QStringList failed = session_->failedCheckTexts();
    for (const QString& f : failed) lines << tr("Check failed at %1").arg(f);
    if (!session_->failure().isEmpty() && failed.isEmpty()) lines << session_->failure();
    const auto crash_at = session_->crashPosition();
    if (crash_at && session_->position() >= *crash_at) {
      const CrashSchedule& c = *session_->crashSchedule();
      lines << tr("The process crashed at %1, %2 (after event %3) and recovered from its checkpoint.")
                   .arg(VerifyRun::batchText(c.batch, !session_->isStructured()), c.point)
                   .arg(*crash_at);
    }
  }
  banner_->setVisible(!lines.isEmpty());
  if (lines.isEmpty()) return;
  banner_->setText(lines.join(QLatin1Char('\n')));
  QPalette p = banner_->palette();
  const bool dark = palette().color(QPalette::Base).lightness() < 128;
  p.setColor(QPalette::Window, dark ? QColor(0x6e, 0x1f, 0x1f) : QColor(0xff, 0xe3, 0xe3));
  p.setColor(QPalette::WindowText, dark ? QColor(0xff, 0xd6, 0xd6) : QColor(0x8a, 0x10, 0x10));
  banner_->setPalette(p);
}

void MainWindow::refreshAll() {
  refreshBanner();
  const QString note = presenting_ && session_->isOpen() ? session_->currentNote() : QString();
  caption_area_->setVisible(!note.isEmpty());
  caption_->setVisible(!note.isEmpty());
  if (!note.isEmpty()) {
    const int since = session_->batchesSinceNote();
    caption_->setText(since == 0 ? note
                                 : note + QStringLiteral("\n\n*") +
                                       (since == 1 ? tr("(The note of step %1; a batch ran since.)")
                                                         .arg(session_->currentNoteStep())
                                                   : tr("(The note of step %1; %2 batches ran since.)")
                                                         .arg(session_->currentNoteStep())
                                                         .arg(since)) +
                                       QStringLiteral("*"));
    // The picture keeps most of the window: a long note scrolls in its quarter.
    caption_area_->setFixedHeight(std::min(height() / 4, caption_->heightForWidth(centre_->width() - 20) + 4));
  }
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
