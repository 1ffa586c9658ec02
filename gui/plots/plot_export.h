#pragma once
// exportPlots: saves QCustomPlot charts, stacked top to bottom at their size
// on screen, as one picture: PNG (raster, at twice the on-screen density or the
// screen's when higher, so it stays sharp on a projector), PDF and SVG
// (vector). The format follows the file's suffix. Draws through
// QCustomPlot::toPainter, so a picture matches what the charts show.
// GUI thread only.

#include <QList>
#include <QString>
#include <QStringList>

class QCustomPlot;

namespace tideline::studio {

// The suffixes exportPlots() understands: png, pdf and, when built with Qt SVG, svg.
QStringList plotExportSuffixes();
// REQUIRES: !plots.isEmpty(). Returns false and sets `error` for an unknown
// suffix or a file that cannot be written.
bool exportPlots(const QList<QCustomPlot*>& plots, const QString& path, QString* error);

}  // namespace tideline::studio
