#pragma once
// Helpers shared by the Studio's tests: the bundled scenarios, files written
// for a test, and every view of a window dumped as text to compare two points
// of time.

#include <QAbstractItemModel>
#include <QDirIterator>
#include <QFile>
#include <QLabel>
#include <QPlainTextEdit>
#include <QString>
#include <QTextBrowser>
#include <algorithm>
#include <vector>

#include "gui/models/trace_table_model.h"
#include "gui/plots/plot_style.h"
#include "gui/windows/main_window.h"

namespace tideline::studio::testing {

inline QString scenario(const char* relative) {
  return QStringLiteral(TIDELINE_SOURCE_DIR "/scenarios/") + QString::fromLatin1(relative);
}

inline std::vector<QString> bundledScenarios() {
  std::vector<QString> out;
  QDirIterator it(QStringLiteral(TIDELINE_SOURCE_DIR "/scenarios"), {QStringLiteral("*.yaml")}, QDir::Files,
                  QDirIterator::Subdirectories);
  while (it.hasNext()) out.push_back(it.next());
  std::sort(out.begin(), out.end());
  return out;
}

inline bool writeFile(const QString& path, const QByteArray& text) {
  QFile f(path);
  return f.open(QIODevice::WriteOnly) && f.write(text) == text.size();
}

inline QByteArray readFile(const QString& path) {
  QFile f(path);
  return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

inline QString dumpModel(const QAbstractItemModel& m) {
  QString s = QString::fromLatin1(m.metaObject()->className()) + QLatin1Char('\n');
  for (int c = 0; c < m.columnCount(); ++c) s += m.headerData(c, Qt::Horizontal).toString() + QLatin1Char('|');
  s += QLatin1Char('\n');
  for (int r = 0; r < m.rowCount(); ++r) {
    for (int c = 0; c < m.columnCount(); ++c) {
      const QModelIndex i = m.index(r, c);
      s += i.data().toString();
      if (i.data(Qt::BackgroundRole).isValid()) s += QStringLiteral("[*]");
      if (i.data(TraceTableModel::kLinkedRole).toBool()) s += QStringLiteral("[linked]");
      s += QLatin1Char('|');
    }
    s += QLatin1Char('\n');
  }
  return s;
}

// Every model of the window, the text panels, the labels and the charts' content, as text.
inline QString dumpViews(MainWindow& w) {
  QString s = describePlots(&w);
  for (const TraceTableModel* m : w.findChildren<TraceTableModel*>()) s += dumpModel(*m);
  for (const QPlainTextEdit* t : w.findChildren<QPlainTextEdit*>()) {
    s += t->toPlainText();
    for (const auto& sel : t->extraSelections())
      s += QStringLiteral("[marked %1-%2]").arg(sel.cursor.selectionStart()).arg(sel.cursor.selectionEnd());
  }
  for (const QTextBrowser* t : w.findChildren<QTextBrowser*>()) s += t->toMarkdown();
  for (const QLabel* l : w.findChildren<QLabel*>()) s += l->text() + QLatin1Char('\n');
  return s;
}

}  // namespace tideline::studio::testing
