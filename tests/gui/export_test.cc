// Exports and looks: tables as CSV with RFC 4180 quoting, the plot as PNG, PDF
// and SVG files offscreen, presentation mode and the light and dark themes.

#include <gtest/gtest.h>

#include <QAction>
#include <QApplication>
#include <QImage>
#include <QPalette>
#include <QStandardItemModel>
#include <QTemporaryDir>
#include <QTest>

#include "gui/models/csv.h"
#include "gui/models/trace_table_model.h"
#include "gui/panels/metrics_panel.h"
#include "gui/plots/metrics_plot.h"
#include "gui/plots/plot_export.h"
#include "gui/session/studio_session.h"
#include "gui/windows/appearance.h"
#include "gui/windows/main_window.h"
#include "tests/gui/studio_test_util.h"

namespace tideline::studio {
namespace {

using namespace testing;  // NOLINT

TEST(StudioExportTest, CsvQuotesOnlyWhatNeedsIt) {
  EXPECT_EQ(csvField(QStringLiteral("plain")), QStringLiteral("plain"));
  EXPECT_EQ(csvField(QString()), QString());
  EXPECT_EQ(csvField(QStringLiteral("a,b")), QStringLiteral("\"a,b\""));
  EXPECT_EQ(csvField(QStringLiteral("say \"hi\"")), QStringLiteral("\"say \"\"hi\"\"\""));
  EXPECT_EQ(csvField(QStringLiteral("two\nlines")), QStringLiteral("\"two\nlines\""));
  EXPECT_EQ(csvField(QStringLiteral(" padded")), QStringLiteral("\" padded\""));
  QStandardItemModel m(2, 2);
  m.setHorizontalHeaderLabels({QStringLiteral("Key"), QStringLiteral("Value, in full")});
  m.setItem(0, 0, new QStandardItem(QStringLiteral("ann")));
  m.setItem(0, 1, new QStandardItem(QStringLiteral("(ann,[2, 0])")));
  m.setItem(1, 0, new QStandardItem(QStringLiteral("b\"ob")));
  m.setItem(1, 1, new QStandardItem(QStringLiteral("1")));
  EXPECT_EQ(toCsv(m), QStringLiteral("Key,\"Value, in full\"\r\nann,\"(ann,[2, 0])\"\r\n\"b\"\"ob\",1\r\n"));
}

TEST(StudioExportTest, StateAndOutputTablesExportAsCsv) {
  QTemporaryDir dir;
  MainWindow w;
  QString error;
  EXPECT_FALSE(w.exportTable(MainWindow::Table::kState, dir.filePath(QStringLiteral("none.csv")), &error));
  ASSERT_TRUE(w.openScenario(scenario("dstream/update-state-vs-map-with-state.yaml")));
  w.session().goToStep(8);
  EXPECT_FALSE(w.exportTable(MainWindow::Table::kState, dir.filePath(QStringLiteral("none.csv")), &error) &&
               w.table(MainWindow::Table::kState) == nullptr);

  const QString state_csv = dir.filePath(QStringLiteral("state.csv"));
  ASSERT_TRUE(w.exportTable(MainWindow::Table::kState, state_csv, &error)) << error.toStdString();
  const TraceTableModel* state = w.table(MainWindow::Table::kState);
  ASSERT_NE(state, nullptr);
  QByteArray want = "Key,Value,Change\r\n";
  for (int r = 0; r < state->rowCount(); ++r)
    want += state->index(r, 0).data().toString().toUtf8() + ',' + state->index(r, 1).data().toString().toUtf8() +
            ',' + state->index(r, 2).data().toString().toUtf8() + "\r\n";
  EXPECT_EQ(readFile(state_csv), want);
  EXPECT_TRUE(want.contains("carl,2,updated\r\n"));

  const QString rows_csv = dir.filePath(QStringLiteral("rows.csv"));
  ASSERT_TRUE(w.exportTable(MainWindow::Table::kCollectedRows, rows_csv, &error)) << error.toStdString();
  const QByteArray rows = readFile(rows_csv);
  EXPECT_TRUE(rows.startsWith("Batch,Stream,Record\r\n"));
  EXPECT_TRUE(rows.contains("1000 ms,totalsWithIdle,\"(ann,[2, 0])\"\r\n")) << rows.toStdString();
  EXPECT_EQ(rows.count("\r\n"), w.table(MainWindow::Table::kCollectedRows)->rowCount() + 1);

  const QString ops_csv = dir.filePath(QStringLiteral("ops.csv"));
  ASSERT_TRUE(w.exportTable(MainWindow::Table::kOutputOperations, ops_csv, &error));
  EXPECT_TRUE(readFile(ops_csv).startsWith("Batch,Stream,Operation,Text\r\n"));

  EXPECT_FALSE(w.exportTable(MainWindow::Table::kState, dir.filePath(QStringLiteral("no/such/dir/x.csv")), &error));
  EXPECT_FALSE(error.isEmpty());
}

TEST(StudioExportTest, SpaceTimePlotExportsForAStructuredQueryOnly) {
  QTemporaryDir dir;
  MainWindow w;
  w.resize(1400, 900);
  ASSERT_TRUE(w.openScenario(scenario("structured/late-data-watermark.yaml")));
  w.session().goToEnd();
  w.show();
  ASSERT_TRUE(QTest::qWaitForWindowExposed(&w));
  QString error;
  const QString png = dir.filePath(QStringLiteral("space-time.png"));
  ASSERT_TRUE(w.exportSpaceTimePlot(png, &error)) << error.toStdString();
  const QImage image(png);
  ASSERT_FALSE(image.isNull());
  const QRgb corner = image.pixel(0, 0);
  int other = 0;
  for (int y = 0; y < image.height(); y += 7)
    for (int x = 0; x < image.width(); x += 7) other += image.pixel(x, y) != corner;
  EXPECT_GT(other, 100) << "the picture has content";

  ASSERT_TRUE(w.openScenario(scenario("dstream/word-count.yaml")));
  EXPECT_FALSE(w.exportSpaceTimePlot(dir.filePath(QStringLiteral("none.png")), &error));
  EXPECT_FALSE(error.isEmpty());
}

TEST(StudioExportTest, PlotExportsAsPngPdfAndSvgOffscreen) {
  QTemporaryDir dir;
  MainWindow w;
  w.resize(1400, 900);
  ASSERT_TRUE(w.openScenario(scenario("dstream/orders-dashboard.yaml")));
  w.session().goToEnd();
  w.show();
  ASSERT_TRUE(QTest::qWaitForWindowExposed(&w));
  QString error;

  const QString png = dir.filePath(QStringLiteral("plot.png"));
  ASSERT_TRUE(w.exportPlot(png, &error)) << error.toStdString();
  const QImage image(png);
  ASSERT_FALSE(image.isNull());
  const MetricsPlot* plot = w.findChild<MetricsPlot*>();
  ASSERT_NE(plot, nullptr);
  EXPECT_GE(image.width(), 2 * plot->width() - 2);  // at least twice the density of the screen
  // Something is drawn: the picture is not one flat colour.
  const QRgb corner = image.pixel(0, 0);
  int other = 0;
  for (int y = 0; y < image.height(); y += 7)
    for (int x = 0; x < image.width(); x += 7) other += image.pixel(x, y) != corner;
  EXPECT_GT(other, 100);

  const QString pdf = dir.filePath(QStringLiteral("plot.pdf"));
  ASSERT_TRUE(w.exportPlot(pdf, &error)) << error.toStdString();
  EXPECT_TRUE(readFile(pdf).startsWith("%PDF-"));
  EXPECT_GT(readFile(pdf).size(), 1000);

  if (plotExportSuffixes().contains(QStringLiteral("svg"))) {
    const QString svg = dir.filePath(QStringLiteral("plot.svg"));
    ASSERT_TRUE(w.exportPlot(svg, &error)) << error.toStdString();
    const QByteArray text = readFile(svg);
    EXPECT_TRUE(text.contains("<svg"));
    EXPECT_TRUE(text.contains("input rows"));  // the legend, as text
  }

  EXPECT_FALSE(w.exportPlot(dir.filePath(QStringLiteral("plot.bmpx")), &error));
  EXPECT_TRUE(error.contains(QStringLiteral("png")));
  EXPECT_FALSE(w.exportPlot(dir.filePath(QStringLiteral("no/such/dir/plot.png")), &error));
}

TEST(StudioAppearanceTest, PresentationModeEnlargesFontsAndDarkThemeDarkens) {
  MainWindow w;
  w.show();
  ASSERT_TRUE(QTest::qWaitForWindowExposed(&w));
  const double base = QApplication::font().pointSizeF();
  ASSERT_GT(base, 0);
  const MetricsPlot* plot = w.findChild<MetricsPlot*>();
  ASSERT_NE(plot, nullptr);
  QAction* presentation = w.findChild<QAction*>(QStringLiteral("presentationAction"));
  ASSERT_NE(presentation, nullptr);

  QTest::keyClick(&w, Qt::Key_P, Qt::ControlModifier | Qt::ShiftModifier);
  EXPECT_TRUE(w.appearance().presentation());
  EXPECT_TRUE(presentation->isChecked());
  EXPECT_DOUBLE_EQ(QApplication::font().pointSizeF(), base * Appearance::kPresentationScale);
  EXPECT_DOUBLE_EQ(plot->font().pointSizeF(), base * Appearance::kPresentationScale);
  presentation->trigger();
  EXPECT_FALSE(w.appearance().presentation());
  EXPECT_DOUBLE_EQ(QApplication::font().pointSizeF(), base);

  const QColor light = QApplication::palette().color(QPalette::Base);
  w.appearance().setTheme(Appearance::Theme::kDark);
  EXPECT_LT(QApplication::palette().color(QPalette::Base).lightness(), 128);
  EXPECT_LT(plot->palette().color(QPalette::Base).lightness(), 128);
  // The theme is remembered for the next window.
  {
    Appearance next;
    EXPECT_EQ(next.theme(), Appearance::Theme::kDark);
  }
  w.appearance().setTheme(Appearance::Theme::kLight);
  EXPECT_EQ(QApplication::palette().color(QPalette::Base), light);
}

}  // namespace
}  // namespace tideline::studio
