// Tests of Tideline Studio, offscreen: views reached forward and backward
// (tables, texts, labels and every chart's series and items) agree at every
// step, batch, record, window and late record of every bundled scenario,
// every model passes QAbstractItemModelTester, the keys move time, a broken
// file shows its error.

#include <gtest/gtest.h>

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QFontInfo>
#include <QPlainTextEdit>
#include <QRegularExpression>
#include <QTextBlock>
#include <QTextCursor>
#include <QTemporaryDir>
#include <QTest>
#include <map>
#include <string>
#include <vector>

#include "gui/models/gallery_model.h"
#include "gui/models/trace_table_model.h"
#include "gui/plots/space_time_plot.h"
#include "gui/session/selection.h"
#include "gui/session/studio_session.h"
#include "gui/windows/main_window.h"
#include "tests/gui/studio_test_util.h"

namespace tideline::studio {
namespace {

using namespace testing;  // NOLINT
using Mark = StudioSession::Mark;

TEST(StudioTest, ViewsAgreeReachedForwardAndBackward) {
  const auto files = bundledScenarios();
  ASSERT_FALSE(files.empty());
  for (const QString& file : files) {
    SCOPED_TRACE(file.toStdString());
    MainWindow w;
    ASSERT_TRUE(w.openScenario(file)) << w.session().errorText().toStdString();
    StudioSession& s = w.session();
    std::vector<QString> forward;
    forward.push_back(dumpViews(w));
    while (s.currentStep() < s.stepCount()) {
      const int before = s.currentStep();
      s.nextStep();
      ASSERT_EQ(s.currentStep(), before + 1);
      forward.push_back(dumpViews(w));
    }
    EXPECT_EQ(s.position(), s.traceLength());
    EXPECT_FALSE(w.findChildren<TraceTableModel*>().isEmpty());
    if (s.isStructured()) {
      // The dumps hold the space-time plot: every row that has a place on it is a point.
      EXPECT_TRUE(forward.back().contains(QLatin1String("plot spaceTimePlot")));
      const SpaceTimePlot* plot = w.findChild<SpaceTimePlot*>();
      ASSERT_NE(plot, nullptr);
      int points = 0, placed = 0;
      for (RecordFate f : {RecordFate::kWaiting, RecordFate::kOnTime, RecordFate::kLate, RecordFate::kPartlyDropped,
                           RecordFate::kDropped})
        points += static_cast<int>(plot->points(f).size());
      for (const QueryRecord& r : s.query().records()) placed += s.query().plotTime(r).has_value();
      EXPECT_EQ(points, placed);
    }
    for (int step = s.stepCount(); step >= 0; --step) {
      s.goToStep(step);
      ASSERT_EQ(s.currentStep(), step);
      EXPECT_EQ(dumpViews(w).toStdString(), forward[static_cast<size_t>(step)].toStdString()) << "step " << step;
    }
  }
}

// Stops at every step, record, batch, window close and late record going forward, then
// walks back with the previous-* moves: the same stops, the same views.
TEST(StudioTest, ViewsAgreeAtEveryStopForwardAndBackward) {
  const Mark marks[] = {Mark::kStep, Mark::kRecord, Mark::kBatch, Mark::kWindowClose, Mark::kLateRecord};
  for (const QString& file : bundledScenarios()) {
    SCOPED_TRACE(file.toStdString());
    MainWindow w;
    ASSERT_TRUE(w.openScenario(file));
    StudioSession& s = w.session();
    std::map<size_t, QString> forward = {{0, dumpViews(w)}};
    for (;;) {
      std::optional<size_t> next;
      for (Mark m : marks)
        if (auto p = s.nextPosition(m); p && (!next || *p < *next)) next = p;
      if (!next) break;
      s.goToPosition(*next);
      ASSERT_EQ(s.position(), *next);
      forward[*next] = dumpViews(w);
    }
    EXPECT_EQ(s.position(), s.traceLength());
    EXPECT_GT(forward.size(), static_cast<size_t>(s.stepCount()));
    size_t visited = 1;
    for (;;) {
      std::optional<size_t> previous;
      Mark by = Mark::kStep;
      for (Mark m : marks) {
        if (auto p = s.previousPosition(m); p && (!previous || *p > *previous)) {
          previous = p;
          by = m;
        }
      }
      if (!previous) break;
      ASSERT_TRUE(s.goToPrevious(by));
      ASSERT_EQ(s.position(), *previous);
      ASSERT_EQ(forward.count(*previous), 1u) << "a stop going back that was not one going forward";
      EXPECT_EQ(dumpViews(w).toStdString(), forward[*previous].toStdString()) << "position " << *previous;
      ++visited;
    }
    EXPECT_EQ(s.position(), 0u);
    EXPECT_EQ(visited, forward.size());
  }
}

TEST(StudioTest, EveryModelPassesTheModelTester) {
  for (const QString& file : bundledScenarios()) {
    SCOPED_TRACE(file.toStdString());
    MainWindow w;
    ASSERT_TRUE(w.openScenario(file));
    StudioSession& s = w.session();
    s.goToEnd();
    // Testers watch every reset and dataChanged from here on; the state tables are recreated on the way.
    auto attach = [&w] {
      for (TraceTableModel* m : w.findChildren<TraceTableModel*>())
        if (!m->findChild<QAbstractItemModelTester*>())
          new QAbstractItemModelTester(m, QAbstractItemModelTester::FailureReportingMode::Fatal, m);
    };
    attach();
    s.goToStart();
    attach();
    for (int step = 1; step <= s.stepCount(); ++step) {
      s.goToStep(step);
      attach();
    }
    EXPECT_EQ(s.currentStep(), s.stepCount());
    // Linked highlights change through dataChanged.
    s.selection()->selectKey(QStringLiteral("a"));
    s.selection()->selectBatch(s.fullTrace().back().batch_time);
    while (s.goToPrevious(Mark::kBatch)) attach();
    s.selection()->clear();
  }
  GalleryModel gallery;
  QAbstractItemModelTester tester(&gallery, QAbstractItemModelTester::FailureReportingMode::Fatal);
  gallery.reset(StudioSession::describeScenarios(QStringLiteral(TIDELINE_SOURCE_DIR "/scenarios")));
  EXPECT_EQ(static_cast<size_t>(gallery.rowCount()), bundledScenarios().size());
  EXPECT_FALSE(gallery.index(0, GalleryModel::kTitle).data().toString().isEmpty());
}

TEST(StudioTest, KeysMoveTime) {
  MainWindow w;
  ASSERT_TRUE(w.openScenario(scenario("dstream/word-count.yaml")));
  w.show();
  ASSERT_TRUE(QTest::qWaitForWindowExposed(&w));
  StudioSession& s = w.session();
  ASSERT_GE(s.stepCount(), 3);
  EXPECT_EQ(s.currentStep(), 0);
  QTest::keyClick(&w, Qt::Key_Right);
  QTest::keyClick(&w, Qt::Key_Right);
  EXPECT_EQ(s.currentStep(), 2);
  QTest::keyClick(&w, Qt::Key_Left);
  EXPECT_EQ(s.currentStep(), 1);
  QTest::keyClick(&w, Qt::Key_End);
  EXPECT_EQ(s.currentStep(), s.stepCount());
  QTest::keyClick(&w, Qt::Key_Right);
  EXPECT_EQ(s.currentStep(), s.stepCount());
  QTest::keyClick(&w, Qt::Key_Home);
  EXPECT_EQ(s.currentStep(), 0);
  QTest::keyClick(&w, Qt::Key_Left);
  EXPECT_EQ(s.currentStep(), 0);
}

TEST(StudioTest, SourceHighlightsTheCurrentStep) {
  MainWindow w;
  ASSERT_TRUE(w.openScenario(scenario("structured/late-data-watermark.yaml")));
  StudioSession& s = w.session();
  auto* source = w.findChild<QPlainTextEdit*>(QStringLiteral("lessonSource"));
  ASSERT_NE(source, nullptr);
  EXPECT_TRUE(source->toPlainText().contains(QStringLiteral("withWatermark")));
  EXPECT_TRUE(source->extraSelections().isEmpty()) << "no step has run yet";
  for (int step : {1, 3, s.stepCount()}) {
    s.goToStep(step);
    ASSERT_EQ(source->extraSelections().size(), 1);
    const QTextCursor c = source->extraSelections().first().cursor;
    QTextCursor start(source->document());
    start.setPosition(c.selectionStart());
    EXPECT_EQ(start.blockNumber() + 1, s.stepLine(step)) << "step " << step;
    EXPECT_TRUE(start.block().text().contains(s.stepKind(step))) << start.block().text().toStdString();
  }
}

TEST(StudioTest, BrokenScenarioShowsFileLineColumn) {
  QTemporaryDir dir;
  ASSERT_TRUE(dir.isValid());
  const QString path = dir.filePath(QStringLiteral("broken.yaml"));
  ASSERT_TRUE(writeFile(path,
                        "tideline: 1\n"
                        "title: broken\n"
                        "summary: an unknown operation\n"
                        "api: dstream\n"
                        "batchInterval: 1s\n"
                        "inputs:\n"
                        "  lines: {type: queue}\n"
                        "streams:\n"
                        "  - name: words\n"
                        "    from: lines\n"
                        "    ops:\n"
                        "      - flatMapp: \"split(x, ' ')\"\n"
                        "steps:\n"
                        "  - advanceClock: 1s\n"));
  MainWindow w;
  w.show();
  EXPECT_FALSE(w.openScenario(path));
  const auto* errors = w.findChild<QPlainTextEdit*>(QStringLiteral("errorView"));
  ASSERT_NE(errors, nullptr);
  EXPECT_TRUE(errors->isVisible());
  const QRegularExpression where(QStringLiteral("broken\\.yaml:\\d+:\\d+: error: "));
  EXPECT_TRUE(where.match(errors->toPlainText()).hasMatch()) << errors->toPlainText().toStdString();
  // Time keys do nothing without a scenario, and nothing crashes.
  QTest::keyClick(&w, Qt::Key_Right);
  QTest::keyClick(&w, Qt::Key_End);
  QTest::keyClick(&w, Qt::Key_Space);
  QTest::keyClick(&w, Qt::Key_Right, Qt::ShiftModifier);
  EXPECT_EQ(w.session().currentStep(), 0);
  EXPECT_EQ(w.session().position(), 0u);
  EXPECT_FALSE(w.session().isOpen());
}

TEST(StudioTest, DefaultFontIsInstalled) { EXPECT_FALSE(QFontInfo(QFont()).family().isEmpty()); }

}  // namespace
}  // namespace tideline::studio
