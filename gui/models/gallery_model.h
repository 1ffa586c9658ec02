#pragma once
// GalleryModel: the bundled scenarios as a table (title, tags, summary), one
// row per file; Qt::UserRole of any cell holds the file's path. Owns a copy of
// the descriptions; reset() replaces them. GUI thread only.

#include <QAbstractTableModel>
#include <vector>

#include "gui/session/studio_session.h"

namespace tideline::studio {

class GalleryModel : public QAbstractTableModel {
  Q_OBJECT

 public:
  enum Column { kTitle, kTags, kSummary, kColumnCount };
  explicit GalleryModel(QObject* parent = nullptr);

  void reset(std::vector<ScenarioInfo> scenarios);

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

 private:
  std::vector<ScenarioInfo> scenarios_;
};

}  // namespace tideline::studio
