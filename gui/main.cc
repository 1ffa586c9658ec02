// tideline-studio [FILE] [--step N|end] [--presentation] [--lang CODE] [--size WxH] [--screenshot OUT.png]
//                 [--verify [--crash BATCH:POINT]] [--compare B.yaml] [--full-speed REC [--batch N]]
// Opens the Studio, optionally on FILE at step N, in presentation mode, in a
// language (English or Korean; remembered from View > Language otherwise); with
// --screenshot, saves a picture of the whole window and exits (works with
// QT_QPA_PLATFORM=offscreen). --verify opens Tools > Verify Idempotence on FILE (the
// screenshot is of its dialog, once verified); --crash then opens the run of that
// schedule, as a double-click on its cell does (the screenshot is of the window).
// --compare opens File > Compare of FILE and B at their first divergence (the screenshot
// is of the compare window). --full-speed runs FILE's pipeline over the recording REC at
// full speed and waits for its end (the screenshot is of the window, the Full Speed dock
// raised); --batch then shows batch N of it in detail (the screenshot is of that view).

#include <QApplication>
#include <QEventLoop>
#include <QCommandLineParser>
#include <QLibraryInfo>
#include <QLocale>
#include <QPixmap>
#include <QPointer>
#include <QSettings>
#include <QTimer>
#include <QTranslator>
#include <cstdio>
#include <memory>

#include "gui/panels/batch_detail_view.h"
#include "gui/panels/full_speed_panel.h"
#include "gui/session/compare_session.h"
#include "gui/session/full_speed_run.h"
#include "gui/session/studio_session.h"
#include "gui/session/verify_run.h"
#include "gui/windows/compare_window.h"
#include "gui/windows/verify_dialog.h"
#include "gui/windows/appearance.h"
#include "gui/windows/main_window.h"

