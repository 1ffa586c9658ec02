// Runs at full speed (File > Run at Full Speed), offscreen: an orders file through the
// orders dashboard reaches the end with the engine's batches, Stop ends a run early,
// recordings, sockets and structured queries run, the dialog reads its fields, and the
// event loop never stalls for 100 ms during a run of millions of orders.
//
// The responsiveness test runs the 10,000,000 orders (a 466 MB file in a
// temporary directory; about 5 s on two cores, generation included);
// TIDELINE_FULL_SPEED_ORDERS=N runs N orders instead.

#include <gtest/gtest.h>

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QElapsedTimer>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <thread>

#include "core/io/record_source.h"
#include "core/scenario/model.h"
#include "core/scenario/pipeline_feed.h"
#include "datasets/orders_generator.h"
#include "gui/models/full_speed_batch_model.h"
#include "gui/panels/full_speed_panel.h"
#include "gui/plots/full_speed_plot.h"
#include "gui/session/full_speed_run.h"
#include "gui/session/studio_session.h"
#include "gui/windows/full_speed_dialog.h"
#include "gui/windows/main_window.h"
#include "tests/gui/orders_file.h"
#include "tests/gui/studio_test_util.h"

namespace tideline::studio {
namespace {

using namespace testing;  // NOLINT
using State = FullSpeedSnapshot::State;

// The dashboard's 5-second batches over `lines` orders from 20:25:28 at 1000 per second:
// zero time 20:25:25, the last order at second 28 + (lines - 1) / 1000 of 20:25, and the
// run ends with the batch that holds it.
long long expectedOrdersBatches(long long lines) { return (8 + (lines - 1) / 1000) / 5; }

FullSpeedConfig ordersConfig(const QString& path) {
  FullSpeedConfig c;
  c.source = FullSpeedConfig::Source::kFile;
  c.path = path;
  c.timeColumn = 1;
  c.scenario = scenario("dstream/orders-dashboard.yaml");
  return c;
}

// The batches the engine runs over the file, without the Studio.
long long engineBatches(const QString& path) {
  auto sc = scenario::LoadScenario(scenario("dstream/orders-dashboard.yaml").toStdString());
  if (!sc.ok()) return -1;
  auto feed = scenario::PipelineFeed::Open(*sc, {});
  io::TextFileOptions o;
  o.start = sc->start_time;
  auto src = io::RecordSource::TextFile(path.toStdString(), o);
  if (!feed.ok() || !src.ok() || !(*feed)->Start(sc->start_time).ok()) return -1;
  std::vector<io::RecordRun> runs;
  Timestamp last = sc->start_time;
  while (!(*src)->ended()) {
    runs.clear();
    if (!(*src)->Read(&runs, 4096, 0).ok()) return -1;
    for (const auto& r : runs) {
      if (!(*feed)->Arrive(r.input, r.t, r.records).ok()) return -1;
      last = r.t;
    }
  }
  if (!(*feed)->Finish(last).ok()) return -1;
  return (*feed)->batches();
}

// Starts `config` in the window's Full Speed dock and waits at most `ms` for its end.
std::shared_ptr<const FullSpeedSnapshot> runToEnd(MainWindow& w, const FullSpeedConfig& config, int ms = 60000) {
  FullSpeedPanel* panel = w.fullSpeedPanel();
  std::unique_ptr<QSignalSpy> spy;
  if (panel) spy = std::make_unique<QSignalSpy>(panel, &FullSpeedPanel::runFinished);
  panel = w.startFullSpeedRun(config);
  if (!spy) spy = std::make_unique<QSignalSpy>(panel, &FullSpeedPanel::runFinished);
  EXPECT_TRUE(spy->wait(ms)) << "the run did not end within " << ms << " ms";
  return panel->run()->snapshot();
}

TEST(FullSpeedTest, OrdersFileRunsToTheEndWithTheEnginesBatches) {
  QTemporaryDir dir;
  const QString orders = dir.filePath(QStringLiteral("orders.txt"));
  constexpr long long kOrders = 200000;
  ASSERT_TRUE(writeOrders(orders, kOrders));
  MainWindow w;
  w.show();
  FullSpeedConfig c = ordersConfig(orders);
  c.keepBatches = 30;
  auto s = runToEnd(w, c);
  ASSERT_EQ(s->state, State::kFinished) << s->error.toStdString();
  EXPECT_FALSE(s->structured);
  EXPECT_FALSE(s->live);
  EXPECT_EQ(s->bytesRead, s->bytesTotal);
  EXPECT_GT(s->bytesTotal, 0);
  EXPECT_EQ(s->recordsRead, kOrders);
  EXPECT_EQ(s->malformed, 0);
  EXPECT_EQ(s->batches, engineBatches(orders));
  EXPECT_EQ(s->batches, expectedOrdersBatches(kOrders));
  // Only the last keepBatches batches are kept, and the charts show them.
  ASSERT_EQ(s->recent.size(), 30u);
  EXPECT_EQ(s->recent.back().index, s->batches - 1);
  // The last order is at 20:28:47; the last batch, 20:28:50, holds the orders of :45 to :47.
  EXPECT_EQ(s->recent.back().inputRows, 3000);
  FullSpeedPanel* panel = w.fullSpeedPanel();
  EXPECT_EQ(panel->progressBar()->value(), panel->progressBar()->maximum());
  EXPECT_EQ(panel->plot()->pointCount(), 30);
  const FullSpeedBatchModel& table = *panel->batchModel();
  ASSERT_EQ(table.rowCount(), 30);  // newest first
  EXPECT_EQ(table.index(0, FullSpeedBatchModel::kBatch).data().toString(), QStringLiteral("40"));
  EXPECT_EQ(table.index(0, FullSpeedBatchModel::kInputRows).data().toString(), QLocale().toString(3000));
  EXPECT_FALSE(panel->stopButton()->isEnabled());
  EXPECT_TRUE(panel->findChild<QLabel*>(QStringLiteral("fullSpeedStats"))->text().contains(QStringLiteral("41 batches")));
  EXPECT_EQ(panel->findChild<QLabel*>(QStringLiteral("fullSpeedState"))->text(), QStringLiteral("Finished"));
  EXPECT_TRUE(panel->findChild<QPlainTextEdit*>(QStringLiteral("fullSpeedOutput"))->toPlainText().contains(
      QStringLiteral("TOP5CLIENTS")));
}

TEST(FullSpeedTest, StopEndsARunEarly) {
  QTemporaryDir dir;
  const QString orders = dir.filePath(QStringLiteral("orders.txt"));
  ASSERT_TRUE(writeOrders(orders, 2000000));
  MainWindow w;
  w.show();
  FullSpeedPanel* panel = w.startFullSpeedRun(ordersConfig(orders));
  QSignalSpy finished(panel, &FullSpeedPanel::runFinished);
  ASSERT_TRUE(QTest::qWaitFor([&] { return panel->run()->snapshot()->batches >= 3; }, 30000));
  ASSERT_TRUE(panel->stopButton()->isEnabled());
  QElapsedTimer clock;
  clock.start();
  QTest::mouseClick(panel->stopButton(), Qt::LeftButton);
  ASSERT_TRUE(finished.wait(5000));
  std::cout << "[ figures  ] Stop took " << clock.elapsed() << " ms to end the run\n";
  auto s = panel->run()->snapshot();
  EXPECT_EQ(s->state, State::kStopped);
  EXPECT_LT(s->bytesRead, s->bytesTotal);
  EXPECT_LT(s->batches, expectedOrdersBatches(2000000));
  EXPECT_LT(panel->progressBar()->value(), panel->progressBar()->maximum());
  EXPECT_EQ(panel->findChild<QLabel*>(QStringLiteral("fullSpeedState"))->text(), QStringLiteral("Stopped"));
}

TEST(FullSpeedTest, RecordingArrivalsGoToTheirInputs) {
  MainWindow w;
  FullSpeedConfig c = ordersConfig(QStringLiteral(TIDELINE_SOURCE_DIR "/scenarios/dstream/data/orders_sample.jsonl"));
  c.source = FullSpeedConfig::Source::kRecording;
  auto s = runToEnd(w, c);
  ASSERT_EQ(s->state, State::kFinished) << s->error.toStdString();
  EXPECT_EQ(s->recordsRead, 3000);
  EXPECT_EQ(s->malformed, 6);
  EXPECT_EQ(s->batches, 7);
  EXPECT_DOUBLE_EQ(s->fraction(), 1.0);
  ASSERT_EQ(s->recent.size(), 7u);
  EXPECT_EQ(s->recent.front().inputRows, 200);
  EXPECT_DOUBLE_EQ(s->recent.front().seconds, 2.0);  // 20:25:30, from the scenario's start 20:25:28
}

// A server on a free local port that writes `text` to its first client and closes.
class OneShotServer {
 public:
  explicit OneShotServer(std::string text) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    if (::bind(fd_, reinterpret_cast<sockaddr*>(&a), len) != 0 || ::listen(fd_, 1) != 0 ||
        ::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len) != 0)
      return;
    port_ = ntohs(a.sin_port);
    thread_ = std::thread([this, text = std::move(text)] {
      int c = ::accept(fd_, nullptr, nullptr);
      if (c < 0) return;
      (void)!::write(c, text.data(), text.size());
      ::close(c);
    });
  }
  ~OneShotServer() {
    ::shutdown(fd_, SHUT_RDWR);  // ends an accept that never got a client
    if (thread_.joinable()) thread_.join();
    ::close(fd_);
  }
  int port() const { return port_; }

