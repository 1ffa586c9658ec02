#include "gui/windows/full_speed_dialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QVBoxLayout>
#include <algorithm>

#include "gui/session/studio_session.h"

namespace tideline::studio {

namespace {

using Source = FullSpeedConfig::Source;

const char* const kSettingsSource = "fullSpeed/source";
const char* const kSettingsPath = "fullSpeed/path";
const char* const kSettingsAddress = "fullSpeed/address";
const char* const kSettingsColumn = "fullSpeed/timeColumn";

// "host:port" (the port after the last colon); false when the port is not a number.
bool parseAddress(const QString& text, QString* host, int* port) {
  const int colon = text.lastIndexOf(QLatin1Char(':'));
  if (colon <= 0) return false;
  bool ok = false;
  const int p = text.mid(colon + 1).trimmed().toInt(&ok);
  if (!ok || p <= 0 || p > 65535) return false;
  *host = text.left(colon).trimmed();
  *port = p;
  return true;
}

}  // namespace

FullSpeedDialog::FullSpeedDialog(QWidget* parent)
    : QDialog(parent),
      source_(new QComboBox(this)),
      path_(new QLineEdit(this)),
      browse_(new QPushButton(tr("Browse..."), this)),
      address_(new QLineEdit(this)),
      arrival_(new QComboBox(this)),
      column_(new QSpinBox(this)),
      scenario_(new QLineEdit(this)),
      input_(new QComboBox(this)),
      problem_(new QLabel(this)) {
  setWindowTitle(tr("Run at Full Speed"));
  source_->setObjectName(QStringLiteral("fullSpeedSource"));
  path_->setObjectName(QStringLiteral("fullSpeedPath"));
  address_->setObjectName(QStringLiteral("fullSpeedAddress"));
  arrival_->setObjectName(QStringLiteral("fullSpeedArrival"));
  column_->setObjectName(QStringLiteral("fullSpeedColumn"));
  scenario_->setObjectName(QStringLiteral("fullSpeedScenario"));
  input_->setObjectName(QStringLiteral("fullSpeedInput"));
  problem_->setObjectName(QStringLiteral("fullSpeedProblem"));
  source_->addItem(tr("Text file"), static_cast<int>(Source::kFile));
  source_->addItem(tr("Directory (new files)"), static_cast<int>(Source::kDirectory));
  source_->addItem(tr("Socket"), static_cast<int>(Source::kSocket));
  source_->addItem(tr("Recording"), static_cast<int>(Source::kRecording));
  arrival_->addItem(tr("at the time in CSV column"));
  arrival_->addItem(tr("at the system clock, as read"));
  column_->setRange(1, 999);
  address_->setPlaceholderText(QStringLiteral("127.0.0.1:9999"));
  input_->setEditable(true);
  input_->setToolTip(tr("The input the records go to; empty: the pipeline's only input"));
  problem_->setWordWrap(true);

  auto* path_row = new QHBoxLayout();
  path_row->addWidget(path_, 1);
  path_row->addWidget(browse_);
  auto* arrival_row = new QHBoxLayout();
  arrival_row->addWidget(arrival_, 1);
  arrival_row->addWidget(column_);
  auto* scenario_row = new QHBoxLayout();
  auto* browse_scenario = new QPushButton(tr("Browse..."), this);
  scenario_row->addWidget(scenario_, 1);
  scenario_row->addWidget(browse_scenario);
  auto* form = new QFormLayout();
  form->addRow(tr("&Source:"), source_);
  form->addRow(tr("&Path:"), path_row);
  form->addRow(tr("&Host:port:"), address_);
  form->addRow(tr("Lines &arrive:"), arrival_row);
  form->addRow(tr("S&cenario:"), scenario_row);
  form->addRow(tr("&Input:"), input_);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
  buttons->button(QDialogButtonBox::Ok)->setText(tr("Run"));
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(form);
  layout->addWidget(problem_);
  layout->addWidget(buttons);

  connect(source_, &QComboBox::currentIndexChanged, this, &FullSpeedDialog::sourceChanged);
  connect(arrival_, &QComboBox::currentIndexChanged, this, &FullSpeedDialog::sourceChanged);
  connect(browse_, &QPushButton::clicked, this, &FullSpeedDialog::browseSource);
  connect(browse_scenario, &QPushButton::clicked, this, &FullSpeedDialog::browseScenario);
  connect(scenario_, &QLineEdit::editingFinished, this, &FullSpeedDialog::scenarioChanged);
  connect(buttons, &QDialogButtonBox::accepted, this, &FullSpeedDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

  // The last choices.
  const QSettings settings;
  FullSpeedConfig last;
  last.source = static_cast<Source>(settings.value(kSettingsSource, 0).toInt());
  last.path = settings.value(kSettingsPath).toString();
  parseAddress(settings.value(kSettingsAddress, QStringLiteral("127.0.0.1:9999")).toString(), &last.host, &last.port);
  last.timeColumn = settings.value(kSettingsColumn, 1).toInt();
  setConfig(last);
}

void FullSpeedDialog::setConfig(const FullSpeedConfig& c) {
  source_->setCurrentIndex(std::max(0, source_->findData(static_cast<int>(c.source))));
  path_->setText(c.path);
  address_->setText(QStringLiteral("%1:%2").arg(c.host).arg(c.port));
  arrival_->setCurrentIndex(c.timeColumn > 0 ? 0 : 1);
  column_->setValue(std::max(1, c.timeColumn));
  if (!c.scenario.isEmpty()) scenario_->setText(c.scenario);
  scenarioChanged();
  if (!c.input.isEmpty()) input_->setCurrentText(c.input);
  sourceChanged();
}

FullSpeedConfig FullSpeedDialog::config() const {
  FullSpeedConfig c;
  c.source = static_cast<Source>(source_->currentData().toInt());
  c.path = path_->text().trimmed();
  parseAddress(address_->text(), &c.host, &c.port);
  c.timeColumn = arrival_->currentIndex() == 0 ? column_->value() : 0;
  c.scenario = scenario_->text().trimmed();
  c.input = input_->currentText().trimmed();
  return c;
}

QString FullSpeedDialog::problem() const {
  const FullSpeedConfig c = config();
  if (c.source == Source::kSocket) {
    QString host;
    int port = 0;
    if (!parseAddress(address_->text(), &host, &port) || host.isEmpty()) return tr("Give the socket as host:port.");
  } else if (c.path.isEmpty()) {
    return tr("Choose the %1 to read.").arg(source_->currentText().toLower());
  } else if (c.source == Source::kDirectory ? !QFileInfo(c.path).isDir() : !QFileInfo(c.path).isFile()) {
    return tr("%1 does not exist.").arg(c.path);
  }
  if (c.scenario.isEmpty() || !QFileInfo(c.scenario).isFile()) return tr("Choose the scenario whose pipeline runs.");
  return {};
}

void FullSpeedDialog::accept() {
  const QString p = problem();
  problem_->setText(p);
  if (!p.isEmpty()) return;
  const FullSpeedConfig c = config();
  QSettings settings;
  settings.setValue(kSettingsSource, static_cast<int>(c.source));
  settings.setValue(kSettingsPath, c.path);
  settings.setValue(kSettingsAddress, QStringLiteral("%1:%2").arg(c.host).arg(c.port));
  settings.setValue(kSettingsColumn, c.timeColumn);
  QDialog::accept();
}

void FullSpeedDialog::sourceChanged() {
  const auto s = static_cast<Source>(source_->currentData().toInt());
  path_->setEnabled(s != Source::kSocket);
  browse_->setEnabled(s != Source::kSocket);
  address_->setEnabled(s == Source::kSocket);
  arrival_->setEnabled(s == Source::kFile);
  column_->setEnabled(s == Source::kFile && arrival_->currentIndex() == 0);
  input_->setEnabled(s != Source::kRecording);  // a recording names the input of each record
}

void FullSpeedDialog::scenarioChanged() {
  const QString current = input_->currentText();
  input_->clear();
  input_->addItems(FullSpeedRun::inputNames(scenario_->text().trimmed()));
  input_->setCurrentText(input_->count() == 1 ? input_->itemText(0) : current);
}

void FullSpeedDialog::browseSource() {
  const auto s = static_cast<Source>(source_->currentData().toInt());
  QString path;
  if (s == Source::kDirectory)
    path = QFileDialog::getExistingDirectory(this, tr("Directory to watch"), path_->text());
  else if (s == Source::kRecording)
    path = QFileDialog::getOpenFileName(this, tr("Recording"), path_->text(), tr("Recordings (*.jsonl);;All files (*)"));
  else
    path = QFileDialog::getOpenFileName(this, tr("Text file"), path_->text(), tr("Text files (*.txt *.csv);;All files (*)"));
  if (!path.isEmpty()) path_->setText(path);
}

void FullSpeedDialog::browseScenario() {
  const QString start = scenario_->text().isEmpty() ? StudioSession::bundledScenarioDir() : scenario_->text();
  const QString path = QFileDialog::getOpenFileName(this, tr("Scenario"), start, tr("Scenarios (*.yaml *.yml)"));
  if (path.isEmpty()) return;
  scenario_->setText(path);
  scenarioChanged();
}

}  // namespace tideline::studio
