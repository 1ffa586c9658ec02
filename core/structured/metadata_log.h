#pragma once
// The metadata logs of a query's checkpoint (Spark's HDFSMetadataLog, OffsetSeqLog and
// CommitLog): offsets/<batch> is written before a batch runs, with the batch's watermark,
// timestamp, relevant settings and the end offset of each source; commits/<batch> after
// the sink took the batch, with the watermark of the next batch. Each file is its text and
// a checksum line, written to a temporary file and renamed. Stateless functions over
// files; one query writes a checkpoint at a time.

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/common/status.h"
#include "core/time/time.h"

namespace tideline::structured {

// One entry of the offset log (OffsetSeq with its OffsetSeqMetadata).
struct OffsetSeq {
  Timestamp batch_watermark;  // written as batchWatermarkMs
  Timestamp batch_timestamp;  // written as batchTimestampMs
  std::map<std::string, std::string> conf;
  std::map<std::string, int64_t> offsets;
};

// OffsetSeqMetadata.relevantSQLConfs that the engine reads, with Spark's defaults: they
// are written into each offset log entry, and a restart takes them from the log, not from
// the new session.
const std::vector<std::pair<std::string, std::string>>& RelevantConfs();

// Writes `text` and its checksum line to `p` atomically. Returns an I/O error on failure.
Status WriteLogFile(const std::filesystem::path& p, const std::string& text);
// The text of a log file. Returns an I/O error when it cannot be read, Corruption when
// its checksum line is missing or does not match.
Result<std::string> ReadLogFile(const std::filesystem::path& p);
// The batch ids of the files in a log folder, ascending (none when it does not exist).
std::vector<int64_t> LogIds(const std::filesystem::path& dir);

// The text of an offset log entry, with the relevant settings taken from `conf`.
std::string OffsetText(const OffsetSeq& e, const std::map<std::string, std::string>& conf);
// Parses an offset log entry; Corruption (naming `file`) when it is damaged.
Result<OffsetSeq> ParseOffsetText(const std::string& text, const std::string& file);
// The text of a commit log entry (nextBatchWatermarkMs, in milliseconds).
std::string CommitText(Timestamp next_batch_watermark);
// Parses a commit log entry: the next batch's watermark, or nullopt when the entry does
// not name one. Corruption (naming `file`) when it is damaged.
Result<std::optional<Timestamp>> ParseCommitText(const std::string& text, const std::string& file);
// Removes the old entries of both logs as Spark's minBatchesToRetain does (here: every
// entry ten or more batches before `batch_id`).
void PurgeLogs(const std::filesystem::path& checkpoint_dir, int64_t batch_id);

}  // namespace tideline::structured
