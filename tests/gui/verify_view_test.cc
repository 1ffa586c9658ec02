// Tools > Verify Idempotence: one matrix of batches x crash points per output, coloured by
// verdict; a cell opens that schedule's run at its crash, with the output's extra or
// missing items highlighted against the clean run; and that run's views are the same
// however time reached a position (forward = backward).

#include <gtest/gtest.h>

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QBrush>
#include <QLabel>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QTest>
#include <algorithm>

#include "core/scenario/model.h"
#include "core/trace/trace.h"
#include "gui/models/reader_diff_model.h"
#include "gui/models/verify_matrix_model.h"
#include "gui/panels/crash_panel.h"
#include "gui/session/studio_session.h"
#include "gui/session/verify_run.h"
#include "gui/windows/main_window.h"
#include "gui/windows/verify_dialog.h"
#include "tests/gui/studio_test_util.h"

namespace tideline::studio {
namespace {

using namespace testing;  // NOLINT
using verify::Verdict;

QString verifyScenario(const char* name) { return QStringLiteral(TIDELINE_SOURCE_DIR "/tests/verify/") + QLatin1String(name); }

std::shared_ptr<const verify::VerifyResult> verifyFile(const char* name) {
  auto sc = scenario::LoadScenario(verifyScenario(name).toStdString());
  EXPECT_TRUE(sc.ok()) << sc.status().ToString();
  auto r = verify::Verify(*sc, {});
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return std::make_shared<const verify::VerifyResult>(std::move(r).value());
}

Verdict verdictAt(const VerifyMatrixModel& m, int row, int column) {
  return static_cast<Verdict>(m.index(row, column).data(VerifyMatrixModel::kVerdictRole).toInt());
}

TEST(StudioVerifyTest, DStreamMatrixHasBatchesByCrashPointsColouredByVerdict) {
  const auto r = verifyFile("dstream-append-and-print.yaml");
  VerifyMatrixModel append(r, 0);
  QAbstractItemModelTester tester(&append, QAbstractItemModelTester::FailureReportingMode::Fatal);
  ASSERT_EQ(append.rowCount(), 3);
  ASSERT_EQ(append.columnCount(), 4);
  EXPECT_EQ(append.headerData(0, Qt::Vertical).toString(), QStringLiteral("1000 ms"));
  EXPECT_EQ(append.headerData(2, Qt::Vertical).toString(), QStringLiteral("3000 ms"));
  QStringList points;
  for (int c = 0; c < 4; ++c) points << append.headerData(c, Qt::Horizontal).toString();
  EXPECT_EQ(points, (QStringList{"afterGenerate", "afterOutput1", "afterOutput2", "afterComplete"}));
  // The append of batch 1000 happens again after a crash right after it.
  const QModelIndex again = append.index(0, 1);
  EXPECT_EQ(again.data().toString(), QStringLiteral("+2"));
  EXPECT_EQ(verdictAt(append, 0, 1), Verdict::kAtLeastOnce);
  EXPECT_EQ(again.data(Qt::BackgroundRole).value<QBrush>().color(), VerifyMatrixModel::verdictColor(Verdict::kAtLeastOnce));
  EXPECT_TRUE(again.data(Qt::ToolTipRole).toString().contains(QStringLiteral("1000  B"))) << again.data(Qt::ToolTipRole).toString().toStdString();
  EXPECT_EQ(append.index(0, 0).data().toString(), QStringLiteral("\u2713"));
  EXPECT_EQ(verdictAt(append, 2, 1), Verdict::kExactlyOnce);  // batch 3000 ms appends nothing
  EXPECT_EQ(append.scheduleAt(again), 1);
  EXPECT_EQ(append.indexOf(1), again);
  // print is the second output: it is printed again only after a crash after it.
  VerifyMatrixModel print(r, 1);
  QAbstractItemModelTester print_tester(&print, QAbstractItemModelTester::FailureReportingMode::Fatal);
  EXPECT_EQ(verdictAt(print, 0, 1), Verdict::kExactlyOnce);
  EXPECT_EQ(verdictAt(print, 0, 2), Verdict::kAtLeastOnce);
  EXPECT_EQ(print.index(0, 2).data().toString(), QStringLiteral("+1"));
}

TEST(StudioVerifyTest, LostItemsAreAtMostOnceAndStructuredColumnsKeepTheDriversOrder) {
  const auto lost = verifyFile("dstream-socket-no-wal.yaml");
  VerifyMatrixModel m(lost, 0);
  QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::Fatal);
  EXPECT_EQ(verdictAt(m, 0, 0), Verdict::kAtMostOnce);
  EXPECT_EQ(m.index(0, 0).data().toString(), QStringLiteral("\u22122"));

