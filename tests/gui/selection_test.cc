// Linked selection: selecting a row of the state table selects its key and
// every panel highlights that key; selecting a batch highlights the batch; the
// highlight follows time and goes when another scenario opens.

#include <gtest/gtest.h>

#include <QItemSelectionModel>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>

#include "gui/models/trace_table_model.h"
#include "gui/session/selection.h"
#include "gui/session/studio_session.h"
#include "gui/windows/main_window.h"
#include "tests/gui/studio_test_util.h"

namespace tideline::studio {
namespace {

using namespace testing;  // NOLINT

TraceTableModel* modelOf(MainWindow& w, const char* view_name) {
  auto* view = w.findChild<QTableView*>(QString::fromLatin1(view_name));
  return view ? qobject_cast<TraceTableModel*>(view->model()) : nullptr;
}

bool linked(const QModelIndex& i) { return i.data(TraceTableModel::kLinkedRole).toBool(); }

// Cells whose text passes `want` are linked, and no others; returns how many are.
int expectLinkedCells(const TraceTableModel& m, const std::function<bool(int row, int column)>& want) {
  int n = 0;
  for (int r = 0; r < m.rowCount(); ++r)
    for (int c = 0; c < m.columnCount(); ++c) {
      const QModelIndex i = m.index(r, c);
      EXPECT_EQ(linked(i), want(r, c)) << m.metaObject()->className() << " row " << r << " column " << c << ": "
                                       << i.data().toString().toStdString();
      if (linked(i)) {
        ++n;
        EXPECT_TRUE(i.data(Qt::BackgroundRole).isValid());
      }
    }
  return n;
}

TEST(StudioSelectionTest, SelectingAKeyHighlightsItEverywhere) {
  MainWindow w;
  w.resize(1400, 900);
  ASSERT_TRUE(w.openScenario(scenario("dstream/update-state-vs-map-with-state.yaml")));
  w.show();
  ASSERT_TRUE(QTest::qWaitForWindowExposed(&w));
  StudioSession& s = w.session();
  s.goToStep(8);
  auto* state_view = w.findChild<QTableView*>(QStringLiteral("stateView_totals"));
  ASSERT_NE(state_view, nullptr);
  TraceTableModel* state = qobject_cast<TraceTableModel*>(state_view->model());
  TraceTableModel* strip = modelOf(w, "batchStripView");
  TraceTableModel* collected = modelOf(w, "collectedView");
  TraceTableModel* metrics = modelOf(w, "metricsView");
  ASSERT_TRUE(state && strip && collected && metrics);
  int ann = -1;
  for (int r = 0; r < state->rowCount(); ++r)
    if (state->index(r, 0).data().toString() == QLatin1String("ann")) ann = r;
  ASSERT_GE(ann, 0);

  QSignalSpy strip_changed(strip, &QAbstractItemModel::dataChanged);
  QTest::mouseClick(state_view->viewport(), Qt::LeftButton, {}, state_view->visualRect(state->index(ann, 1)).center());
  ASSERT_EQ(s.selection()->kind(), Selection::Kind::kKey);
  EXPECT_EQ(s.selection()->key(), QStringLiteral("ann"));
  EXPECT_GE(strip_changed.count(), 1);

  const auto is_ann = [](const QModelIndex& i) { return i.data().toString().startsWith(QLatin1String("(ann,")); };
  EXPECT_EQ(expectLinkedCells(*state, [&](int r, int) { return r == ann; }), state->columnCount());
  EXPECT_GT(expectLinkedCells(*strip, [&](int r, int c) { return is_ann(strip->index(r, c)); }), 0);
  EXPECT_GT(expectLinkedCells(*collected, [&](int r, int) { return is_ann(collected->index(r, 2)); }), 0);
  EXPECT_EQ(expectLinkedCells(*metrics, [](int, int) { return false; }), 0);

  // The key stays selected as time moves; the rebuilt tables highlight it again.
  s.nextBatch();
  EXPECT_EQ(s.selection()->key(), QStringLiteral("ann"));
  EXPECT_GT(expectLinkedCells(*strip, [&](int r, int c) { return is_ann(strip->index(r, c)); }), 0);
}

TEST(StudioSelectionTest, SelectingABatchHighlightsThatBatch) {
  MainWindow w;
  ASSERT_TRUE(w.openScenario(scenario("dstream/update-state-vs-map-with-state.yaml")));
  StudioSession& s = w.session();
  s.goToStep(8);
  auto* metrics_view = w.findChild<QTableView*>(QStringLiteral("metricsView"));
  ASSERT_NE(metrics_view, nullptr);
  TraceTableModel* metrics = qobject_cast<TraceTableModel*>(metrics_view->model());
  TraceTableModel* strip = modelOf(w, "batchStripView");
  TraceTableModel* collected = modelOf(w, "collectedView");
  TraceTableModel* state = modelOf(w, "stateView_totals");
  ASSERT_TRUE(metrics && strip && collected && state);
  ASSERT_GE(metrics->rowCount(), 2);
  const QString batch = metrics->index(1, 0).data().toString();
  EXPECT_EQ(batch, QStringLiteral("2000 ms"));

  metrics_view->selectionModel()->select(metrics->index(1, 0),
                                         QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
  ASSERT_EQ(s.selection()->kind(), Selection::Kind::kBatch);
  EXPECT_EQ(expectLinkedCells(*metrics, [&](int r, int) { return r == 1; }), metrics->columnCount());
  EXPECT_GT(expectLinkedCells(*strip,
                              [&](int r, int c) {
                                return strip->headerData(c, Qt::Horizontal).toString() == batch &&
                                       !strip->index(r, c).data().toString().isEmpty();
                              }),
            0);
  EXPECT_GT(expectLinkedCells(*collected, [&](int r, int) { return collected->index(r, 0).data().toString() == batch; }),
            0);
  EXPECT_EQ(expectLinkedCells(*state, [](int, int) { return false; }), 0);

  // Another scenario starts with nothing selected.
  ASSERT_TRUE(w.openScenario(scenario("dstream/word-count.yaml")));
  EXPECT_EQ(s.selection()->kind(), Selection::Kind::kNone);
}

TEST(StudioSelectionTest, KeyOfARecordIsItsFirstFieldForPairs) {
  EXPECT_EQ(Selection::keyOf(Value::Pair(Value::String("ann"), Value::Int(2))), QStringLiteral("ann"));
  EXPECT_EQ(Selection::keyOf(Value::Array({Value::String("dog"), Value::Int(1)})), QStringLiteral("dog"));
  EXPECT_EQ(Selection::keyOf(Value::String("to be or not")), QStringLiteral("to be or not"));
  Selection sel;
  QSignalSpy changed(&sel, &Selection::changed);
  sel.selectKey(QStringLiteral("ann"));
  sel.selectKey(QStringLiteral("ann"));
  EXPECT_EQ(changed.count(), 1);
  EXPECT_TRUE(sel.matches(QStringLiteral("ann"), std::nullopt));
  EXPECT_FALSE(sel.matches(QStringLiteral("bob"), Timestamp::FromMicros(1)));
  EXPECT_FALSE(sel.matches(QString(), Timestamp::FromMicros(1)));
  sel.selectBatch(Timestamp::FromMicros(1));
  EXPECT_TRUE(sel.matches(QString(), Timestamp::FromMicros(1)));
  EXPECT_FALSE(sel.matches(QStringLiteral("ann"), std::nullopt));
  sel.clear();
  EXPECT_FALSE(sel.matches(QStringLiteral("ann"), Timestamp::FromMicros(1)));
  EXPECT_EQ(changed.count(), 3);
}

}  // namespace
}  // namespace tideline::studio
