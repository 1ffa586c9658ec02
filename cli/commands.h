#pragma once
// The subcommands of the `tideline` command line (spec section 9). Each returns
// the process exit status and writes to the given streams.

#include <iosfwd>
#include <string>
#include <vector>

namespace tideline::cli {

struct RunArgs {
  std::string file;
  bool json = false;
  bool no_wall = false;
  bool live = false;
  bool trace = false;
  bool bless = false;  // fill in the expected values of the row checks from the run
  std::string out_dir;
  std::string checkpoint;  // --checkpoint DIR: a durable run (spec section 12; core/replay/durable_dir.h)
  // --kill-at BATCH:POINT,...: the process kills itself with SIGKILL at the first of these
  // crash points it passes, after noting it in DIR/tideline-killed (tideline verify --kill).
  std::string kill_at;
  std::string lang;  // language of lesson texts (spec section 10); empty: from LANG
  std::vector<std::string> allow_paths;  // --allow-path: more folders inputs may be read from
};
int Run(const RunArgs& a, std::ostream& out, std::ostream& err);

struct CheckArgs {
  std::vector<std::string> paths;
  bool verbose = false;
  std::vector<std::string> allow_paths;  // --allow-path
};
int Check(const CheckArgs& a, std::ostream& out, std::ostream& err);

struct RecordArgs {
  std::string source;   // "socket", "directory", "stdin" or "file"
  std::string file;     // source "file": a text file whose lines carry their own time
  int time_column = 1;  // source "file": the 1-based CSV column holding the event time
  std::string host = "127.0.0.1";
  int port = 9999;
  std::string directory;
  std::string input = "lines";
  std::string output;
  double seconds = 0;   // stop after this long (0: until end of input)
  int64_t max_records = 0;
};
int Record(const RecordArgs& a, std::ostream& out, std::ostream& err);

struct ReplayArgs {
  std::string recording;
  std::string scenario;
  double speed = 0;     // 0: as fast as possible; 1: real time; 2: twice as fast
  bool json = false;
  bool trace = false;   // with json: every trace event too
  std::string checkpoint;  // --checkpoint DIR: a durable replay (spec section 12)
  bool quiet = false;
  std::string keyframes;   // --keyframes KDIR: keep keyframes, or jump with --batch (core/replay/keyframes.h)
  int keyframe_every = 0;  // --every K: a keyframe every K batches (0: 64)
  int64_t batch = -1;      // --batch N: show batch N from the nearest keyframe
};
int Replay(const ReplayArgs& a, std::ostream& out, std::ostream& err);

}  // namespace tideline::cli
