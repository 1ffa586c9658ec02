#include "gui/panels/crash_panel.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QSignalBlocker>
#include <QTableView>
#include <QVBoxLayout>

#include "gui/models/reader_diff_model.h"
#include "gui/session/verify_run.h"

namespace tideline::studio {

CrashPanel::CrashPanel(QWidget* parent)
    : QWidget(parent),
      label_(new QLabel(this)),
      outputs_(new QComboBox(this)),
      view_(new QTableView(this)),
      model_(new ReaderDiffModel(this)) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(2, 2, 2, 2);
  label_->setObjectName(QStringLiteral("crashLabel"));
  label_->setWordWrap(true);
  label_->setTextFormat(Qt::PlainText);
  layout->addWidget(label_);
  auto* row = new QHBoxLayout;
  row->addWidget(new QLabel(tr("Output:"), this));
  outputs_->setObjectName(QStringLiteral("crashOutput"));
  row->addWidget(outputs_, 1);
  layout->addLayout(row);
  view_->setObjectName(QStringLiteral("readerDiffView"));
  view_->setModel(model_);
  view_->verticalHeader()->hide();
  view_->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
  view_->horizontalHeader()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
  view_->setSelectionBehavior(QAbstractItemView::SelectRows);
  view_->setWordWrap(false);
  layout->addWidget(view_, 1);
  connect(outputs_, &QComboBox::currentIndexChanged, this, &CrashPanel::outputChosen);
}

void CrashPanel::showSchedule(std::shared_ptr<const verify::VerifyResult> result, int schedule, int output) {
  result_ = std::move(result);
  schedule_ = schedule;
  {
    const QSignalBlocker block(outputs_);
    outputs_->clear();
    for (const verify::OutputVerdict& v : result_->outputs) outputs_->addItem(QString::fromStdString(v.output));
  }
  setOutput(output);
}

void CrashPanel::clear() {
  result_.reset();
  schedule_ = -1;
  const QSignalBlocker block(outputs_);
  outputs_->clear();
  model_->clear();
  label_->clear();
}

int CrashPanel::output() const { return result_ ? outputs_->currentIndex() : -1; }

void CrashPanel::setOutput(int output) {
  if (outputs_->currentIndex() == output) outputChosen(output);
  else outputs_->setCurrentIndex(output);
}

QString CrashPanel::text() const { return label_->text(); }

void CrashPanel::outputChosen(int output) {
  if (!result_ || schedule_ < 0 || output < 0 || output >= static_cast<int>(result_->outputs.size())) return;
  const verify::ScheduleOutcome& s = result_->cells[static_cast<size_t>(schedule_)];
  const verify::CellOutcome& cell = s.outputs[static_cast<size_t>(output)];
  model_->set(result_->clean[static_cast<size_t>(output)].items, cell.extra, cell.missing);
  const QString where = tr("%1, %2").arg(VerifyRun::batchText(s.crash.batch, result_->dstream), QString::fromStdString(s.crash.point));
  QString text = tr("In this run the process dies at %1 and recovers at once from its checkpoint; the banner "
                    "marks the moment.").arg(where);
  text += QLatin1Char(' ');
  if (cell.extra.empty() && cell.missing.empty())
    text += tr("A reader of %1 finally sees what the clean run shows: exactly-once here.").arg(outputs_->currentText());
  else
    text += tr("A reader of %1 finally sees %2 extra and %3 missing items against the clean run: %4 here.")
                .arg(outputs_->currentText())
                .arg(cell.extra.size())
                .arg(cell.missing.size())
                .arg(VerifyRun::verdictText(cell.verdict));
  label_->setText(text);
}

}  // namespace tideline::studio
