// The Studio in a classroom: DStream windows drawn as brackets over the batches
// they cover (the same batches as Spark's window rule), window selection linked
// across panels, the course gallery, scenes from note to note, failed checks as
// banners, errors with their line, reload on change, presentation mode and the
// language switch.

#include <gtest/gtest.h>

#include <QAction>
#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QLabel>
#include <QRegularExpression>
#include <QSettings>
#include <QTemporaryDir>
#include <QApplication>
#include <QScreen>
#include <QAbstractItemModelTester>
#include <QPlainTextEdit>
#include <QTableView>
#include <QTest>
#include <qcustomplot.h>
#include <set>
#include <QTranslator>
#include <map>

#include "core/trace/trace.h"
#include "gui/models/gallery_model.h"
#include "gui/panels/batch_strip_panel.h"
#include "gui/panels/gallery_panel.h"
#include "gui/plots/dstream_diagram.h"
#include "gui/plots/pipeline_graph.h"
#include "gui/plots/space_time_plot.h"
#include "gui/session/dstream_timeline.h"
#include "gui/session/selection.h"
#include "gui/session/studio_session.h"
#include "gui/windows/appearance.h"
#include "gui/windows/main_window.h"
#include "gui/windows/navigation_actions.h"
#include "tests/gui/studio_test_util.h"

