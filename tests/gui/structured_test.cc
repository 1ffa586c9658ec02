// Structured queries in the Studio: the space-time plot marks exactly the rows
// the late-data lesson says the watermark drops, its watermark line steps once
// per batch with the trace's values, the rows dropped agree with every kLate
// count of the bundled queries, and the state, output and metrics panels show
// the structured trace (evictions, sink rows and console text, progress).

#include <gtest/gtest.h>

#include <QAbstractItemModelTester>
#include <QFont>
#include <QPlainTextEdit>
#include <QTableView>
#include <QTest>
#include <qcustomplot.h>

#include <map>
#include <set>
#include <vector>

#include "gui/models/output_model.h"
#include "gui/models/query_metrics_model.h"
#include "gui/models/records_model.h"
#include "gui/models/state_model.h"
#include "gui/panels/space_time_panel.h"
#include "gui/plots/space_time_plot.h"
#include "gui/session/selection.h"
#include "gui/session/studio_session.h"
#include "gui/windows/main_window.h"
#include "tests/gui/studio_test_util.h"

namespace tideline::studio {
namespace {

using namespace testing;  // NOLINT
using trace::EventKind;

const QueryRecord* recordNamed(const QueryTimeline& q, const QString& name, const QString& time) {
  for (const QueryRecord& r : q.records())
    if (r.name == name && r.event_time && q.timeText(*r.event_time) == time) return &r;
  return nullptr;
}

SpaceTimePlot* spaceTimePlot(MainWindow& w) { return w.findChild<SpaceTimePlot*>(); }

template <typename Model>
Model* modelIn(MainWindow& w, const char* view_name) {
  auto* view = w.findChild<QTableView*>(QString::fromLatin1(view_name));
  return view ? qobject_cast<Model*>(view->model()) : nullptr;
}

double minutes(const char* hh_mm) {
  return SpaceTimePlot::yOf(ParseTimestamp(std::string("2024-01-01 ") + hh_mm + ":00").value());
}

// The lesson's notes: "(12:04, donkey) arrives when the watermark is 12:11: both its
// windows have closed" and "(12:06, fox) is dropped from [12:00, 12:10) but counted in
// [12:05, 12:15)"; every other row is counted, (12:09, cat), (12:08, dog) and (12:13,
// owl) although they came after a later event time.
TEST(StudioStructuredTest, LateDataLessonMarksExactlyTheRowsItsNotesSayAreDropped) {
  MainWindow w;
  ASSERT_TRUE(w.openScenario(scenario("structured/late-data-watermark.yaml")));
  StudioSession& s = w.session();
  s.goToEnd();
  const QueryTimeline& q = s.query();
  ASSERT_EQ(q.records().size(), 10u);
  const QueryRecord* donkey = recordNamed(q, QStringLiteral("donkey"), QStringLiteral("12:04"));
  const QueryRecord* fox = recordNamed(q, QStringLiteral("fox"), QStringLiteral("12:06"));
  ASSERT_TRUE(donkey && fox);
  for (const QueryRecord& r : q.records()) {
    SCOPED_TRACE(r.label.toStdString());
    if (&r == donkey) {
      EXPECT_EQ(r.fate, RecordFate::kDropped);
    } else if (&r == fox) {
      EXPECT_EQ(r.fate, RecordFate::kPartlyDropped);
    } else {
      EXPECT_TRUE(r.fate == RecordFate::kOnTime || r.fate == RecordFate::kLate);
    }
  }
  EXPECT_EQ(*donkey->batch, 6);
  EXPECT_EQ(donkey->why.toStdString(),
            "12:04 donkey: dropped in batch 6 — its windows [11:55, 12:05) and [12:00, 12:10) end at or before "
            "the watermark 12:11");
  EXPECT_EQ(fox->why.toStdString(),
            "12:06 fox: in batch 6, dropped from [12:00, 12:10), which ends at or before the watermark 12:11, and "
            "counted in [12:05, 12:15)");
  std::set<std::string> late;
  for (const QueryRecord& r : q.records())
    if (r.fate == RecordFate::kLate) late.insert(r.label.toStdString());
  EXPECT_EQ(late, (std::set<std::string>{"12:09 cat", "12:08 dog", "12:13 owl"}));

  // The plot crosses out the donkey alone, and marks the fox alone as partly dropped.
  SpaceTimePlot* plot = spaceTimePlot(w);
  ASSERT_NE(plot, nullptr);
  EXPECT_EQ(plot->points(RecordFate::kDropped), (QVector<QPointF>{{donkey->x, minutes("12:04")}}));
  EXPECT_EQ(plot->points(RecordFate::kPartlyDropped), (QVector<QPointF>{{fox->x, minutes("12:06")}}));
  EXPECT_EQ(plot->points(RecordFate::kLate).size(), 3);
  EXPECT_EQ(plot->points(RecordFate::kOnTime).size(), 5);
  EXPECT_TRUE(plot->points(RecordFate::kWaiting).isEmpty());

  // The rows table says the same, and strikes the dropped row out.
  RecordsModel* records = modelIn<RecordsModel>(w, "recordsView");
  ASSERT_NE(records, nullptr);
  QAbstractItemModelTester tester(records, QAbstractItemModelTester::FailureReportingMode::Fatal);
  ASSERT_EQ(records->rowCount(), 10);
  int struck = 0;
  for (int r = 0; r < records->rowCount(); ++r) {
    const QString fate = records->index(r, RecordsModel::kFate).data().toString();
    const bool is_donkey = records->index(r, RecordsModel::kRow).data().toString().startsWith(QLatin1String("donkey"));
    EXPECT_EQ(fate == QLatin1String("dropped"), is_donkey) << r;
    const QVariant font = records->index(r, RecordsModel::kRow).data(Qt::FontRole);
    struck += font.isValid() && font.value<QFont>().strikeOut();
    EXPECT_EQ(records->index(r, RecordsModel::kEventTime).data(Qt::ToolTipRole).toString(), q.records()[r].why);
  }
  EXPECT_EQ(struck, 1);

  // Before batch 6 has run, the two rows wait (hollow), nothing is crossed out yet.
  s.goToStart();
  ASSERT_TRUE(s.goToNext(StudioSession::Mark::kLateRecord));
  EXPECT_TRUE(plot->points(RecordFate::kDropped).isEmpty());
  EXPECT_EQ(plot->points(RecordFate::kWaiting).size(), 2);
  EXPECT_TRUE(s.query().records().back().why.contains(QLatin1String("behind the watermark 12:11")));
}

// One step per finished batch, at the batch's mark, to the watermark that kBatchFinished
// carries (the one the next batch runs with), at every step of the lesson.
TEST(StudioStructuredTest, WatermarkLineStepsOncePerBatchWithTheTraceValues) {
  MainWindow w;
  ASSERT_TRUE(w.openScenario(scenario("structured/late-data-watermark.yaml")));
  StudioSession& s = w.session();
  SpaceTimePlot* plot = spaceTimePlot(w);
  ASSERT_NE(plot, nullptr);
  for (int step = 0; step <= s.stepCount(); ++step) {
    s.goToStep(step);
    SCOPED_TRACE(step);
    std::vector<double> want;
    for (const trace::Event& e : s.events())
      if (e.kind == EventKind::kBatchFinished) {
        ASSERT_TRUE(e.has_watermark);
        want.push_back(SpaceTimePlot::yOf(e.watermark));
      }
    const QVector<QPointF> steps = plot->watermarkSteps();
    ASSERT_EQ(steps.size(), static_cast<int>(want.size()));
    const auto& batches = s.query().batches();
    for (int i = 0; i < steps.size(); ++i) {
      EXPECT_DOUBLE_EQ(steps[i].y(), want[static_cast<size_t>(i)]);
      EXPECT_DOUBLE_EQ(steps[i].x(), batches[static_cast<size_t>(i)].x);
      EXPECT_TRUE(plot->batchMarks().contains(steps[i].x()));
    }
  }
  // The lesson's watermarks: 11:58 after batches 0-1, 12:04 after 2-3, 12:11 from batch 4 on.
  const QVector<QPointF> steps = plot->watermarkSteps();
  ASSERT_EQ(steps.size(), 7);
  const double want[] = {minutes("11:58"), minutes("11:58"), minutes("12:04"), minutes("12:04"),
                         minutes("12:11"), minutes("12:11"), minutes("12:11")};
  for (int i = 0; i < 7; ++i) EXPECT_DOUBLE_EQ(steps[i].y(), want[i]) << i;
  // Batches 0 and 1 ran after the first two rows, 2 and 3 after four, 4 and 5 after eight, 6 after ten;
  // the no-data batches 1, 3 and 5 are marks of their own just after the batch before them.
  EXPECT_EQ(plot->batchMarks(), (QVector<double>{2.5, 2.72, 4.5, 4.72, 8.5, 8.72, 10.5}));
}

// For every bundled query, the rows (or the rows' windows) the Studio says a batch
// dropped add up to what the batch's kLate events count.
TEST(StudioStructuredTest, DroppedRowsAddUpToTheLateCountsOfEveryQuery) {
  int batches_with_late_rows = 0;
  for (const QString& file : bundledScenarios()) {
    if (!file.contains(QLatin1String("/structured/"))) continue;
    SCOPED_TRACE(file.toStdString());
    StudioSession s;
    ASSERT_TRUE(s.open(file)) << s.errorText().toStdString();
    const QueryTimeline& q = s.fullQuery();
    std::map<int, int64_t> dropped;  // batch index -> rows (or windows of rows) dropped
    for (const QueryRecord& r : q.records()) {
      if (r.fate != RecordFate::kDropped && r.fate != RecordFate::kPartlyDropped) continue;
      const QueryBatch& b = q.batches()[static_cast<size_t>(r.batch_index)];
      const auto windows = q.windowsOf(*r.event_time);
      if (windows.empty()) {
        dropped[r.batch_index] += 1;
      } else {
        for (const auto& w : windows) dropped[r.batch_index] += w.second <= *b.late_watermark;
      }
    }
    for (int i = 0; i < static_cast<int>(q.batches().size()); ++i) {
      const QueryBatch& b = q.batches()[static_cast<size_t>(i)];
      EXPECT_EQ(dropped[i], b.late_rows) << "batch " << b.id;
      batches_with_late_rows += b.late_rows > 0;
    }
  }
  EXPECT_GE(batches_with_late_rows, 8);
}

TEST(StudioStructuredTest, StateShowsEvictionsByTheWatermarkDistinctly) {
  MainWindow w;
  ASSERT_TRUE(w.openScenario(scenario("structured/late-data-watermark.yaml")));
  StudioSession& s = w.session();
  s.goToBatch(6);  // batch 5, the no-data batch that runs with the watermark 12:11
  ASSERT_EQ(s.query().batches().back().id, 5);
  StateModel* state = modelIn<StateModel>(w, "stateView_0 stateStoreSave");
  ASSERT_NE(state, nullptr);
  // The step ran batch 4 (new and updated counts) and batch 5 (evictions): each change in its colour.
  std::set<std::string> evicted;
  for (int r = 0; r < state->rowCount(); ++r) {
    const QModelIndex change = state->index(r, state->columnCount() - 1);
    const QString text = change.data().toString();
    const QColor color = change.data(Qt::BackgroundRole).value<QBrush>().color();
    SCOPED_TRACE(text.toStdString());
    if (text.startsWith(QLatin1String("evicted"))) {
      EXPECT_EQ(text, QStringLiteral("evicted (watermark 12:11)"));
      EXPECT_EQ(color, StateModel::changeColor(trace::StateChange::kEvicted));
      evicted.insert(state->index(r, 0).data().toString().toStdString());
    } else if (text == QLatin1String("new")) {
      EXPECT_EQ(color, StateModel::changeColor(trace::StateChange::kNew));
    } else if (text == QLatin1String("updated")) {
      EXPECT_EQ(color, StateModel::changeColor(trace::StateChange::kUpdated));
    } else {
      EXPECT_TRUE(text.isEmpty());
      EXPECT_FALSE(change.data(Qt::BackgroundRole).isValid());
    }
  }
  EXPECT_EQ(evicted, (std::set<std::string>{"[12:00, 12:10), cat", "[12:00, 12:10), dog", "[12:00, 12:10), owl"}));
  EXPECT_NE(StateModel::changeColor(trace::StateChange::kEvicted), StateModel::changeColor(trace::StateChange::kRemoved));
  // The next step leaves them out of the state.
  s.goToStep(s.currentStep() + 1);
  for (int r = 0; r < state->rowCount(); ++r)
    EXPECT_FALSE(state->index(r, 0).data().toString().startsWith(QLatin1String("[12:00, 12:10)")));
  // Evicted windows are grey bands that end at the batch that evicted them.
  int closed = 0;
  for (const QueryWindow& win : s.query().windows())
    if (win.x_to) {
      EXPECT_TRUE(win.evicted);
      EXPECT_EQ(*win.closed, 5);
      ++closed;
    }
  EXPECT_EQ(closed, 1);
}

TEST(StudioStructuredTest, GroupStateTimeoutsShowTheirDeadline) {
  MainWindow w;
  ASSERT_TRUE(w.openScenario(scenario("structured/user-sessions-flatmapgroupswithstate.yaml")));
  StudioSession& s = w.session();
  s.goToBatch(1);
  StateModel* state = modelIn<StateModel>(w, "stateView_0 flatMapGroupsWithState");
  ASSERT_NE(state, nullptr);
  ASSERT_EQ(state->columnCount(), 4);
  EXPECT_EQ(state->headerData(2, Qt::Horizontal).toString(), QStringLiteral("Deadline"));
  std::map<std::string, std::string> deadlines;
  for (int r = 0; r < state->rowCount(); ++r)
    deadlines[state->index(r, 0).data().toString().toStdString()] = state->index(r, 2).data().toString().toStdString();
  // Timeouts at the last event + 5 minutes: alice 12:02 -> 12:07, bob 12:01 -> 12:06.
  EXPECT_EQ(deadlines, (std::map<std::string, std::string>{{"alice", "12:07"}, {"bob", "12:06"}}));

  ASSERT_TRUE(w.openScenario(scenario("dstream/update-state-vs-map-with-state.yaml")));
  w.session().goToEnd();
  StateModel* sessions = modelIn<StateModel>(w, "stateView_sessions (state)");
  StateModel* totals = modelIn<StateModel>(w, "stateView_totals");
  ASSERT_TRUE(sessions && totals);
  EXPECT_EQ(sessions->headerData(2, Qt::Horizontal).toString(), QStringLiteral("Deadline"));
  EXPECT_EQ(totals->columnCount(), 3);  // updateStateByKey has no timeout
}

TEST(StudioStructuredTest, OutputShowsSinkRowsByModeAndTheConsoleText) {
  MainWindow w;
  ASSERT_TRUE(w.openScenario(scenario("structured/late-data-watermark.yaml")));
  w.session().goToEnd();
  OutputModel* out = modelIn<OutputModel>(w, "outputOperationsView");
  ASSERT_NE(out, nullptr);
  ASSERT_EQ(out->columnCount(), 3);
  EXPECT_EQ(out->headerData(1, Qt::Horizontal).toString(), QStringLiteral("Output mode"));
  QStringList batch6, batch5;
  for (int r = 0; r < out->rowCount(); ++r) {
    const QString line = out->index(r, 1).data().toString() + QLatin1Char('|') + out->index(r, 2).data().toString();
    if (out->index(r, 0).data() == QStringLiteral("6")) batch6 << line;
    if (out->index(r, 0).data() == QStringLiteral("5")) batch5 << line;
  }
  EXPECT_EQ(batch6, QStringList{QStringLiteral("updated|12:05, 12:15, fox, 1")});
  EXPECT_EQ(batch5, QStringList{QStringLiteral("updated|(no rows)")});
  const auto* printed = w.findChild<QPlainTextEdit*>(QStringLiteral("printedText"));
  ASSERT_NE(printed, nullptr);
  for (int b = 0; b <= 6; ++b) EXPECT_EQ(printed->toPlainText().count(QStringLiteral("Batch: %1\n").arg(b)), 1) << b;
  EXPECT_TRUE(printed->toPlainText().contains(QLatin1String("|2024-01-01 12:05:00|2024-01-01 12:15:00| fox|    1|")));

  ASSERT_TRUE(w.openScenario(scenario("structured/word-count-complete.yaml")));
  w.session().goToEnd();
  bool complete = false;
  for (int r = 0; r < out->rowCount(); ++r) complete |= out->index(r, 1).data() == QStringLiteral("complete table");
  EXPECT_TRUE(complete);
}

TEST(StudioStructuredTest, QueryMetricsComeFromTheProgressJson) {
  MainWindow w;
  ASSERT_TRUE(w.openScenario(scenario("structured/late-data-watermark.yaml")));
  StudioSession& s = w.session();
  s.goToEnd();
  QueryMetricsModel* m = modelIn<QueryMetricsModel>(w, "queryMetricsView");
  ASSERT_NE(m, nullptr);
  QAbstractItemModelTester tester(m, QAbstractItemModelTester::FailureReportingMode::Fatal);
  const auto points = m->points();
  ASSERT_EQ(points.size(), 7u);
  ASSERT_EQ(m->rowCount(), 7);
  const double input_rows[] = {2, 0, 2, 0, 4, 0, 2};
  const double state_rows[] = {4, 4, 7, 7, 12, 9, 10};
  for (size_t i = 0; i < 7; ++i) {
    EXPECT_EQ(points[i].batch, static_cast<double>(i));
    EXPECT_EQ(points[i].input_rows, input_rows[i]) << i;
    EXPECT_EQ(points[i].state_rows, state_rows[i]) << i;
    EXPECT_EQ(points[i].duration_ms, 0);  // the virtual clock does not move in this lesson
  }
  // Max event time minus the batch's watermark; none without rows or before the first watermark.
  EXPECT_FALSE(points[0].watermark_gap_s.has_value());
  EXPECT_FALSE(points[1].watermark_gap_s.has_value());
  EXPECT_EQ(points[2].watermark_gap_s.value_or(-1), 16 * 60);   // 12:14 - 11:58
  EXPECT_EQ(points[4].watermark_gap_s.value_or(-1), 17 * 60);   // 12:21 - 12:04
  EXPECT_EQ(points[6].watermark_gap_s.value_or(0), -5 * 60);    // 12:06 - 12:11
  EXPECT_EQ(m->index(6, 5).data().toString(), QStringLiteral("12:11"));
  // Selecting a batch selects it by id (every batch of this lesson has the same batch time).
  s.selection()->selectBatchId(4);
  EXPECT_TRUE(m->index(4, 0).data(TraceTableModel::kLinkedRole).toBool());
  EXPECT_FALSE(m->index(5, 0).data(TraceTableModel::kLinkedRole).toBool());
}

TEST(StudioStructuredTest, ClickingAPointSelectsItsKeyEverywhere) {
  MainWindow w;
  w.resize(1400, 900);
  ASSERT_TRUE(w.openScenario(scenario("structured/late-data-watermark.yaml")));
  w.show();
  ASSERT_TRUE(QTest::qWaitForWindowExposed(&w));
  StudioSession& s = w.session();
  s.goToEnd();
  SpaceTimePlot* plot = spaceTimePlot(w);
  plot->replotNow();
  const QueryRecord* fox = recordNamed(s.query(), QStringLiteral("fox"), QStringLiteral("12:06"));
  ASSERT_NE(fox, nullptr);
  const QPoint at(static_cast<int>(plot->plot()->xAxis->coordToPixel(fox->x)),
                  static_cast<int>(plot->plot()->yAxis->coordToPixel(minutes("12:06"))));
  EXPECT_EQ(plot->toolTipAt(at), fox->why);
  QTest::mouseClick(plot->plot(), Qt::LeftButton, {}, at);
  ASSERT_EQ(s.selection()->kind(), Selection::Kind::kKey);
  EXPECT_EQ(s.selection()->key(), QStringLiteral("fox"));
  // The state row of the fox's window, its sink row and its input row are linked.
  auto linkedRows = [](const TraceTableModel* m, int column) {
    QStringList out;
    for (int r = 0; r < m->rowCount(); ++r)
      if (m->index(r, 0).data(TraceTableModel::kLinkedRole).toBool()) out << m->index(r, column).data().toString();
    return out;
  };
  EXPECT_EQ(linkedRows(modelIn<StateModel>(w, "stateView_0 stateStoreSave"), 0),
            QStringList{QStringLiteral("[12:05, 12:15), fox")});
  EXPECT_EQ(linkedRows(modelIn<OutputModel>(w, "outputOperationsView"), 2),
            QStringList{QStringLiteral("12:05, 12:15, fox, 1")});
  EXPECT_EQ(linkedRows(modelIn<RecordsModel>(w, "recordsView"), RecordsModel::kRow),
            QStringList{QStringLiteral("fox, 12:06")});
  // Clicking a batch mark selects that batch.
  QTest::mouseClick(plot->plot(), Qt::LeftButton, {},
                    QPoint(static_cast<int>(plot->plot()->xAxis->coordToPixel(10.5)), at.y() - 30));
  ASSERT_EQ(s.selection()->kind(), Selection::Kind::kBatchId);
  EXPECT_EQ(s.selection()->batchId(), 6);
}

TEST(StudioStructuredTest, PanelsFollowTheApi) {
  MainWindow w;
  w.show();
  ASSERT_TRUE(w.openScenario(scenario("structured/late-data-watermark.yaml")));
  auto* space_time = w.findChild<SpaceTimePanel*>();
  auto* strip = w.findChild<QWidget*>(QStringLiteral("dstreamDiagram"));  // the DStream picture
  ASSERT_TRUE(space_time && strip);
  EXPECT_TRUE(space_time->isVisible());
  EXPECT_FALSE(strip->isVisible());
  EXPECT_TRUE(w.findChild<QWidget*>(QStringLiteral("stateDock"))->isVisible());
  ASSERT_TRUE(w.openScenario(scenario("dstream/reduce-by-key-and-window-inverse.yaml")));
  EXPECT_FALSE(space_time->isVisible());
  EXPECT_TRUE(strip->isVisible());
  // No state anywhere in this run: no state dock.
  EXPECT_FALSE(w.findChild<QWidget*>(QStringLiteral("stateDock"))->isVisible());
  ASSERT_TRUE(w.openScenario(scenario("dstream/update-state-vs-map-with-state.yaml")));
  EXPECT_TRUE(w.findChild<QWidget*>(QStringLiteral("stateDock"))->isVisible());
  // A stream without windows has no windows table.
  EXPECT_FALSE(w.findChild<QTableView*>(QStringLiteral("windowView"))->isVisible());
}

}  // namespace
}  // namespace tideline::studio
