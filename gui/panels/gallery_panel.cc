#include "gui/panels/gallery_panel.h"

#include <QHeaderView>
#include <QLabel>
#include <QTableView>
#include <QVBoxLayout>

#include "gui/models/gallery_model.h"
#include "gui/session/studio_session.h"

namespace tideline::studio {

GalleryPanel::GalleryPanel(QWidget* parent)
    : QWidget(parent), model_(new GalleryModel(this)), view_(new QTableView(this)) {
  auto* layout = new QVBoxLayout(this);
  auto* heading = new QLabel(tr("<h2>Scenarios</h2><p>Double-click a scenario to open it, or use "
                                "File &gt; Open.</p>"),
                             this);
  layout->addWidget(heading);
  view_->setObjectName(QStringLiteral("galleryView"));
  view_->setModel(model_);
  view_->setSelectionBehavior(QAbstractItemView::SelectRows);
  view_->setWordWrap(true);
  view_->verticalHeader()->hide();
  view_->horizontalHeader()->setStretchLastSection(true);
  view_->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  layout->addWidget(view_);
  connect(view_, &QTableView::activated, this, [this](const QModelIndex& index) {
    emit openRequested(index.data(Qt::UserRole).toString());
  });
}

void GalleryPanel::load(const QString& dir) {
  model_->reset(dir.isEmpty() ? std::vector<ScenarioInfo>{} : StudioSession::describeScenarios(dir));
  view_->resizeColumnToContents(GalleryModel::kTitle);
  view_->setColumnWidth(GalleryModel::kTitle, std::min(view_->columnWidth(GalleryModel::kTitle), 420));
  view_->resizeColumnToContents(GalleryModel::kTags);
  view_->setColumnWidth(GalleryModel::kTags, std::min(view_->columnWidth(GalleryModel::kTags), 320));
}

}  // namespace tideline::studio