namespace tideline::studio {
namespace {

using namespace testing;  // NOLINT

// A window length written in a lane's operation, e.g. "reduceByKeyAndWindow(3s, 1s)" -> 3 s.
Duration windowOf(const QString& op) {
  static const QRegularExpression re(QStringLiteral("\\(([0-9]+)(ms|s|m|h)"));
  const QRegularExpressionMatch m = re.match(op);
  if (!m.hasMatch()) return Duration::Micros(0);
  const int64_t n = m.captured(1).toLongLong();
  const QString unit = m.captured(2);
  const int64_t us = unit == QLatin1String("ms") ? 1000 : unit == QLatin1String("s") ? 1000000
                     : unit == QLatin1String("m") ? 60000000 : int64_t{3600000000};
  return Duration::Micros(n * us);
}

std::vector<QString> dstreamLessons() {
  std::vector<QString> out;
  for (const QString& f : bundledScenarios())
    if (f.contains(QStringLiteral("/dstream/"))) out.push_back(f);
  return out;
}

TEST(StudioClassroomTest, EveryWindowBracketCoversTheBatchesOfSparksWindowRule) {
  int brackets = 0;
  for (const QString& file : dstreamLessons()) {
    SCOPED_TRACE(file.toStdString());
    StudioSession s;
    ASSERT_TRUE(s.open(file)) << s.errorText().toStdString();
    DStreamDiagram diagram(s);
    diagram.reload();
    // Every windowed operation of the lesson gets a bracket once the run has windows.
    s.goToEnd();
    diagram.refresh();
    for (const Lane& lane : diagram.timeline().lanes()) {
      for (const QString& op : lane.node.ops) {
        if (op.contains(QStringLiteral("Window")) || op.startsWith(QStringLiteral("window"))) {
          EXPECT_FALSE(lane.windows.empty()) << lane.node.name.toStdString() << " " << op.toStdString();
        }
      }
    }
    for (int b = 1; b <= s.batchCount(); ++b) {
      s.goToBatch(b);
      diagram.refresh();
      const DStreamTimeline& t = diagram.timeline();
      for (size_t l = 0; l < t.lanes().size(); ++l) {
        const Lane& lane = t.lanes()[l];
        for (size_t w = 0; w < lane.windows.size(); ++w) {
          const LaneWindow& win = lane.windows[w];
          Duration length = Duration::Micros(0);
          for (const QString& op : lane.node.ops)
            if (windowOf(op).micros() > 0) length = windowOf(op);
          ASSERT_GT(length.micros(), 0) << lane.node.name.toStdString();
          // Spark: the window at t covers the parent's batches in (t - window, t], after the zero time.
          std::vector<Timestamp> want;
          for (Timestamp bt : t.batchTimes())
            if (bt > win.batch_time - length && bt <= win.batch_time) want.push_back(bt);
          EXPECT_EQ(win.covered, want) << lane.node.name.toStdString() << " at " << s.timeLabel(win.batch_time).toStdString();
          // The bracket spans exactly the columns of those batches.
          const QRect r = diagram.bracketRect(static_cast<int>(l), static_cast<int>(w));
          ASSERT_FALSE(r.isEmpty());
          EXPECT_EQ(r.left(), diagram.columnRect(t.indexOf(want.front())).left());
          EXPECT_EQ(r.right(), diagram.columnRect(t.indexOf(want.back())).right());
          // It is the latest window at the position: no later window of the lane has been computed.
          EXPECT_LE(win.batch_time, t.batchTimes()[static_cast<size_t>(t.finishedBatches() - 1)]);
          ++brackets;
        }
      }
    }
  }
  EXPECT_GT(brackets, 20);
}

TEST(StudioClassroomTest, WordCountShowsItsSlidingWindowAndTheInverseLessonMarksEnteredAndLeft) {
  StudioSession s;
  ASSERT_TRUE(s.open(scenario("dstream/word-count.yaml")));
  s.goToEnd();
  DStreamTimeline t = DStreamTimeline::build(s);
  const Lane* windowed = t.lane(QStringLiteral("windowed"));
  ASSERT_NE(windowed, nullptr);
  ASSERT_EQ(windowed->windows.size(), 1u);
  EXPECT_EQ(windowed->windows[0].covered.size(), 3u);

  ASSERT_TRUE(s.open(scenario("dstream/reduce-by-key-and-window-inverse.yaml")));
  s.goToEnd();
  t = DStreamTimeline::build(s);
  const Lane* inverse = t.lane(QStringLiteral("inverse"));
  ASSERT_NE(inverse, nullptr);
  ASSERT_FALSE(inverse->windows.empty());
  const LaneWindow& w = inverse->windows.back();
  EXPECT_TRUE(w.incremental);
  ASSERT_EQ(w.entered.size(), 1u);
  EXPECT_EQ(w.entered[0], w.batch_time);
  ASSERT_EQ(w.left.size(), 1u);
  EXPECT_EQ(w.left[0], w.batch_time - Duration::Micros(3000000));
}

TEST(StudioClassroomTest, ClickingABracketSelectsItsWindowInEveryPanel) {
  MainWindow w;
  w.resize(1600, 1000);
  w.show();
  ASSERT_TRUE(w.openScenario(scenario("dstream/reduce-by-key-and-window-inverse.yaml")));
  w.session().goToEnd();
  auto* diagram = w.findChild<DStreamDiagram*>();
  ASSERT_NE(diagram, nullptr);
  int lane = -1;
  for (size_t l = 0; l < diagram->timeline().lanes().size(); ++l)
    if (diagram->timeline().lanes()[l].node.name == QLatin1String("inverse")) lane = static_cast<int>(l);
  ASSERT_GE(lane, 0);
  const QRect bracket = diagram->bracketRect(lane, 0);
  ASSERT_FALSE(bracket.isEmpty());
  QTest::mouseClick(diagram, Qt::LeftButton, {}, bracket.center());
  const Selection& sel = *w.session().selection();
  ASSERT_EQ(sel.kind(), Selection::Kind::kWindow);
  const LaneWindow& win = diagram->timeline().lanes()[static_cast<size_t>(lane)].windows[0];
  EXPECT_EQ(sel.windowBatches(), win.covered);
  // The metrics table links exactly the covered batches.
  TraceTableModel* metrics = nullptr;
  for (TraceTableModel* m : w.findChildren<TraceTableModel*>())
    if (QLatin1String(m->metaObject()->className()) == QLatin1String("tideline::studio::MetricsModel")) metrics = m;
  ASSERT_NE(metrics, nullptr);
  int linked = 0;
  for (int r = 0; r < metrics->rowCount(); ++r) linked += metrics->index(r, 0).data(TraceTableModel::kLinkedRole).toBool();
  EXPECT_EQ(linked, static_cast<int>(win.covered.size()));
  // A click on a batch box selects that batch; on empty space, nothing.
  const QRect box = diagram->boxRect(lane, 0);
  QTest::mouseClick(diagram, Qt::LeftButton, {}, QPoint(box.center().x(), box.bottom() - 2));
  EXPECT_EQ(sel.kind(), Selection::Kind::kBatch);
  QTest::mouseClick(diagram, Qt::LeftButton, {}, QPoint(2, diagram->height() - 2));
  EXPECT_EQ(sel.kind(), Selection::Kind::kNone);
}

// A recording announces all its records at its first step; the picture's box of records
// still arriving holds only those that have arrived by the clock at the position and are
// in no batch yet (a batch at T holds what arrived before T).
TEST(StudioClassroomTest, TheArrivingBoxHoldsWhatHasArrivedByTheClockOnly) {
  QTemporaryDir dir;
  ASSERT_TRUE(writeFile(dir.filePath(QStringLiteral("r.jsonl")),
                        "{\"tideline-recording\":1,\"inputs\":{\"lines\":{\"type\":\"textFile\"}}}\n"
                        "{\"t\":500,\"input\":\"lines\",\"data\":\"a\"}\n"
                        "{\"t\":1200,\"input\":\"lines\",\"data\":\"b\"}\n"
                        "{\"t\":2000,\"input\":\"lines\",\"data\":\"c\"}\n"
                        "{\"t\":2700,\"input\":\"lines\",\"data\":\"d\"}\n"));
  const QString path = dir.filePath(QStringLiteral("arriving.yaml"));
  ASSERT_TRUE(writeFile(path, R"yaml(tideline: 1
title: records arriving
api: dstream
batchInterval: 1s
inputs:
  lines: {type: recording, path: r.jsonl}
streams:
  - {name: n, from: lines, ops: [{count: true}]}
outputs:
  - {stream: n, collect: true}
steps:
  - advanceClock: 1s
  - advanceClock: 1s
  - advanceClock: 1s
)yaml"));
  StudioSession s;
  ASSERT_TRUE(s.open(path)) << s.errorText().toStdString();
  s.goToStep(2);  // after two steps: the clock at 2 s, batches at 1 s and 2 s done
  DStreamTimeline t = DStreamTimeline::build(s);
  const Lane* lines = t.lane(QStringLiteral("lines"));
  ASSERT_NE(lines, nullptr);
  EXPECT_EQ(t.finishedBatches(), 2);
  EXPECT_EQ(lines->arriving_count, 1);  // c, at 2 s; d arrives at 2.7 s
  ASSERT_EQ(lines->arriving.size(), 1u);
  EXPECT_EQ(lines->arriving[0].ToDisplay(), "c");
  s.goToEnd();
  t = DStreamTimeline::build(s);
  EXPECT_EQ(t.lane(QStringLiteral("lines"))->arriving_count, 0);  // all in batches by 3 s
}

// A step repaints only what it changes (the picture's changed columns and window bands):
// what is on screen after steps forward and back is what a full repaint draws.
TEST(StudioClassroomTest, AStepsPartialRepaintLeavesNothingStale) {
  for (const char* lesson : {"dstream/reduce-by-key-and-window-inverse.yaml", "dstream/word-count.yaml"}) {
    SCOPED_TRACE(lesson);
    StudioSession s;
    ASSERT_TRUE(s.open(scenario(lesson)));
    DStreamDiagram d(s);
    d.reload();
    d.resize(d.sizeHint());
    d.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&d));
    auto move = [&](bool moved) {
      d.refresh();
      QApplication::processEvents();
      return moved;
    };
    auto screen = [&] {
      QApplication::processEvents();
      return d.screen()->grabWindow(d.winId()).toImage();
    };
    s.goToStart();
    move(true);
    int moves = 0;
    while (move(s.goToNext(StudioSession::Mark::kStep))) {
      ++moves;
      if (moves == 4) {
        for (int i = 0; i < 2; ++i) move(s.goToPrevious(StudioSession::Mark::kBatch));
        const QImage after_steps = screen();
        d.repaint();
        EXPECT_TRUE(after_steps == screen()) << "stale pixels after moving back";
      }
    }
    ASSERT_GT(moves, 4);
    const QImage after_steps = screen();
    d.repaint();
    EXPECT_TRUE(after_steps == screen()) << "stale pixels after moving to the end";
  }
}

TEST(StudioClassroomTest, PipelineGraphCountsTheLatestBatchOnItsEdges) {
  StudioSession s;
  ASSERT_TRUE(s.open(scenario("dstream/word-count.yaml")));
  s.goToBatch(1);
  PipelineGraph g;
  g.setGraph(s.streamGraph());
  g.setCounts(DStreamTimeline::build(s));
  const QString d = g.describe();
  // Two lines arrive before batch 1 s; they make ten words.
  EXPECT_TRUE(d.contains(QStringLiteral("lines depth 0 parents [] outputs [] count 2"))) << d.toStdString();
  EXPECT_TRUE(d.contains(QStringLiteral("words depth 1 parents [lines] outputs [] count 10"))) << d.toStdString();
  EXPECT_TRUE(d.contains(QStringLiteral("counts depth 2 parents [words] outputs [print,collect]"))) << d.toStdString();
}

TEST(StudioClassroomTest, GalleryListsModulesInTeachingOrderAsCards) {
  GalleryPanel gallery;
  gallery.resize(1280, 720);
  gallery.load(StudioSession::bundledScenarioDir());
  const GalleryModel& m = *gallery.model();
  QAbstractItemModelTester tester(gallery.model(), QAbstractItemModelTester::FailureReportingMode::Fatal);
  ASSERT_GE(m.modules().size(), 3u);
  EXPECT_TRUE(m.modules()[0].title.contains(QStringLiteral("DStream")));
  EXPECT_EQ(m.modules()[1].title, QStringLiteral("Structured Streaming"));
  EXPECT_TRUE(m.modules()[0].lessons[0].info.path.endsWith(QStringLiteral("dstream/word-count.yaml")));
  EXPECT_EQ(m.modules()[0].lessons[0].level, QStringLiteral("beginner"));
  // Every bundled lesson is in the course once, as a card.
  EXPECT_EQ(static_cast<size_t>(m.rowCount()), bundledScenarios().size());
  EXPECT_EQ(static_cast<size_t>(gallery.cards().size()), bundledScenarios().size());
  std::set<QString> paths;
  for (int r = 0; r < m.rowCount(); ++r) paths.insert(m.index(r, 0).data(Qt::UserRole).toString());
  EXPECT_EQ(paths.size(), bundledScenarios().size());
  // Korean titles for a Korean class.
  gallery.load({StudioSession::bundledScenarioDir()}, QStringLiteral("ko"));
  EXPECT_EQ(gallery.model()->modules()[1].title, QStringLiteral("구조적 스트리밍"));
}

TEST(StudioClassroomTest, ATeachersFolderJoinsTheGalleryAndIsRemembered) {
  QTemporaryDir dir;
  ASSERT_TRUE(dir.isValid());
  QFile::copy(scenario("dstream/word-count.yaml"), dir.filePath(QStringLiteral("mine.yaml")));
  {
    MainWindow w;
    w.addLessonFolder(dir.path());
    EXPECT_TRUE(w.lessonFolders().contains(QDir(dir.path()).canonicalPath()));
  }
  MainWindow again;
  auto* gallery = again.findChild<GalleryPanel*>();
  ASSERT_NE(gallery, nullptr);
  bool found = false;
  for (int r = 0; r < gallery->model()->rowCount(); ++r)
    found |= gallery->model()->index(r, 0).data(Qt::UserRole).toString().endsWith(QStringLiteral("mine.yaml"));
  EXPECT_TRUE(found);
  QSettings().remove(QStringLiteral("lessonFolders"));
}

TEST(StudioClassroomTest, NextAndPreviousNoteMoveFromSceneToScene) {
  for (const QString& file : bundledScenarios()) {
    SCOPED_TRACE(file.toStdString());
    StudioSession s;
    ASSERT_TRUE(s.open(file));
    std::vector<size_t> notes;  // just after each note event
    for (size_t i = 0; i < s.fullTrace().size(); ++i)
      if (s.fullTrace()[i].kind == trace::EventKind::kNote) notes.push_back(i + 1);
    std::vector<size_t> forward;
    s.goToStart();
    while (s.goToNext(StudioSession::Mark::kNote)) {
      forward.push_back(s.position());
      // The note shown is the one just reached, and nothing has run after it.
      EXPECT_EQ(s.currentNoteStep(), s.currentStep());
      EXPECT_EQ(s.batchesSinceNote(), 0);
    }
    EXPECT_EQ(forward, notes);
    std::vector<size_t> backward;
    while (s.goToPrevious(StudioSession::Mark::kNote)) backward.push_back(s.position());
    std::reverse(backward.begin(), backward.end());
    if (!notes.empty()) notes.pop_back();  // the last note is where going back started
    EXPECT_EQ(backward, notes);
  }
}

TEST(StudioClassroomTest, PageDownIsNextNote) {
  MainWindow w;
  w.show();
  ASSERT_TRUE(w.openScenario(scenario("structured/late-data-watermark.yaml")));
  w.session().goToStart();
  QAction* next = w.navigation().action(NavigationActions::kNextNote);
  QAction* previous = w.navigation().action(NavigationActions::kPreviousNote);
  EXPECT_EQ(next->shortcut(), QKeySequence(Qt::Key_PageDown));
  EXPECT_EQ(previous->shortcut(), QKeySequence(Qt::Key_PageUp));
  EXPECT_FALSE(previous->isEnabled());
  next->trigger();
  EXPECT_FALSE(w.session().currentNote().isEmpty());
  const size_t first = w.session().position();
  next->trigger();
  EXPECT_GT(w.session().position(), first);
  previous->trigger();
  EXPECT_EQ(w.session().position(), first);
}

const char* kFailingCheck = R"yaml(tideline: 1
title: A check that fails half-way
api: dstream
batchInterval: 1s
inputs:
  lines: {type: queue}
streams:
  - name: n
    from: lines
    ops:
      - count: true
outputs:
  - {stream: n, collect: true}
steps:
  - addData: {lines: [a, b]}
  - runBatches: 1
  - expectOutput: {stream: n, batches: [[5]]}
  - addData: {lines: [c]}
  - runBatches: 1
  - note: "The lesson plays on after the failed check."
)yaml";

