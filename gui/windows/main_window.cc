#include "gui/windows/main_window.h"

#include <QAction>
#include <QApplication>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QLabel>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QStackedWidget>
#include <QStatusBar>
#include <QToolBar>

#include "gui/panels/batch_strip_panel.h"
#include "gui/panels/gallery_panel.h"
#include "gui/panels/lesson_panel.h"
#include "gui/panels/metrics_panel.h"
#include "gui/panels/output_panel.h"
#include "gui/panels/state_panel.h"
#include "gui/plots/metrics_plot.h"
#include "gui/session/studio_session.h"

namespace tideline::studio {

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent),
      session_(new StudioSession(this)),
      centre_(new QStackedWidget(this)),
      gallery_(new GalleryPanel(centre_)),
      strip_(new BatchStripPanel(*session_, centre_)),
      errors_(new QPlainTextEdit(centre_)),
      state_(new StatePanel(*session_, this)),
      output_(new OutputPanel(*session_, this)),
      metrics_(new MetricsPanel(*session_, this)),
      lesson_(new LessonPanel(*session_, this)),
      step_label_(new QLabel(this)) {
  setWindowTitle(tr("Tideline Studio"));
  errors_->setObjectName(QStringLiteral("errorView"));
  errors_->setReadOnly(true);
  errors_->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
  centre_->addWidget(gallery_);
  centre_->addWidget(strip_);
  centre_->addWidget(errors_);
  setCentralWidget(centre_);
  createActions();
  createDocks();
  step_label_->setObjectName(QStringLiteral("stepLabel"));
  statusBar()->addPermanentWidget(step_label_);

  connect(gallery_, &GalleryPanel::openRequested, this, &MainWindow::openScenario);
  connect(session_, &StudioSession::stepChanged, this, &MainWindow::refreshAll);
  connect(session_, &StudioSession::scenarioOpened, strip_, &BatchStripPanel::reload);
  gallery_->load(StudioSession::bundledScenarioDir());
  refreshAll();
}

MainWindow::~MainWindow() = default;

void MainWindow::createActions() {
  QMenu* file = menuBar()->addMenu(tr("&File"));
  QAction* open = file->addAction(tr("&Open..."), this, &MainWindow::openRequested);
  open->setShortcut(QKeySequence::Open);
  file->addAction(tr("&Gallery"), this, &MainWindow::showGallery);
  file->addSeparator();
  QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
  quit->setShortcut(QKeySequence::Quit);

  QMenu* go = menuBar()->addMenu(tr("&Go"));
  auto add = [this, go](const QString& text, Qt::Key key, auto slot) {
    QAction* a = go->addAction(text);
    a->setShortcut(QKeySequence(key));
    a->setShortcutContext(Qt::ApplicationShortcut);
    connect(a, &QAction::triggered, session_, slot);
    return a;
  };
  start_action_ = add(tr("&Start"), Qt::Key_Home, &StudioSession::goToStart);
  previous_action_ = add(tr("&Previous step"), Qt::Key_Left, &StudioSession::previousStep);
  next_action_ = add(tr("&Next step"), Qt::Key_Right, &StudioSession::nextStep);
  end_action_ = add(tr("&End"), Qt::Key_End, &StudioSession::goToEnd);

  QToolBar* bar = addToolBar(tr("Time"));
  bar->setObjectName(QStringLiteral("timeToolBar"));
  bar->addAction(open);
  bar->addSeparator();
  bar->addAction(start_action_);
  bar->addAction(previous_action_);
  bar->addAction(next_action_);
  bar->addAction(end_action_);
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

bool MainWindow::openScenario(const QString& path) {
  if (!session_->open(path)) {
    showError(session_->errorText());
    return false;
  }
  centre_->setCurrentWidget(strip_);
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

void MainWindow::refreshAll() {
  strip_->refresh();
  state_->refresh();
  output_->refresh();
  metrics_->refresh();
  lesson_->refresh();
  const bool open = session_->isOpen();
  const int step = session_->currentStep();
  const int count = session_->stepCount();
  start_action_->setEnabled(open && step > 0);
  previous_action_->setEnabled(open && step > 0);
  next_action_->setEnabled(open && step < count);
  end_action_->setEnabled(open && step < count);
  if (!open) {
    step_label_->setText(tr("No scenario open"));
    statusBar()->clearMessage();
    return;
  }
  step_label_->setText(step == 0 ? tr("Step 0 of %1: before the first step").arg(count)
                                 : tr("Step %1 of %2: %3").arg(step).arg(count).arg(session_->stepKind(step)));
  QString status = tr("Checks: %1 passed, %2 failed").arg(session_->passedChecks()).arg(session_->failedChecks());
  if (!session_->failure().isEmpty()) status += QStringLiteral("  |  ") + session_->failure();
  statusBar()->showMessage(status);
}

void MainWindow::renderNow() {
  metrics_->plot()->replotNow();
  QApplication::processEvents();
}

}  // namespace tideline::studio
