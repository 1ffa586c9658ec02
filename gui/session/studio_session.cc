#include "gui/session/studio_session.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QTimeZone>
#include <QDir>
#include <QDirIterator>
#include <QFileInfo>
#include <algorithm>
#include <iterator>
#include <thread>

#include "core/scenario/model.h"
#include "core/scenario/runner.h"
#include "gui/session/selection.h"

namespace tideline::studio {

namespace {
QString qs(const std::string& s) { return QString::fromStdString(s); }
}  // namespace

StudioSession::StudioSession(QObject* parent) : QObject(parent), selection_(new Selection(this)) {}
StudioSession::~StudioSession() { close(); }

void StudioSession::close() {
  runner_.reset();
  scenario_.reset();
  recorder_.Clear();
  step_starts_.clear();
  for (auto& m : marks_) m.clear();
  position_ = 0;
  failure_.clear();
  crash_position_.reset();
  full_query_ = QueryTimeline();
  query_ = QueryTimeline();
  late_records_.clear();
  batch_times_.clear();
  by_kinds_.clear();
}

void StudioSession::closeScenario() {
  close();
  selection_->clear();
  path_.clear();
  error_.clear();
  emit scenarioClosed();
  emit positionChanged(position_);
}

bool StudioSession::load(const QString& path) {
  close();
  selection_->clear();
  path_ = path;
  error_.clear();
  auto sc = scenario::LoadScenario(path.toStdString());
  if (!sc.ok()) {
    error_ = qs(sc.status().ToString());
    emit openFailed(error_);
    return false;
  }
  scenario_ = std::make_unique<scenario::Scenario>(std::move(sc).value());
  return true;
}

bool StudioSession::open(const QString& path) {
  if (!load(path)) return false;
  for (const QString& d : allowed_paths_) scenario_->allowed_paths.push_back(d.toStdString());
  if (!run()) {
    scenario_.reset();
    emit openFailed(error_);
    return false;
  }
  emit scenarioOpened();
  emit positionChanged(position_);
  return true;
}

bool StudioSession::run() {
  scenario::RunnerOptions opts;
  opts.print_sink = [](const std::string&) {};  // the trace carries the print text
  opts.listeners.push_back(&recorder_);
  opts.continue_after_failed_check = true;  // a failed check is a banner at its step; the lesson plays on
  if (crash_schedule_) {
    opts.crash_hook = [this, crash = *crash_schedule_](int64_t batch, const std::string& point) {
      if (crash_position_ || batch != crash.batch || point != crash.point.toStdString()) return false;
      crash_position_ = recorder_.events().size();
      return true;
    };
  }
  // The engine, like Spark, lets one StreamingContext be active at a time, per thread
  // (StreamingContext::Start), and a DStream run stays active after its last step. The run
  // is made on a thread of its own, joined at once, so that two sessions side by side
  // (File > Compare) and the diff's own runs never meet that rule.
  Result<std::unique_ptr<scenario::Runner>> r = Status::IllegalState("not run");
  std::thread worker([&] {
    r = scenario::Runner::Create(*scenario_, opts);
    if (r.ok()) (*r)->RunAll();
  });
  worker.join();
  if (!r.ok()) {
    error_ = qs(r.status().ToString());
    recorder_.Clear();
    return false;
  }
  runner_ = std::move(r).value();
  failure_ = qs(runner_->failure());
  indexTrace();
  return true;
}

void StudioSession::indexTrace() {
  buildQueryTimelines();
  late_records_.assign(recorder_.events().size(), false);
  for (const QueryRecord& r : full_query_.records())
    if (r.fate == RecordFate::kDropped || r.fate == RecordFate::kPartlyDropped) late_records_[r.event] = true;
  indexMarks();
}

bool StudioSession::openTrace(const QString& path, const std::vector<trace::Event>& events) {
  if (!load(path)) return false;
  for (const trace::Event& e : events) recorder_.OnEvent(e);
  position_ = recorder_.events().size();
  indexTrace();
  emit scenarioOpened();
  emit positionChanged(position_);
  return true;
}

void StudioSession::indexMarks() {
  using trace::EventKind;
  const auto& ev = recorder_.events();
  const bool structured = isStructured();
  auto& steps = marks_[static_cast<int>(Mark::kStep)];
  steps.push_back(0);
  for (size_t i = 0; i < ev.size(); ++i) {
    const trace::Event& e = ev[i];
    auto mark = [&](Mark m) { marks_[static_cast<int>(m)].push_back(i + 1); };
    switch (e.kind) {
      case EventKind::kStep:
      case EventKind::kNote:
        step_starts_.push_back(i);
        if (step_starts_.size() > 1) steps.push_back(i);  // the end of the previous step
        if (e.kind == EventKind::kNote) mark(Mark::kNote);
        break;
      case EventKind::kRecordArrived: mark(Mark::kRecord); break;
      case EventKind::kBatchFinished:
        mark(Mark::kBatch);
        batch_times_.push_back(e.batch_time);
        if (structured && e.output_rows > 0) mark(Mark::kWindowClose);
        break;
      case EventKind::kWindow: mark(Mark::kWindowClose); break;
      default: break;
    }
    if (isLateRecord(i)) mark(Mark::kLateRecord);
  }
  if (ev.size() > steps.back()) steps.push_back(ev.size());
}

bool StudioSession::isLateRecord(size_t index) const {
  return index < late_records_.size() && late_records_[index];
}

bool StudioSession::isStructured() const { return scenario_ && scenario_->api == scenario::Api::kStructured; }

QString StudioSession::title() const { return qs(scenario_->title_text.In(language_.toStdString())); }
QString StudioSession::summary() const { return qs(scenario_->summary_text.In(language_.toStdString())); }

void StudioSession::buildQueryTimelines() {
  if (!isStructured()) return;
  const auto& ev = recorder_.events();
  QueryTimeline::Options options = QueryTimeline::optionsFor(ev, scenario_->start_time);
  if (arrival_order_) options.by_time = false;
  full_query_ = QueryTimeline::build(ev, options);
  query_ = QueryTimeline::build(events(), options);
}

void StudioSession::setArrivalOrder(bool on) {
  if (on == arrival_order_) return;
  arrival_order_ = on;
  if (!isOpen() || !isStructured()) return;
  buildQueryTimelines();
  emit positionChanged(position_);
}

QString StudioSession::languageCode(const QString& locale) {
  return qs(scenario::LanguageOf(locale.toStdString()));
}

void StudioSession::setLanguage(const QString& language) {
  const QString code = qs(scenario::LanguageOf(language.toStdString()));
  if (code == language_) return;
  language_ = code;
  emit languageChanged();
}
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

int StudioSession::stepLine(int n) const {
  if (!scenario_ || n < 1 || n > stepCount()) return 0;
  return scenario_->steps[static_cast<size_t>(n - 1)].pos.line;
}

QString StudioSession::currentNote() const {
  const auto notes = eventsOf({trace::EventKind::kNote});
  if (notes.empty()) return {};
  const trace::Event& e = event(notes.back());
  if (e.index >= 1 && e.index <= stepCount())
    return qs(scenario_->steps[static_cast<size_t>(e.index - 1)].text.In(language_.toStdString()));
  return qs(e.text);
}

int StudioSession::currentNoteStep() const {
  const auto notes = eventsOf({trace::EventKind::kNote});
  return notes.empty() ? 0 : static_cast<int>(event(notes.back()).index);
}

int StudioSession::batchesSinceNote() const {
  const auto notes = eventsOf({trace::EventKind::kNote});
  if (notes.empty()) return 0;
  const auto batches = eventsOf({trace::EventKind::kBatchFinished});
  return static_cast<int>(batches.end() - std::upper_bound(batches.begin(), batches.end(), notes.back()));
}

QStringList StudioSession::failedCheckTexts() const {
  QStringList out;
  for (uint32_t i : eventsOf({trace::EventKind::kCheck})) {
    const trace::Event& e = event(i);
    if (!e.passed) out << tr("step %1 (%2): %3").arg(e.index).arg(qs(e.op), qs(e.text));
  }
  return out;
}

QString StudioSession::failure() const { return position_ == traceLength() ? failure_ : QString(); }

int StudioSession::passedChecks() const {
  int n = 0;
  for (uint32_t i : eventsOf({trace::EventKind::kCheck})) n += event(i).passed ? 1 : 0;
  return n;
}
int StudioSession::failedChecks() const {
  int n = 0;
  for (uint32_t i : eventsOf({trace::EventKind::kCheck})) n += event(i).passed ? 0 : 1;
  return n;
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

std::vector<StreamNode> StudioSession::streamGraph() const {
  std::vector<StreamNode> out;
  if (!scenario_ || isStructured()) return out;
  auto add_outputs = [this](StreamNode* n) {
    for (const auto& o : scenario_->outputs)
      if (qs(o.stream) == n->name) n->outputs << qs(o.kind);
  };
  for (const auto& in : scenario_->inputs) {
    StreamNode n;
    n.name = qs(in.name);
    n.input = true;
    n.type = qs(in.type);
    add_outputs(&n);
    out.push_back(std::move(n));
  }
  for (const auto& def : scenario_->streams) {
    StreamNode n;
    n.name = qs(def.name);
    if (def.combine.empty()) {
      n.parents << qs(def.from);
    } else {
      n.combine = qs(def.combine);
      for (const auto& p : def.combine_of) n.parents << qs(p);
    }
    for (const auto& op : def.ops) {
      QString text = qs(op.name);
      if (const scenario::YNode* w = op.arg.Get("window")) {
        text += QStringLiteral("(") + qs(w->scalar);
        if (const scenario::YNode* sl = op.arg.Get("slide")) text += QStringLiteral(", ") + qs(sl->scalar);
        text += QStringLiteral(")");
      }
      n.ops << text;
    }
    add_outputs(&n);
    out.push_back(std::move(n));
  }
  return out;
}

QString StudioSession::ownerOf(const std::string& trace_stream) const {
  const size_t dot = trace_stream.find('.');
  return qs(dot == std::string::npos ? trace_stream : trace_stream.substr(0, dot));
}

QString StudioSession::timeLabel(Timestamp t) const {
  if (!scenario_) return {};
  if (!scenario_->root.Get("startTime")) {
    // As Spark prints a batch time ("Time: 3000 ms"): milliseconds since the epoch.
    const int64_t us = t.micros();
    if (us % 1000 == 0) return QStringLiteral("%1 ms").arg(us / 1000);
    return QStringLiteral("%1 ms").arg(static_cast<double>(us) / 1000.0, 0, 'f', 3);
  }
  // The scenario set a wall-clock start: times of day, with the date once the run passes midnight.
  const QDateTime when = QDateTime::fromMSecsSinceEpoch(t.micros() / 1000, QTimeZone::utc());
  const QDateTime start = QDateTime::fromMSecsSinceEpoch(scenario_->start_time.micros() / 1000, QTimeZone::utc());
  QString format = when.date() == start.date() ? QStringLiteral("HH:mm:ss") : QStringLiteral("yyyy-MM-dd HH:mm:ss");
  if (t.micros() % 1'000'000 != 0) format += QStringLiteral(".zzz");
  return when.toString(format);
}

double StudioSession::seconds(Timestamp t) const {
  if (!scenario_) return 0;
  return static_cast<double>((t - scenario_->start_time).micros()) / 1e6;
}

std::span<const trace::Event> StudioSession::events() const {
  return std::span<const trace::Event>(recorder_.events()).first(position_);
}

std::span<const uint32_t> StudioSession::eventsOf(std::initializer_list<trace::EventKind> kinds) const {
  uint32_t mask = 0;
  for (trace::EventKind k : kinds) mask |= 1u << static_cast<unsigned>(k);
  auto it = by_kinds_.find(mask);
  if (it == by_kinds_.end()) {
    std::vector<uint32_t> indices;
    const auto& ev = recorder_.events();
    for (size_t i = 0; i < ev.size(); ++i)
      if (mask & (1u << static_cast<unsigned>(ev[i].kind))) indices.push_back(static_cast<uint32_t>(i));
    it = by_kinds_.emplace(mask, std::move(indices)).first;
  }
  const std::vector<uint32_t>& all = it->second;
  const size_t n = static_cast<size_t>(std::lower_bound(all.begin(), all.end(), position_) - all.begin());
  return std::span<const uint32_t>(all).first(n);
}

int StudioSession::currentStep() const {
  return static_cast<int>(std::lower_bound(step_starts_.begin(), step_starts_.end(), position_) - step_starts_.begin());
}

size_t StudioSession::currentStepBegin() const {
  const int step = currentStep();
  return step == 0 ? 0 : step_starts_[static_cast<size_t>(step - 1)];
}

void StudioSession::goToPosition(size_t position) {
  if (!isOpen()) return;
  position = std::min(position, traceLength());
  if (position == position_) return;
  position_ = position;
  if (isStructured()) query_ = QueryTimeline::build(events(), full_query_.options());
  emit positionChanged(position_);
}

void StudioSession::goToStep(int step) {
  if (!isOpen()) return;
  step = std::clamp(step, 0, stepCount());
  const size_t n = static_cast<size_t>(step);
  goToPosition(n == 0 ? 0 : n < step_starts_.size() ? step_starts_[n] : traceLength());
}

std::optional<size_t> StudioSession::nextPosition(Mark mark) const {
  const auto& m = marks_[static_cast<int>(mark)];
  auto it = std::upper_bound(m.begin(), m.end(), position_);
  if (it == m.end()) return std::nullopt;
  return *it;
}

std::optional<size_t> StudioSession::previousPosition(Mark mark) const {
  const auto& m = marks_[static_cast<int>(mark)];
  auto it = std::lower_bound(m.begin(), m.end(), position_);
  if (it == m.begin()) return std::nullopt;
  return *std::prev(it);
}

bool StudioSession::goToNext(Mark mark) {
  const auto p = nextPosition(mark);
  if (p) goToPosition(*p);
  return p.has_value();
}

bool StudioSession::goToPrevious(Mark mark) {
  const auto p = previousPosition(mark);
  if (p) goToPosition(*p);
  return p.has_value();
}

int StudioSession::currentBatch() const {
  const auto& m = marks_[static_cast<int>(Mark::kBatch)];
  return static_cast<int>(std::upper_bound(m.begin(), m.end(), position_) - m.begin());
}

void StudioSession::goToBatch(int n) {
  n = std::clamp(n, 0, batchCount());
  goToPosition(n == 0 ? 0 : marks_[static_cast<int>(Mark::kBatch)][static_cast<size_t>(n - 1)]);
}

std::vector<ScenarioInfo> StudioSession::describeScenarios(const QString& dir, const QString& language) {
  const std::string lang = language.toStdString();
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
      info.title = qs(sc->title_text.In(lang));
      info.summary = qs(sc->summary_text.In(lang));
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