TEST(StudioClassroomTest, AFailedCheckIsABannerAtItsStepAndTheLessonPlaysOn) {
  QTemporaryDir dir;
  const QString path = dir.filePath(QStringLiteral("failing.yaml"));
  ASSERT_TRUE(writeFile(path, kFailingCheck));
  MainWindow w;
  w.show();
  ASSERT_TRUE(w.openScenario(path));
  w.session().goToStep(2);
  EXPECT_FALSE(w.banner()->isVisible());
  w.session().goToStep(3);
  EXPECT_TRUE(w.banner()->isVisible());
  EXPECT_TRUE(w.banner()->text().contains(QStringLiteral("step 3"))) << w.banner()->text().toStdString();
  // The steps after it ran: the second batch and the last note are there.
  w.session().goToEnd();
  EXPECT_EQ(w.session().currentStep(), 6);
  EXPECT_EQ(w.session().batchCount(), 2);
  EXPECT_EQ(w.session().currentNote(), QStringLiteral("The lesson plays on after the failed check."));
  EXPECT_EQ(w.session().failedChecks(), 1);
}

TEST(StudioClassroomTest, AnErrorInTheFileIsABannerWithItsLineInTheSource) {
  QTemporaryDir dir;
  const QString path = dir.filePath(QStringLiteral("broken.yaml"));
  QByteArray text(kFailingCheck);
  text.replace("from: lines", "from: lnes");
  ASSERT_TRUE(writeFile(path, text));
  MainWindow w;
  w.show();
  EXPECT_FALSE(w.openScenario(path));
  EXPECT_TRUE(w.banner()->isVisible());
  EXPECT_TRUE(w.banner()->text().contains(QStringLiteral(":9:11: error:"))) << w.banner()->text().toStdString();
  auto* source = w.findChild<QPlainTextEdit*>(QStringLiteral("lessonSource"));
  ASSERT_NE(source, nullptr);
  ASSERT_EQ(source->extraSelections().size(), 1);
  EXPECT_EQ(source->extraSelections()[0].cursor.blockNumber() + 1, 9);
}

