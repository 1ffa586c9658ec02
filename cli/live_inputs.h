#pragma once
// The inputs of a live run (`tideline run --live`): the scenario's sockets and watched
// directories, read for real, and in a durable live run (`--checkpoint DIR`, spec section
// 12) what a restart reads again, as Spark's sources decide it (docs/durable.md):
// - A DStream textFile input (FileInputDStream) notes each file it reads, with the time its
//   lines arrived, in DIR/live/input-K.files (K: the input's position among the scenario's
//   inputs), as FileInputDStream's checkpoint data keeps batchTimeToSelectedFiles; files
//   there at the first start are noted as ignored (newFilesOnly). A restart counts as read
//   the files that arrived before the recovered checkpoint's time and reads the others, as
//   the regenerated batches list the directory, each at its modification time.
// - A structured file input (FileStreamSource) logs each file in its seen-files log,
//   DIR/checkpoint/sources/K/N, before the query sees it. A restart gives again the files
//   within the offsets of the last logged batch, then those logged after them, and reads
//   only the files that no entry names.
// - A structured socket input whose checkpoint logged offsets fails at its first new line
//   with TextSocketMicroBatchStream.commit's error; a DStream socket input reads from the
//   present (what its receiver held is lost without the write-ahead log).
// Functions over the caller's inputs; not thread-safe.

#include <memory>
#include <string>
#include <vector>

#include "core/common/status.h"
#include "core/io/live_source.h"
#include "core/scenario/model.h"
#include "core/scenario/pipeline_feed.h"

namespace tideline::cli {

struct LiveInput {
  std::string name;
  int index = 0;           // position among the scenario's inputs
  bool directory = false;  // a watched directory; else a socket
  bool structured = false;
  std::unique_ptr<io::LiveSource> src;
  // Durable runs: the file log (DStream) or the seen-files log's folder (structured).
  std::string log;
  int64_t next_log_id = 0;  // structured: the next entry of the seen-files log
  // A structured socket restarted on offsets of an earlier connection: Spark's error, given
  // at its first new line.
  std::string failure;
};

// Opens the scenario's socket and directory inputs. Returns an error (FILE:LINE:COL:
// error: ...) for one that cannot be opened or read, or when there is none.
Result<std::vector<LiveInput>> OpenLiveInputs(const scenario::Scenario& sc);

// A durable live run, after PipelineFeed::Start on DIR: gives the feed again what the
// checkpoint's batches need, counts as read what the checkpoint holds, and gives what a
// restart reads at once (a DStream file stream's files of the down time). `now`: the
// system clock.
Status ResumeLiveInputs(scenario::PipelineFeed& f, std::vector<LiveInput>* inputs, const std::string& dir,
                        Timestamp now);

// Reads what the inputs have (a socket waits at most `timeout_ms`) and gives it to the feed
// at `now`, a file's lines together; in a durable run a file is noted in its log first.
// Sets *any_open to whether a socket is still open (a directory never closes).
Status PollLiveInputs(scenario::PipelineFeed& f, std::vector<LiveInput>* inputs, Timestamp now, int timeout_ms,
                      bool* any_open);

}  // namespace tideline::cli
