// Moving through time: each kind of stop lands just after its trace event and
// comes back the same way, batches are reached by number, the slider scrubs,
// the player steps and pauses at the end, and the shortcuts work with a table
// focused (while the batch box keeps its editing keys).

#include <gtest/gtest.h>

#include <QApplication>
#include <QSlider>
#include <QSpinBox>
#include <QTableView>
#include <QTest>
#include <vector>

#include "core/trace/trace.h"
#include "gui/panels/timeline_panel.h"
#include "gui/session/player.h"
#include "gui/session/studio_session.h"
#include "gui/windows/main_window.h"
#include "tests/gui/studio_test_util.h"

namespace tideline::studio {
namespace {

using namespace testing;  // NOLINT
using Mark = StudioSession::Mark;
using trace::EventKind;

// Where each kind of stop must be: just after the events that make it.
std::vector<size_t> expectedStops(const StudioSession& s, Mark mark, bool structured) {
  std::vector<size_t> out;
  const auto& ev = s.fullTrace();
  for (size_t i = 0; i < ev.size(); ++i) {
    const trace::Event& e = ev[i];
    bool hit = false;
    switch (mark) {
      case Mark::kRecord: hit = e.kind == EventKind::kRecordArrived; break;
      case Mark::kBatch: hit = e.kind == EventKind::kBatchFinished; break;
      case Mark::kWindowClose:
        hit = e.kind == EventKind::kWindow || (structured && e.kind == EventKind::kBatchFinished && e.output_rows > 0);
        break;
      default: break;
    }
    if (hit) out.push_back(i + 1);
  }
  return out;
}

TEST(StudioNavigationTest, EachStopLandsJustAfterItsEventBothWays) {
  int windows_seen = 0, batches_seen = 0;
  for (const QString& file : bundledScenarios()) {
    SCOPED_TRACE(file.toStdString());
    StudioSession s;
    ASSERT_TRUE(s.open(file)) << s.errorText().toStdString();
    const bool structured = file.contains(QStringLiteral("/structured/"));
    for (Mark mark : {Mark::kRecord, Mark::kBatch, Mark::kWindowClose}) {
      SCOPED_TRACE(static_cast<int>(mark));
      const std::vector<size_t> want = expectedStops(s, mark, structured);
      s.goToStart();
      std::vector<size_t> forward;
      while (s.goToNext(mark)) forward.push_back(s.position());
      EXPECT_EQ(forward, want);
      EXPECT_FALSE(s.nextPosition(mark).has_value());
      s.goToEnd();
      std::vector<size_t> backward;
      while (s.goToPrevious(mark)) backward.insert(backward.begin(), s.position());
      EXPECT_EQ(backward, want);
      // Before the first stop there is nothing earlier: time stays.
      const size_t first = s.position();
      EXPECT_FALSE(s.goToPrevious(mark));
      EXPECT_EQ(s.position(), first);
      if (mark == Mark::kWindowClose) windows_seen += static_cast<int>(want.size());
    }
    EXPECT_EQ(s.batchCount(), static_cast<int>(expectedStops(s, Mark::kBatch, structured).size()));
    batches_seen += s.batchCount();
  }
  EXPECT_GT(windows_seen, 0);
  EXPECT_GT(batches_seen, 0);
}

// The late-data lesson's watermark drops rows once, in batch 6: (12:04, donkey)
// from both its windows and (12:06, fox) from one of its two. Late-record stops
// land just after the event that brought them, forward and backward.
TEST(StudioNavigationTest, LateRecordsStopWhereRowsTheWatermarkDroppedArrived) {
  StudioSession s;
  ASSERT_TRUE(s.open(scenario("structured/late-data-watermark.yaml")));
  std::vector<size_t> arrivals;
  const auto& ev = s.fullTrace();
  for (size_t i = 0; i < ev.size(); ++i) {
    const bool donkey_and_fox = ev[i].kind == EventKind::kRecordArrived && ev[i].values.size() == 2 &&
                                ev[i].values[0][0].str() == "donkey" && ev[i].values[1][0].str() == "fox";
    EXPECT_EQ(s.isLateRecord(i), donkey_and_fox) << "event " << i;
    if (donkey_and_fox) arrivals.push_back(i + 1);
  }
  ASSERT_EQ(arrivals.size(), 1u);
  EXPECT_TRUE(s.goToNext(Mark::kLateRecord));
  EXPECT_EQ(s.position(), arrivals[0]);
  EXPECT_FALSE(s.goToNext(Mark::kLateRecord));
  s.goToEnd();
  EXPECT_TRUE(s.goToPrevious(Mark::kLateRecord));
  EXPECT_EQ(s.position(), arrivals[0]);
  EXPECT_FALSE(s.goToPrevious(Mark::kLateRecord));

  // DStreams have no watermark: nothing to stop at.
  ASSERT_TRUE(s.open(scenario("dstream/update-state-vs-map-with-state.yaml")));
  EXPECT_FALSE(s.nextPosition(Mark::kLateRecord).has_value());
  for (size_t i = 0; i < s.traceLength(); ++i) EXPECT_FALSE(s.isLateRecord(i));
}

TEST(StudioNavigationTest, StepsEndWhereTheNextStepBegins) {
  StudioSession s;
  ASSERT_TRUE(s.open(scenario("dstream/word-count.yaml")));
  EXPECT_EQ(s.position(), 0u);
  EXPECT_EQ(s.currentStep(), 0);
  for (int step = 1; step < s.stepCount(); ++step) {
    s.goToStep(step);
    ASSERT_LT(s.position(), s.traceLength());
    const trace::Event& next = s.fullTrace()[s.position()];
    EXPECT_TRUE(next.kind == EventKind::kStep || next.kind == EventKind::kNote) << step;
    EXPECT_EQ(next.index, step + 1);
    EXPECT_EQ(s.currentStep(), step);
  }
  s.goToStep(s.stepCount());
  EXPECT_EQ(s.position(), s.traceLength());
  // Inside a step, the step has begun: one event past the end of step 2 is step 3.
  s.goToStep(2);
  s.goToPosition(s.position() + 1);
  EXPECT_EQ(s.currentStep(), 3);
  s.previousStep();
  EXPECT_EQ(s.currentStep(), 2);
}

TEST(StudioNavigationTest, GoToBatchStopsAfterThatBatch) {
  StudioSession s;
  ASSERT_TRUE(s.open(scenario("dstream/reduce-by-key-and-window-inverse.yaml")));
  ASSERT_GE(s.batchCount(), 3);
  for (int n : {3, 1, s.batchCount()}) {
    s.goToBatch(n);
    EXPECT_EQ(s.currentBatch(), n);
    EXPECT_EQ(s.fullTrace()[s.position() - 1].kind, EventKind::kBatchFinished);
  }
  s.goToBatch(0);
  EXPECT_EQ(s.position(), 0u);
  s.goToBatch(s.batchCount() + 5);
  EXPECT_EQ(s.currentBatch(), s.batchCount());
}

TEST(StudioNavigationTest, SliderAndBatchBoxMoveTime) {
  MainWindow w;
  ASSERT_TRUE(w.openScenario(scenario("dstream/word-count.yaml")));
  StudioSession& s = w.session();
  QSlider* slider = w.timeline().slider();
  EXPECT_EQ(slider->minimum(), 0);
  EXPECT_EQ(slider->maximum(), static_cast<int>(s.traceLength()));
  slider->setValue(10);
  EXPECT_EQ(s.position(), 10u);
  s.goToEnd();
  EXPECT_EQ(slider->value(), slider->maximum());
  QSpinBox* batch = w.timeline().batchBox();
  EXPECT_EQ(batch->value(), s.batchCount());
  batch->setValue(2);
  EXPECT_EQ(s.currentBatch(), 2);
  EXPECT_EQ(s.fullTrace()[s.position() - 1].kind, EventKind::kBatchFinished);
}

TEST(StudioNavigationTest, PlayerStepsAtItsSpeedAndPausesAtTheEnd) {
  MainWindow w;
  ASSERT_TRUE(w.openScenario(scenario("dstream/word-count.yaml")));
  StudioSession& s = w.session();
  Player& p = w.player();
  EXPECT_EQ(p.interval(), 1000);
  p.setSpeed(4);
  EXPECT_EQ(p.interval(), 250);
  p.setSpeed(0.5);
  EXPECT_EQ(p.interval(), 2000);
  p.play();
  EXPECT_TRUE(p.isPlaying());
  p.advance();
  EXPECT_EQ(s.currentStep(), 1);
  while (p.isPlaying()) p.advance();
  EXPECT_EQ(s.position(), s.traceLength());
  // Playing from the end starts over.
  p.play();
  EXPECT_TRUE(p.isPlaying());
  EXPECT_EQ(s.position(), 0u);
  // Opening another scenario pauses.
  ASSERT_TRUE(w.openScenario(scenario("dstream/word-count.yaml")));
  EXPECT_FALSE(p.isPlaying());
}

TEST(StudioNavigationTest, ShortcutsWorkWithATableFocused) {
  MainWindow w;
  ASSERT_TRUE(w.openScenario(scenario("dstream/word-count.yaml")));
  w.show();
  w.activateWindow();
  ASSERT_TRUE(QTest::qWaitForWindowActive(&w));
  auto* table = w.findChild<QTableView*>(QStringLiteral("batchStripView"));
  ASSERT_NE(table, nullptr);
  table->setFocus();
  ASSERT_TRUE(table->hasFocus());
  StudioSession& s = w.session();
  auto batchEnd = [&s](int n) { return expectedStops(s, Mark::kBatch, false)[static_cast<size_t>(n - 1)]; };

  QTest::keyClick(table, Qt::Key_Right);
  EXPECT_EQ(s.currentStep(), 1);
  QTest::keyClick(table, Qt::Key_Right, Qt::ShiftModifier);
  EXPECT_EQ(s.position(), batchEnd(1));
  QTest::keyClick(table, Qt::Key_Right, Qt::ShiftModifier);
  EXPECT_EQ(s.position(), batchEnd(2));
  QTest::keyClick(table, Qt::Key_Left, Qt::ShiftModifier);
  EXPECT_EQ(s.position(), batchEnd(1));
  const int step = s.currentStep();
  QTest::keyClick(table, Qt::Key_Left);
  EXPECT_EQ(s.currentStep(), step - 1);
  QTest::keyClick(table, Qt::Key_End);
  EXPECT_EQ(s.position(), s.traceLength());
  QTest::keyClick(table, Qt::Key_Home);
  EXPECT_EQ(s.position(), 0u);
  EXPECT_TRUE(table->hasFocus());

  QTest::keyClick(table, Qt::Key_Space);
  EXPECT_TRUE(w.player().isPlaying());
  QTest::keyClick(table, Qt::Key_Space);
  EXPECT_FALSE(w.player().isPlaying());
  EXPECT_EQ(s.position(), 0u);

  // The batch box is a text field: it keeps Left and Right for its cursor.
  s.goToStep(2);
  const size_t at = s.position();
  w.timeline().focusBatch();
  ASSERT_TRUE(w.timeline().batchBox()->hasFocus());
  QTest::keyClick(w.timeline().batchBox(), Qt::Key_Right);
  QTest::keyClick(w.timeline().batchBox(), Qt::Key_Left);
  EXPECT_EQ(s.position(), at);
  // Typing a number and Enter jumps there and gives the keys back.
  w.timeline().focusBatch();  // selects the text, to type over it
  QTest::keyClicks(w.timeline().batchBox(), QStringLiteral("3"));
  QTest::keyClick(w.timeline().batchBox(), Qt::Key_Return);
  EXPECT_EQ(s.currentBatch(), 3);
  EXPECT_FALSE(w.timeline().batchBox()->hasFocus());
}

}  // namespace
}  // namespace tideline::studio
