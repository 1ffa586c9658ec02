// tideline-studio [FILE] [--step N|end] [--presentation] [--screenshot OUT.png]
// Opens the Studio, optionally on FILE at step N, in presentation mode (large
// fonts); with --screenshot, saves a picture of the whole window and exits
// (works with QT_QPA_PLATFORM=offscreen).

#include <QApplication>
#include <QCommandLineParser>
#include <QPixmap>
#include <cstdio>

#include "gui/session/studio_session.h"
#include "gui/windows/appearance.h"
#include "gui/windows/main_window.h"

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
                                      QApplication::translate("main", "Start in presentation mode (large fonts)."));
  parser.addOption(step_opt);
  parser.addOption(presentation_opt);
  parser.addOption(shot_opt);
  parser.process(app);

  tideline::studio::MainWindow window;
  window.resize(1600, 1000);
  // Shown first: widgets size themselves for a font change only once polished.
  window.show();
  if (parser.isSet(presentation_opt)) window.appearance().setPresentation(true);
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
  if (parser.isSet(shot_opt)) {
    window.renderNow();
    const QString out = parser.value(shot_opt);
    if (!window.grab().save(out)) {
      std::fprintf(stderr, "%s\n", qPrintable(QApplication::translate("main", "cannot write %1").arg(out)));
      return 1;
    }
    return args.isEmpty() || opened ? 0 : 2;
  }
  return app.exec();
}
