#include "gui/session/studio_session.h"

#include <QCoreApplication>
#include <QDir>
#include <QDirIterator>
#include <QFileInfo>
#include <algorithm>

#include "core/scenario/model.h"
#include "core/scenario/runner.h"

namespace tideline::studio {

namespace {
QString qs(const std::string& s) { return QString::fromStdString(s); }
}  // namespace

StudioSession::StudioSession(QObject* parent) : QObject(parent) {}
StudioSession::~StudioSession() { close(); }

void StudioSession::close() {
  runner_.reset();
  scenario_.reset();
  recorder_.Clear();
  current_step_ = 0;
  step_begin_ = 0;
  failure_.clear();
}

bool StudioSession::open(const QString& path) {
  close();
  path_ = path;
  error_.clear();
  auto sc = scenario::LoadScenario(path.toStdString());
  if (!sc.ok()) {
    error_ = qs(sc.status().ToString());
    emit openFailed(error_);
    return false;
  }
  scenario_ = std::make_unique<scenario::Scenario>(std::move(sc).value());
  if (!restart()) {
    scenario_.reset();
    emit openFailed(error_);
    return false;
  }
  emit scenarioOpened();
  emit stepChanged(current_step_);
  return true;
}

bool StudioSession::restart() {
  runner_.reset();
  recorder_.Clear();
  current_step_ = 0;
  step_begin_ = 0;
  failure_.clear();
  scenario::RunnerOptions opts;
  opts.print_sink = [](const std::string&) {};  // the trace carries the print text
  opts.listeners.push_back(&recorder_);
  auto r = scenario::Runner::Create(*scenario_, opts);
  if (!r.ok()) {
    error_ = qs(r.status().ToString());
    return false;
  }
  runner_ = std::move(r).value();
  return true;
}

QString StudioSession::title() const { return qs(scenario_->title); }
QString StudioSession::summary() const { return qs(scenario_->summary); }
QStringList StudioSession::tags() const {
  QStringList out;
  for (const auto& t : scenario_->tags) out << qs(t);
  return out;
}
int StudioSession::stepCount() const { return scenario_ ? static_cast<int>(scenario_->steps.size()) : 0; }

QString StudioSession::stepKind(int n) const {
  if (!scenario_ || n < 1 || n > stepCount()) return {};
  return qs(scenario_->steps[static_cast<size_t>(n - 1)].kind);
}

QString StudioSession::currentNote() const {
  const auto& ev = recorder_.events();
  for (auto it = ev.rbegin(); it != ev.rend(); ++it)
    if (it->kind == trace::EventKind::kNote) return qs(it->text);
  return {};
}

int StudioSession::passedChecks() const {
  if (!runner_) return 0;
  return static_cast<int>(std::count_if(runner_->checks().begin(), runner_->checks().end(),
                                        [](const auto& c) { return c.passed; }));
}
int StudioSession::failedChecks() const {
  if (!runner_) return 0;
  return static_cast<int>(runner_->checks().size()) - passedChecks();
}

QStringList StudioSession::inputNames() const {
  QStringList out;
  if (scenario_) for (const auto& in : scenario_->inputs) out << qs(in.name);
  return out;
}

QStringList StudioSession::streamNames() const {
  QStringList out = inputNames();
  if (scenario_) for (const auto& s : scenario_->streams) out << qs(s.name);
  return out;
}

QStringList StudioSession::collectedStreams() const {
  QStringList out;
  if (scenario_)
    for (const auto& o : scenario_->outputs)
      if (o.kind == "collect" && !out.contains(qs(o.stream))) out << qs(o.stream);
  return out;
}

QString StudioSession::timeLabel(Timestamp t) const {
  if (!scenario_) return {};
  return qs((t - scenario_->start_time).ToString());
}

double StudioSession::seconds(Timestamp t) const {
  if (!scenario_) return 0;
  return static_cast<double>((t - scenario_->start_time).micros()) / 1e6;
}

void StudioSession::goToStep(int step) {
  if (!runner_) return;
  step = std::clamp(step, 0, stepCount());
  if (step == current_step_) return;
  if (step < current_step_ && !restart()) {
    emit openFailed(error_);
    return;
  }
  while (current_step_ < step && !runner_->Done()) {
    step_begin_ = recorder_.events().size();
    runner_->RunStep();
    ++current_step_;
  }
  // A run that stopped early (a failed check, a pipeline error) stays where it stopped.
  current_step_ = step > current_step_ ? current_step_ : step;
  failure_ = qs(runner_->failure());
  emit stepChanged(current_step_);
}

std::vector<ScenarioInfo> StudioSession::describeScenarios(const QString& dir) {
  QStringList files;
  QDirIterator it(dir, {QStringLiteral("*.yaml"), QStringLiteral("*.yml")}, QDir::Files,
                  QDirIterator::Subdirectories);
  while (it.hasNext()) files << it.next();
  files.sort();
  std::vector<ScenarioInfo> out;
  for (const QString& f : files) {
    ScenarioInfo info;
    info.path = f;
    auto sc = scenario::LoadScenario(f.toStdString());
    if (!sc.ok()) {
      info.title = QFileInfo(f).fileName();
      info.error = qs(sc.status().ToString());
    } else {
      info.title = qs(sc->title);
      info.summary = qs(sc->summary);
      for (const auto& t : sc->tags) info.tags << qs(t);
    }
    out.push_back(std::move(info));
  }
  return out;
}

QString StudioSession::bundledScenarioDir() {
  const QString app = QCoreApplication::applicationDirPath();
  const QStringList candidates = {
      app + QStringLiteral("/../share/tideline/scenarios"),
      app + QStringLiteral("/../scenarios"),
      app + QStringLiteral("/../../scenarios"),
#ifdef TIDELINE_SCENARIO_DIR
      QStringLiteral(TIDELINE_SCENARIO_DIR),
#endif
  };
  for (const QString& c : candidates)
    if (QFileInfo(c).isDir()) return QDir(c).canonicalPath();
  return {};
}

}  // namespace tideline::studio
