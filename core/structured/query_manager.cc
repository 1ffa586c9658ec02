// StreamingQueryManager: startQuery's checks, the registry of active queries, and the
// termination bookkeeping of awaitAnyTermination (notifyQueryTermination).
#include "core/structured/query_manager.h"

#include <fmt/format.h>

#include <filesystem>

namespace tideline::structured {

namespace fs = std::filesystem;

namespace {

// The same checkpoint directory however it is spelled (relative, with "..", through a link).
std::string NormalisedDir(const std::string& dir) {
  std::error_code ec;
  fs::path p = fs::weakly_canonical(fs::absolute(dir, ec), ec);
  if (ec) p = fs::absolute(dir, ec).lexically_normal();
  std::string s = p.string();
  while (s.size() > 1 && s.back() == '/') s.pop_back();
  return s;
}

}  // namespace

Result<StreamingQuery*> StreamingQueryManager::Start(const DataFrame& df, QueryOptions opts, Sources* sources,
                                                     Sink* sink, const Clock* clock) {
  NoticeTerminations();
  if (opts.checkpoint_dir.empty())
    return Status::Analysis(
        "checkpointLocation must be specified either through option(\"checkpointLocation\", ...) or "
        "SparkSession.conf.set(\"spark.sql.streaming.checkpointLocation\", ...)");
  // Make sure no other query with the same name is active.
  if (!opts.name.empty()) {
    for (const Entry& e : queries_)
      if (e.query->is_active() && e.query->name() == opts.name)
        return Status::InvalidArgument(fmt::format(
            "Cannot start query with name {} as a query with that name is already active in this SparkSession",
            opts.name));
  }
  // Make sure no other run of the same query is active. The checkpoint holds the query id,
  // so an active query on the same checkpoint is the same query: settled before this run
  // recovers (Spark reads the id from the checkpoint before it starts the run).
  const std::string dir = NormalisedDir(opts.checkpoint_dir);
  auto conf = opts.config.find("spark.sql.streaming.stopActiveRunOnRestart");
  const bool stop_active_run = conf == opts.config.end() || conf->second != "false";
  for (Entry& e : queries_)
    if (e.query->is_active() && e.checkpoint_dir == dir) TL_RETURN_IF_ERROR(ResolveActiveRun(e, stop_active_run));
  if (opts.id_seed.empty()) opts.id_seed = fmt::format("streams:{}", started_);
  ++started_;
  const Trigger trigger = opts.trigger;
  TL_ASSIGN_OR_RETURN(std::unique_ptr<StreamingQuery> q,
                      StreamingQuery::Start(df, std::move(opts), sources, sink, clock));
  // A copied checkpoint holds the id of another checkpoint's query.
  if (Entry* running = FindActive(q->id())) TL_RETURN_IF_ERROR(ResolveActiveRun(*running, stop_active_run));
  Entry e;
  e.query = std::move(q);
  e.checkpoint_dir = dir;
  e.trigger = trigger;
  queries_.push_back(std::move(e));
  return queries_.back().query.get();
}

Status StreamingQueryManager::ResolveActiveRun(Entry& running, bool stop_active_run) {
  if (stop_active_run) {
    // "Stopping existing streaming query [id=..., runId=...], as a new run is being started."
    running.query->Stop();
    NoticeTerminations();
    return Status::Ok();
  }
  return Status::IllegalState(fmt::format(
      "Cannot start query with id {} as another query with same id is already active. Perhaps you are attempting "
      "to restart a query from checkpoint that is already active. You may stop the old query by setting the SQL "
      "configuration: spark.conf.set(\"spark.sql.streaming.stopActiveRunOnRestart\", true) and retry.",
      running.query->id()));
}

StreamingQueryManager::Entry* StreamingQueryManager::FindActive(const std::string& id) {
  for (Entry& e : queries_)
    if (e.query->is_active() && e.query->id() == id) return &e;
  return nullptr;
}

std::vector<StreamingQuery*> StreamingQueryManager::active() const {
  std::vector<StreamingQuery*> out;
  for (const Entry& e : queries_)
    if (e.query->is_active()) out.push_back(e.query.get());
  return out;
}

StreamingQuery* StreamingQueryManager::get(const std::string& id) const {
  for (const Entry& e : queries_)
    if (e.query->is_active() && e.query->id() == id) return e.query.get();
  return nullptr;
}

Status StreamingQueryManager::Observe(Entry& e, Status st) {
  if (!st.ok() && e.query->crashed() && e.crash.ok()) e.crash = st;
  return st;
}

Status StreamingQueryManager::ProcessAllAvailable() {
  Status first;
  for (Entry& e : queries_) {
    if (!e.query->is_active()) continue;
    Status st = Observe(e, e.query->ProcessAllAvailable());
    if (!st.ok() && first.ok()) first = st;
  }
  NoticeTerminations();
  return first;
}

Status StreamingQueryManager::OnClockAdvanced() {
  Status first;
  for (Entry& e : queries_) {
    if (!e.query->is_active()) continue;
    Status st;
    switch (e.trigger.kind) {
      case Trigger::Kind::kProcessingTime: st = Observe(e, e.query->OnClockAdvanced()); break;
      case Trigger::Kind::kDefault: st = Observe(e, e.query->ProcessAllAvailable()); break;
      default: break;
    }
    if (!st.ok() && first.ok()) first = st;
  }
  NoticeTerminations();
  return first;
}

void StreamingQueryManager::NoticeTerminations() {
  for (Entry& e : queries_) {
    if (e.termination_noticed || e.query->is_active()) continue;
    e.termination_noticed = true;
    const Status& exception = e.query->exception().ok() ? e.crash : e.query->exception();
    // notifyQueryTermination: a termination with an exception replaces any earlier one.
    if (!terminated_ || !exception.ok()) {
      terminated_ = true;
      terminated_exception_ = exception;
    }
  }
}

Status StreamingQueryManager::AwaitAnyTermination() {
  NoticeTerminations();
  if (!terminated_)
    return Status::IllegalState(
        "awaitAnyTermination: no query has terminated since the manager was created or since resetTerminated; "
        "on a virtual clock waiting would never end");
  return terminated_exception_;
}

void StreamingQueryManager::ResetTerminated() {
  NoticeTerminations();
  terminated_ = false;
  terminated_exception_ = Status::Ok();
}

}  // namespace tideline::structured