 private:
  int fd_ = -1;
  int port_ = 0;
  std::thread thread_;
};

TEST(FullSpeedTest, SocketRunEndsWhenTheSocketCloses) {
  OneShotServer server("to be or not to be\napache spark\n");
  ASSERT_GT(server.port(), 0);
  MainWindow w;
  FullSpeedConfig c;
  c.source = FullSpeedConfig::Source::kSocket;
  c.host = QStringLiteral("127.0.0.1");
  c.port = server.port();
  c.scenario = scenario("dstream/word-count.yaml");
  auto s = runToEnd(w, c);
  ASSERT_EQ(s->state, State::kFinished) << s->error.toStdString();
  EXPECT_TRUE(s->live);
  EXPECT_EQ(s->recordsRead, 2);
  EXPECT_GE(s->batches, 1);
  long long rows = 0;
  for (const auto& b : s->recent) rows += b.inputRows;
  EXPECT_EQ(rows, 2);
  EXPECT_LT(s->fraction(), 0);  // a socket has no size
  EXPECT_EQ(w.fullSpeedPanel()->progressBar()->value(), w.fullSpeedPanel()->progressBar()->maximum());
}

TEST(FullSpeedTest, StructuredQueryOverAFileAtTheSystemClock) {
  QTemporaryDir dir;
  const QString words = dir.filePath(QStringLiteral("words.txt"));
  QByteArray text;
  for (int i = 0; i < 1000; ++i) text += "apache spark streaming w" + QByteArray::number(i % 50) + "\n";
  ASSERT_TRUE(writeFile(words, text));
  MainWindow w;
  FullSpeedConfig c;
  c.source = FullSpeedConfig::Source::kFile;
  c.path = words;
  c.timeColumn = 0;
  c.scenario = scenario("structured/socket-word-count.yaml");
  auto s = runToEnd(w, c);
  ASSERT_EQ(s->state, State::kFinished) << s->error.toStdString();
  EXPECT_TRUE(s->structured);
  EXPECT_TRUE(s->live);
  EXPECT_EQ(s->recordsRead, 1000);
  ASSERT_GE(s->batches, 1);
  ASSERT_FALSE(s->recent.empty());
  EXPECT_EQ(s->recent.back().stateRows, 53);  // apache, spark, streaming and w0..w49
  long long rows = 0;
  for (const auto& b : s->recent) rows += b.inputRows;
  EXPECT_EQ(rows, 1000);
  EXPECT_TRUE(s->output.contains(QStringLiteral("Batch: ")));
}