  const auto console = verifyFile("structured-console-sink.yaml");
  VerifyMatrixModel c(console, 0);
  QAbstractItemModelTester console_tester(&c, QAbstractItemModelTester::FailureReportingMode::Fatal);
  EXPECT_EQ(c.headerData(0, Qt::Vertical).toString(), QStringLiteral("batch 0"));
  QStringList first_batch;  // the points of batch 0 as the clean run passed them
  for (const verify::ScheduleOutcome& s : console->cells)
    if (s.crash.batch == 0) first_batch << QString::fromStdString(s.crash.point);
  QStringList columns;
  for (int col = 0; col < c.columnCount(); ++col) columns << c.headerData(col, Qt::Horizontal).toString();
  EXPECT_EQ(columns, first_batch);
  const int sink = static_cast<int>(columns.indexOf(QStringLiteral("afterSink")));
  ASSERT_GE(sink, 0);
  EXPECT_EQ(verdictAt(c, 0, sink), Verdict::kAtLeastOnce);
}

TEST(StudioVerifyTest, ReaderDiffMarksExtraCopiesAndMissingItems) {
  ReaderDiffModel m;
  QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::Fatal);
  m.set({"a", "b", "c"}, {"a"}, {"c"});
  ASSERT_EQ(m.rowCount(), 4);
  auto status = [&](int row) { return static_cast<ReaderDiffModel::Status>(m.index(row, 0).data(ReaderDiffModel::kStatusRole).toInt()); };
  EXPECT_EQ(m.index(0, 0).data().toString(), QStringLiteral("a"));
  EXPECT_EQ(status(0), ReaderDiffModel::Status::kSame);
  EXPECT_EQ(m.index(1, 0).data().toString(), QStringLiteral("a"));  // the copy next to its original
  EXPECT_EQ(status(1), ReaderDiffModel::Status::kExtra);
  EXPECT_EQ(status(3), ReaderDiffModel::Status::kMissing);
  EXPECT_FALSE(m.index(0, 1).data(Qt::BackgroundRole).isValid());
  EXPECT_TRUE(m.index(1, 1).data(Qt::BackgroundRole).isValid());
  EXPECT_EQ(m.extraCount(), 1);
  EXPECT_EQ(m.missingCount(), 1);
  m.clear();
  EXPECT_EQ(m.rowCount(), 0);
}

// Verifies the window's scenario through Tools > Verify Idempotence and waits for it.
VerifyDialog* verifyOpenScenario(MainWindow& w) {
  VerifyDialog* d = w.verifyIdempotence();
  if (!d) return nullptr;
  QSignalSpy done(d->run(), &VerifyRun::finished);
  if (d->run()->isRunning() && !done.wait(60000)) return nullptr;
  return d;
}

