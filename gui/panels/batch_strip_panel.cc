#include "gui/panels/batch_strip_panel.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

#include "gui/models/batch_strip_model.h"
#include "gui/models/window_model.h"
#include "gui/panels/linked_view.h"
#include "gui/session/studio_session.h"

namespace tideline::studio {

BatchStripPanel::BatchStripPanel(const StudioSession& session, QWidget* parent)
    : QWidget(parent),
      session_(session),
      streams_(new QComboBox(this)),
      strip_model_(new BatchStripModel(session, this)),
      window_model_(new WindowModel(session, this)),
      strip_view_(new QTableView(this)),
      window_label_(new QLabel(tr("Windows"), this)),
      window_view_(new QTableView(this)) {
  auto* layout = new QVBoxLayout(this);
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
  strip_model_->refresh();
  window_model_->refresh();
  window_view_->resizeColumnsToContents();
  // Keep the batches of the current step in sight.
  if (const int c = strip_model_->lastCurrentColumn(); c >= 0 && strip_model_->rowCount() > 0)
    strip_view_->scrollTo(strip_model_->index(0, c));
  if (const int r = window_model_->firstCurrentRow(); r >= 0) window_view_->scrollTo(window_model_->index(r, 0));
}

}  // namespace tideline::studio
