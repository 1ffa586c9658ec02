// Opening scenarios: dropping a .yaml file on the window, File > Open Recent
// (at most eight, newest first, missing files forgotten), and files that do
// not load show FILE:LINE:COL without crashing.

#include <gtest/gtest.h>

#include <QAction>
#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFile>
#include <QMenu>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

#include "core/trace/trace.h"
#include "gui/session/studio_session.h"
#include "gui/windows/main_window.h"
#include "gui/windows/recent_files.h"
#include "tests/gui/studio_test_util.h"

namespace tideline::studio {
namespace {

using namespace testing;  // NOLINT

QMimeData* filesData(const QStringList& paths) {
  auto* data = new QMimeData;
  QList<QUrl> urls;
  for (const QString& p : paths) urls << QUrl::fromLocalFile(p);
  data->setUrls(urls);
  return data;
}

// Drags `data` over the window and drops it; returns whether the window accepted the drag.
bool dragAndDrop(MainWindow* w, QMimeData* data) {
  const QPoint at(w->width() / 2, w->height() / 2);
  QDragEnterEvent enter(at, Qt::CopyAction, data, Qt::LeftButton, Qt::NoModifier);
  QApplication::sendEvent(w, &enter);
  if (!enter.isAccepted()) return false;
  QDropEvent drop(QPointF(at), Qt::CopyAction, data, Qt::LeftButton, Qt::NoModifier);
  QApplication::sendEvent(w, &drop);
  return drop.isAccepted();
}

TEST(StudioOpenTest, DroppingAScenarioOpensIt) {
  MainWindow w;
  w.show();
  QTemporaryDir dir;
  const QString text = dir.filePath(QStringLiteral("notes.txt"));
  ASSERT_TRUE(writeFile(text, "not a scenario"));
  std::unique_ptr<QMimeData> not_yaml(filesData({text}));
  EXPECT_FALSE(dragAndDrop(&w, not_yaml.get()));
  EXPECT_FALSE(w.session().isOpen());

  const QString file = scenario("dstream/word-count.yaml");
  std::unique_ptr<QMimeData> yaml(filesData({text, file}));
  EXPECT_EQ(MainWindow::scenarioPath(yaml.get()), file);
  EXPECT_TRUE(dragAndDrop(&w, yaml.get()));
  EXPECT_TRUE(w.session().isOpen());
  EXPECT_EQ(w.session().path(), file);
}

TEST(StudioOpenTest, DroppingABrokenScenarioShowsWhereAndKeepsWorking) {
  QTemporaryDir dir;
  const QString path = dir.filePath(QStringLiteral("syntax.yml"));
  ASSERT_TRUE(writeFile(path, "tideline: 1\ntitle: [unclosed\n"));
  MainWindow w;
  w.show();
  std::unique_ptr<QMimeData> data(filesData({path}));
  EXPECT_TRUE(dragAndDrop(&w, data.get()));
  EXPECT_FALSE(w.session().isOpen());
  const auto* errors = w.findChild<QPlainTextEdit*>(QStringLiteral("errorView"));
  ASSERT_NE(errors, nullptr);
  EXPECT_TRUE(errors->isVisible());
  EXPECT_TRUE(QRegularExpression(QStringLiteral("syntax\\.yml:\\d+:\\d+: error: ")).match(errors->toPlainText()).hasMatch())
      << errors->toPlainText().toStdString();
  // A good file opens after a bad one.
  EXPECT_TRUE(w.openScenario(scenario("dstream/word-count.yaml")));
  EXPECT_FALSE(errors->isVisible());
}

TEST(StudioOpenTest, MissingFileAndPipelineErrorsShowWhere) {
  QTemporaryDir dir;
  MainWindow w;
  const QString missing = dir.filePath(QStringLiteral("missing.yaml"));
  EXPECT_FALSE(w.openScenario(missing));
  const auto* errors = w.findChild<QPlainTextEdit*>(QStringLiteral("errorView"));
  EXPECT_TRUE(errors->toPlainText().contains(QStringLiteral("missing.yaml:1:1: error: ")))
      << errors->toPlainText().toStdString();
  // Not a map at all.
  const QString list = dir.filePath(QStringLiteral("list.yaml"));
  ASSERT_TRUE(writeFile(list, "- one\n- two\n"));
  EXPECT_FALSE(w.openScenario(list));
  EXPECT_TRUE(QRegularExpression(QStringLiteral("list\\.yaml:\\d+:\\d+: error: ")).match(errors->toPlainText()).hasMatch())
      << errors->toPlainText().toStdString();
  EXPECT_EQ(w.session().position(), 0u);
}

TEST(StudioOpenTest, AFailingCheckOpensAndShowsTheFailureWhereTheRunStopped) {
  QByteArray text = readFile(scenario("dstream/word-count.yaml"));
  ASSERT_TRUE(text.contains("[[to, 2], [be, 2]"));
  text.replace("[[to, 2], [be, 2]", "[[to, 3], [be, 2]");
  QTemporaryDir dir;
  const QString path = dir.filePath(QStringLiteral("failing.yaml"));
  ASSERT_TRUE(writeFile(path, text));
  MainWindow w;
  ASSERT_TRUE(w.openScenario(path));
  StudioSession& s = w.session();
  EXPECT_TRUE(s.failure().isEmpty());
  EXPECT_EQ(s.failedChecks(), 0);
  s.goToEnd();
  EXPECT_EQ(s.currentStep(), s.stepCount());  // the lesson plays on after the failed check
  EXPECT_GE(s.failedChecks(), 1);
  EXPECT_TRUE(s.failure().contains(QStringLiteral("expectOutput"))) << s.failure().toStdString();
  EXPECT_EQ(s.failedCheckTexts().size(), s.failedChecks());
  // Before the first failed check's step nothing has failed yet; from it on, the banner says so.
  int check_step = 0;
  for (const trace::Event& e : s.fullTrace())
    if (e.kind == trace::EventKind::kCheck && !e.passed && check_step == 0) check_step = static_cast<int>(e.index);
  ASSERT_GT(check_step, 0);
  s.goToStep(check_step - 1);
  EXPECT_TRUE(s.failure().isEmpty());
  EXPECT_EQ(s.failedChecks(), 0);
  s.goToStep(check_step);
  EXPECT_EQ(s.failedChecks(), 1);
}

TEST(StudioOpenTest, RecentFilesKeepEightNewestFirstAndForgetMissingOnes) {
  QTemporaryDir dir;
  RecentFiles recent;
  recent.clear();
  QStringList paths;
  for (int i = 0; i < 10; ++i) {
    paths << dir.filePath(QStringLiteral("s%1.yaml").arg(i));
    ASSERT_TRUE(writeFile(paths.back(), "x"));
    recent.add(paths.back());
  }
  QStringList want;
  for (int i = 9; i >= 2; --i) want << paths[i];
  EXPECT_EQ(recent.files(), want);
  // Opening one again moves it to the front, without a duplicate.
  recent.add(paths[5]);
  EXPECT_EQ(recent.files().front(), paths[5]);
  EXPECT_EQ(recent.files().size(), RecentFiles::kMax);
  EXPECT_EQ(recent.files().count(paths[5]), 1);
  // A file that went away leaves the list.
  ASSERT_TRUE(QFile::remove(paths[9]));
  EXPECT_FALSE(recent.files().contains(paths[9]));
  EXPECT_EQ(recent.files().size(), RecentFiles::kMax - 1);
  // The menu: one entry per file, then Clear; an entry asks for its file.
  QMenu menu;
  recent.fillMenu(&menu);
  QList<QAction*> entries;
  for (QAction* a : menu.actions())
    if (a->data().isValid()) entries << a;
  ASSERT_EQ(entries.size(), RecentFiles::kMax - 1);
  EXPECT_EQ(entries.front()->data().toString(), paths[5]);
  QSignalSpy asked(&recent, &RecentFiles::openRequested);
  entries[1]->trigger();
  ASSERT_EQ(asked.count(), 1);
  EXPECT_EQ(asked.front().front().toString(), entries[1]->data().toString());
  recent.clear();
  EXPECT_TRUE(recent.files().isEmpty());
}

TEST(StudioOpenTest, OpeningAScenarioPutsItInOpenRecent) {
  MainWindow w;
  w.recentFiles().clear();
  const QString file = scenario("dstream/word-count.yaml");
  ASSERT_TRUE(w.openScenario(file));
  EXPECT_FALSE(w.openScenario(scenario("dstream/no-such-file.yaml")));
  EXPECT_EQ(w.recentFiles().files(), QStringList{file});
  auto* menu = w.findChild<QMenu*>(QStringLiteral("recentMenu"));
  ASSERT_NE(menu, nullptr);
  w.recentFiles().fillMenu(menu);
  QAction* entry = nullptr;
  for (QAction* a : menu->actions())
    if (a->data().toString() == file) entry = a;
  ASSERT_NE(entry, nullptr);
  entry->trigger();
  EXPECT_TRUE(w.session().isOpen());
  EXPECT_EQ(w.session().path(), file);
  w.recentFiles().clear();
}

// A scenario reads its inputs from its own folder; --allow-path DIR (setAllowedPaths)
// lets it read a recording from another, as `tideline run --allow-path` does.
TEST(StudioOpenTest, RecordingsOutsideTheScenarioFolderNeedAnAllowedPath) {
  QTemporaryDir dir;
  ASSERT_TRUE(QDir(dir.path()).mkpath(QStringLiteral("lesson")));
  ASSERT_TRUE(QDir(dir.path()).mkpath(QStringLiteral("elsewhere")));
  ASSERT_TRUE(writeFile(dir.filePath(QStringLiteral("elsewhere/r.jsonl")),
                        "{\"tideline-recording\": 1, \"inputs\": {\"in\": {\"type\": \"socket\"}}}\n"
                        "{\"t\": 5, \"input\": \"in\", \"data\": \"a\"}\n"));
  const QString file = dir.filePath(QStringLiteral("lesson/s.yaml"));
  ASSERT_TRUE(writeFile(file, "tideline: 1\ntitle: rec\napi: dstream\nbatchInterval: 1s\ninputs:\n"
                              "  in: {type: recording, path: ../elsewhere/r.jsonl}\n"
                              "outputs:\n  - {stream: in, collect: true}\nsteps:\n  - runBatches: 1\n"
                              "  - expectOutput: {stream: in, batches: [[a]]}\n"));
  StudioSession refused;
  EXPECT_FALSE(refused.open(file));
  EXPECT_TRUE(refused.errorText().contains(QStringLiteral("--allow-path"))) << refused.errorText().toStdString();
  StudioSession allowed;
  allowed.setAllowedPaths({dir.filePath(QStringLiteral("elsewhere"))});
  ASSERT_TRUE(allowed.open(file)) << allowed.errorText().toStdString();
  allowed.goToEnd();
  EXPECT_EQ(allowed.currentStep(), allowed.stepCount());
}

}  // namespace
}  // namespace tideline::studio
