#include "gui/panels/output_panel.h"

#include <QFontDatabase>
#include <QHeaderView>
#include <QAction>
#include <QHBoxLayout>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QScrollBar>
#include <QTabWidget>
#include <QTableView>
#include <QTextCursor>
#include <QVBoxLayout>

#include "gui/models/collected_model.h"
#include "gui/models/output_model.h"
#include "core/scenario/explain_row.h"
#include "core/scenario/model.h"
#include "gui/windows/explain_row_dialog.h"
#include "gui/panels/linked_view.h"
#include "gui/session/studio_session.h"
#include "gui/panels/view_fit.h"

namespace tideline::studio {

namespace {
QTableView* tableFor(QAbstractItemModel* model, Selection* selection, QWidget* parent) {
  auto* view = new QTableView(parent);
  view->setModel(model);
  view->setSelectionBehavior(QAbstractItemView::SelectRows);
  linkToSelection(view, selection);
  view->verticalHeader()->hide();
  view->horizontalHeader()->setStretchLastSection(true);
  return view;
}
}  // namespace

OutputPanel::OutputPanel(const StudioSession& session, QWidget* parent)
    : QWidget(parent),
      session_(session),
      tabs_(new QTabWidget(this)),
      printed_(new QPlainTextEdit(this)),
      outputs_(new OutputModel(session, this)),
      collected_(new CollectedModel(session, this)),
      explain_(new QPushButton(tr("Why this row?"), this)) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(2, 2, 2, 2);
  auto* tabs = tabs_;
  printed_->setObjectName(QStringLiteral("printedText"));
  printed_->setReadOnly(true);
  // The family only: the size follows the application's font (presentation mode).
  QFont fixed;
  fixed.setFamilies(QFontDatabase::systemFont(QFontDatabase::FixedFont).families());
  fixed.setStyleHint(QFont::Monospace);
  printed_->setFont(fixed);
  tabs->addTab(printed_, tr("Printed"));
  QTableView* operations = tableFor(outputs_, session.selection(), tabs);
  operations->setObjectName(QStringLiteral("outputOperationsView"));
  tabs->addTab(operations, tr("Output operations"));
  QTableView* collected = tableFor(collected_, session.selection(), tabs);
  collected->setObjectName(QStringLiteral("collectedView"));
  tabs->addTab(collected, tr("Collected rows"));
  layout->addWidget(tabs);
  explain_->setObjectName(QStringLiteral("explainRowButton"));
  explain_->setToolTip(tr("Show the input records that made the selected row"));
  auto* buttons = new QHBoxLayout;
  buttons->addStretch();
  buttons->addWidget(explain_);
  layout->addLayout(buttons);
  connect(explain_, &QPushButton::clicked, this, [this] { explainSelectedRow(); });
  for (QTableView* view : {operations, collected}) {
    auto* why = new QAction(tr("Why this row?"), view);
    connect(why, &QAction::triggered, this, [this] { explainSelectedRow(); });
    view->addAction(why);
    view->setContextMenuPolicy(Qt::ActionsContextMenu);
    connect(view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this] { updateExplain(); });
  }
  connect(tabs_, &QTabWidget::currentChanged, this, [this] { updateExplain(); });
  updateExplain();
}

QTableView* OutputPanel::rowsView() const {
  const int tab = tabs_->currentIndex();
  const bool rows = tab == 2 || (tab == 1 && session_.isOpen() && session_.isStructured());
  return rows ? static_cast<QTableView*>(tabs_->widget(tab)) : nullptr;
}

void OutputPanel::updateExplain() {
  QTableView* view = rowsView();
  const auto* model = view ? static_cast<const TraceTableModel*>(view->model()) : nullptr;
  const TraceTableModel::Row* row = model ? model->rowAt(view->currentIndex().row()) : nullptr;
  explain_->setVisible(view != nullptr);
  explain_->setEnabled(row != nullptr && row->item >= 0);
}

