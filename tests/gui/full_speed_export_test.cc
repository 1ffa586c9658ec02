// The end of a run at full speed, offscreen: the export writes every batch of a run
// longer than the panel keeps (keepBatches), with the values the engine gives each batch,
// and every print block beside it; the summary's numbers are the run's.

#include <gtest/gtest.h>

#include <QAction>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QPushButton>
#include <QSignalSpy>
#include <QStringList>
#include <QTemporaryDir>
#include <algorithm>
#include <string>
#include <vector>

#include "core/io/record_source.h"
#include "core/scenario/model.h"
#include "core/scenario/pipeline_feed.h"
#include "gui/models/full_speed_export.h"
#include "gui/panels/full_speed_panel.h"
#include "gui/session/full_speed_run.h"
#include "gui/windows/main_window.h"
#include "tests/gui/orders_file.h"
#include "tests/gui/studio_test_util.h"

namespace tideline::studio {
namespace {

using namespace testing;  // NOLINT
using State = FullSpeedSnapshot::State;

// What the engine alone gives over an orders file: each batch, and the print text.
struct EngineRun {
  std::vector<scenario::FeedBatch> batches;
  std::string printed;
  Timestamp start;
  bool ok = false;
};

EngineRun engineRun(const QString& path) {
  EngineRun out;
  auto sc = scenario::LoadScenario(scenario("dstream/orders-dashboard.yaml").toStdString());
  if (!sc.ok()) return out;
  out.start = sc->start_time;
  scenario::FeedOptions fo;
  fo.on_batch = [&out](const scenario::FeedBatch& b) { out.batches.push_back(b); };
  fo.print_sink = [&out](const std::string& t) { out.printed += t; };
  auto feed = scenario::PipelineFeed::Open(*sc, std::move(fo));
  io::TextFileOptions o;
  o.start = sc->start_time;
  auto src = io::RecordSource::TextFile(path.toStdString(), o);
  if (!feed.ok() || !src.ok() || !(*feed)->Start(sc->start_time).ok()) return out;
  std::vector<io::RecordRun> runs;
  Timestamp last = sc->start_time;
  while (!(*src)->ended()) {
    runs.clear();
    if (!(*src)->Read(&runs, 4096, 0).ok()) return out;
    for (const auto& r : runs) {
      if (!(*feed)->Arrive(r.input, r.t, r.records).ok()) return out;
      last = r.t;
    }
  }
  out.ok = (*feed)->Finish(last).ok();
  return out;
}

FullSpeedConfig ordersConfig(const QString& path, int keep) {
  FullSpeedConfig c;
  c.source = FullSpeedConfig::Source::kFile;
  c.path = path;
  c.timeColumn = 1;
  c.scenario = scenario("dstream/orders-dashboard.yaml");
  c.keepBatches = keep;
  return c;
}

std::shared_ptr<const FullSpeedSnapshot> runToEnd(MainWindow& w, const FullSpeedConfig& c) {
  FullSpeedPanel* panel = w.startFullSpeedRun(c);
  QSignalSpy finished(panel, &FullSpeedPanel::runFinished);
  EXPECT_TRUE(finished.wait(60000));
  return panel->run()->snapshot();
}

TEST(FullSpeedExportTest, ExportWritesEveryBatchWithTheEnginesValues) {
  QTemporaryDir dir;
  const QString orders = dir.filePath(QStringLiteral("orders.txt"));
  ASSERT_TRUE(writeOrders(orders, 100000));  // 21 batches
  const EngineRun engine = engineRun(orders);
  ASSERT_TRUE(engine.ok);
  MainWindow w;
  auto s = runToEnd(w, ordersConfig(orders, 5));
  ASSERT_EQ(s->state, State::kFinished) << s->error.toStdString();
  ASSERT_EQ(s->recent.size(), 5u);  // the panel keeps 5; the export has them all
  ASSERT_TRUE(s->history);
  ASSERT_EQ(s->history->size(), engine.batches.size());
  ASSERT_EQ(static_cast<long long>(s->history->size()), s->batches);

  FullSpeedPanel* panel = w.fullSpeedPanel();
  ASSERT_TRUE(panel->exportButton()->isEnabled());
  const QString csv = dir.filePath(QStringLiteral("run.csv"));
  QString error;
  ASSERT_TRUE(panel->exportTo(csv, &error)) << error.toStdString();
  const QStringList lines = QString::fromUtf8(readFile(csv)).split(QStringLiteral("\r\n"), Qt::SkipEmptyParts);
  ASSERT_EQ(lines.size(), 1 + s->batches);
  EXPECT_EQ(lines[0], QStringLiteral("batch,batch_time_s,input_rows,output_rows,state_rows,wall_ms,virtual_ms"));
  long long input_rows = 0;
  for (size_t i = 0; i < engine.batches.size(); ++i) {
    const scenario::FeedBatch& b = engine.batches[i];
    const QStringList f = lines[static_cast<int>(i) + 1].split(QLatin1Char(','));
    ASSERT_EQ(f.size(), 7) << lines[static_cast<int>(i) + 1].toStdString();
    EXPECT_EQ(f[0].toLongLong(), b.index);
    EXPECT_DOUBLE_EQ(f[1].toDouble(), static_cast<double>((b.batch_time - engine.start).millis()) / 1000);
    EXPECT_EQ(f[2].toLongLong(), b.input_rows) << "batch " << i;
    EXPECT_EQ(f[3].toLongLong(), b.output_rows) << "batch " << i;
    EXPECT_EQ(f[4].toLongLong(), b.state_rows) << "batch " << i;
    EXPECT_DOUBLE_EQ(f[6].toDouble(), static_cast<double>(b.processing_time.micros()) / 1000) << "batch " << i;
    EXPECT_GE(f[5].toDouble(), 0.0);
    input_rows += f[2].toLongLong();
  }
  EXPECT_EQ(input_rows, s->recordsRead);
  // Every print block, beside the CSV, as the engine printed them.
  EXPECT_EQ(fullSpeedOutputPath(csv), dir.filePath(QStringLiteral("run-output.txt")));
  const QByteArray printed = readFile(dir.filePath(QStringLiteral("run-output.txt")));
  EXPECT_FALSE(s->outputCut);
  EXPECT_EQ(printed.toStdString(), engine.printed);
  EXPECT_GT(printed.count("TOP5CLIENTS"), 0);
}

TEST(FullSpeedExportTest, SummaryShowsTheRunsNumbersWhenItEnds) {
  QTemporaryDir dir;
  const QString orders = dir.filePath(QStringLiteral("orders.txt"));
  ASSERT_TRUE(writeOrders(orders, 60000));
  const EngineRun engine = engineRun(orders);
  ASSERT_TRUE(engine.ok);
  MainWindow w;
  FullSpeedPanel* panel = w.startFullSpeedRun(ordersConfig(orders, 3));
  EXPECT_FALSE(panel->exportButton()->isEnabled());  // nothing to export while it runs
  EXPECT_TRUE(panel->summaryLabel()->isHidden());
  QSignalSpy finished(panel, &FullSpeedPanel::runFinished);
  ASSERT_TRUE(finished.wait(60000));
  auto s = panel->run()->snapshot();
  ASSERT_EQ(s->state, State::kFinished) << s->error.toStdString();
  long long output_rows = 0, max_state = 0;
  double max_wall = 0, sum_wall = 0;
  for (const scenario::FeedBatch& b : engine.batches) {
    output_rows += b.output_rows;
    max_state = std::max<long long>(max_state, b.state_rows);
  }
  for (const FullSpeedBatch& b : *s->history) {
    max_wall = std::max(max_wall, b.wallMs);
    sum_wall += b.wallMs;
  }
  EXPECT_EQ(s->totals.outputRows, output_rows);
  EXPECT_EQ(s->totals.maxStateRows, max_state);
  EXPECT_GT(output_rows, 0);
  EXPECT_DOUBLE_EQ(s->totals.maxWallMs, max_wall);
  EXPECT_NEAR(s->totals.meanWallMs(s->batches), sum_wall / static_cast<double>(engine.batches.size()), 1e-9);
  EXPECT_EQ(s->batches, static_cast<long long>(engine.batches.size()));

  QLabel* summary = panel->summaryLabel();
  EXPECT_FALSE(summary->isHidden());
  const QString text = summary->text();
  const QLocale locale;
  for (const QString& n : {locale.toString(60000), locale.toString(s->batches), locale.toString(output_rows),
                           locale.toString(max_state), locale.toString(qRound64(s->meanRecordsPerSecond())),
                           locale.toString(max_wall, 'f', 2)})
    EXPECT_TRUE(text.contains(n)) << text.toStdString() << " lacks " << n.toStdString();
  EXPECT_TRUE(text.contains(QStringLiteral("0 malformed"))) << text.toStdString();
  EXPECT_EQ(text, FullSpeedPanel::summaryText(*s));
  EXPECT_TRUE(panel->exportButton()->isEnabled());
}

TEST(FullSpeedExportTest, StoppedAndFailedRunsEndWithASummaryAndExportWhatTheyDid) {
  QTemporaryDir dir;
  MainWindow w;
  auto s = runToEnd(w, ordersConfig(QStringLiteral("/nonexistent/orders.txt"), 3));
  ASSERT_EQ(s->state, State::kFailed);
  FullSpeedPanel* panel = w.fullSpeedPanel();
  EXPECT_FALSE(panel->summaryLabel()->isHidden());
  EXPECT_TRUE(panel->summaryLabel()->text().contains(QStringLiteral("0 batches"))) << panel->summaryLabel()->text().toStdString();
  const QString csv = dir.filePath(QStringLiteral("failed.csv"));
  QString error;
  ASSERT_TRUE(panel->exportTo(csv, &error)) << error.toStdString();
  EXPECT_EQ(QString::fromUtf8(readFile(csv)).count(QStringLiteral("\r\n")), 1);  // the header alone
  // A file that cannot be written is an error, not a crash.
  EXPECT_FALSE(panel->exportTo(QStringLiteral("/nonexistent/dir/x.csv"), &error));
  EXPECT_TRUE(error.contains(QStringLiteral("/nonexistent/dir/x.csv"))) << error.toStdString();
  // File > Export lists the results while a run is shown.
  auto* action = w.findChild<QAction*>(QStringLiteral("fullSpeedExportAction"));
  ASSERT_NE(action, nullptr);
  emit qobject_cast<QMenu*>(action->parent())->aboutToShow();
  EXPECT_TRUE(action->isVisible());
  EXPECT_TRUE(action->isEnabled());
}

TEST(FullSpeedExportTest, ExportOfARunNotEndedIsRefused) {
  FullSpeedSnapshot s;
  s.state = State::kRunning;
  QString error;
  QTemporaryDir dir;
  EXPECT_FALSE(exportFullSpeedRun(s, dir.filePath(QStringLiteral("x.csv")), &error));
  EXPECT_FALSE(error.isEmpty());
  EXPECT_FALSE(QFile::exists(dir.filePath(QStringLiteral("x.csv"))));
}

}  // namespace
}  // namespace tideline::studio
