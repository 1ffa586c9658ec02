// Keyframes in the Studio, offscreen: a recording run at full speed keeps keyframes in its
// own directory, and "Show batch in detail" replays any batch from the nearest one and
// shows the same events for it as a replay from the start traces (as
// tests/cli_durable_replay_test.cc checks on the command line), in the Studio's views.

#include <gtest/gtest.h>

#include <QDir>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTabWidget>
#include <QTemporaryDir>
#include <algorithm>
#include <fstream>
#include <iostream>
#include <random>
#include <span>
#include <string>
#include <vector>

#include "core/io/recording.h"
#include "core/replay/durable_dir.h"
#include "core/scenario/model.h"
#include "core/scenario/pipeline_feed.h"
#include "gui/panels/batch_detail_view.h"
#include "gui/panels/full_speed_panel.h"
#include "gui/session/batch_jump_run.h"
#include "gui/session/full_speed_run.h"
#include "gui/session/studio_session.h"
#include "tests/gui/studio_test_util.h"
#include "tests/replay_lessons.h"

namespace tideline::studio {
namespace {

using namespace testing;  // NOLINT
using State = FullSpeedSnapshot::State;

// A word count with state across batches (updateStateByKey) and per batch, both printed,
// over `seconds` seconds of a seeded recording of a few lines a second; 1-second batches.
void writeDStreamLesson(const QString& dir, int seconds) {
  std::ofstream(QDir(dir).filePath(QStringLiteral("s.yaml")).toStdString())
      << "tideline: 1\ntitle: word count with state\napi: dstream\nbatchInterval: 1s\n"
         "inputs:\n  lines: {type: socket, host: localhost, port: 9999}\n"
         "streams:\n"
         "  - name: pairs\n    from: lines\n    ops:\n"
         "      - flatMap: \"split(x, ' ')\"\n      - map: \"(x, 1)\"\n"
         "  - name: batch\n    from: pairs\n    ops:\n      - reduceByKey: \"a + b\"\n"
         "  - name: totals\n    from: pairs\n    ops:\n"
         "      - updateStateByKey: \"coalesce(state, 0) + sum(values)\"\n"
         "outputs:\n  - {stream: batch, print: 5}\n  - {stream: totals, print: 5}\n"
         "steps: []\n";
  std::mt19937 rng(20261209);
  std::uniform_int_distribution<int> word(0, 40), per_second(1, 6), ms(0, 999);
  std::ofstream rec(QDir(dir).filePath(QStringLiteral("r.jsonl")).toStdString());
  rec << "{\"tideline-recording\": 1, \"inputs\": {\"lines\": {\"type\": \"socket\"}}}\n";
  for (int s = 0; s < seconds; ++s) {
    std::vector<int> times;
    for (int k = per_second(rng); k > 0; --k) times.push_back(s * 1000 + ms(rng));
    std::sort(times.begin(), times.end());
    for (int t : times)
      rec << "{\"t\": " << t << ", \"input\": \"lines\", \"data\": \"w" << word(rng) << " w" << word(rng) << "\"}\n";
  }
}

void writeStructuredLesson(const QString& dir, int seconds) {
  test_lessons::WriteWindowedCountLesson(dir.toStdString(), seconds, 20261210);
}

// The whole trace of a durable replay of the lesson from the start, fed as `tideline
// replay --checkpoint` feeds it (DStreams an arrival at a time; a query, arrivals of one
// time and input as one chunk), each event as JSON.
std::vector<std::string> replayFromTheStart(const QString& lesson, const QString& checkpoint) {
  trace::Recorder recorder;
  const std::string sc_path = QDir(lesson).filePath(QStringLiteral("s.yaml")).toStdString();
  const std::string rec_path = QDir(lesson).filePath(QStringLiteral("r.jsonl")).toStdString();
  auto sc = scenario::LoadScenario(sc_path);
  auto rec = io::ReadRecording(rec_path);
  if (!sc.ok() || !rec.ok() || !replay::OpenCheckpointDir(checkpoint.toStdString(), *sc, sc_path, rec_path).ok())
    return {};
  scenario::FeedOptions fo;
  fo.listeners.push_back(&recorder);
  fo.output_dir = checkpoint.toStdString();
  fo.durable = true;
  fo.print_sink = [](const std::string&) {};
  auto feed = scenario::PipelineFeed::Open(*sc, std::move(fo));
  if (!feed.ok() || !(*feed)->Start(sc->start_time).ok()) return {};
  const bool dstream = sc->api == scenario::Api::kDStream;
  const auto& all = rec->arrivals;
  for (size_t i = 0; i < all.size();) {
    std::vector<Value> records;
    size_t j = i;
    for (; j < all.size() && all[j].t_ms == all[i].t_ms && all[j].input == all[i].input; ++j) {
      records.push_back(all[j].data);
      if (dstream) {
        ++j;
        break;
      }
    }
    if (!(*feed)->Arrive(all[i].input, sc->start_time + Duration::Millis(all[i].t_ms), records).ok()) return {};
    i = j;
  }
  if (!(*feed)->Finish(sc->start_time + Duration::Millis(all.empty() ? 0 : all.back().t_ms)).ok()) return {};
  std::vector<std::string> out;
  for (const trace::Event& e : recorder.events()) out.push_back(e.ToJson());
  return out;
}

// An event as JSON without its sequence number and, structured, without the progress
// text, whose runId is the run's own.
std::string comparable(std::string json) {
  json = json.substr(json.find(",\"event\":") + 1);
  if (size_t t = json.find(",\"text\":\"{\\\"id\\\""); t != std::string::npos) json = json.substr(0, t);
  return json;
}

// The events of one batch in a trace: from its batchStarted to its batch event.
std::vector<std::string> batchEvents(const std::vector<std::string>& trace, const std::string& key) {
  std::vector<std::string> out;
  bool inside = false;
  for (const std::string& e : trace) {
    if (e.find("\"event\":\"batchStarted\"") != std::string::npos && e.find(key) != std::string::npos) inside = true;
    if (!inside) continue;
    out.push_back(comparable(e));
    if (e.find("\"event\":\"batch\",") != std::string::npos) break;
  }
  return out;
}

// Runs the lesson's recording at full speed with a keyframe every `every` batches.
std::shared_ptr<const FullSpeedSnapshot> runRecording(FullSpeedPanel& panel, const QString& lesson, int every) {
  FullSpeedConfig c;
  c.source = FullSpeedConfig::Source::kRecording;
  c.path = QDir(lesson).filePath(QStringLiteral("r.jsonl"));
  c.scenario = QDir(lesson).filePath(QStringLiteral("s.yaml"));
  c.keyframeEvery = every;
  QSignalSpy finished(&panel, &FullSpeedPanel::runFinished);
  panel.start(c);
  EXPECT_TRUE(finished.wait(60000));
  return panel.run()->snapshot();
}

// Shows batch `n` in detail and waits for it.
std::shared_ptr<const BatchDetail> showBatch(FullSpeedPanel& panel, long long n) {
  panel.batchSpinBox()->setValue(static_cast<int>(n));
  BatchDetailView* view = panel.detailView();
  std::unique_ptr<QSignalSpy> shown;
  if (view) shown = std::make_unique<QSignalSpy>(view, &BatchDetailView::batchShown);
  panel.showBatchButton()->click();
  view = panel.detailView();
  if (!view) return nullptr;
  if (!shown) shown = std::make_unique<QSignalSpy>(view, &BatchDetailView::batchShown);
  EXPECT_TRUE(shown->count() > 0 || shown->wait(60000));
  return view->jump()->result();
}

void expectJumpsMatch(FullSpeedPanel& panel, const std::vector<std::string>& full,
                      const std::vector<std::pair<long long, std::string>>& batches, int every, bool dstream) {
  for (const auto& [n, key] : batches) {
    auto detail = showBatch(panel, n);
    ASSERT_NE(detail, nullptr);
    ASSERT_TRUE(detail->error.isEmpty()) << detail->error.toStdString();
    std::vector<std::string> got;
    for (size_t i = detail->batchBegin; i < detail->events.size(); ++i) got.push_back(comparable(detail->events[i].ToJson()));
    const std::vector<std::string> expected = batchEvents(full, key);
    ASSERT_GE(expected.size(), 2u) << key;
    EXPECT_EQ(got, expected) << "batch " << n;
    EXPECT_LT(detail->fromBatch, n);
    if (n >= every) {
      EXPECT_GE(detail->fromBatch, 0) << "batch " << n << " is after the first keyframe";
    }
    // Before them, a query's records the batch reads: as many as its input rows (a DStream
    // batch's records are in its input stream's output).
    size_t arrived = 0;
    for (size_t i = 0; i < detail->batchBegin; ++i) {
      EXPECT_EQ(detail->events[i].kind, trace::EventKind::kRecordArrived);
      arrived += detail->events[i].values.size();
    }
    if (!dstream) EXPECT_EQ(static_cast<int64_t>(arrived), detail->events.back().input_rows) << "batch " << n;
    // The Studio's views show that batch.
    const StudioSession& s = panel.detailView()->session();
    EXPECT_EQ(s.fullTrace().size(), detail->events.size());
    EXPECT_EQ(s.position(), s.traceLength());
    EXPECT_EQ(s.batchCount(), 1);
    EXPECT_TRUE(panel.detailView()->header()->text().contains(QString::number(n)));
    std::cout << "[ figures  ] batch " << n << ": " << detail->events.size() << " events, replayed from batch "
              << detail->fromBatch << " in " << detail->wallMs << " ms\n";
  }
}

TEST(FullSpeedJumpTest, ADStreamBatchShownInDetailHasTheEventsOfAReplayFromTheStart) {
  QTemporaryDir lesson, full_dir;
  writeDStreamLesson(lesson.path(), 300);
  FullSpeedPanel panel;
  EXPECT_FALSE(panel.showBatchButton()->isEnabled());
  auto s = runRecording(panel, lesson.path(), 20);
  ASSERT_EQ(s->state, State::kFinished) << s->error.toStdString();
  ASSERT_EQ(s->batches, 300);
  EXPECT_EQ(s->keyframesKept, 15);  // one every 20 of 300 batches
  EXPECT_EQ(s->keyframeEvery, 20);
  ASSERT_TRUE(panel.canShowBatch());
  EXPECT_EQ(panel.batchSpinBox()->maximum(), 299);
  const std::vector<std::string> full = replayFromTheStart(lesson.path(), full_dir.path());
  ASSERT_FALSE(full.empty());
  // Batch N of a 1-second pipeline is the one at (N + 1) s.
  expectJumpsMatch(panel, full,
                   {{5, "\"batchTimeMs\":6000}"}, {120, "\"batchTimeMs\":121000}"},
                    {137, "\"batchTimeMs\":138000}"}, {299, "\"batchTimeMs\":300000}"}},
                   20, true);
  BatchDetailView* view = panel.detailView();
  EXPECT_TRUE(view->tabs()->isTabVisible(0));   // the batch strip
  EXPECT_FALSE(view->tabs()->isTabVisible(1));  // no space-time plot for DStreams
}

TEST(FullSpeedJumpTest, AStructuredBatchShownInDetailHasTheEventsOfAReplayFromTheStart) {
  QTemporaryDir lesson, full_dir;
  writeStructuredLesson(lesson.path(), 200);
  FullSpeedPanel panel;
  auto s = runRecording(panel, lesson.path(), 25);
  ASSERT_EQ(s->state, State::kFinished) << s->error.toStdString();
  ASSERT_GT(s->batches, 100);
  EXPECT_GT(s->keyframesKept, 0);
  const std::vector<std::string> full = replayFromTheStart(lesson.path(), full_dir.path());
  ASSERT_FALSE(full.empty());
  expectJumpsMatch(panel, full, {{3, "\"index\":3,"}, {125, "\"index\":125,"}, {149, "\"index\":149,"}}, 25,
                   false);
  EXPECT_TRUE(panel.detailView()->tabs()->isTabVisible(1));  // the space-time plot
  // It draws the rows batch 149 read.
  const StudioSession& detail = panel.detailView()->session();
  ASSERT_FALSE(detail.fullTrace().empty());
  EXPECT_EQ(static_cast<int64_t>(detail.fullQuery().records().size()), detail.fullTrace().back().input_rows);
  EXPECT_GT(detail.fullQuery().records().size(), 0u);
}

TEST(FullSpeedJumpTest, KeyframesStayBoundedAndAreRemovedWithTheRun) {
  QTemporaryDir lesson;
  writeDStreamLesson(lesson.path(), 400);
  auto panel = std::make_unique<FullSpeedPanel>();
  auto s = runRecording(*panel, lesson.path(), 5);  // 80 keyframes at one every 5: thinned twice
  ASSERT_EQ(s->state, State::kFinished) << s->error.toStdString();
  EXPECT_LE(s->keyframesKept, 32);
  EXPECT_EQ(s->keyframeEvery, 20);
  const QString dir = panel->run()->workDir();
  ASSERT_TRUE(QDir(s->keyframesDir).exists());
  EXPECT_EQ(QDir(s->keyframesDir).entryList({QStringLiteral("keyframe-*")}, QDir::Dirs).size(), s->keyframesKept);
  panel.reset();
  EXPECT_FALSE(QDir(dir).exists());
}

TEST(FullSpeedJumpTest, ABatchThatIsNotThereOrABrokenKeyframeIsAnErrorNotACrash) {
  QTemporaryDir lesson;
  writeDStreamLesson(lesson.path(), 30);
  FullSpeedPanel panel;
  auto s = runRecording(panel, lesson.path(), 10);
  ASSERT_EQ(s->state, State::kFinished) << s->error.toStdString();
  EXPECT_EQ(panel.showBatchInDetail(30), nullptr);  // batches 0..29
  EXPECT_EQ(panel.showBatchInDetail(-1), nullptr);
  // A keyframe whose checkpoint was damaged on disk.
  for (const QString& k : QDir(s->keyframesDir).entryList({QStringLiteral("keyframe-*")}, QDir::Dirs))
    ASSERT_TRUE(QDir(QDir(s->keyframesDir).filePath(k)).removeRecursively());
  ASSERT_TRUE(QDir().mkpath(QDir(s->keyframesDir).filePath(QStringLiteral("keyframe-9-10000/checkpoint"))));
  auto detail = showBatch(panel, 25);
  ASSERT_NE(detail, nullptr);
  EXPECT_FALSE(detail->error.isEmpty());
  EXPECT_TRUE(panel.detailView()->header()->text().contains(QStringLiteral("cannot be shown")))
      << panel.detailView()->header()->text().toStdString();
}

TEST(FullSpeedJumpTest, RunsOverOtherSourcesKeepNoKeyframes) {
  QTemporaryDir dir;
  const QString words = dir.filePath(QStringLiteral("words.txt"));
  ASSERT_TRUE(writeFile(words, "1,a b\n2,b c\n"));
  FullSpeedPanel panel;
  FullSpeedConfig c;
  c.source = FullSpeedConfig::Source::kFile;
  c.path = words;
  c.scenario = scenario("dstream/word-count.yaml");
  QSignalSpy finished(&panel, &FullSpeedPanel::runFinished);
  panel.start(c);
  ASSERT_TRUE(finished.wait(30000));
  EXPECT_TRUE(panel.run()->snapshot()->keyframesDir.isEmpty());
  EXPECT_FALSE(panel.canShowBatch());
  EXPECT_FALSE(panel.showBatchButton()->isEnabled());
}

}  // namespace
}  // namespace tideline::studio
