#include "gui/panels/batch_strip_panel.h"

#include <QComboBox>
#include <algorithm>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QScrollArea>
#include <QScrollBar>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

#include "gui/models/batch_strip_model.h"
#include "gui/models/window_model.h"
#include "gui/panels/linked_view.h"
#include "gui/plots/dstream_diagram.h"
#include "gui/plots/pipeline_graph.h"
#include "gui/session/studio_session.h"
#include "gui/panels/view_fit.h"

namespace tideline::studio {

BatchStripPanel::BatchStripPanel(const StudioSession& session, QWidget* parent)
    : QWidget(parent),
      session_(session),
      streams_(new QComboBox(this)),
      strip_model_(new BatchStripModel(session, this)),
      window_model_(new WindowModel(session, this)),
      strip_view_(new QTableView(this)),
      window_label_(new QLabel(tr("Windows"), this)),
      window_view_(new QTableView(this)),
      graph_(new PipelineGraph(this)),
      diagram_(new DStreamDiagram(session, this)),
      diagram_scroll_(new QScrollArea(this)),
      tabs_(new QTabWidget(this)) {
  auto* outer = new QVBoxLayout(this);
  outer->setContentsMargins(0, 0, 0, 0);
  outer->addWidget(graph_);
  diagram_scroll_->setObjectName(QStringLiteral("dstreamDiagramScroll"));
  diagram_scroll_->setWidget(diagram_);
  diagram_scroll_->setWidgetResizable(true);
  diagram_scroll_->setBackgroundRole(QPalette::Base);
  tabs_->setObjectName(QStringLiteral("batchStripTabs"));
  tabs_->addTab(diagram_scroll_, tr("Picture"));
  auto* table_page = new QWidget(tabs_);
  tabs_->addTab(table_page, tr("Table"));
  outer->addWidget(tabs_, 1);
  auto* layout = new QVBoxLayout(table_page);
  auto* top = new QHBoxLayout;
  top->addWidget(new QLabel(tr("Stream:"), this));
  streams_->setObjectName(QStringLiteral("streamChooser"));
  streams_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
  top->addWidget(streams_);
  auto* hint = new QLabel(tr("batches are columns; highlighted: batches of the current step"), this);
  hint->setWordWrap(true);  // gives way to the stream box when fonts are large
  top->addWidget(hint, 1);
  layout->addLayout(top);

  strip_view_->setObjectName(QStringLiteral("batchStripView"));
  strip_view_->setModel(strip_model_);
  strip_view_->horizontalHeader()->setDefaultSectionSize(110);
  window_view_->setObjectName(QStringLiteral("windowView"));
  window_view_->setModel(window_model_);
  window_view_->setSelectionBehavior(QAbstractItemView::SelectRows);
  linkToSelection(strip_view_, session.selection());
  linkToSelection(window_view_, session.selection());
  window_view_->verticalHeader()->hide();
  window_view_->horizontalHeader()->setStretchLastSection(true);

  auto* split = new QSplitter(Qt::Vertical, this);
  split->addWidget(strip_view_);
  auto* windows = new QWidget(split);
  windows_ = windows;
  auto* wl = new QVBoxLayout(windows);
  wl->setContentsMargins(0, 0, 0, 0);
  wl->addWidget(window_label_);
  wl->addWidget(window_view_);
  split->addWidget(windows);
  split->setStretchFactor(0, 3);
  split->setStretchFactor(1, 2);
  layout->addWidget(split);

  connect(streams_, &QComboBox::currentTextChanged, this, &BatchStripPanel::setStream);
}

void BatchStripPanel::reload() {
  QSignalBlocker block(streams_);
  streams_->clear();
  graph_->setGraph(session_.streamGraph());
  diagram_->reload();
  if (!session_.isOpen()) return;
  const QStringList names = session_.streamNames();
  streams_->addItems(names);
  // Start on the last stream: usually the one the lesson is about.
  if (!names.isEmpty()) streams_->setCurrentIndex(static_cast<int>(names.size()) - 1);
  setStream(streams_->currentText());
}

void BatchStripPanel::setStream(const QString& stream) {
  strip_model_->setStream(stream);
  window_model_->setStream(stream);
  window_label_->setText(tr("Windows of %1").arg(stream));
  const std::string s = stream.toStdString();
  bool windowed = false;
  if (session_.isOpen())
    for (const trace::Event& e : session_.fullTrace())
      if (e.kind == trace::EventKind::kWindow && e.stream == s) windowed = true;
  windows_->setVisible(windowed);
}

void BatchStripPanel::refresh() {
  diagram_->refresh();
  graph_->setCounts(diagram_->timeline());
  // Keep the latest batch (and the records arriving for the next) in sight.
  const int latest = diagram_->timeline().finishedBatches();
  const QRect column = diagram_->columnRect(latest).united(diagram_->columnRect(std::max(0, latest - 1)));
  diagram_scroll_->ensureVisible(column.right(), diagram_scroll_->verticalScrollBar()->value() + 1,
                                 diagram_->columnRect(0).width(), 0);
  // When the lanes do not all fit, the first window in sight (an incremental one, with its
  // entered and left batches, first): windows are what a lesson is about.
  const auto& lanes = diagram_->timeline().lanes();
  const bool any_incremental = std::any_of(lanes.begin(), lanes.end(), [](const Lane& lane) {
    return !lane.windows.empty() && lane.windows[0].incremental;
  });
  for (size_t l = 0; l < lanes.size(); ++l) {
    if (lanes[l].windows.empty() || (any_incremental && !lanes[l].windows[0].incremental)) continue;
    const QRect bracket = diagram_->bracketRect(static_cast<int>(l), 0);
    if (bracket.isEmpty()) break;
    const int top = diagram_scroll_->verticalScrollBar()->value();
    const int bottom = top + diagram_scroll_->viewport()->height();
    const QRect lane = bracket.united(diagram_->boxRect(static_cast<int>(l), 0));
    if (lane.top() < top || lane.bottom() > bottom) diagram_scroll_->verticalScrollBar()->setValue(lane.top() - 8);
    break;
  }
  strip_model_->refresh();
  window_model_->refresh();
  fitColumns(window_view_, 1000, LastColumn::kFitted);
  // Keep the batches of the current step in sight.
  if (const int c = strip_model_->lastCurrentColumn(); c >= 0 && strip_model_->rowCount() > 0)
    strip_view_->scrollTo(strip_model_->index(0, c));
  if (const int r = window_model_->firstCurrentRow(); r >= 0) window_view_->scrollTo(window_model_->index(r, 0));
}

}  // namespace tideline::studio
