#pragma once
// GalleryPanel: what the Studio shows when no scenario is open: a course. Each
// module of the bundled lessons, then of the teacher's own lesson folders, is
// a heading over cards (title, level, a short summary) in teaching order;
// clicking a card, or Enter on it, asks for that file to be opened. Cards flow
// into as many columns as the width holds, so they stay readable in
// presentation mode. GUI thread only.

#include <QStringList>
#include <QWidget>
#include <vector>

class QGridLayout;
class QLabel;
class QScrollArea;

namespace tideline::studio {

class GalleryModel;

class GalleryPanel : public QWidget {
  Q_OBJECT

 public:
  explicit GalleryPanel(QWidget* parent = nullptr);
  // Lists the lessons under each folder (empty names are skipped), texts in `language`.
  void load(const QStringList& dirs, const QString& language = QStringLiteral("en"));
  void load(const QString& dir) { load(QStringList{dir}); }
  GalleryModel* model() const { return model_; }
  // The cards, in course order (tests).
  QList<QWidget*> cards() const { return cards_; }

 signals:
  void openRequested(const QString& path);

 protected:
  bool eventFilter(QObject* watched, QEvent* event) override;
  void resizeEvent(QResizeEvent* event) override;
  void changeEvent(QEvent* event) override;

 private:
  void rebuild();
  int columnsForWidth() const;

  GalleryModel* model_;
  QScrollArea* scroll_;
  QWidget* page_ = nullptr;
  QList<QWidget*> cards_;
  int columns_ = 0;
  QString errors_;  // unreadable course files
};

}  // namespace tideline::studio
