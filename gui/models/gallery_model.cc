#include "gui/models/gallery_model.h"

namespace tideline::studio {

namespace {
// The first paragraph of a markdown summary, on one line.
QString firstParagraph(const QString& md) {
  QString p = md.section(QStringLiteral("\n\n"), 0, 0).simplified();
  p.remove(QLatin1Char('*'));
  p.remove(QLatin1Char('`'));
  return p;
}
}  // namespace

GalleryModel::GalleryModel(QObject* parent) : QAbstractTableModel(parent) {}

void GalleryModel::reset(std::vector<ScenarioInfo> scenarios) {
  beginResetModel();
  scenarios_ = std::move(scenarios);
  endResetModel();
}

int GalleryModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(scenarios_.size());
}
int GalleryModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : kColumnCount; }

QVariant GalleryModel::data(const QModelIndex& index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
  const ScenarioInfo& s = scenarios_[static_cast<size_t>(index.row())];
  if (role == Qt::UserRole) return s.path;
  if (role == Qt::ToolTipRole) return s.error.isEmpty() ? s.path : s.error;
  if (role != Qt::DisplayRole) return {};
  switch (index.column()) {
    case kTitle: return s.title;
    case kTags: return s.tags.join(QStringLiteral(", "));
    case kSummary: return s.error.isEmpty() ? firstParagraph(s.summary) : s.error;
  }
  return {};
}

QVariant GalleryModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
  switch (section) {
    case kTitle: return tr("Title");
    case kTags: return tr("Tags");
    case kSummary: return tr("Summary");
  }
  return {};
}

}  // namespace tideline::studio
