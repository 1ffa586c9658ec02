#include "gui/panels/full_speed_panel.h"

#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QMessageBox>
#include <QSpinBox>
#include <climits>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QHeaderView>
#include <QScrollBar>
#include <QTableView>
#include <QTabWidget>
#include <QTimer>
#include <QVBoxLayout>

#include "gui/models/full_speed_batch_model.h"
#include "gui/models/full_speed_export.h"
#include "gui/plots/full_speed_plot.h"
#include "gui/session/batch_jump_run.h"
#include "gui/session/full_speed_run.h"
#include "gui/panels/batch_detail_view.h"

namespace tideline::studio {

namespace {

constexpr int kProgressSteps = 1000;

QString sourceText(const FullSpeedConfig& c) {
  switch (c.source) {
    case FullSpeedConfig::Source::kFile:
      return c.timeColumn > 0 ? FullSpeedPanel::tr("file %1, each line at the time in column %2")
                                    .arg(QFileInfo(c.path).fileName())
                                    .arg(c.timeColumn)
                              : FullSpeedPanel::tr("file %1, lines at the system clock").arg(QFileInfo(c.path).fileName());
    case FullSpeedConfig::Source::kDirectory: return FullSpeedPanel::tr("new files in %1").arg(c.path);
    case FullSpeedConfig::Source::kSocket: return FullSpeedPanel::tr("socket %1:%2").arg(c.host).arg(c.port);
    case FullSpeedConfig::Source::kRecording: return FullSpeedPanel::tr("recording %1").arg(QFileInfo(c.path).fileName());
  }
  return {};
}

QString stateText(const FullSpeedSnapshot& s) {
  using State = FullSpeedSnapshot::State;
  switch (s.state) {
    case State::kStarting: return FullSpeedPanel::tr("Starting");
    case State::kRunning: return FullSpeedPanel::tr("Running");
    case State::kFinished: return FullSpeedPanel::tr("Finished");
    case State::kStopped: return FullSpeedPanel::tr("Stopped");
    case State::kFailed: return FullSpeedPanel::tr("Failed: %1").arg(s.error);
  }
  return {};
}

}  // namespace

FullSpeedPanel::FullSpeedPanel(QWidget* parent)
    : QWidget(parent),
      timer_(new QTimer(this)),
      title_(new QLabel(this)),
      state_(new QLabel(this)),
      progress_(new QProgressBar(this)),
      stats_(new QLabel(this)),
      stop_(new QPushButton(tr("Stop"), this)),
      export_(new QPushButton(tr("Export..."), this)),
      summary_(new QLabel(this)),
      plot_(new FullSpeedPlot(this)),
      batches_(new FullSpeedBatchModel(this)),
      output_(new QPlainTextEdit(this)) {
  title_->setObjectName(QStringLiteral("fullSpeedTitle"));
  title_->setWordWrap(true);
  state_->setObjectName(QStringLiteral("fullSpeedState"));
  progress_->setObjectName(QStringLiteral("fullSpeedProgress"));
  progress_->setRange(0, kProgressSteps);
  progress_->setValue(0);
  stats_->setObjectName(QStringLiteral("fullSpeedStats"));
  stats_->setWordWrap(true);
  stop_->setObjectName(QStringLiteral("fullSpeedStop"));
  stop_->setEnabled(false);
  export_->setObjectName(QStringLiteral("fullSpeedExport"));
  export_->setToolTip(tr("Every batch's metrics as CSV, and every output beside it"));
  export_->setEnabled(false);
  summary_->setObjectName(QStringLiteral("fullSpeedSummary"));
  summary_->setWordWrap(true);
  summary_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  summary_->hide();
  output_->setObjectName(QStringLiteral("fullSpeedOutput"));
  output_->setReadOnly(true);
  output_->setLineWrapMode(QPlainTextEdit::NoWrap);
  QFont fixed;
  fixed.setFamilies(QFontDatabase::systemFont(QFontDatabase::FixedFont).families());
  fixed.setStyleHint(QFont::Monospace);
  output_->setFont(fixed);

  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  auto* top = new QHBoxLayout();
  top->addWidget(title_, 1);
  top->addWidget(state_);
  top->addWidget(stop_);
  top->addWidget(export_);
  layout->addLayout(top);
  layout->addWidget(progress_);
  layout->addWidget(stats_);
  layout->addWidget(summary_);
  auto* tabs = new QTabWidget(this);
  tabs->addTab(plot_, tr("Charts"));
  auto* batches_tab = new QWidget(tabs);
  auto* batches_layout = new QVBoxLayout(batches_tab);
  batches_layout->setContentsMargins(0, 0, 0, 0);
  table_ = new QTableView(batches_tab);
  table_->setObjectName(QStringLiteral("fullSpeedBatches"));
  table_->setModel(batches_);
  table_->verticalHeader()->hide();
  table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  table_->setContextMenuPolicy(Qt::CustomContextMenu);
  batches_layout->addWidget(table_, 1);
  auto* jump_row = new QHBoxLayout();
  auto* batch_label = new QLabel(tr("Batch:"), batches_tab);
  batch_ = new QSpinBox(batches_tab);
  batch_->setObjectName(QStringLiteral("fullSpeedBatchNumber"));
  batch_->setRange(0, 0);
  batch_label->setBuddy(batch_);
  show_batch_ = new QPushButton(tr("Show batch in detail"), batches_tab);
  show_batch_->setObjectName(QStringLiteral("fullSpeedShowBatch"));
  jump_row->addWidget(batch_label);
  jump_row->addWidget(batch_);
  jump_row->addWidget(show_batch_);
  jump_row->addStretch(1);
  batches_layout->addLayout(jump_row);
  tabs->addTab(batches_tab, tr("Last batches"));
  tabs->addTab(output_, tr("Last output"));
  layout->addWidget(tabs, 1);

  timer_->setInterval(kRefreshMs);
  connect(timer_, &QTimer::timeout, this, &FullSpeedPanel::refresh);
  connect(stop_, &QPushButton::clicked, this, &FullSpeedPanel::stop);
  connect(export_, &QPushButton::clicked, this, &FullSpeedPanel::exportRequested);
  connect(show_batch_, &QPushButton::clicked, this, [this] { showBatchInDetail(batch_->value()); });
  connect(table_, &QTableView::doubleClicked, this, [this](const QModelIndex& index) {
    showBatchInDetail(batches_->batchAt(index.row()));
  });
  connect(table_, &QTableView::customContextMenuRequested, this, &FullSpeedPanel::batchMenuRequested);
  updateBatchControls();
}

bool FullSpeedPanel::canShowBatch() const {
  const auto s = run_ ? run_->snapshot() : nullptr;
  return s && s->done() && !s->keyframesDir.isEmpty() && s->batches > 0;
}

void FullSpeedPanel::updateBatchControls() {
  const bool can = canShowBatch();
  const auto s = run_ ? run_->snapshot() : nullptr;
  batch_->setRange(0, can ? static_cast<int>(std::min<long long>(s->batches - 1, INT_MAX)) : 0);
  batch_->setEnabled(can);
  show_batch_->setEnabled(can);
  show_batch_->setToolTip(can ? tr("Replays the batch from the nearest keyframe, with the trace on")
                              : tr("Once a run over a recording has ended, any of its batches can be shown in detail"));
}

BatchDetailView* FullSpeedPanel::showBatchInDetail(long long batch) {
  if (!canShowBatch() || batch < 0 || batch >= run_->snapshot()->batches) return nullptr;
  if (!detail_) detail_ = new BatchDetailView(this);
  BatchJumpRequest r;
  r.scenario = run_->config().scenario;
  r.recording = run_->config().path;
  r.keyframes = run_->snapshot()->keyframesDir;
  r.batch = batch;
  r.keepAlive = run_->workDirHandle();
  detail_->showBatch(r);
  detail_->show();
  detail_->raise();
  return detail_;
}

void FullSpeedPanel::batchMenuRequested(const QPoint& pos) {
  const QModelIndex index = table_->indexAt(pos);
  if (!index.isValid()) return;
  const long long batch = batches_->batchAt(index.row());
  QMenu menu(this);
  QAction* show = menu.addAction(tr("Show batch %1 in detail").arg(batch));
  show->setEnabled(canShowBatch());
  if (menu.exec(table_->viewport()->mapToGlobal(pos)) == show) showBatchInDetail(batch);
}

FullSpeedPanel::~FullSpeedPanel() = default;

void FullSpeedPanel::start(const FullSpeedConfig& config) {
  if (run_) {
    disconnect(run_, nullptr, this, nullptr);
    if (run_->isRunning()) {
      // The old run ends in the background; it is deleted once its worker is done.
      run_->stop();
      connect(run_, &FullSpeedRun::finished, run_, &QObject::deleteLater);
    } else {
      delete run_;
    }
  }
  run_ = new FullSpeedRun(config, this);
  shown_.reset();
  connect(run_, &FullSpeedRun::finished, this, &FullSpeedPanel::runEnded);
  title_->setText(tr("%1 over %2").arg(QFileInfo(config.scenario).fileName(), sourceText(config)));
  progress_->setRange(0, kProgressSteps);
  progress_->setValue(0);
  output_->clear();
  shown_output_.clear();
  stop_->setEnabled(true);
  export_->setEnabled(false);
  summary_->clear();
  summary_->hide();
  updateBatchControls();
  run_->start();
  timer_->start();
  refresh();
}

void FullSpeedPanel::stop() {
  if (run_) run_->stop();
  stop_->setEnabled(false);
}

void FullSpeedPanel::runEnded() {
  timer_->stop();
  stop_->setEnabled(false);
  refresh();
  if (shown_ && shown_->done()) {
    summary_->setText(summaryText(*shown_));
    summary_->show();
  }
  export_->setEnabled(canExport());
  updateBatchControls();
  emit runFinished();
}

QString FullSpeedPanel::summaryText(const FullSpeedSnapshot& s) {
  const QLocale locale;
  return tr("Summary: %1 records read, %2 malformed, %3 batches in %4 s (%5 records/s); %6 output rows, "
            "at most %7 state rows; batch wall time max %8 ms, mean %9 ms")
      .arg(locale.toString(s.recordsRead), locale.toString(s.malformed), locale.toString(s.batches),
           locale.toString(s.elapsedSeconds, 'f', 2), locale.toString(qRound64(s.meanRecordsPerSecond())),
           locale.toString(s.totals.outputRows), locale.toString(s.totals.maxStateRows),
           locale.toString(s.totals.maxWallMs, 'f', 2), locale.toString(s.totals.meanWallMs(s.batches), 'f', 2));
}

bool FullSpeedPanel::canExport() const {
  const auto s = run_ ? run_->snapshot() : nullptr;
  return s && s->done() && s->history;
}

bool FullSpeedPanel::exportTo(const QString& path, QString* error) const {
  if (!run_) {
    *error = tr("no run at full speed to export");
    return false;
  }
  return exportFullSpeedRun(*run_->snapshot(), path, error);
}

void FullSpeedPanel::exportRequested() {
  if (!canExport()) return;
  const QString path = QFileDialog::getSaveFileName(this, tr("Export full-speed results"), QString(),
                                                    tr("CSV files (*.csv)"));
  if (path.isEmpty()) return;
  QString error;
  if (!exportTo(path, &error)) QMessageBox::warning(this, tr("Export full-speed results"), error);
}

void FullSpeedPanel::refresh() {
  if (!run_) return;
  auto s = run_->snapshot();
  if (s == shown_) return;
  shown_ = s;
  display(*s);
}

void FullSpeedPanel::display(const FullSpeedSnapshot& s) {
  const QLocale locale;
  if (!s.title.isEmpty()) title_->setToolTip(s.title);
  state_->setText(stateText(s));
  const double fraction = s.fraction();
  if (fraction >= 0) {
    progress_->setRange(0, kProgressSteps);
    progress_->setValue(static_cast<int>(fraction * kProgressSteps));
    progress_->setFormat(tr("%p% of %1 bytes").arg(locale.toString(s.bytesTotal)));
  } else if (s.done()) {
    progress_->setRange(0, 1);
    progress_->setValue(1);
    progress_->setFormat(tr("%1 records").arg(locale.toString(s.recordsRead)));
  } else {
    progress_->setRange(0, 0);  // busy: a socket or a directory has no end to measure against
    progress_->setFormat(tr("%1 records").arg(locale.toString(s.recordsRead)));
  }
  QString stats = tr("%1 records read, %2 records/s, %3 batches, %4 malformed, %5 s")
                      .arg(locale.toString(s.recordsRead), locale.toString(qRound64(s.recordsPerSecond)),
                           locale.toString(s.batches), locale.toString(s.malformed),
                           locale.toString(s.elapsedSeconds, 'f', 1));
  stats_->setText(stats);
  plot_->setBatches(s.recent, s.structured);
  batches_->setBatches(s.recent);
  if (shown_output_ != s.output) {
    shown_output_ = s.output;
    output_->setPlainText(s.output);
    output_->verticalScrollBar()->setValue(output_->verticalScrollBar()->maximum());
  }
}

}  // namespace tideline::studio