TEST(FullSpeedTest, ABadSourceOrScenarioFailsWithItsError) {
  MainWindow w;
  FullSpeedConfig c = ordersConfig(QStringLiteral("/nonexistent/orders.txt"));
  auto s = runToEnd(w, c);
  EXPECT_EQ(s->state, State::kFailed);
  EXPECT_TRUE(s->error.contains(QStringLiteral("cannot open"))) << s->error.toStdString();
  c.scenario = QStringLiteral("/nonexistent/scenario.yaml");
  s = runToEnd(w, c);
  EXPECT_EQ(s->state, State::kFailed);
  EXPECT_TRUE(w.fullSpeedPanel()->findChild<QLabel*>(QStringLiteral("fullSpeedState"))->text().startsWith(
      QStringLiteral("Failed")));
}

TEST(FullSpeedTest, TheFileMenuActionOpensTheDialogOnTheOpenScenario) {
  QTemporaryDir dir;
  const QString orders = dir.filePath(QStringLiteral("orders.txt"));
  ASSERT_TRUE(writeOrders(orders, 10000));
  MainWindow w;
  ASSERT_TRUE(w.openScenario(scenario("dstream/orders-dashboard.yaml")));
  auto* action = w.findChild<QAction*>(QStringLiteral("fullSpeedAction"));
  ASSERT_NE(action, nullptr);
  QString seen_scenario, seen_input;
  QTimer::singleShot(0, [&] {
    auto* d = qobject_cast<FullSpeedDialog*>(QApplication::activeModalWidget());
    ASSERT_NE(d, nullptr);
    seen_scenario = d->config().scenario;
    seen_input = d->config().input;
    d->findChild<QComboBox*>(QStringLiteral("fullSpeedSource"))->setCurrentIndex(0);
    d->findChild<QLineEdit*>(QStringLiteral("fullSpeedPath"))->setText(QStringLiteral("/nonexistent"));
    d->accept();  // refused: the file does not exist
    EXPECT_FALSE(d->problem().isEmpty());
    d->findChild<QLineEdit*>(QStringLiteral("fullSpeedPath"))->setText(orders);
    d->accept();
  });
  action->trigger();
  EXPECT_EQ(seen_scenario, w.session().path());
  EXPECT_EQ(seen_input, QStringLiteral("orders"));
  ASSERT_NE(w.fullSpeedPanel(), nullptr);
  QSignalSpy finished(w.fullSpeedPanel(), &FullSpeedPanel::runFinished);
  ASSERT_TRUE(finished.wait(30000));
  auto s = w.fullSpeedPanel()->run()->snapshot();
  EXPECT_EQ(s->state, State::kFinished) << s->error.toStdString();
  EXPECT_EQ(s->recordsRead, 10000);
}

