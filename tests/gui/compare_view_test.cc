// File > Compare: two runs in lock step, batch by batch; the panels show both runs with
// the rows that differ highlighted; the first divergence is one action away; and the
// views at a batch are the same however it was reached (forward = backward).

#include <gtest/gtest.h>

#include <QAbstractItemModelTester>
#include <QAction>
#include <QLabel>
#include <QTemporaryDir>

#include "gui/models/compare_model.h"
#include "gui/session/compare_session.h"
#include "gui/session/studio_session.h"
#include "gui/windows/compare_window.h"
#include "gui/windows/main_window.h"
#include "tests/gui/studio_test_util.h"

namespace tideline::studio {
namespace {

using namespace testing;  // NOLINT

QString diffScenario(const char* name) { return QStringLiteral(TIDELINE_SOURCE_DIR "/tests/diff/") + QLatin1String(name); }

// Both models and where each run stands, as text.
QString dumpCompare(CompareWindow& w) {
  const CompareSession& s = w.session();
  return QStringLiteral("k=%1 a=%2 b=%3\n").arg(s.batch()).arg(s.a().position()).arg(s.b().position()) +
         dumpModel(*w.outputs()) + dumpModel(*w.state());
}

int differing(const CompareModel& m) {
  int n = 0;
  for (int r = 0; r < m.rowCount(); ++r) n += m.index(r, 0).data(CompareModel::kDiffersRole).toBool();
  return n;
}

TEST(StudioCompareTest, FirstDivergenceIsOneActionAwayAndNothingDiffersBeforeIt) {
  CompareWindow w;
  QAbstractItemModelTester outputs(w.outputs(), QAbstractItemModelTester::FailureReportingMode::Fatal);
  QAbstractItemModelTester state(w.state(), QAbstractItemModelTester::FailureReportingMode::Fatal);
  ASSERT_TRUE(w.open(diffScenario("counts.yaml"), diffScenario("counts-changed-record.yaml")));
  CompareSession& s = w.session();
  ASSERT_FALSE(s.identical()) << s.divergenceText().toStdString();
  EXPECT_TRUE(s.divergenceText().contains(QStringLiteral("input row"))) << s.divergenceText().toStdString();
  EXPECT_EQ(s.batchCount(), 3);
  // The changed record arrives for the second batch (2000 ms).
  EXPECT_EQ(s.divergenceBatch(), 2);
  EXPECT_EQ(s.batch(), 0);
  ASSERT_TRUE(w.action(CompareWindow::kDivergence)->isEnabled());
  w.action(CompareWindow::kDivergence)->trigger();
  EXPECT_EQ(s.batch(), 2);
  EXPECT_FALSE(w.action(CompareWindow::kDivergence)->isEnabled());  // already there
  // Both runs moved: each stands just after its second batch.
  EXPECT_EQ(s.a().currentBatch(), 2);
  EXPECT_EQ(s.b().currentBatch(), 2);
  EXPECT_GT(differing(*w.outputs()), 0);
  EXPECT_GT(differing(*w.state()), 0);
  const int row = w.state()->firstDifferingRow();
  ASSERT_GE(row, 0);
  EXPECT_TRUE(w.state()->index(row, 2).data(Qt::BackgroundRole).isValid());
  EXPECT_FALSE(w.state()->index(row, 0).data(Qt::BackgroundRole).isValid());  // the key columns stay plain
  // One batch earlier the runs agree everywhere, though they have output and state.
  w.action(CompareWindow::kPrevious)->trigger();
  EXPECT_EQ(s.batch(), 1);
  EXPECT_GT(w.outputs()->rowCount(), 0);
  EXPECT_GT(w.state()->rowCount(), 0);
  EXPECT_EQ(differing(*w.outputs()), 0);
  EXPECT_EQ(differing(*w.state()), 0);
  EXPECT_FALSE(w.findChild<QLabel*>(QStringLiteral("compareDivergence"))->text().isEmpty());
}

TEST(StudioCompareTest, ForwardThenBackwardGivesTheSameViewsAsDirectNavigation) {
  CompareWindow w;
  QAbstractItemModelTester outputs(w.outputs(), QAbstractItemModelTester::FailureReportingMode::Fatal);
  QAbstractItemModelTester state(w.state(), QAbstractItemModelTester::FailureReportingMode::Fatal);
  ASSERT_TRUE(w.open(diffScenario("counts.yaml"), diffScenario("counts-doubled.yaml")));
  CompareSession& s = w.session();
  const int n = s.batchCount();
  ASSERT_GT(n, 1);
  std::vector<QString> direct;
  for (int k = 0; k <= n; ++k) {
    s.goToBatch(k);
    direct.push_back(dumpCompare(w));
  }
  s.goToStart();
  for (int k = 0; k <= n; ++k) {
    SCOPED_TRACE(k);
    EXPECT_EQ(dumpCompare(w), direct[static_cast<size_t>(k)]);
    EXPECT_EQ(s.nextBatch(), k < n);
  }
  for (int k = n; k >= 0; --k) {
    SCOPED_TRACE(k);
    EXPECT_EQ(dumpCompare(w), direct[static_cast<size_t>(k)]);
    EXPECT_EQ(s.previousBatch(), k > 0);
  }
  // The same through the window's actions.
  w.action(CompareWindow::kEnd)->trigger();
  EXPECT_EQ(dumpCompare(w), direct.back());
  w.action(CompareWindow::kPrevious)->trigger();
  EXPECT_EQ(dumpCompare(w), direct[static_cast<size_t>(n - 1)]);
  w.action(CompareWindow::kStart)->trigger();
  w.action(CompareWindow::kNext)->trigger();
  EXPECT_EQ(dumpCompare(w), direct[1]);
}

TEST(StudioCompareTest, ARunWithFewerBatchesWaitsAtItsEnd) {
  QTemporaryDir dir;
  ASSERT_TRUE(dir.isValid());
  QByteArray shorter = readFile(diffScenario("counts.yaml"));
  ASSERT_TRUE(shorter.endsWith("  - runBatches: 2\n"));
  shorter.replace(shorter.size() - 2, 1, "1");
  const QString b = dir.filePath(QStringLiteral("shorter.yaml"));
  ASSERT_TRUE(writeFile(b, shorter));
  CompareWindow w;
  QAbstractItemModelTester outputs(w.outputs(), QAbstractItemModelTester::FailureReportingMode::Fatal);
  ASSERT_TRUE(w.open(diffScenario("counts.yaml"), b));
  CompareSession& s = w.session();
  ASSERT_EQ(s.a().batchCount(), 3);
  ASSERT_EQ(s.b().batchCount(), 2);
  EXPECT_EQ(s.batchCount(), 3);
  s.goToBatch(1);
  EXPECT_EQ(differing(*w.outputs()), 0);
  s.goToBatch(3);
  EXPECT_EQ(s.a().position(), s.a().traceLength());
  EXPECT_EQ(s.b().position(), s.b().traceLength());
  // A's third batch printed; B has no such batch.
  EXPECT_GT(differing(*w.outputs()), 0);
  EXPECT_FALSE(s.identical());
  EXPECT_EQ(s.divergenceBatch(), 3);
}

TEST(StudioCompareTest, IdenticalRunsHaveNoDivergenceAndNothingHighlighted) {
  MainWindow main;
  ASSERT_TRUE(main.openScenario(diffScenario("counts.yaml")));
  CompareWindow* w = main.compareWith(diffScenario("counts.yaml"));
  ASSERT_TRUE(w);
  CompareSession& s = w->session();
  EXPECT_TRUE(s.identical());
  EXPECT_FALSE(w->action(CompareWindow::kDivergence)->isEnabled());
  EXPECT_FALSE(s.goToFirstDivergence());
  s.goToEnd();
  EXPECT_GT(w->outputs()->rowCount(), 0);
  EXPECT_EQ(differing(*w->outputs()), 0);
  EXPECT_EQ(differing(*w->state()), 0);
  // The compare window's navigation leaves the main window's time alone.
  EXPECT_EQ(main.session().position(), 0u);
}

TEST(StudioCompareTest, AFileThatDoesNotLoadIsReported) {
  CompareWindow w;
  EXPECT_FALSE(w.open(diffScenario("counts.yaml"), diffScenario("counts-broken.yaml")));
  EXPECT_FALSE(w.session().isOpen());
  EXPECT_EQ(w.outputs()->rowCount(), 0);
  EXPECT_TRUE(w.findChild<QLabel*>(QStringLiteral("compareDivergence"))->text().contains(QStringLiteral("nowhere")));
  EXPECT_FALSE(w.action(CompareWindow::kNext)->isEnabled());
}

}  // namespace
}  // namespace tideline::studio
