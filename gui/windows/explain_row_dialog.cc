#include "gui/windows/explain_row_dialog.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

#include "core/scenario/explain_row.h"
#include "gui/session/studio_session.h"

namespace tideline::studio {

namespace {

QTableWidget* makeTable(const QStringList& columns, QWidget* parent) {
  auto* t = new QTableWidget(0, static_cast<int>(columns.size()), parent);
  t->setHorizontalHeaderLabels(columns);
  t->verticalHeader()->hide();
  t->horizontalHeader()->setStretchLastSection(true);
  t->setEditTriggers(QAbstractItemView::NoEditTriggers);
  t->setSelectionBehavior(QAbstractItemView::SelectRows);
  return t;
}

void addRow(QTableWidget* t, const QStringList& cells) {
  const int r = t->rowCount();
  t->insertRow(r);
  for (int c = 0; c < cells.size(); ++c) t->setItem(r, c, new QTableWidgetItem(cells[c]));
}

QString text(const Value& v) { return QString::fromStdString(v.ToDisplay()); }

}  // namespace

ExplainRowDialog::ExplainRowDialog(const StudioSession& session, const scenario::RowRequest& request, QWidget* parent)
    : QDialog(parent),
      session_(session),
      heading_(new QLabel(this)),
      path_(new QLabel(this)),
      inputs_(makeTable({tr("Input"), tr("Batch"), tr("Arrived"), tr("Record"), tr("Role")}, this)),
      history_(makeTable({tr("After batch"), tr("Value"), tr("Change")}, this)),
      history_label_(nullptr) {
  setWindowTitle(tr("Why this row?"));
  setObjectName(QStringLiteral("explainRowDialog"));
  inputs_->setObjectName(QStringLiteral("explainInputs"));
  history_->setObjectName(QStringLiteral("explainHistory"));
  heading_->setWordWrap(true);
  heading_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  path_->setWordWrap(true);
  path_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(heading_);
  layout->addWidget(path_);
  layout->addWidget(new QLabel(tr("Input records that made it:"), this));
  layout->addWidget(inputs_, 3);
  history_label_ = new QLabel(tr("History of its key:"), this);
  layout->addWidget(history_label_);
  layout->addWidget(history_, 1);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  layout->addWidget(buttons);
  resize(820, 560);
  const scenario::Scenario* sc = session.scenario();
  if (sc == nullptr) {
    heading_->setText(tr("No lesson is open."));
    return;
  }
  auto e = scenario::ExplainRow(*sc, request);
  if (!e.ok()) {
    heading_->setText(tr("This row cannot be explained: %1").arg(QString::fromStdString(e.status().message())));
    return;
  }
  explained_ = true;
  display(*e);
}

void ExplainRowDialog::display(const scenario::RowExplanation& e) {
  const QString batch = e.structured ? tr("batch %1").arg(e.batch) : tr("the batch at %1").arg(session_.timeLabel(e.batch_time));
  heading_->setText(tr("<b>Row %1 of %2</b> in %3 of %4: <code>%5</code>")
                        .arg(e.row)
                        .arg(e.rows_in_batch)
                        .arg(batch, QString::fromStdString(e.output).toHtmlEscaped(), text(e.value).toHtmlEscaped()));
  QStringList path;
  for (const std::string& p : e.path) path << QString::fromStdString(p);
  QString made = tr("Made by: %1").arg(path.join(QStringLiteral(" ← ")));
  if (e.has_key) made += QStringLiteral("\n") + tr("Key: %1").arg(text(e.key));
  path_->setText(made);
  for (const scenario::RowSource& s : e.sources) {
    const QString where = e.structured ? QString::number(s.batch) : session_.timeLabel(s.batch_time);
    QString role;
    if (s.role == "late") role = tr("late: dropped, not counted");
    else if (s.role == "left") role = tr("left side of the join");
    else if (s.role == "right") role = tr("right side of the join");
    else if (s.role == "state") role = tr("an earlier batch, held in the state");
    addRow(inputs_, {QString::fromStdString(s.input), where, s.has_arrival ? session_.timeLabel(s.arrival) : QString(),
                     text(s.record), role});
  }
  for (const scenario::RowStateStep& h : e.history) {
    const QString where = e.structured ? QString::number(h.batch) : session_.timeLabel(h.batch_time);
    addRow(history_, {where, text(h.value), QString::fromStdString(h.change)});
  }
  history_->setVisible(!e.history.empty());
  history_label_->setVisible(!e.history.empty());
  inputs_->resizeColumnsToContents();
  history_->resizeColumnsToContents();
}

}  // namespace tideline::studio