TEST(StudioVerifyTest, DialogShowsOneMatrixPerOutputAndACellOpensItsRunAtTheCrash) {
  MainWindow w;
  w.show();
  ASSERT_TRUE(w.openScenario(verifyScenario("dstream-append-and-print.yaml")));
  VerifyDialog* d = verifyOpenScenario(w);
  ASSERT_TRUE(d && d->result());
  ASSERT_EQ(d->tabs()->count(), 2);
  EXPECT_TRUE(d->tabs()->tabText(0).contains(QStringLiteral("at-least-once")));
  QTableView* view = d->matrixView(0);
  ASSERT_TRUE(view);
  QAbstractItemModelTester tester(view->model(), QAbstractItemModelTester::FailureReportingMode::Fatal);
  QApplication::processEvents();
  const QModelIndex cell = view->model()->index(0, 1);  // 1000 ms, afterOutput1
  // A double-click as a user makes it: the first click's press, then the double-click.
  QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(cell).center());
  QTest::mouseDClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(cell).center());

  StudioSession& s = w.session();
  ASSERT_TRUE(s.crashSchedule().has_value());
  EXPECT_EQ(s.crashSchedule()->batch, 1000);
  EXPECT_EQ(s.crashSchedule()->point, QStringLiteral("afterOutput1"));
  ASSERT_TRUE(s.crashPosition().has_value());
  EXPECT_EQ(s.position(), *s.crashPosition());
  // The driver died at that point: the restart from the checkpoint follows it in the trace.
  const auto& run = s.fullTrace();
  ASSERT_LT(*s.crashPosition(), run.size());
  EXPECT_TRUE(std::any_of(run.begin() + static_cast<std::ptrdiff_t>(*s.crashPosition()), run.end(),
                          [](const trace::Event& e) { return e.kind == trace::EventKind::kRecovered; }));
  EXPECT_TRUE(w.banner()->isVisible());
  EXPECT_TRUE(w.banner()->text().contains(QStringLiteral("afterOutput1")));
  // Before the crash nothing says it.
  s.goToPosition(*s.crashPosition() - 1);
  EXPECT_FALSE(w.banner()->text().contains(QStringLiteral("afterOutput1")) && w.banner()->isVisible());

  CrashPanel* panel = w.crashPanel();
  ASSERT_TRUE(panel);
  ReaderDiffModel* diff = panel->model();
  QAbstractItemModelTester diff_tester(diff, QAbstractItemModelTester::FailureReportingMode::Fatal);
  EXPECT_EQ(diff->extraCount(), 2);  // 1000\tA and 1000\tB appended again
  EXPECT_EQ(diff->missingCount(), 0);
  EXPECT_EQ(diff->rowCount(), 5);
  panel->setOutput(1);  // print: not printed again at this crash
  EXPECT_EQ(diff->extraCount(), 0);
  EXPECT_EQ(diff->rowCount(), 3);

  // A plain open is a plain run again.
  ASSERT_TRUE(w.openScenario(verifyScenario("dstream-append-and-print.yaml")));
  EXPECT_FALSE(s.crashPosition().has_value());
  EXPECT_EQ(panel->model()->rowCount(), 0);
}

TEST(StudioVerifyTest, CrashRunViewsAreTheSameForwardBackwardAndDirect) {
  MainWindow w;
  w.show();
  const auto r = verifyFile("structured-console-sink.yaml");
  int schedule = -1;
  for (size_t k = 0; k < r->cells.size(); ++k)
    if (r->cells[k].crash == verify::CrashAt{0, "afterSink"}) schedule = static_cast<int>(k);
  ASSERT_GE(schedule, 0);
  ASSERT_TRUE(w.openCrashRun(verifyScenario("structured-console-sink.yaml"), r, schedule, 0));
  StudioSession& s = w.session();
  ASSERT_TRUE(s.crashPosition().has_value());
  EXPECT_EQ(w.crashPanel()->model()->extraCount(), 1);  // batch 0's table printed again
  const int steps = s.stepCount();
  for (int n = 0; n <= steps; ++n) {
    SCOPED_TRACE(n);
    s.goToStep(n);
    const QString direct = dumpViews(w);
    s.goToStart();
    for (int i = 0; i < n; ++i) s.nextStep();
    EXPECT_EQ(dumpViews(w), direct);
    s.goToEnd();
    for (int i = steps; i > n; --i) s.previousStep();
    EXPECT_EQ(dumpViews(w), direct);
  }
  // The crash itself, reached from either side.
  s.goToPosition(*s.crashPosition());
  const QString at_crash = dumpViews(w);
  EXPECT_TRUE(at_crash.contains(QStringLiteral("afterSink")));
  s.goToStart();
  while (s.position() < *s.crashPosition()) s.goToPosition(s.position() + 1);
  EXPECT_EQ(dumpViews(w), at_crash);
  s.goToEnd();
  while (s.position() > *s.crashPosition()) s.goToPosition(s.position() - 1);
  EXPECT_EQ(dumpViews(w), at_crash);
}

}  // namespace
}  // namespace tideline::studio