TEST(StudioClassroomTest, AnEditedLessonReloadsAtTheSameStep) {
  QTemporaryDir dir;
  const QString path = dir.filePath(QStringLiteral("edited.yaml"));
  ASSERT_TRUE(writeFile(path, kFailingCheck));
  MainWindow w;
  w.show();
  ASSERT_TRUE(w.openScenario(path));
  w.session().goToStep(4);
  QByteArray text(kFailingCheck);
  text.replace("A check that fails half-way", "Edited on disk");
  ASSERT_TRUE(writeFile(path, text));
  QTRY_COMPARE_WITH_TIMEOUT(w.session().title(), QStringLiteral("Edited on disk"), 5000);
  EXPECT_EQ(w.session().currentStep(), 4);
  // F5 reloads too.
  w.session().goToStep(2);
  QTest::keyClick(&w, Qt::Key_F5);
  EXPECT_EQ(w.session().currentStep(), 2);
}

TEST(StudioClassroomTest, PresentationModeHidesTheDocksFitsTheScreenAndCaptionsTheNote) {
  MainWindow w;
  w.resize(1280, 720);
  w.show();
  ASSERT_TRUE(w.openScenario(scenario("dstream/word-count.yaml")));
  w.session().goToStep(3);
  auto* lesson = w.findChild<QDockWidget*>(QStringLiteral("lessonDock"));
  ASSERT_TRUE(lesson->isVisible());
  EXPECT_FALSE(w.caption()->isVisible());
  w.appearance().setPresentation(true);
  EXPECT_FALSE(lesson->isVisible());
  EXPECT_TRUE(w.caption()->isVisible());
  // Step 3 ran a batch after the note of step 1: the caption says so.
  EXPECT_TRUE(w.caption()->text().startsWith(w.session().currentNote()));
  EXPECT_TRUE(w.caption()->text().contains(QStringLiteral("step 1"))) << w.caption()->text().toStdString();
  w.session().nextNote();  // the caption follows the position
  EXPECT_EQ(w.caption()->text(), w.session().currentNote());
  EXPECT_LE(w.frameGeometry().width(), 1280 + 40);
  w.appearance().setPresentation(false);
  EXPECT_TRUE(lesson->isVisible());
  EXPECT_FALSE(w.caption()->isVisible());
}

