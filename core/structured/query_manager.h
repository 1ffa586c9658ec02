#pragma once
// StreamingQueryManager: Spark's StreamingQueryManager (`spark.streams`) for programs that
// run several queries, after sql/core/src/main/scala/org/apache/spark/sql/classic/
// StreamingQueryManager.scala. It starts queries with Spark's checks (one active query per
// name, one active run per query id), owns every query it started, lists the active ones,
// drives them together on the virtual clock, and remembers terminations for
// AwaitAnyTermination. Not thread-safe: the thread that drives the queries uses it.
//
// Invariants:
// - A handle returned by Start stays valid as long as the manager, whatever happens to its
//   query; a query that stopped (Stop on the handle, a failed batch, a crash, a once or
//   availableNow trigger that finished) is kept but leaves active() and get().
// - No two active queries share a name or an id.
// - Spark's queries tell the manager when they terminate; ours cannot, so the manager
//   notices a termination the next time it looks: after each call it drives, and at the
//   start of Start, AwaitAnyTermination and ResetTerminated. Terminations noticed at once
//   are taken in start order.

#include <memory>
#include <string>
#include <vector>

#include "core/common/status.h"
#include "core/structured/dataframe.h"
#include "core/structured/query.h"
#include "core/time/clock.h"

namespace tideline::structured {

class StreamingQueryManager {
 public:
  StreamingQueryManager() = default;
  StreamingQueryManager(const StreamingQueryManager&) = delete;
  StreamingQueryManager& operator=(const StreamingQueryManager&) = delete;

  // DataStreamWriter.start through StreamingQueryManager.startQuery: starts a query as
  // StreamingQuery::Start does (analysis, then recovery from the checkpoint) and returns its
  // handle, owned by the manager. Like StreamingQuery::Start it runs no new batch: the caller
  // drives the query, through the handle or through this manager.
  // REQUIRES: `sources`, `sink` and `clock` outlive the manager.
  // Fails, with Spark's message, when:
  // - opts.checkpoint_dir is empty (AnalysisException);
  // - opts.name is not empty and an active query has that name (IllegalArgumentException);
  // - the checkpoint belongs to a query that is active, and opts.config sets
  //   spark.sql.streaming.stopActiveRunOnRestart to false (IllegalStateException). With the
  //   default (true) the active run is stopped, as Spark does, and the new run starts; the
  //   stop counts as a termination without an exception;
  // - StreamingQuery::Start fails (its status, unchanged).
  // An empty opts.id_seed is replaced by one unique to this manager, so that queries on new
  // checkpoints get distinct ids (Spark draws a random UUID); a query restarted on an
  // existing checkpoint keeps the id stored there.
  Result<StreamingQuery*> Start(const DataFrame& df, QueryOptions opts, Sources* sources, Sink* sink,
                                const Clock* clock);

  // StreamingQueryManager.active: the active queries, in start order.
  std::vector<StreamingQuery*> active() const;
  // StreamingQueryManager.get: the active query with this id, or nullptr.
  StreamingQuery* get(const std::string& id) const;

  // StreamingQuery.processAllAvailable on every active query, in start order, whatever its
  // trigger. A query that fails stops (its exception is kept) and the others still run;
  // returns the first failure, or OK.
  Status ProcessAllAvailable();
  // The clock moved: every active query runs what its trigger runs by now, in start order.
  // A processing-time query runs its due batch (StreamingQuery::OnClockAdvanced); a query
  // with the default trigger runs every batch available (StreamingQuery::ProcessAllAvailable);
  // once and availableNow queries wait for StreamingQuery::AwaitTermination. Failures as in
  // ProcessAllAvailable.
  Status OnClockAdvanced();

  // StreamingQueryManager.awaitAnyTermination on a virtual clock, where waiting for a query
  // to end by itself would wait forever. Since the manager was made or since the last
  // ResetTerminated:
  // - a query terminated with an exception: returns it (if several did, the last noticed);
  // - only queries without an exception terminated (stopped, finished): returns OK;
  // - no query terminated: returns IllegalState, instead of blocking.
  Status AwaitAnyTermination();
  // StreamingQueryManager.resetTerminated: forgets the terminations so far.
  void ResetTerminated();

 private:
  struct Entry {
    std::unique_ptr<StreamingQuery> query;
    std::string checkpoint_dir;  // absolute and normalised, to compare checkpoints
    Trigger trigger;
    bool termination_noticed = false;
    Status crash;  // what a driving call returned when the query crashed (a crash sets no exception())
  };

  // What StreamingQuery::X returned for `e`: kept when the query crashed, so that its
  // termination carries it.
  Status Observe(Entry& e, Status st);
  // Notices every query that stopped since the last look (Spark's notifyQueryTermination).
  void NoticeTerminations();
  // The query `running` is an active run of the query being started (same checkpoint or same
  // id): stops it, or refuses the start (spark.sql.streaming.stopActiveRunOnRestart).
  Status ResolveActiveRun(Entry& running, bool stop_active_run);
  Entry* FindActive(const std::string& id);

  // Every query started, in start order.
  std::vector<Entry> queries_;
  int64_t started_ = 0;  // Start calls, for default id seeds
  // Spark's lastTerminatedQueryException.
  bool terminated_ = false;
  Status terminated_exception_;
};

}  // namespace tideline::structured
