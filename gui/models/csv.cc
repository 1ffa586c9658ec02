#include "gui/models/csv.h"

#include <QAbstractItemModel>
#include <QCoreApplication>
#include <QSaveFile>

namespace tideline::studio {

QString csvField(const QString& text) {
  const bool quote = text.contains(QLatin1Char(',')) || text.contains(QLatin1Char('"')) ||
                     text.contains(QLatin1Char('\n')) || text.contains(QLatin1Char('\r')) ||
                     (!text.isEmpty() && (text.front().isSpace() || text.back().isSpace()));
  if (!quote) return text;
  QString out = text;
  out.replace(QLatin1Char('"'), QStringLiteral("\"\""));
  return QLatin1Char('"') + out + QLatin1Char('"');
}

QString toCsv(const QAbstractItemModel& model) {
  const QString eol = QStringLiteral("\r\n");
  QString out;
  QStringList fields;
  for (int c = 0; c < model.columnCount(); ++c) fields << csvField(model.headerData(c, Qt::Horizontal).toString());
  out += fields.join(QLatin1Char(',')) + eol;
  for (int r = 0; r < model.rowCount(); ++r) {
    fields.clear();
    for (int c = 0; c < model.columnCount(); ++c) fields << csvField(model.index(r, c).data().toString());
    out += fields.join(QLatin1Char(',')) + eol;
  }
  return out;
}

bool writeCsv(const QAbstractItemModel& model, const QString& path, QString* error) {
  QSaveFile file(path);
  if (!file.open(QIODevice::WriteOnly) || file.write(toCsv(model).toUtf8()) < 0 || !file.commit()) {
    *error = QCoreApplication::translate("tideline::studio::csv", "cannot write %1: %2").arg(path, file.errorString());
    return false;
  }
  return true;
}

}  // namespace tideline::studio