TEST(StudioClassroomTest, LessonTextsAndTheStudioSpeakKorean) {
  StudioSession s;
  ASSERT_TRUE(s.open(scenario("dstream/word-count.yaml")));
  const QString english = s.title();
  s.setLanguage(QStringLiteral("ko_KR.UTF-8"));
  EXPECT_EQ(s.language(), QStringLiteral("ko"));
  EXPECT_NE(s.title(), english);
  EXPECT_TRUE(s.title().contains(QStringLiteral("단어"))) << s.title().toStdString();
  s.goToEnd();
  EXPECT_FALSE(s.currentNote().isEmpty());
  s.setLanguage(QStringLiteral("fr"));  // no French text: English
  EXPECT_EQ(s.title(), english);
  // The Studio's own strings: every one translated, and the translation loads.
  const QByteArray ts = readFile(QStringLiteral(TIDELINE_SOURCE_DIR "/gui/translations/tideline_ko.ts"));
  ASSERT_FALSE(ts.isEmpty());
  EXPECT_EQ(ts.count("type=\"unfinished\""), 0);
  QTranslator translator;
  ASSERT_TRUE(translator.load(QStringLiteral(":/i18n/tideline_ko")));
  EXPECT_EQ(translator.translate("tideline::studio::MainWindow", "&File"), QStringLiteral("파일(&F)"));
}

