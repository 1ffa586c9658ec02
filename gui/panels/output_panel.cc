#include "gui/panels/output_panel.h"

#include <QFontDatabase>
#include <QHeaderView>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

#include "gui/models/collected_model.h"
#include "gui/models/output_model.h"
#include "gui/panels/linked_view.h"
#include "gui/session/studio_session.h"

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
      collected_(new CollectedModel(session, this)) {
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
}

void OutputPanel::refresh() {
  outputs_->refresh();
  collected_->refresh();
  QString text;
  if (session_.isOpen())
    for (const trace::Event& e : session_.events())
      if (e.kind == trace::EventKind::kOutput && e.op == "print") text += QString::fromStdString(e.text);
  printed_->setPlainText(text);
  printed_->setPlaceholderText(tr("No print() output so far."));
  // A scenario without print() output opens on its collected rows.
  if (text.isEmpty() && collected_->rowCount() > 0 && tabs_->currentIndex() == 0) tabs_->setCurrentIndex(2);
  for (int i : {1, 2}) {  // fit every column but the last (it stretches) to its contents
    auto* view = static_cast<QTableView*>(tabs_->widget(i));
    for (int c = 0; c + 1 < view->model()->columnCount(); ++c) view->resizeColumnToContents(c);
  }
  printed_->verticalScrollBar()->setValue(printed_->verticalScrollBar()->maximum());
}

}  // namespace tideline::studio