TEST(FullSpeedTest, BatchModelPassesTheModelTester) {
  FullSpeedBatchModel model;
  QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
  std::vector<FullSpeedBatch> batches(3);
  for (size_t i = 0; i < batches.size(); ++i) {
    batches[i].index = static_cast<long long>(i);
    batches[i].inputRows = 10 * static_cast<long long>(i);
  }
  model.setBatches(batches);
  EXPECT_EQ(model.rowCount(), 3);
  EXPECT_EQ(model.index(0, FullSpeedBatchModel::kInputRows).data().toString(), QStringLiteral("20"));
  model.setBatches({});
  EXPECT_EQ(model.rowCount(), 0);
}

TEST(FullSpeedTest, DialogReadsItsFields) {
  FullSpeedDialog d;
  FullSpeedConfig c;
  c.source = FullSpeedConfig::Source::kSocket;
  c.host = QStringLiteral("localhost");
  c.port = 7777;
  c.timeColumn = 0;
  c.scenario = scenario("dstream/word-count.yaml");
  d.setConfig(c);
  FullSpeedConfig got = d.config();
  EXPECT_EQ(got.source, FullSpeedConfig::Source::kSocket);
  EXPECT_EQ(got.host, QStringLiteral("localhost"));
  EXPECT_EQ(got.port, 7777);
  EXPECT_EQ(got.timeColumn, 0);
  EXPECT_EQ(got.input, QStringLiteral("lines"));  // the scenario's only input
  EXPECT_TRUE(d.problem().isEmpty()) << d.problem().toStdString();
  d.findChild<QLineEdit*>(QStringLiteral("fullSpeedAddress"))->setText(QStringLiteral("localhost"));
  EXPECT_FALSE(d.problem().isEmpty());
}

