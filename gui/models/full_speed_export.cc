#include "gui/models/full_speed_export.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

#include "gui/session/full_speed_run.h"

namespace tideline::studio {

namespace {

QString number(double v) { return QString::number(v, 'f', 3); }

}  // namespace

QString fullSpeedCsv(const FullSpeedSnapshot& s) {
  const QString eol = QStringLiteral("\r\n");
  QString out = QStringLiteral("batch,batch_time_s,input_rows,output_rows,state_rows,wall_ms,virtual_ms") + eol;
  if (!s.history) return out;
  out.reserve(out.size() + static_cast<qsizetype>(s.history->size()) * 48);
  for (const FullSpeedBatch& b : *s.history) {
    out += QString::number(b.index) + QLatin1Char(',') + number(b.seconds) + QLatin1Char(',') +
           QString::number(b.inputRows) + QLatin1Char(',') + QString::number(b.outputRows) + QLatin1Char(',') +
           QString::number(b.stateRows) + QLatin1Char(',') + number(b.wallMs) + QLatin1Char(',') +
           number(b.virtualMs) + eol;
  }
  return out;
}

QString fullSpeedOutputPath(const QString& csv_path) {
  const QFileInfo info(csv_path);
  const QString base = info.suffix().compare(QStringLiteral("csv"), Qt::CaseInsensitive) == 0
                           ? info.completeBaseName()
                           : info.fileName();
  return info.dir().filePath(base + QStringLiteral("-output.txt"));
}

bool exportFullSpeedRun(const FullSpeedSnapshot& s, const QString& csv_path, QString* error) {
  if (!s.done() || !s.history) {
    *error = QCoreApplication::translate("tideline::studio::FullSpeedExport", "the run has not ended yet");
    return false;
  }
  QSaveFile csv(csv_path);
  if (!csv.open(QIODevice::WriteOnly) || csv.write(fullSpeedCsv(s).toUtf8()) < 0 || !csv.commit()) {
    *error = QCoreApplication::translate("tideline::studio::FullSpeedExport", "cannot write %1: %2")
                 .arg(csv_path, csv.errorString());
    return false;
  }
  const QString out_path = fullSpeedOutputPath(csv_path);
  QSaveFile out(out_path);
  if (!out.open(QIODevice::WriteOnly)) {
    *error = QCoreApplication::translate("tideline::studio::FullSpeedExport", "cannot write %1: %2")
                 .arg(out_path, out.errorString());
    return false;
  }
  QFile in(s.outputFile);
  if (!s.outputFile.isEmpty() && !in.open(QIODevice::ReadOnly)) {
    out.cancelWriting();
    *error = QCoreApplication::translate("tideline::studio::FullSpeedExport", "cannot read the run's output %1: %2")
                 .arg(s.outputFile, in.errorString());
    return false;
  }
  while (in.isOpen() && !in.atEnd()) {  // in chunks: the file may be large
    const QByteArray chunk = in.read(1 << 20);
    if (chunk.isEmpty() || out.write(chunk) != chunk.size()) {
      out.cancelWriting();
      break;
    }
  }
  if (!out.commit()) {
    *error = QCoreApplication::translate("tideline::studio::FullSpeedExport", "cannot write %1: %2")
                 .arg(out_path, out.errorString());
    return false;
  }
  return true;
}

}  // namespace tideline::studio
