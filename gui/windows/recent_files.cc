#include "gui/windows/recent_files.h"

#include <QAction>
#include <QDir>
#include <QFileInfo>
#include <QMenu>
#include <QSettings>

namespace tideline::studio {

namespace {
const QString kKey = QStringLiteral("recentFiles");
}  // namespace

RecentFiles::RecentFiles(QObject* parent) : QObject(parent) {}

QStringList RecentFiles::files() {
  const QStringList stored = QSettings().value(kKey).toStringList();
  QStringList out;
  for (const QString& f : stored)
    if (QFileInfo::exists(f) && !out.contains(f) && out.size() < kMax) out << f;
  if (out != stored) store(out);
  return out;
}

void RecentFiles::add(const QString& path) {
  const QString abs = QFileInfo(path).absoluteFilePath();
  QStringList list = files();
  list.removeAll(abs);
  list.prepend(abs);
  while (list.size() > kMax) list.removeLast();
  store(list);
}

void RecentFiles::clear() { store({}); }

void RecentFiles::store(const QStringList& files) const { QSettings().setValue(kKey, files); }

void RecentFiles::fillMenu(QMenu* menu) {
  menu->clear();
  const QStringList list = files();
  for (int i = 0; i < list.size(); ++i) {
    const QString path = list[i];
    // &1..&8 as mnemonics; the full path as the tooltip.
    QAction* a = menu->addAction(tr("&%1 %2").arg(i + 1).arg(QFileInfo(path).fileName()));
    a->setToolTip(QDir::toNativeSeparators(path));
    a->setData(path);
    connect(a, &QAction::triggered, this, [this, path] { emit openRequested(path); });
  }
  if (list.isEmpty()) menu->addAction(tr("No recent files"))->setEnabled(false);
  menu->addSeparator();
  QAction* clear_action = menu->addAction(tr("&Clear Menu"));
  clear_action->setEnabled(!list.isEmpty());
  connect(clear_action, &QAction::triggered, this, &RecentFiles::clear);
  menu->setToolTipsVisible(true);
}

}  // namespace tideline::studio
