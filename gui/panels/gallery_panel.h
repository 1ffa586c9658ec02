#pragma once
// GalleryPanel: what the Studio shows when no scenario is open: the bundled
// scenarios (title, tags, summary) in a table; activating a row asks for that
// file to be opened. GUI thread only.

#include <QWidget>

class QTableView;

namespace tideline::studio {

class GalleryModel;

class GalleryPanel : public QWidget {
  Q_OBJECT

 public:
  explicit GalleryPanel(QWidget* parent = nullptr);
  // Lists the scenarios under `dir` (none when it is empty).
  void load(const QString& dir);
  GalleryModel* model() const { return model_; }

 signals:
  void openRequested(const QString& path);

 private:
  GalleryModel* model_;
  QTableView* view_;
};

}  // namespace tideline::studio
