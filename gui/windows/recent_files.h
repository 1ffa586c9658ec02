#pragma once
// RecentFiles: the scenarios opened most recently, newest first, at most kMax,
// kept in QSettings (key "recentFiles") so they outlive the process. Entries
// whose file no longer exists are dropped whenever the list is read. fillMenu()
// lists them in File > Open Recent. GUI thread only.

#include <QObject>
#include <QStringList>

class QMenu;

namespace tideline::studio {

class RecentFiles : public QObject {
  Q_OBJECT

 public:
  static constexpr int kMax = 8;

  explicit RecentFiles(QObject* parent = nullptr);

  // The files that still exist, newest first; forgets the others.
  QStringList files();
  // Puts `path` (made absolute) first; the oldest beyond kMax are forgotten.
  void add(const QString& path);
  void clear();
  // Replaces the menu's entries: one per file, then "Clear Menu".
  void fillMenu(QMenu* menu);

 signals:
  void openRequested(const QString& path);

 private:
  void store(const QStringList& files) const;
};

}  // namespace tideline::studio