TEST(StudioClassroomTest, TimesReadTheSameInEveryPanel) {
  StudioSession s;
  ASSERT_TRUE(s.open(scenario("dstream/word-count.yaml")));
  EXPECT_EQ(s.timeLabel(Timestamp::FromSeconds(3)), QStringLiteral("3000 ms"));  // as Spark prints it
  ASSERT_TRUE(s.open(scenario("dstream/orders-dashboard.yaml")));  // starts at 2016-03-22 20:25:28
  EXPECT_EQ(s.timeLabel(Timestamp::FromSeconds(1458678330)), QStringLiteral("20:25:30"));
}

}  // namespace
}  // namespace tideline::studio

namespace tideline::studio {
namespace {

using namespace testing;  // NOLINT

TEST(StudioClassroomTest, CheckpointPanelShowsTheLogsAndTheRerunAfterACrash) {
  MainWindow w;
  w.show();
  ASSERT_TRUE(w.openScenario(scenario("structured/restart-from-checkpoint.yaml")));
  w.session().goToEnd();
  auto* view = w.findChild<QTableView*>(QStringLiteral("checkpointView"));
  ASSERT_NE(view, nullptr);
  auto* model = static_cast<TraceTableModel*>(view->model());
  QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::Fatal);
  // Batch 6 crashed after the sink: offsets and state written, no commit; the restart runs it again.
  int crashed = -1, rerun = -1, restart = -1;
  for (int r = 0; r < model->rowCount(); ++r) {
    const QString what = model->index(r, 4).data().toString();
    if (model->index(r, 0).data().toString() == QLatin1String("6")) {
      if (what.startsWith(QStringLiteral("crash"))) crashed = r;
      if (what.startsWith(QStringLiteral("rerun"))) rerun = r;
    }
    if (what.startsWith(QStringLiteral("restart"))) restart = r;
  }
  ASSERT_GE(crashed, 0) << dumpModel(*model).toStdString();
  EXPECT_EQ(model->index(crashed, 1).data().toString(), QStringLiteral("offsets/6"));
  EXPECT_TRUE(model->index(crashed, 3).data().toString().isEmpty());
  ASSERT_GT(restart, crashed);
  ASSERT_GT(rerun, restart);
  EXPECT_TRUE(model->index(rerun, 1).data().toString().isEmpty());  // the offsets are not written again
  EXPECT_EQ(model->index(rerun, 3).data().toString(), QStringLiteral("commits/6"));
  // The sink rows mark the rerun: the memory sink ignores it.
  int ignored = 0;
  for (TraceTableModel* m : w.findChildren<TraceTableModel*>())
    if (QString::fromLatin1(m->metaObject()->className()).endsWith(QLatin1String("OutputModel")))
      for (int r = 0; r < m->rowCount(); ++r)
        ignored += m->index(r, 1).data().toString().contains(QStringLiteral("ignored by the sink"));
  EXPECT_GT(ignored, 0);
}

TEST(StudioClassroomTest, TheFirstFrameOfAStructuredLessonHasTheWholeRunsAxes) {
  for (const QString& file : bundledScenarios()) {
    if (!file.contains(QStringLiteral("/structured/"))) continue;
    SCOPED_TRACE(file.toStdString());
    MainWindow w;
    w.resize(1600, 1000);
    w.show();
    ASSERT_TRUE(w.openScenario(file));
    auto* plot = w.findChild<SpaceTimePlot*>();
    ASSERT_NE(plot, nullptr);
    w.session().goToEnd();
    w.renderNow();
    const QCPRange x_end = plot->plot()->xAxis->range(), y_end = plot->plot()->yAxis->range();
    const int height_end = plot->plot()->axisRect()->height();
    w.session().goToStart();
    w.renderNow();
    EXPECT_EQ(plot->plot()->xAxis->range(), x_end);
    EXPECT_EQ(plot->plot()->yAxis->range(), y_end);
    EXPECT_GT(plot->plot()->axisRect()->height(), 150);
    EXPECT_EQ(plot->plot()->axisRect()->height(), height_end);
  }
}

}  // namespace
}  // namespace tideline::studio

