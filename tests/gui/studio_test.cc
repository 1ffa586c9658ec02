// Tests of Tideline Studio, offscreen: views reached forward and backward
// agree at every step of every bundled scenario, every model passes
// QAbstractItemModelTester, the keys move time, a broken file shows its error.

#include <gtest/gtest.h>

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QDirIterator>
#include <QFile>
#include <QFontInfo>
#include <QPlainTextEdit>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>
#include <string>
#include <vector>

#include "gui/models/gallery_model.h"
#include "gui/models/trace_table_model.h"
#include "gui/session/studio_session.h"
#include "gui/windows/main_window.h"

namespace tideline::studio {
namespace {

std::vector<QString> bundledScenarios() {
  std::vector<QString> out;
  QDirIterator it(QStringLiteral(TIDELINE_SOURCE_DIR "/scenarios"), {QStringLiteral("*.yaml")}, QDir::Files,
                  QDirIterator::Subdirectories);
  while (it.hasNext()) out.push_back(it.next());
  std::sort(out.begin(), out.end());
  return out;
}

QString dumpModel(const QAbstractItemModel& m) {
  QString s = QString::fromLatin1(m.metaObject()->className()) + QLatin1Char('\n');
  for (int c = 0; c < m.columnCount(); ++c) s += m.headerData(c, Qt::Horizontal).toString() + QLatin1Char('|');
  s += QLatin1Char('\n');
  for (int r = 0; r < m.rowCount(); ++r) {
    for (int c = 0; c < m.columnCount(); ++c) {
      const QModelIndex i = m.index(r, c);
      s += i.data().toString();
      if (i.data(Qt::BackgroundRole).isValid()) s += QStringLiteral("[*]");
      s += QLatin1Char('|');
    }
    s += QLatin1Char('\n');
  }
  return s;
}

// Every model of the window and the text panels, as text.
QString dumpViews(MainWindow& w) {
  QString s;
  for (const TraceTableModel* m : w.findChildren<TraceTableModel*>()) s += dumpModel(*m);
  for (const QPlainTextEdit* t : w.findChildren<QPlainTextEdit*>()) s += t->toPlainText();
  for (const QTextBrowser* t : w.findChildren<QTextBrowser*>()) s += t->toMarkdown();
  return s;
}

TEST(StudioTest, ViewsAgreeReachedForwardAndBackward) {
  const auto files = bundledScenarios();
  ASSERT_FALSE(files.empty());
  for (const QString& file : files) {
    SCOPED_TRACE(file.toStdString());
    MainWindow w;
    ASSERT_TRUE(w.openScenario(file)) << w.session().errorText().toStdString();
    StudioSession& s = w.session();
    std::vector<QString> forward;
    forward.push_back(dumpViews(w));
    while (s.currentStep() < s.stepCount()) {
      const int before = s.currentStep();
      s.nextStep();
      ASSERT_EQ(s.currentStep(), before + 1);
      forward.push_back(dumpViews(w));
    }
    EXPECT_FALSE(w.findChildren<TraceTableModel*>().isEmpty());
    for (int step = s.stepCount(); step >= 0; --step) {
      s.goToStep(step);
      ASSERT_EQ(s.currentStep(), step);
      EXPECT_EQ(dumpViews(w).toStdString(), forward[static_cast<size_t>(step)].toStdString()) << "step " << step;
    }
  }
}

TEST(StudioTest, EveryModelPassesTheModelTester) {
  for (const QString& file : bundledScenarios()) {
    SCOPED_TRACE(file.toStdString());
    MainWindow w;
    ASSERT_TRUE(w.openScenario(file));
    StudioSession& s = w.session();
    s.goToEnd();
    // Testers watch every reset from here on; the state tables are recreated on the way.
    auto attach = [&w] {
      for (TraceTableModel* m : w.findChildren<TraceTableModel*>())
        if (!m->findChild<QAbstractItemModelTester*>())
          new QAbstractItemModelTester(m, QAbstractItemModelTester::FailureReportingMode::Fatal, m);
    };
    attach();
    s.goToStart();
    attach();
    for (int step = 1; step <= s.stepCount(); ++step) {
      s.goToStep(step);
      attach();
    }
    EXPECT_EQ(s.currentStep(), s.stepCount());
  }
  GalleryModel gallery;
  QAbstractItemModelTester tester(&gallery, QAbstractItemModelTester::FailureReportingMode::Fatal);
  gallery.reset(StudioSession::describeScenarios(QStringLiteral(TIDELINE_SOURCE_DIR "/scenarios")));
  EXPECT_EQ(static_cast<size_t>(gallery.rowCount()), bundledScenarios().size());
  EXPECT_FALSE(gallery.index(0, GalleryModel::kTitle).data().toString().isEmpty());
}

TEST(StudioTest, KeysMoveTime) {
  MainWindow w;
  ASSERT_TRUE(w.openScenario(QStringLiteral(TIDELINE_SOURCE_DIR "/scenarios/dstream/word-count.yaml")));
  w.show();
  ASSERT_TRUE(QTest::qWaitForWindowExposed(&w));
  StudioSession& s = w.session();
  ASSERT_GE(s.stepCount(), 3);
  EXPECT_EQ(s.currentStep(), 0);
  QTest::keyClick(&w, Qt::Key_Right);
  QTest::keyClick(&w, Qt::Key_Right);
  EXPECT_EQ(s.currentStep(), 2);
  QTest::keyClick(&w, Qt::Key_Left);
  EXPECT_EQ(s.currentStep(), 1);
  QTest::keyClick(&w, Qt::Key_End);
  EXPECT_EQ(s.currentStep(), s.stepCount());
  QTest::keyClick(&w, Qt::Key_Right);
  EXPECT_EQ(s.currentStep(), s.stepCount());
  QTest::keyClick(&w, Qt::Key_Home);
  EXPECT_EQ(s.currentStep(), 0);
  QTest::keyClick(&w, Qt::Key_Left);
  EXPECT_EQ(s.currentStep(), 0);
}

TEST(StudioTest, BrokenScenarioShowsFileLineColumn) {
  QTemporaryDir dir;
  ASSERT_TRUE(dir.isValid());
  const QString path = dir.filePath(QStringLiteral("broken.yaml"));
  QFile f(path);
  ASSERT_TRUE(f.open(QIODevice::WriteOnly));
  f.write("tideline: 1\n"
          "title: broken\n"
          "summary: an unknown operation\n"
          "api: dstream\n"
          "batchInterval: 1s\n"
          "inputs:\n"
          "  lines: {type: queue}\n"
          "streams:\n"
          "  - name: words\n"
          "    from: lines\n"
          "    ops:\n"
          "      - flatMapp: \"split(x, ' ')\"\n"
          "steps:\n"
          "  - advanceClock: 1s\n");
  f.close();
  MainWindow w;
  w.show();
  EXPECT_FALSE(w.openScenario(path));
  const auto* errors = w.findChild<QPlainTextEdit*>(QStringLiteral("errorView"));
  ASSERT_NE(errors, nullptr);
  EXPECT_TRUE(errors->isVisible());
  const QRegularExpression where(QStringLiteral("broken\\.yaml:\\d+:\\d+: error: "));
  EXPECT_TRUE(where.match(errors->toPlainText()).hasMatch()) << errors->toPlainText().toStdString();
  // Time keys do nothing without a scenario, and nothing crashes.
  QTest::keyClick(&w, Qt::Key_Right);
  QTest::keyClick(&w, Qt::Key_End);
  EXPECT_EQ(w.session().currentStep(), 0);
  EXPECT_FALSE(w.session().isOpen());
}

TEST(StudioTest, DefaultFontIsInstalled) { EXPECT_FALSE(QFontInfo(QFont()).family().isEmpty()); }

}  // namespace
}  // namespace tideline::studio

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
  QApplication app(argc, argv);
  return RUN_ALL_TESTS();
}
