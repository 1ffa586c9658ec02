#include "gui/windows/verify_dialog.h"

#include <QDialogButtonBox>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

#include "gui/models/verify_matrix_model.h"
#include "gui/session/verify_run.h"

namespace tideline::studio {

namespace {
QString qs(const std::string& s) { return QString::fromStdString(s); }

// A verdict's colour swatch and name, for the legend.
QString swatch(verify::Verdict v, const QString& meaning) {
  return QStringLiteral("<span style=\"background-color:%1; color:black\">&nbsp;%2&nbsp;</span> %3")
      .arg(VerifyMatrixModel::verdictColor(v).name(), VerifyRun::verdictText(v).toHtmlEscaped(), meaning.toHtmlEscaped());
}
}  // namespace

VerifyDialog::VerifyDialog(QWidget* parent)
    : QDialog(parent),
      summary_(new QLabel(this)),
      progress_(new QProgressBar(this)),
      tabs_(new QTabWidget(this)),
      legend_(new QLabel(this)) {
  setWindowTitle(tr("Verify Idempotence"));
  setObjectName(QStringLiteral("verifyDialog"));
  auto* layout = new QVBoxLayout(this);
  summary_->setObjectName(QStringLiteral("verifySummary"));
  summary_->setWordWrap(true);
  summary_->setTextFormat(Qt::PlainText);
  layout->addWidget(summary_);
  layout->addWidget(progress_);
  tabs_->setObjectName(QStringLiteral("verifyTabs"));
  tabs_->hide();
  layout->addWidget(tabs_, 1);
  legend_->setTextFormat(Qt::RichText);
  legend_->setWordWrap(true);
  legend_->setText(
      swatch(verify::Verdict::kExactlyOnce, tr("(✓: the reader sees what the clean run shows)")) + QStringLiteral("&nbsp;&nbsp; ") +
      swatch(verify::Verdict::kAtLeastOnce, tr("(+N: extra copies)")) + QStringLiteral("&nbsp;&nbsp; ") +
      swatch(verify::Verdict::kAtMostOnce, tr("(\u2212N: items lost)")) + QStringLiteral("&nbsp;&nbsp; ") +
      swatch(verify::Verdict::kInconsistent, tr("(both, or items the clean run never showed)")) + QStringLiteral("<br>") +
      tr("Each cell is one run in which the process dies once, at that batch and crash point, and recovers from "
         "its checkpoint. Double-click a cell to open that run at its crash.")
          .toHtmlEscaped());
  legend_->hide();
  layout->addWidget(legend_);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  layout->addWidget(buttons);
  resize(860, 560);
}

void VerifyDialog::start(const QString& path, const QStringList& allowed_paths) {
  path_ = path;
  delete run_;
  run_ = new VerifyRun(this);
  summary_->setText(tr("Verifying %1: a clean run, then one run per crash point it passes...").arg(QFileInfo(path).fileName()));
  progress_->setRange(0, 0);  // busy until the first run tells how many there are
  progress_->show();
  connect(run_, &VerifyRun::progressed, this, [this](int done, int total) {
    progress_->setRange(0, total);
    progress_->setValue(done);
    progress_->setFormat(tr("%v of %m runs"));
  });
  connect(run_, &VerifyRun::finished, this, &VerifyDialog::runFinished);
  run_->start(path, allowed_paths);
}

void VerifyDialog::runFinished() {
  if (!run_->result()) {
    progress_->hide();
    summary_->setText(tr("%1 cannot be verified:\n\n%2").arg(QFileInfo(path_).fileName(), run_->errorText()));
    return;
  }
  setResult(path_, run_->result());
}

void VerifyDialog::setResult(const QString& path, std::shared_ptr<const verify::VerifyResult> result) {
  path_ = path;
  result_ = std::move(result);
  progress_->hide();
  tabs_->clear();
  matrices_.clear();
  views_.clear();
  QString text = tr("%1: %2 over %n schedule(s).", nullptr, result_->schedules)
                     .arg(QFileInfo(path_).fileName(), VerifyRun::verdictText(result_->verdict));
  if (!result_->failed_checks.empty())
    text += QLatin1Char(' ') + tr("The clean run fails %n check(s).", nullptr, static_cast<int>(result_->failed_checks.size()));
  if (result_->outputs.empty()) text += QLatin1Char(' ') + tr("The scenario has no output a reader sees.");
  summary_->setText(text);
  for (int i = 0; i < static_cast<int>(result_->outputs.size()); ++i) {
    const verify::OutputVerdict& v = result_->outputs[static_cast<size_t>(i)];
    tabs_->addTab(outputTab(i), QStringLiteral("%1: %2").arg(qs(v.output), VerifyRun::verdictText(v.verdict)));
  }
  tabs_->setVisible(!result_->outputs.empty());
  legend_->setVisible(!result_->outputs.empty());
}

QWidget* VerifyDialog::outputTab(int i) {
  const verify::OutputVerdict& v = result_->outputs[static_cast<size_t>(i)];
  auto* tab = new QWidget(tabs_);
  auto* layout = new QVBoxLayout(tab);
  auto* label = new QLabel(tab);
  label->setWordWrap(true);
  label->setTextFormat(Qt::PlainText);
  QString text = tr("%1 is %2.").arg(qs(v.output), VerifyRun::verdictText(v.verdict));
  if (v.failure)
    text += QLatin1Char(' ') + tr("The smallest failing schedule: %1 (%2 extra, %3 missing).")
                                   .arg(qs(verify::ScheduleText(v.failure->schedule, result_->dstream)))
                                   .arg(v.failure->extra.size())
                                   .arg(v.failure->missing.size());
  label->setText(text);
  layout->addWidget(label);
  auto* model = new VerifyMatrixModel(result_, i, tab);
  auto* view = new QTableView(tab);
  view->setObjectName(QStringLiteral("verifyMatrix%1").arg(i));
  view->setModel(model);
  view->setSelectionMode(QAbstractItemView::SingleSelection);
  view->setEditTriggers(QAbstractItemView::NoEditTriggers);
  view->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
  view->horizontalHeader()->setMinimumSectionSize(view->fontMetrics().horizontalAdvance(QStringLiteral("afterStateCommit")) + 16);
  view->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  connect(view, &QAbstractItemView::activated, this, [this, model](const QModelIndex& index) {
    const int schedule = model->scheduleAt(index);
    if (schedule >= 0) emit scheduleRequested(path_, result_, schedule, model->output());
  });
  layout->addWidget(view, 1);
  matrices_.push_back(model);
  views_.push_back(view);
  return tab;
}

VerifyMatrixModel* VerifyDialog::matrix(int i) const {
  return i >= 0 && i < static_cast<int>(matrices_.size()) ? matrices_[static_cast<size_t>(i)] : nullptr;
}

QTableView* VerifyDialog::matrixView(int i) const {
  return i >= 0 && i < static_cast<int>(views_.size()) ? views_[static_cast<size_t>(i)] : nullptr;
}

}  // namespace tideline::studio
