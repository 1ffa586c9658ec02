#pragma once
// GalleryModel: the lessons of the gallery as a table in course order (module,
// title, level, tags, summary), one row per file; Qt::UserRole of any cell
// holds the file's path. Owns a copy of the course; reset() replaces it. GUI
// thread only.

#include <QAbstractTableModel>
#include <vector>

#include "gui/session/course.h"
#include "gui/session/studio_session.h"

namespace tideline::studio {

class GalleryModel : public QAbstractTableModel {
  Q_OBJECT

 public:
  enum Column { kModule, kTitle, kLevel, kTags, kSummary, kColumnCount };
  explicit GalleryModel(QObject* parent = nullptr);

  void reset(std::vector<CourseModule> modules);
  // One module of these lessons, in this order.
  void reset(std::vector<ScenarioInfo> scenarios);
  const std::vector<CourseModule>& modules() const { return modules_; }
  // The summary's first paragraph on one line, markdown marks removed.
  static QString shortSummary(const QString& markdown);

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

 private:
  std::vector<CourseModule> modules_;
  std::vector<std::pair<size_t, size_t>> rows_;  // (module, lesson) of each row
};

}  // namespace tideline::studio
