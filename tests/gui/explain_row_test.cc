// "Why this row?" in the Output panel: a selected sink row (structured) or collected row
// (DStreams) opens a dialog listing the input records that made it, as
// core/scenario/explain_row.h finds them; rows that are no output row cannot be explained.

#include <gtest/gtest.h>

#include <QPushButton>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>

#include "gui/models/output_model.h"
#include "gui/models/trace_table_model.h"
#include "gui/panels/output_panel.h"
#include "gui/session/studio_session.h"
#include "gui/windows/explain_row_dialog.h"
#include "gui/windows/main_window.h"
#include "tests/gui/studio_test_util.h"

namespace tideline::studio {
namespace {

using namespace testing;  // NOLINT

// Selects the first row of `tab` whose text contains `text`; returns whether it found one.
bool selectRow(OutputPanel* panel, int tab, const QString& text) {
  panel->tabs()->setCurrentIndex(tab);
  auto* view = static_cast<QTableView*>(panel->tabs()->widget(tab));
  for (int r = 0; r < view->model()->rowCount(); ++r) {
    for (int c = 0; c < view->model()->columnCount(); ++c) {
      if (!view->model()->index(r, c).data().toString().contains(text)) continue;
      view->setCurrentIndex(view->model()->index(r, 0));
      return true;
    }
  }
  return false;
}

QStringList column(QTableWidget* t, int c) {
  QStringList out;
  for (int r = 0; r < t->rowCount(); ++r) out << t->item(r, c)->text();
  return out;
}

TEST(StudioExplainRowTest, AJoinedSinkRowShowsItsMatchedPair) {
  MainWindow w;
  ASSERT_TRUE(w.openScenario(scenario("structured/ad-clicks-join.yaml")));
  w.session().goToEnd();
  OutputPanel* panel = w.outputPanel();
  ASSERT_TRUE(selectRow(panel, 1, QStringLiteral("10:15"))) << dumpModel(*panel->operationsModel()).toStdString();
  EXPECT_TRUE(panel->explainButton()->isEnabled());
  ExplainRowDialog* d = panel->explainSelectedRow();
  ASSERT_NE(d, nullptr);
  ASSERT_TRUE(d->explained());
  EXPECT_EQ(column(d->inputsTable(), 0), (QStringList{QStringLiteral("impressions"), QStringLiteral("clicks")}));
  EXPECT_TRUE(column(d->inputsTable(), 3)[1].contains(QStringLiteral("10:15"))) << column(d->inputsTable(), 3)[1].toStdString();
  EXPECT_EQ(column(d->inputsTable(), 4),
            (QStringList{QStringLiteral("left side of the join"), QStringLiteral("right side of the join")}));
  d->close();
}

TEST(StudioExplainRowTest, AStateRowShowsItsKeysRecordsAndHistory) {
  MainWindow w;
  ASSERT_TRUE(w.openScenario(scenario("dstream/update-state-vs-map-with-state.yaml")));
  w.session().goToEnd();
  OutputPanel* panel = w.outputPanel();
  ASSERT_TRUE(selectRow(panel, 2, QStringLiteral("(ann,")));
  ExplainRowDialog* d = panel->explainSelectedRow();
  ASSERT_NE(d, nullptr);
  ASSERT_TRUE(d->explained());
  ASSERT_GT(d->inputsTable()->rowCount(), 0);
  for (const QString& line : column(d->inputsTable(), 3)) EXPECT_TRUE(line.contains(QStringLiteral("ann"))) << line.toStdString();
  EXPECT_GT(d->historyTable()->rowCount(), 0);
  d->close();
}

TEST(StudioExplainRowTest, OnlyOutputRowsCanBeExplained) {
  MainWindow w;
  ASSERT_TRUE(w.openScenario(scenario("dstream/word-count.yaml")));
  w.session().goToEnd();
  OutputPanel* panel = w.outputPanel();
  // DStream output operations are print blocks, not rows.
  ASSERT_TRUE(selectRow(panel, 1, QStringLiteral("print")));
  EXPECT_FALSE(panel->explainButton()->isVisible() && panel->explainButton()->isEnabled());
  EXPECT_EQ(panel->explainSelectedRow(), nullptr);
  ASSERT_TRUE(selectRow(panel, 2, QStringLiteral("(be,")));
  EXPECT_TRUE(panel->explainButton()->isEnabled());
  ExplainRowDialog* d = panel->explainSelectedRow();
  ASSERT_NE(d, nullptr);
  EXPECT_TRUE(d->explained());
  d->close();
}

}  // namespace
}  // namespace tideline::studio