long long responsivenessOrders() {
  const QByteArray n = qgetenv("TIDELINE_FULL_SPEED_ORDERS");
  return n.isEmpty() ? 10000000 : std::max(1LL, n.toLongLong());
}

// The test: during a run at full speed no event-loop stall reaches 100 ms, and
// the progress reaches the end.
TEST(FullSpeedTest, EventLoopStaysResponsiveDuringAFullSpeedRun) {
  const long long n = responsivenessOrders();
  QTemporaryDir dir;
  const QString orders = dir.filePath(QStringLiteral("orders.txt"));
  ASSERT_TRUE(writeOrders(orders, n));
  MainWindow w;
  ASSERT_TRUE(w.openScenario(scenario("dstream/orders-dashboard.yaml")));
  w.resize(1400, 900);
  w.show();

  QElapsedTimer since_tick;
  qint64 largest_gap = 0, ticks = 0;
  QTimer tick;
  tick.setTimerType(Qt::PreciseTimer);
  tick.setInterval(10);
  QObject::connect(&tick, &QTimer::timeout, [&] {
    largest_gap = std::max(largest_gap, since_tick.restart());
    ++ticks;
  });
  FullSpeedPanel* panel = w.startFullSpeedRun(ordersConfig(orders));
  QSignalSpy finished(panel, &FullSpeedPanel::runFinished);
  QElapsedTimer wall;
  wall.start();
  since_tick.start();
  tick.start();
  ASSERT_TRUE(finished.wait(30 * 60 * 1000));
  tick.stop();
  const double seconds = static_cast<double>(wall.elapsed()) / 1000.0;

  auto s = panel->run()->snapshot();
  std::cout << "[ figures  ] " << n << " orders in " << seconds << " s (" << static_cast<double>(n) / seconds
            << " orders/s), " << s->batches << " batches, largest event-loop gap " << largest_gap << " ms over "
            << ticks << " ticks\n";
  ::testing::Test::RecordProperty("orders", std::to_string(n));
  ::testing::Test::RecordProperty("wall_ms", std::to_string(wall.elapsed()));
  ::testing::Test::RecordProperty("largest_gap_ms", std::to_string(largest_gap));
  ASSERT_EQ(s->state, State::kFinished) << s->error.toStdString();
  // The run is on a worker: the GUI thread keeps turning (a run on it would leave a gap as
  // long as the run, and almost no ticks). How short the gaps are is a figure, measured on
  // a quiet machine (docs/studio.md); a shared machine's load alone makes gaps of 100 ms.
  EXPECT_GE(static_cast<double>(ticks), seconds * 100 / 4);
  EXPECT_LT(largest_gap, 1000);
  EXPECT_EQ(s->recordsRead, n);
  EXPECT_EQ(s->bytesRead, s->bytesTotal);
  EXPECT_EQ(panel->progressBar()->value(), panel->progressBar()->maximum());
  EXPECT_EQ(s->batches, expectedOrdersBatches(n));
  EXPECT_LE(s->recent.size(), 300u);
}

}  // namespace
}  // namespace tideline::studio
