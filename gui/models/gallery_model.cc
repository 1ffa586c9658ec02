#include "gui/models/gallery_model.h"

namespace tideline::studio {

QString GalleryModel::shortSummary(const QString& md) {
  QString p = md.section(QStringLiteral("\n\n"), 0, 0).simplified();
  p.remove(QLatin1Char('*'));
  p.remove(QLatin1Char('`'));
  return p;
}

GalleryModel::GalleryModel(QObject* parent) : QAbstractTableModel(parent) {}

void GalleryModel::reset(std::vector<CourseModule> modules) {
  beginResetModel();
  modules_ = std::move(modules);
  rows_.clear();
  for (size_t m = 0; m < modules_.size(); ++m)
    for (size_t l = 0; l < modules_[m].lessons.size(); ++l) rows_.emplace_back(m, l);
  endResetModel();
}

void GalleryModel::reset(std::vector<ScenarioInfo> scenarios) {
  CourseModule module;
  module.title = tr("Lessons");
  for (ScenarioInfo& s : scenarios) module.lessons.push_back({std::move(s), QString()});
  std::vector<CourseModule> modules;
  if (!module.lessons.empty()) modules.push_back(std::move(module));
  reset(std::move(modules));
}

int GalleryModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(rows_.size());
}
int GalleryModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : kColumnCount; }

QVariant GalleryModel::data(const QModelIndex& index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
  const auto [m, l] = rows_[static_cast<size_t>(index.row())];
  const CourseModule& module = modules_[m];
  const CourseLesson& lesson = module.lessons[l];
  const ScenarioInfo& s = lesson.info;
  if (role == Qt::UserRole) return s.path;
  if (role == Qt::ToolTipRole) return s.error.isEmpty() ? s.path : s.error;
  if (role != Qt::DisplayRole) return {};
  switch (index.column()) {
    case kModule: return module.title;
    case kTitle: return s.title;
    case kLevel: return lesson.level;
    case kTags: return s.tags.join(QStringLiteral(", "));
    case kSummary: return s.error.isEmpty() ? shortSummary(s.summary) : s.error;
  }
  return {};
}

QVariant GalleryModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
  switch (section) {
    case kModule: return tr("Module");
    case kTitle: return tr("Title");
    case kLevel: return tr("Level");
    case kTags: return tr("Tags");
    case kSummary: return tr("Summary");
  }
  return {};
}

}  // namespace tideline::studio