namespace tideline::studio {
namespace {

using namespace testing;  // NOLINT

TEST(StudioClassroomTest, NumericKeysAreInCanonicalOrderNotTextOrder) {
  QTemporaryDir dir;
  const QString path = dir.filePath(QStringLiteral("keys.yaml"));
  ASSERT_TRUE(writeFile(path, R"yaml(tideline: 1
title: Numeric keys
api: dstream
batchInterval: 1s
checkpoint: true
inputs:
  nums: {type: queue}
streams:
  - name: totals
    from: nums
    ops:
      - map: "(x, 1)"
      - updateStateByKey: "sum(values) + coalesce(state, 0)"
outputs:
  - {stream: totals, collect: true}
steps:
  - addData: {nums: [100, 11, 1, 10, 2]}
  - runBatches: 1
)yaml"));
  MainWindow w;
  w.show();
  ASSERT_TRUE(w.openScenario(path));
  w.session().goToEnd();
  TraceTableModel* state = w.table(MainWindow::Table::kState);
  ASSERT_NE(state, nullptr);
  QStringList keys;
  for (int r = 0; r < state->rowCount(); ++r) keys << state->index(r, 0).data().toString();
  EXPECT_EQ(keys, (QStringList{QStringLiteral("1"), QStringLiteral("2"), QStringLiteral("10"), QStringLiteral("11"),
                               QStringLiteral("100")}));
}

}  // namespace
}  // namespace tideline::studio

namespace tideline::studio {
namespace {

using namespace testing;  // NOLINT

TEST(StudioClassroomTest, TheSpaceTimePlotFollowsTheClockOrArrivalOrderOnRequest) {
  MainWindow w;
  w.show();
  // The clock moves in this lesson: x is arrival time in seconds.
  ASSERT_TRUE(w.openScenario(scenario("structured/trigger-processing-time.yaml")));
  ASSERT_TRUE(w.session().fullQuery().options().by_time);
  w.session().goToEnd();
  auto* plot = w.findChild<SpaceTimePlot*>();
  ASSERT_NE(plot, nullptr);
  EXPECT_TRUE(plot->plot()->xAxis->label().contains(QStringLiteral("arrival time")));
  auto* arrival = w.findChild<QAction*>(QStringLiteral("arrivalOrderAction"));
  ASSERT_NE(arrival, nullptr);
  arrival->setChecked(true);
  EXPECT_FALSE(w.session().fullQuery().options().by_time);
  EXPECT_TRUE(plot->plot()->xAxis->label().contains(QStringLiteral("arrival order")));
  const QueryTimeline& q = w.session().fullQuery();
  for (size_t i = 0; i < q.records().size(); ++i) EXPECT_DOUBLE_EQ(q.records()[i].x, static_cast<double>(i + 1));
  arrival->setChecked(false);
  EXPECT_TRUE(w.session().fullQuery().options().by_time);
}

}  // namespace
}  // namespace tideline::studio
