#pragma once
// The look shared by the Studio's charts: axes, grid, legend and background
// follow a widget's palette and font (light and dark themes, presentation
// mode); graphs keep their colour for a light background in a property and
// are lightened on a dark one. Also a note written across an empty-looking
// chart, and a text description of a chart's content (what the tests compare
// forward and backward). Only plots/*.cc include qcustomplot.h. GUI thread only.

#include <QColor>
#include <QFont>
#include <QPalette>
#include <QString>

class QCustomPlot;
class QCPGraph;
class QWidget;

namespace tideline::studio {

enum class SeriesStyle { kLine, kImpulses, kPoints };

// Pen widths and marker sizes for the default font size; scaled with the font.
constexpr double kDefaultPointSize = 9;
// How much to scale pens and markers for `font`.
double plotScale(const QFont& font);

// Axis labels, a visible legend, a minimum height.
void styleAxes(QCustomPlot* p, const QString& x_label, const QString& y_label, int min_height = 140);
// Moves the legend to a row above the chart, its entries on one line: it never hides a point.
void placeLegendAbove(QCustomPlot* p);
// Puts as many legend entries on a line as the chart's width holds (a legend placed above or
// below); keepLegendFitted() does it again whenever the chart is resized.
void fitLegend(QCustomPlot* p);
void keepLegendFitted(QCustomPlot* p);
// A graph drawn as a line with points, impulses (bars) or points only, in `color` (for a light background).
QCPGraph* addSeries(QCustomPlot* p, const QString& name, const QColor& color, SeriesStyle style);
// After a series' data is set: at most about kMostMarkers of its points get a marker (the
// line still joins them all). Hundreds of antialiased markers cost most of a replot and
// crowd the line.
constexpr int kMostMarkers = 30;
void thinMarkers(QCPGraph* g);
// Background, axes, grid, legend and text in the palette and font; every graph made by addSeries() re-penned.
void applyPlotLook(QCustomPlot* p, const QPalette& palette, const QFont& font);
// A note in the middle of the chart (e.g. why every value is 0), or none when `text` is empty.
void setPlotNote(QCustomPlot* p, const QString& text);

// Every graph (name, style, points), item (kind, positions, text) and axis
// range and label of the charts under `root`, as text.
QString describePlots(const QWidget* root);

}  // namespace tideline::studio
