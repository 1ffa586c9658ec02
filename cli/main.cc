// tideline: run, check, record, replay, verify, diff and explain-row scenarios (spec section 9).
#include <CLI/CLI.hpp>

#include <iostream>

#include "cli/commands.h"
#include "cli/diff.h"
#include "cli/explain.h"
#include "cli/verify.h"

int main(int argc, char** argv) {
  using namespace tideline::cli;
  CLI::App app{"Tideline: deterministic simulation of Spark Streaming and Structured Streaming"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "tideline 0.1.0");

  RunArgs run;
  auto* run_cmd = app.add_subcommand("run", "Run a scenario's steps and print what Spark would print");
  run_cmd->add_option("FILE", run.file, "scenario file (.yaml)")->required();
  run_cmd->add_flag("--json", run.json, "print one JSON object per batch and per check");
  run_cmd->add_flag("--no-wall", run.no_wall, "leave out real-clock measurements (byte-identical output)");
  run_cmd->add_flag("--live", run.live, "read the scenario's socket or directory inputs for real, on the system clock");
  run_cmd->add_flag("--trace", run.trace, "with --json, also print every trace event");
  run_cmd->add_option("--lang", run.lang, "language of the lesson texts, e.g. en or ko (default: from LANG)");
  run_cmd->add_flag("--bless", run.bless, "fill in the expected rows of failed checks from this run, changing nothing else");
  run_cmd->add_option("--out", run.out_dir, "directory for outputs and checkpoints (default: a temporary one)");
  run_cmd->add_option("--checkpoint", run.checkpoint,
                      "durable run: checkpoints and outputs in DIR, which outlive the process; a later run on DIR resumes");
  run_cmd->add_option("--kill-at", run.kill_at,
                      "with --checkpoint: die by SIGKILL at the first crash point passed of BATCH:POINT,... (as verify --kill does)");
  run_cmd->add_option("--allow-path", run.allow_paths,
                      "a folder inputs (recordings) may also be read from, besides the scenario's folder and the run's "
                      "directory (repeatable)");

  CheckArgs check;
  auto* check_cmd = app.add_subcommand("check", "Run scenarios as tests: PASS or FAIL per file, then a summary line");
  check_cmd->add_option("PATHS", check.paths, "scenario files or directories (searched recursively for *.yaml)")->required();
  check_cmd->add_flag("-v,--verbose", check.verbose, "print every check of every scenario");
  check_cmd->add_option("--allow-path", check.allow_paths,
                        "a folder inputs (recordings) may also be read from, besides each scenario's folder (repeatable)");

  RecordArgs rec;
  auto* rec_cmd = app.add_subcommand("record", "Record a live socket, a directory or standard input into a recording");
  rec_cmd->add_option("SOURCE", rec.source, "socket, directory, stdin, or file (a CSV file replayed by its time column)")
      ->required()->check(CLI::IsMember({"socket", "directory", "stdin", "file"}));
  rec_cmd->add_option("--file", rec.file, "source file: the CSV file to record");
  rec_cmd->add_option("--time-column", rec.time_column, "source file: 1-based column with the time (YYYY-MM-DD HH:MM:SS)")
      ->check(CLI::PositiveNumber);
  rec_cmd->add_option("-o,--output", rec.output, "recording file to write (.jsonl)")->required();
  rec_cmd->add_option("--host", rec.host, "socket host");
  rec_cmd->add_option("--port", rec.port, "socket port");
  rec_cmd->add_option("--dir", rec.directory, "directory to watch for new files");
  rec_cmd->add_option("--input", rec.input, "the input name written in the recording");
  rec_cmd->add_option("--seconds", rec.seconds, "stop after this many seconds");
  rec_cmd->add_option("--max-records", rec.max_records, "stop after this many records");

  ReplayArgs rep;
  auto* rep_cmd = app.add_subcommand("replay", "Run a scenario's pipeline over a recording");
  rep_cmd->add_option("RECORDING", rep.recording, "recording file (.jsonl)")->required();
  rep_cmd->add_option("SCENARIO", rep.scenario, "scenario whose pipeline to run")->required();
  rep_cmd->add_option("--speed", rep.speed, "0 = as fast as possible (default), 1 = real time, 2 = twice as fast");
  rep_cmd->add_flag("--json", rep.json, "print one JSON object per batch, then a summary");
  rep_cmd->add_flag("--trace", rep.trace, "with --json, also print every trace event");
  rep_cmd->add_option("--checkpoint", rep.checkpoint,
                      "durable replay: checkpoints and outputs in DIR; a later replay on DIR goes on after its last batch");
  rep_cmd->add_flag("-q,--quiet", rep.quiet, "no progress line");
  rep_cmd->add_option("--keyframes", rep.keyframes,
                      "keep keyframes in KDIR (a durable replay in KDIR/run); with --batch, show that batch from them");
  rep_cmd->add_option("--every", rep.keyframe_every, "with --keyframes: a keyframe every K batches (default 64)");
  rep_cmd->add_option("--batch", rep.batch, "with --keyframes: print the trace of batch N (0-based) only");

  VerifyArgs ver;
  auto* ver_cmd = app.add_subcommand("verify", "Crash a scenario at every batch and crash point and compare its outputs");
  ver_cmd->add_option("FILE", ver.file, "scenario file (.yaml)")->required();
  ver_cmd->add_flag("--json", ver.json, "print one JSON object per output, then the verdict");
  ver_cmd->add_flag("--kill", ver.kill, "run the schedules as real processes killed with SIGKILL");
  ver_cmd->add_flag("--matrix", ver.matrix, "first print each single-crash schedule with each output's own verdict");
  ver_cmd->add_option("--random", ver.random, "also run N seeded schedules of two to four crashes")->check(CLI::NonNegativeNumber);
  ver_cmd->add_option("--seed", ver.seed, "the seed of --random (default 1)");

  DiffArgs diff;
  auto* diff_cmd = app.add_subcommand("diff", "Run two scenarios, or one pipeline over two recordings, and find where they diverge");
  diff_cmd->add_option("FILES", diff.files, "A.yaml B.yaml, or the scenario alone with --replay")->required();
  diff_cmd->add_option("--replay", diff.replay, "two recordings (.jsonl) to run the scenario's pipeline over")->expected(2);
  diff_cmd->add_flag("--json", diff.json, "print one JSON object per output, then a summary object");

  ExplainArgs expl;
  auto* expl_cmd = app.add_subcommand("explain-row", "Show the input records that made one output row (why this row?)");
  expl_cmd->add_option("FILE", expl.file, "scenario file (.yaml)")->required();
  expl_cmd->add_option("--batch", expl.batch, "the batch: a structured batch id, or a DStream batch number (0-based)");
  expl_cmd->add_option("--time", expl.time, "DStreams: the batch time after the start (e.g. 4s), instead of --batch");
  expl_cmd->add_option("--row", expl.row, "the row, 1-based, in the order the output got them (default 1)");
  expl_cmd->add_option("--output", expl.output, "DStreams: the output's stream (default: the first output's)");
  expl_cmd->add_flag("--json", expl.json, "print one JSON object");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  if (*run_cmd) return Run(run, std::cout, std::cerr);
  if (*check_cmd) return Check(check, std::cout, std::cerr);
  if (*rec_cmd) return Record(rec, std::cout, std::cerr);
  if (*rep_cmd) return Replay(rep, std::cout, std::cerr);
  if (*ver_cmd) return VerifyCommand(ver, std::cout, std::cerr);
  if (*diff_cmd) return DiffCommand(diff, std::cout, std::cerr);
  if (*expl_cmd) return ExplainCommand(expl, std::cout, std::cerr);
  return 2;
}