ExplainRowDialog* OutputPanel::explainSelectedRow() {
  QTableView* view = rowsView();
  const scenario::Scenario* sc = session_.scenario();
  if (view == nullptr || sc == nullptr) return nullptr;
  const auto* model = static_cast<const TraceTableModel*>(view->model());
  const TraceTableModel::Row* row = model->rowAt(view->currentIndex().row());
  if (row == nullptr || row->item < 0) return nullptr;
  scenario::RowRequest request;
  request.row = row->item + 1;
  if (row->batch_id) request.batch = *row->batch_id;
  if (!row->batch_id && row->batch) request.time = *row->batch - sc->start_time;
  request.output = row->output.toStdString();
  auto* dialog = new ExplainRowDialog(session_, request, window());
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  dialog->show();
  return dialog;
}

void OutputPanel::refresh() {
  outputs_->refresh();
  collected_->refresh();
  updateExplain();
  const bool structured = session_.isOpen() && session_.isStructured();
  QString text;
  if (session_.isOpen() && structured) {
    // The console sink's rendering of each batch (Spark's "Batch: N" tables), once per batch.
    int64_t batch = -1;
    QStringList batch_texts;
    for (uint32_t i : session_.eventsOf({trace::EventKind::kOutput})) {
      const trace::Event& e = session_.event(i);
      if (e.text.empty()) continue;
      if (e.index != batch) batch_texts.clear();
      batch = e.index;
      const QString t = QString::fromStdString(e.text);
      if (batch_texts.contains(t)) continue;
      batch_texts << t;
      text += t;
    }
  } else if (session_.isOpen()) {
    for (uint32_t i : session_.eventsOf({trace::EventKind::kOutput}))
      if (session_.event(i).op == "print") text += QString::fromStdString(session_.event(i).text);
  }
  // Most moves add or take away the last blocks only: edit the tail instead of laying out
  // the whole text again.
  const QString shown = printed_->toPlainText();
  if (text != shown) {
    if (!shown.isEmpty() && text.startsWith(shown)) {
      QTextCursor end(printed_->document());
      end.movePosition(QTextCursor::End);
      end.insertText(text.mid(shown.size()));
    } else if (!text.isEmpty() && shown.startsWith(text)) {
      QTextCursor tail(printed_->document());
      tail.setPosition(static_cast<int>(text.size()));
      tail.movePosition(QTextCursor::End, QTextCursor::KeepAnchor);
      tail.removeSelectedText();
    } else {
      printed_->setPlainText(text);
    }
  }
  printed_->setPlaceholderText(structured ? tr("No batch has written to the sink so far.")
                                          : tr("No print() output so far."));
  // Set only when they change: each call lays out and repaints the whole tab widget.
  if (const QString t = structured ? tr("Sink rows") : tr("Output operations"); tabs_->tabText(1) != t)
    tabs_->setTabText(1, t);
  if (tabs_->isTabVisible(2) == structured) tabs_->setTabVisible(2, !structured);
  // A scenario without print() output opens on its collected rows.
  if (text.isEmpty() && collected_->rowCount() > 0 && tabs_->currentIndex() == 0) tabs_->setCurrentIndex(2);
  for (int i : {1, 2}) {  // fit every column but the last (it stretches) to its contents
    auto* view = static_cast<QTableView*>(tabs_->widget(i));
    fitColumns(view, 200, LastColumn::kStretches);  // a long table: its first rows decide
    // Keep the rows of the current step in sight.
    const auto* model = static_cast<const TraceTableModel*>(view->model());
    if (const int r = model->firstCurrentRow(); r >= 0) view->scrollTo(model->index(r, 0), QAbstractItemView::PositionAtTop);
  }
  // Show the last block Spark printed from its header on ("Batch: N" or "Time: T ms").
  printed_->verticalScrollBar()->setValue(printed_->verticalScrollBar()->maximum());
  static const QRegularExpression header(QStringLiteral("^-+\\n(Batch|Time): "), QRegularExpression::MultilineOption);
  qsizetype last = -1;
  for (auto it = header.globalMatch(text); it.hasNext();) last = it.next().capturedStart();
  if (last >= 0) {
    QTextCursor cursor(printed_->document());
    cursor.setPosition(static_cast<int>(last));
    printed_->setTextCursor(cursor);
    printed_->ensureCursorVisible();
  }
}

}  // namespace tideline::studio