namespace {

using tideline::studio::MainWindow;

// The Studio's translations are built into the binary (gui/translations/*.ts);
// Qt's own (dialog buttons) come from Qt's translations folder.
class Translations {
 public:
  void install(const QString& language) {
    QApplication::removeTranslator(&studio_);
    QApplication::removeTranslator(&qt_);
    if (language == QLatin1String("en")) return;
    if (studio_.load(QStringLiteral(":/i18n/tideline_") + language)) QApplication::installTranslator(&studio_);
    if (qt_.load(QStringLiteral("qtbase_") + language, QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
      QApplication::installTranslator(&qt_);
  }

 private:
  QTranslator studio_, qt_;
};

// The window, made again when the language changes (every string is translated when
// its widget is made), at the same file, step, size and mode.
class Studio {
 public:
  explicit Studio(Translations* translations) : translations_(translations) {}

  MainWindow& make(QSize size) {
    window_ = std::make_unique<MainWindow>();
    window_->resize(size);
    QObject::connect(window_.get(), &MainWindow::languageChangeRequested, window_.get(),
                     [this](const QString& language) {
                       // Not from inside the old window's own signal: next time round the event loop.
                       QTimer::singleShot(0, [this, language] { rebuild(language); });
                     });
    return *window_;
  }
  MainWindow& window() { return *window_; }

 private:
  void rebuild(const QString& language) {
    const QString path = window_->session().path();
    const int step = window_->session().currentStep();
    const bool presentation = window_->appearance().presentation();
    const QRect geometry = window_->geometry();
    window_.reset();  // its Appearance gives the application back its fonts first
    translations_->install(language);
    MainWindow& w = make(geometry.size());
    w.setGeometry(geometry);
    w.show();
    if (presentation) w.appearance().setPresentation(true);
    if (!path.isEmpty() && w.openScenario(path)) w.session().goToStep(step);
  }

  Translations* translations_;
  std::unique_ptr<MainWindow> window_;
};

// --verify: verifies the open scenario and waits for the matrix; with `crash` ("BATCH:POINT")
// opens that schedule's run, showing the first output it changes. Returns the widget to
// picture, or null (with a message) when something is wrong.
QWidget* showVerify(MainWindow& window, const QString& crash) {
  tideline::studio::VerifyDialog* dialog = window.verifyIdempotence();
  if (!dialog) return nullptr;
  QEventLoop loop;
  QObject::connect(dialog->run(), &tideline::studio::VerifyRun::finished, &loop, &QEventLoop::quit);
  if (dialog->run()->isRunning()) loop.exec();
  const auto result = dialog->result();
  if (!result) {
    std::fprintf(stderr, "%s\n", qPrintable(dialog->run()->errorText()));
    return nullptr;
  }
  if (crash.isEmpty()) return dialog;
  const qsizetype colon = crash.indexOf(QLatin1Char(':'));
  for (size_t k = 0; colon > 0 && k < result->cells.size(); ++k) {
    const auto& cell = result->cells[k];
    if (QString::number(cell.crash.batch) != crash.left(colon) || QString::fromStdString(cell.crash.point) != crash.mid(colon + 1))
      continue;
    int output = 0;
    for (size_t i = 0; i < cell.outputs.size(); ++i)
      if (cell.outputs[i].verdict != tideline::verify::Verdict::kExactlyOnce) {
        output = static_cast<int>(i);
        break;
      }
    dialog->hide();
    return window.openCrashRun(window.session().path(), result, static_cast<int>(k), output) ? &window : nullptr;
  }
  std::fprintf(stderr, "%s\n", qPrintable(QApplication::translate("main", "no crash schedule '%1' (BATCH:POINT)").arg(crash)));
  return nullptr;
}

// --full-speed: runs the open scenario over `recording` at full speed and waits for the end;
// with `batch` (not empty) shows that batch in detail. Returns the widget to picture, or
// null (with a message) when something is wrong.
QWidget* showFullSpeed(MainWindow& window, const QString& recording, const QString& batch) {
  tideline::studio::FullSpeedConfig c;
  c.source = tideline::studio::FullSpeedConfig::Source::kRecording;
  c.path = recording;
  c.scenario = window.session().path();
  tideline::studio::FullSpeedPanel* panel = window.startFullSpeedRun(c);
  QEventLoop loop;
  QObject::connect(panel, &tideline::studio::FullSpeedPanel::runFinished, &loop, &QEventLoop::quit);
  if (panel->run()->isRunning()) loop.exec();
  const auto s = panel->run()->snapshot();
  if (s->state == tideline::studio::FullSpeedSnapshot::State::kFailed) {
    std::fprintf(stderr, "%s\n", qPrintable(s->error));
    return nullptr;
  }
  if (batch.isEmpty()) return &window;
  bool ok = false;
  const long long n = batch.toLongLong(&ok);
  tideline::studio::BatchDetailView* view = ok ? panel->showBatchInDetail(n) : nullptr;
  if (!view) {
    std::fprintf(stderr, "%s\n", qPrintable(QApplication::translate("main", "the run has no batch '%1'").arg(batch)));
    return nullptr;
  }
  QEventLoop shown;
  QObject::connect(view, &tideline::studio::BatchDetailView::batchShown, &shown, &QEventLoop::quit);
  shown.exec();
  return view;
}

QSize parseSize(const QString& text) {
  const QStringList parts = text.split(QLatin1Char('x'));
  if (parts.size() != 2) return {};
  bool ok_w = false, ok_h = false;
  const QSize s(parts[0].toInt(&ok_w), parts[1].toInt(&ok_h));
  return ok_w && ok_h && s.width() > 0 && s.height() > 0 ? s : QSize();
}

}  // namespace

int main(int argc, char** argv) {
  QApplication app(argc, argv);
  QApplication::setStyle(QStringLiteral("Fusion"));  // the same look, light or dark, on every platform
  QApplication::setApplicationName(QStringLiteral("Tideline Studio"));
  QApplication::setOrganizationName(QStringLiteral("Tideline"));

  QCommandLineParser parser;
  parser.setApplicationDescription(QApplication::translate("main", "Steps through Tideline scenarios."));
  parser.addHelpOption();
  parser.addPositionalArgument(QStringLiteral("file"), QApplication::translate("main", "A scenario file to open."));
  QCommandLineOption step_opt(QStringLiteral("step"),
                              QApplication::translate("main", "Move to step N (or 'end') after opening."),
                              QStringLiteral("N"));
  QCommandLineOption shot_opt(QStringLiteral("screenshot"),
                              QApplication::translate("main", "Save a picture of the window to FILE and exit."),
                              QStringLiteral("FILE"));
  QCommandLineOption presentation_opt(QStringLiteral("presentation"),
                                      QApplication::translate("main", "Start in presentation mode (for a projector)."));
  QCommandLineOption lang_opt(QStringLiteral("lang"),
                              QApplication::translate("main", "The language of the Studio and of the lessons: en or ko."),
                              QStringLiteral("CODE"));
  QCommandLineOption size_opt(QStringLiteral("size"),
                              QApplication::translate("main", "The window's size, e.g. 1280x720 (default 1600x1000)."),
                              QStringLiteral("WxH"));
  QCommandLineOption allow_opt(QStringLiteral("allow-path"),
                               QApplication::translate("main", "Also let scenarios read their inputs from DIR (repeatable)."),
                               QStringLiteral("DIR"));
  QCommandLineOption verify_opt(QStringLiteral("verify"),
                                QApplication::translate("main", "Open Tools > Verify Idempotence on FILE."));
  QCommandLineOption crash_opt(QStringLiteral("crash"),
                               QApplication::translate("main", "With --verify: open the run that crashes at BATCH:POINT."),
                               QStringLiteral("BATCH:POINT"));
  QCommandLineOption compare_opt(QStringLiteral("compare"),
                                 QApplication::translate("main", "Compare FILE with B, at their first divergence."),
                                 QStringLiteral("B"));
  QCommandLineOption full_speed_opt(QStringLiteral("full-speed"),
                                    QApplication::translate("main", "Run FILE over the recording REC at full speed."),
                                    QStringLiteral("REC"));
  QCommandLineOption batch_opt(QStringLiteral("batch"),
                               QApplication::translate("main", "With --full-speed: show batch N in detail."),
                               QStringLiteral("N"));
  parser.addOption(full_speed_opt);
  parser.addOption(batch_opt);
  parser.addOption(verify_opt);
  parser.addOption(crash_opt);
  parser.addOption(compare_opt);
  parser.addOption(allow_opt);
  parser.addOption(step_opt);
  parser.addOption(presentation_opt);
  parser.addOption(lang_opt);
  parser.addOption(size_opt);
  parser.addOption(shot_opt);
  parser.process(app);

  QSize size(1600, 1000);
  if (parser.isSet(size_opt)) {
    size = parseSize(parser.value(size_opt));
    if (!size.isValid()) {
      std::fprintf(stderr, "%s\n", qPrintable(QApplication::translate("main", "--size takes WIDTHxHEIGHT, not '%1'")
                                                  .arg(parser.value(size_opt))));
      return 2;
    }
  }
  // The language: --lang, else the one chosen in View > Language, else the system's.
  if (parser.isSet(lang_opt)) QSettings().setValue(QStringLiteral("language"), parser.value(lang_opt));
  const QString language = tideline::studio::StudioSession::languageCode(
      QSettings().value(QStringLiteral("language"), QLocale().name()).toString());
  Translations translations;
  translations.install(language);

  Studio studio(&translations);
  MainWindow& window = studio.make(size);
  // Shown first: widgets size themselves for a font change only once polished.
  window.show();
  if (parser.isSet(presentation_opt)) window.appearance().setPresentation(true);
  if (parser.isSet(size_opt)) window.resize(size);  // the size asked for, whatever the screen
  window.session().setAllowedPaths(parser.values(allow_opt));
  const QStringList args = parser.positionalArguments();
  bool opened = false;
  if (!args.isEmpty()) opened = window.openScenario(args.first());
  if (opened && parser.isSet(step_opt)) {
    const QString step = parser.value(step_opt);
    bool ok = false;
    const int n = step.toInt(&ok);
    if (step == QStringLiteral("end")) {
      window.session().goToEnd();
    } else if (ok) {
      window.session().goToStep(n);
    } else {
      std::fprintf(stderr, "%s\n",
                   qPrintable(QApplication::translate("main", "--step takes a number or 'end', not '%1'").arg(step)));
      return 2;
    }
  }
  QWidget* picture = &window;
  if (opened && (parser.isSet(verify_opt) || parser.isSet(crash_opt))) {
    picture = showVerify(window, parser.value(crash_opt));
    if (!picture) return 2;
  } else if (opened && parser.isSet(compare_opt)) {
    tideline::studio::CompareWindow* compare = window.compareWith(parser.value(compare_opt));
    if (!compare->session().isOpen()) std::fprintf(stderr, "%s\n", qPrintable(compare->session().errorText()));
    if (!compare->session().goToFirstDivergence()) compare->session().goToEnd();
    picture = compare;
  } else if (opened && parser.isSet(full_speed_opt)) {
    picture = showFullSpeed(window, parser.value(full_speed_opt), parser.value(batch_opt));
    if (!picture) return 2;
  }
  if (parser.isSet(shot_opt)) {
    window.renderNow();
    const QString out = parser.value(shot_opt);
    if (!picture->grab().save(out)) {
      std::fprintf(stderr, "%s\n", qPrintable(QApplication::translate("main", "cannot write %1").arg(out)));
      return 1;
    }
    return args.isEmpty() || opened ? 0 : 2;
  }
  return app.exec();
}
