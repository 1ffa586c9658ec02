#include "gui/plots/plot_export.h"

#include <qcustomplot.h>

#include <QCoreApplication>
#include <QFileInfo>
#include <QImage>
#include <QPageLayout>
#include <QPdfWriter>
#include <algorithm>
#ifdef TIDELINE_STUDIO_SVG
#include <QSvgGenerator>
#endif

namespace tideline::studio {

namespace {

constexpr int kDpi = 96;  // the logical dpi of the charts on screen: fonts keep their size relative to the axes

// A chart's size: as shown, or a default for one never laid out (offscreen, hidden dock).
QSize plotSize(const QCustomPlot* p) {
  const QSize s = p->size();
  return s.width() < 50 || s.height() < 50 ? QSize(800, 300) : s;
}

void paintStacked(const QList<QCustomPlot*>& plots, QCPPainter* painter, int width, bool vector) {
  if (vector) painter->setMode(QCPPainter::pmVectorized);
  int y = 0;
  for (QCustomPlot* p : plots) {
    const int h = plotSize(p).height();
    painter->save();
    painter->translate(0, y);
    p->toPainter(painter, width, h);
    painter->restore();
    y += h;
  }
}

}  // namespace

QStringList plotExportSuffixes() {
  QStringList out = {QStringLiteral("png"), QStringLiteral("pdf")};
#ifdef TIDELINE_STUDIO_SVG
  out << QStringLiteral("svg");
#endif
  return out;
}

bool exportPlots(const QList<QCustomPlot*>& plots, const QString& path, QString* error) {
  Q_ASSERT(!plots.isEmpty());
  int width = 0, height = 0;
  for (const QCustomPlot* p : plots) {
    width = std::max(width, plotSize(p).width());
    height += plotSize(p).height();
  }
  const QString suffix = QFileInfo(path).suffix().toLower();
  const QColor background = plots.front()->palette().color(QPalette::Base);
  bool ok = false;
  if (suffix == QLatin1String("png")) {
    const qreal scale = std::max<qreal>(2.0, plots.front()->devicePixelRatioF());
    QImage image(QSize(width, height) * scale, QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(scale);
    image.setDotsPerMeterX(static_cast<int>(kDpi / 0.0254));  // logical dpi: the painter scales by `scale`
    image.setDotsPerMeterY(static_cast<int>(kDpi / 0.0254));
    image.fill(background);
    {
      QCPPainter painter(&image);
      paintStacked(plots, &painter, width, false);
    }
    ok = image.save(path, "PNG");
  } else if (suffix == QLatin1String("pdf")) {
    QPdfWriter writer(path);
    writer.setResolution(kDpi);
    writer.setCreator(QCoreApplication::applicationName());
    const QSizeF points(width * 72.0 / kDpi, height * 72.0 / kDpi);
    writer.setPageLayout(QPageLayout(QPageSize(points, QPageSize::Point, QString(), QPageSize::ExactMatch),
                                     QPageLayout::Portrait, QMarginsF(0, 0, 0, 0)));
    QCPPainter painter;
    ok = painter.begin(&writer);
    if (ok) {
      painter.fillRect(QRect(0, 0, width, height), background);
      paintStacked(plots, &painter, width, true);
      ok = painter.end();
    }
#ifdef TIDELINE_STUDIO_SVG
  } else if (suffix == QLatin1String("svg")) {
    QSvgGenerator svg;
    svg.setFileName(path);
    svg.setSize(QSize(width, height));
    svg.setViewBox(QRect(0, 0, width, height));
    svg.setResolution(kDpi);
    svg.setTitle(QCoreApplication::applicationName());
    QCPPainter painter;
    ok = painter.begin(&svg);
    if (ok) {
      painter.fillRect(QRect(0, 0, width, height), background);
      paintStacked(plots, &painter, width, true);
      ok = painter.end();
    }
#endif
  } else {
    *error = QCoreApplication::translate("tideline::studio::PlotExport", "cannot export a plot as '.%1': use %2")
                 .arg(suffix, plotExportSuffixes().join(QStringLiteral(", ")));
    return false;
  }
  // toPainter() laid the charts out for the picture; lay them out for the screen again.
  for (QCustomPlot* p : plots) p->replot(QCustomPlot::rpQueuedReplot);
  if (!ok) *error = QCoreApplication::translate("tideline::studio::PlotExport", "cannot write %1").arg(path);
  return ok;
}

}  // namespace tideline::studio
